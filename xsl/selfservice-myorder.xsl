<?xml version="1.0" encoding="UTF-8"?>
<!-- An employee's order as they follow it, <page name="selfservice-myorder">:
  GET /companies/N/me/orders/O. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.selfservice-myorder">
    <xsl:value-of select="sc:t('selfservice.myorder.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.selfservice-myorder">
    <xsl:variable name="o" select="orders/order"/>
    <p class="breadcrumb"><a href="/companies/{context/company/@id}/me"><xsl:value-of select="sc:t('employee.title')"/></a></p>
    <h1><xsl:value-of select="sc:t('selfservice.myorder.title')"/><xsl:text> #</xsl:text><xsl:value-of select="$o/@id"/></h1>
    <dl class="glance">
      <dt><xsl:value-of select="sc:t('selfservice.confirm.product')"/></dt>
      <dd><xsl:value-of select="$o/product"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.number')"/></dt>
      <dd><xsl:value-of select="$o/ref"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.myorder.state')"/></dt>
      <dd class="ss-state"><xsl:apply-templates select="$o/@state" mode="ss-state"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.myorder.created')"/></dt>
      <dd><xsl:value-of select="sc:datetime($o/created)"/></dd>
    </dl>
    <p class="ss-cost"><xsl:apply-templates select="$o/cost" mode="ss-cost"/></p>
    <h2><xsl:value-of select="sc:t('selfservice.myorder.timeline')"/></h2>
    <ol class="timeline">
      <xsl:for-each select="$o/timeline/event">
        <li><xsl:value-of select="sc:datetime(at)"/><xsl:text> · </xsl:text><xsl:apply-templates select="@to" mode="ss-state"/>
          <xsl:if test="note"><xsl:text> · </xsl:text><xsl:value-of select="note"/></xsl:if></li>
      </xsl:for-each>
    </ol>
  </xsl:template>

</xsl:stylesheet>
