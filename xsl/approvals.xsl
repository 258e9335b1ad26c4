<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The company's approval rules: a limit on an order's price, members'
       orders; set by a full administrator. -->
  <xsl:template match="page" mode="title.approvals">
    <xsl:value-of select="sc:t('approvals.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.approvals">
    <xsl:variable name="f" select="form"/>
    <h1><xsl:value-of select="sc:t('approvals.title')"/></h1>
    <p><xsl:value-of select="sc:t('approvals.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/companies/{context/company/@id}/approvals" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'limit'"/>
        <xsl:with-param name="label" select="concat(sc:t('approvals.limit'), ' (', rules/@currency, ')')"/>
        <xsl:with-param name="max" select="20"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="sc:t('approvals.limit.hint')"/></p>
      <div class="field">
        <label>
          <input type="checkbox" name="members" value="yes">
            <xsl:if test="$f/value[@name = 'members'] = 'yes'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="sc:t('approvals.members')"/>
        </label>
      </div>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('approvals.save')"/></button></p>
    </form>
  </xsl:template>

  <!-- On a held order's page and its decision page, to full administrators:
       approve, or reject with a comment. -->
  <xsl:template match="approval[@decide = 'yes']">
    <xsl:variable name="base" select="concat('/companies/', /page/context/company/@id, '/orders/', /page/order/@id)"/>
    <xsl:variable name="f" select="/page/form[@name = 'reject']"/>
    <section class="approval" aria-labelledby="approval-title">
      <h2 id="approval-title"><xsl:value-of select="sc:t('approval.title')"/></h2>
      <form method="post" action="{$base}/approve" class="form">
        <xsl:call-template name="hidden-fields"/>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('approval.approve')"/></button></p>
      </form>
      <form method="post" action="{$base}/reject" class="form">
        <xsl:call-template name="hidden-fields"/>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'comment'"/>
          <xsl:with-param name="label" select="sc:t('approval.comment')"/>
          <xsl:with-param name="type" select="'textarea'"/>
          <xsl:with-param name="max" select="400"/>
        </xsl:call-template>
        <p><button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('approval.reject')"/></button></p>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
