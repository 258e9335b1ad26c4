<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A held order to decide: its price, who ordered it, why it is held. -->
  <xsl:template match="page" mode="title.order-decision">
    <xsl:value-of select="sc:t('approval.title')"/><xsl:text> </xsl:text><xsl:value-of select="order/@id"/>
  </xsl:template>

  <xsl:template match="page" mode="content.order-decision">
    <xsl:variable name="o" select="order"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/orders/{$o/@id}"><xsl:value-of select="sc:t('approval.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('approval.title')"/><xsl:text> </xsl:text><xsl:value-of select="$o/@id"/></h1>
    <xsl:if test="form/error[@field = 'state']">
      <xsl:call-template name="notice">
        <xsl:with-param name="kind" select="'error'"/>
        <xsl:with-param name="id" select="'decision-errors'"/>
        <xsl:with-param name="text" select="sc:t('approval.refused')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form[@name = 'reject']"/></xsl:call-template>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('order.col.state')"/></dt><dd><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="$o/@state"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('order.col.created')"/></dt><dd><time datetime="{$o/created}"><xsl:value-of select="sc:datetime($o/created)"/></time></dd>
      <xsl:if test="$o/ordered-by">
        <dt><xsl:value-of select="sc:t('order.ordered-by')"/></dt><dd><xsl:value-of select="$o/ordered-by"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('approval.total')"/></dt><dd><xsl:value-of select="sc:money($o/total, $o/total/@currency)"/></dd>
      <xsl:if test="$o/why">
        <dt><xsl:value-of select="sc:t('approval.why')"/></dt><dd><xsl:value-of select="$o/why"/></dd>
      </xsl:if>
    </dl>
    <xsl:apply-templates select="approval"/>
  </xsl:template>

</xsl:stylesheet>
