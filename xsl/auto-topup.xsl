<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Auto top-up of a subscription: the package bought at 100 % of the
       quota (none: off) and how many times a period at most. -->
  <xsl:template match="page" mode="title.auto-topup">
    <xsl:value-of select="sc:t('autotopup.title')"/> – <xsl:value-of select="auto-topup/subscription/ref"/>
  </xsl:template>

  <xsl:template match="page" mode="content.auto-topup">
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="a" select="auto-topup"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $a/subscription/@id)"/>
    <p class="back"><a class="back-link" href="{$base}/usage"><xsl:value-of select="sc:t('topup.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('autotopup.title')"/> – <xsl:value-of select="$a/subscription/ref"/></h1>
    <p><xsl:value-of select="sc:t('autotopup.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}/auto-topup" class="form">
      <xsl:call-template name="hidden-fields"/>
      <div class="field">
        <xsl:if test="$f/error[@field = 'product']"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <label for="auto-topup-product"><xsl:value-of select="sc:t('autotopup.package')"/></label>
        <select id="auto-topup-product" name="product">
          <option value=""><xsl:value-of select="sc:t('autotopup.off')"/></option>
          <xsl:for-each select="$a/topups/package[@orderable = 'yes']">
            <option value="{@id}">
              <xsl:if test="$f/value[@name = 'product'] = @id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="name"/><xsl:text> – </xsl:text><xsl:value-of select="sc:money(price, price/@currency)"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'max'"/>
        <xsl:with-param name="label" select="sc:t('autotopup.max')"/>
        <xsl:with-param name="max" select="2"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="sc:t('autotopup.hint')"/></p>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'cap'"/>
        <xsl:with-param name="label" select="sc:t('spend.cap')"/>
        <xsl:with-param name="max" select="24"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="sc:t('spend.cap.hint')"/></p>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('autotopup.save')"/></button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
