<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- All requests of the company: change requests and support cases. -->
  <xsl:template match="page" mode="title.cases">
    <xsl:value-of select="sc:t('cases.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.cases">
    <h1 id="cases-title"><xsl:value-of select="sc:t('cases.title')"/></h1>
    <p><a class="button" href="/companies/{context/company/@id}/cases/new"><xsl:value-of select="sc:t('case.create')"/></a></p>
    <xsl:choose>
      <xsl:when test="cases/case">
        <xsl:call-template name="case-table">
          <xsl:with-param name="cases" select="cases/case"/>
          <xsl:with-param name="title-id" select="'cases-title'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('cases.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
