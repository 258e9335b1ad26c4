<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Company overview: the company at a glance and the latest support cases. -->
  <xsl:template match="page" mode="title.overview">
    <xsl:value-of select="context/company/name"/>
  </xsl:template>

  <xsl:template match="page" mode="content.overview">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id)"/>
    <h1><xsl:value-of select="context/company/name"/></h1>
    <p class="meta"><xsl:value-of select="sc:t('company.orgnr')"/><xsl:text> </xsl:text><xsl:value-of select="context/company/orgnr"/></p>
    <!-- Each figure is there for the members with its area. -->
    <dl class="glance">
      <xsl:if test="overview/locations">
        <dt><a href="{$base}/locations"><xsl:value-of select="sc:t('overview.locations')"/></a></dt>
        <dd><xsl:value-of select="overview/locations"/></dd>
        <dt><xsl:value-of select="sc:t('overview.subscriptions')"/></dt>
        <dd><xsl:value-of select="overview/subscriptions"/></dd>
      </xsl:if>
      <xsl:if test="overview/open-cases">
        <dt><xsl:value-of select="sc:t('overview.open-cases')"/></dt>
        <dd><xsl:value-of select="overview/open-cases"/></dd>
      </xsl:if>
      <xsl:if test="overview/users">
        <dt><xsl:value-of select="sc:t('overview.users')"/></dt>
        <dd><xsl:value-of select="overview/users"/></dd>
      </xsl:if>
      <xsl:if test="overview/unpaid-invoices">
        <dt><a href="{$base}/invoices"><xsl:value-of select="sc:t('overview.unpaid-invoices')"/></a></dt>
        <dd>
          <xsl:value-of select="overview/unpaid-invoices"/>
          <xsl:if test="overview/unpaid-invoices/@overdue &gt; 0">
            <span class="badge badge-overdue"><xsl:value-of select="overview/unpaid-invoices/@overdue"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('overview.overdue')"/></span>
          </xsl:if>
        </dd>
      </xsl:if>
    </dl>
    <xsl:if test="cases">
      <h2 id="cases-title"><xsl:value-of select="sc:t('overview.my-cases')"/></h2>
      <p><a class="button" href="{$base}/cases/new"><xsl:value-of select="sc:t('case.create')"/></a></p>
      <xsl:choose>
        <xsl:when test="cases/case">
          <xsl:call-template name="case-table">
            <xsl:with-param name="cases" select="cases/case"/>
            <xsl:with-param name="title-id" select="'cases-title'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('cases.empty')"/></p></xsl:otherwise>
      </xsl:choose>
      <p><a href="{$base}/cases"><xsl:value-of select="sc:t('overview.view-more')"/></a></p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
