<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's start page: the work waiting, linked to its queues. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-home">
    <xsl:value-of select="sc:t('admin.home.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-home">
    <h1><xsl:value-of select="sc:t('admin.home.title')"/></h1>
    <dl class="cards">
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.work.new-cases')"/><xsl:with-param name="n" select="work/new-cases"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.work.open-cases')"/><xsl:with-param name="n" select="work/open-cases"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.work.waiting-cases')"/><xsl:with-param name="n" select="work/waiting-cases"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.work.overdue-invoices')"/><xsl:with-param name="n" select="work/overdue-invoices"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.work.companies')"/><xsl:with-param name="n" select="work/companies"/></xsl:call-template>
    </dl>
  </xsl:template>

  <xsl:template name="admin-card">
    <xsl:param name="label"/>
    <xsl:param name="n"/>
    <div class="card">
      <dt><xsl:value-of select="$label"/></dt>
      <dd><xsl:value-of select="$n"/></dd>
    </div>
  </xsl:template>

</xsl:stylesheet>
