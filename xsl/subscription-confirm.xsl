<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- "are you sure?" before a plan change or a termination. -->
  <xsl:template match="page" mode="title.subscription-confirm">
    <xsl:value-of select="sc:t('confirm.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.subscription-confirm">
    <xsl:variable name="s" select="subscription"/>
    <xsl:variable name="back" select="concat('/companies/', context/company/@id, '/subscriptions/', $s/@id)"/>
    <h1><xsl:value-of select="sc:t('confirm.title')"/></h1>
    <p class="lead">
      <xsl:value-of select="$s/user/name"/><xsl:text>, </xsl:text><xsl:value-of select="$s/product"/> (<xsl:value-of select="$s/ref"/>)
    </p>
    <form method="post" action="{context/path}" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:choose>
        <xsl:when test="confirm/@action = 'plan'">
          <p><xsl:value-of select="sc:t('confirm.plan')"/><xsl:text> </xsl:text><strong><xsl:value-of select="confirm/plan/product"/></strong>
            <xsl:text> – </xsl:text><xsl:value-of select="sc:money(confirm/plan/price, confirm/plan/price/@currency)"/></p>
          <xsl:if test="confirm/plan/note"><p class="plan-note"><xsl:value-of select="confirm/plan/note"/></p></xsl:if>
          <input type="hidden" name="product" value="{confirm/plan/@id}"/>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="sc:t('confirm.terminate')"/><xsl:text> </xsl:text><strong><xsl:value-of select="sc:date(confirm/date)"/></strong></p>
          <input type="hidden" name="date" value="{confirm/date}"/>
          <xsl:apply-templates select="confirm/end-reason" mode="confirm"/>
        </xsl:otherwise>
      </xsl:choose>
      <p>
        <button type="submit" class="button"><xsl:value-of select="sc:t('confirm.yes')"/></button>
        <xsl:text> </xsl:text>
        <a href="{$back}"><xsl:value-of select="sc:t('confirm.cancel')"/></a>
      </p>
    </form>
  </xsl:template>

</xsl:stylesheet>
