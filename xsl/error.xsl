<?xml version="1.0" encoding="UTF-8"?>
<!--
  Fixed error pages: a title and an explanation per status, and a way back
  to the start. Nothing from the request is echoed; the document carries
  only the status.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.error">
    <xsl:apply-templates select="error" mode="title"/>
  </xsl:template>

  <xsl:template match="page" mode="content.error">
    <div class="error-box">
      <h1><xsl:apply-templates select="error" mode="title"/></h1>
      <p><xsl:apply-templates select="error" mode="text"/></p>
      <p class="meta">
        <xsl:value-of select="sc:t('error.code')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="error/@status"/>
      </p>
      <!-- Staff are led back to the back office's home. -->
      <p>
        <a class="button" href="/">
          <xsl:if test="context/staff"><xsl:attribute name="href">/admin</xsl:attribute></xsl:if>
          <xsl:value-of select="sc:t('error.home')"/>
        </a>
      </p>
    </div>
  </xsl:template>

  <!-- One pair per status, literal keys so tests/tools/check-i18n.sh sees
       them; any other status reads as 500. -->
  <xsl:template match="error" mode="title"><xsl:value-of select="sc:t('error.500.title')"/></xsl:template>
  <xsl:template match="error" mode="text"><xsl:value-of select="sc:t('error.500.text')"/></xsl:template>

  <xsl:template match="error[@status = '400']" mode="title"><xsl:value-of select="sc:t('error.400.title')"/></xsl:template>
  <xsl:template match="error[@status = '400']" mode="text"><xsl:value-of select="sc:t('error.400.text')"/></xsl:template>
  <xsl:template match="error[@status = '401']" mode="title"><xsl:value-of select="sc:t('error.401.title')"/></xsl:template>
  <xsl:template match="error[@status = '401']" mode="text"><xsl:value-of select="sc:t('error.401.text')"/></xsl:template>
  <xsl:template match="error[@status = '403']" mode="title"><xsl:value-of select="sc:t('error.403.title')"/></xsl:template>
  <xsl:template match="error[@status = '403']" mode="text"><xsl:value-of select="sc:t('error.403.text')"/></xsl:template>
  <!-- A company the operator has closed: its members are told so. -->
  <xsl:template match="error[@status = '403'][@reason = 'company-closed']" mode="title" priority="1"><xsl:value-of select="sc:t('error.403.company-closed.title')"/></xsl:template>
  <xsl:template match="error[@status = '403'][@reason = 'company-closed']" mode="text" priority="1"><xsl:value-of select="sc:t('error.403.company-closed.text')"/></xsl:template>
  <!-- A staff member without a role the back office's page needs. -->
  <xsl:template match="error[@status = '403'][@reason = 'role']" mode="title" priority="1"><xsl:value-of select="sc:t('error.403.role.title')"/></xsl:template>
  <xsl:template match="error[@status = '403'][@reason = 'role']" mode="text" priority="1"><xsl:value-of select="sc:t('error.403.role.text')"/></xsl:template>
  <xsl:template match="error[@status = '404']" mode="title"><xsl:value-of select="sc:t('error.404.title')"/></xsl:template>
  <xsl:template match="error[@status = '404']" mode="text"><xsl:value-of select="sc:t('error.404.text')"/></xsl:template>
  <xsl:template match="error[@status = '405']" mode="title"><xsl:value-of select="sc:t('error.405.title')"/></xsl:template>
  <xsl:template match="error[@status = '405']" mode="text"><xsl:value-of select="sc:t('error.405.text')"/></xsl:template>
  <xsl:template match="error[@status = '409']" mode="title"><xsl:value-of select="sc:t('error.409.title')"/></xsl:template>
  <xsl:template match="error[@status = '409']" mode="text"><xsl:value-of select="sc:t('error.409.text')"/></xsl:template>
  <xsl:template match="error[@status = '413']" mode="title"><xsl:value-of select="sc:t('error.413.title')"/></xsl:template>
  <xsl:template match="error[@status = '413']" mode="text"><xsl:value-of select="sc:t('error.413.text')"/></xsl:template>
  <xsl:template match="error[@status = '429']" mode="title"><xsl:value-of select="sc:t('error.429.title')"/></xsl:template>
  <xsl:template match="error[@status = '429']" mode="text"><xsl:value-of select="sc:t('error.429.text')"/></xsl:template>
  <xsl:template match="error[@status = '503']" mode="title"><xsl:value-of select="sc:t('error.503.title')"/></xsl:template>
  <xsl:template match="error[@status = '503']" mode="text"><xsl:value-of select="sc:t('error.503.text')"/></xsl:template>
  <xsl:template match="error[@status = '504']" mode="title"><xsl:value-of select="sc:t('error.504.title')"/></xsl:template>
  <xsl:template match="error[@status = '504']" mode="text"><xsl:value-of select="sc:t('error.504.text')"/></xsl:template>

</xsl:stylesheet>
