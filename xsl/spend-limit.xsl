<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A subscription's spending limit on top-ups (excluding VAT), what the
       period's top-ups cost so far, and the data bar set at the limit with
       the button that lifts it. -->
  <xsl:template match="page" mode="title.spend-limit">
    <xsl:value-of select="sc:t('spend.title')"/> – <xsl:value-of select="spend-limit/subscription/ref"/>
  </xsl:template>

  <xsl:template match="page" mode="content.spend-limit">
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="l" select="spend-limit"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $l/subscription/@id)"/>
    <p class="back"><a class="back-link" href="{$base}/usage"><xsl:value-of select="sc:t('topup.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('spend.title')"/> – <xsl:value-of select="$l/subscription/ref"/></h1>
    <p><xsl:value-of select="sc:t('spend.intro')"/></p>
    <dl class="details spend-limit">
      <dt><xsl:value-of select="sc:t('spend.limit')"/></dt>
      <dd class="spend-limit-amount">
        <xsl:choose>
          <xsl:when test="$l/@limit"><xsl:value-of select="sc:money($l/@limit, $l/@currency)"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('spend.excl-vat')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('spend.none')"/></xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt><xsl:value-of select="sc:t('spend.spent')"/><xsl:text> </xsl:text><xsl:value-of select="$l/@period"/></dt>
      <dd class="spend-limit-spent"><xsl:value-of select="sc:money($l/@spent, $l/@currency)"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('spend.excl-vat')"/></dd>
    </dl>
    <xsl:choose>
      <xsl:when test="$l/@bar = 'barred'">
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="id" select="'spend-barred'"/>
          <xsl:with-param name="text" select="sc:t('spend.barred')"/>
        </xsl:call-template>
        <form method="post" action="{$base}/spend-limit" class="form">
          <xsl:call-template name="hidden-fields"/>
          <input type="hidden" name="lift" value="yes"/>
          <p class="actions"><button type="submit" class="button"><xsl:value-of select="sc:t('spend.lift')"/></button></p>
        </form>
      </xsl:when>
      <xsl:when test="$l/@bar = 'lifted'"><p class="spend-lifted"><xsl:value-of select="sc:t('spend.lifted')"/></p></xsl:when>
    </xsl:choose>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}/spend-limit" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'amount'"/>
        <xsl:with-param name="label" select="sc:t('spend.amount')"/>
        <xsl:with-param name="max" select="24"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="sc:t('spend.hint')"/></p>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('spend.save')"/></button></p>
    </form>
  </xsl:template>

  <!-- On the usage pages, for a full administrator. -->
  <xsl:template name="limit-link">
    <xsl:param name="sub"/>
    <p class="topup-limit"><a href="/companies/{/page/context/company/@id}/subscriptions/{$sub/@id}/spend-limit"><xsl:value-of select="sc:t('spend.title')"/></a></p>
  </xsl:template>

  <!-- The confirmation of a top-up the limit does not allow. -->
  <xsl:template name="limit-refused">
    <xsl:call-template name="notice">
      <xsl:with-param name="kind" select="'error'"/>
      <xsl:with-param name="id" select="'topup-over-limit'"/>
      <xsl:with-param name="text" select="sc:t('spend.refused')"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
