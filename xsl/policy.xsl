<?xml version="1.0" encoding="UTF-8"?>
<!-- The company's self-service policy, <page name="policy">:
  GET /companies/N/policy, POST /companies/N/policy/P (one form per product). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.policy">
    <xsl:value-of select="sc:t('policy.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.policy">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/policy')"/>
    <xsl:variable name="editing" select="editing/@product"/>
    <h1><xsl:value-of select="sc:t('policy.title')"/></h1>
    <p><xsl:value-of select="sc:t('policy.intro')"/></p>
    <xsl:for-each select="products/product">
      <xsl:variable name="r" select="rule"/>
      <xsl:variable name="mine" select="@id = $editing"/>
      <xsl:variable name="f" select="/page/form[$mine]"/>
      <section class="policy" id="product-{@id}">
        <h2><xsl:value-of select="name"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
          <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></h2>
        <xsl:if test="$mine"><xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template></xsl:if>
        <form method="post" action="{$base}/{@id}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <div class="field"><label><input type="checkbox" name="allowed" value="yes">
            <xsl:if test="($mine and $f/value[@name = 'allowed'] = 'yes') or (not($mine) and $r/@allowed = 'yes')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('policy.allowed')"/></label></div>
          <div class="field"><label><input type="checkbox" name="approval" value="yes">
            <xsl:if test="($mine and $f/value[@name = 'approval'] = 'yes') or (not($mine) and $r/@approval = 'yes')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('policy.approval')"/></label></div>
          <xsl:variable name="payer">
            <xsl:choose>
              <xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'payer']"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$r/@payer"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <div class="field">
            <label for="payer-{@id}"><xsl:value-of select="sc:t('policy.payer')"/></label>
            <select name="payer" id="payer-{@id}">
              <option value="company"><xsl:if test="$payer = 'company'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.company')"/></option>
              <option value="employee"><xsl:if test="$payer = 'employee'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.employee')"/></option>
              <option value="split"><xsl:if test="$payer = 'split'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.split')"/></option>
            </select>
          </div>
          <div class="field">
            <label for="amount-{@id}"><xsl:value-of select="sc:t('policy.amount')"/><xsl:text> (</xsl:text><xsl:value-of select="monthly/@currency"/>)</label>
            <input type="text" name="amount" id="amount-{@id}" maxlength="20">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'amount']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/company-amount"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <div class="field">
            <label for="text-{@id}"><xsl:value-of select="sc:t('policy.text')"/></label>
            <input type="text" name="text" id="text-{@id}" maxlength="500">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'text']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/text"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <div class="field">
            <label for="url-{@id}"><xsl:value-of select="sc:t('policy.url')"/></label>
            <input type="url" name="url" id="url-{@id}" maxlength="500">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'url']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/url"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('policy.save')"/></button></p>
        </form>
      </section>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
