<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A location's Manage page: send a change request; its latest change requests. -->
  <xsl:template match="page" mode="title.manage">
    <xsl:value-of select="sc:t('manage.title')"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="location/name"/>
  </xsl:template>

  <xsl:template match="page" mode="content.manage">
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/locations"><xsl:value-of select="sc:t('manage.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('manage.title')"/>: <xsl:value-of select="location/number"/><xsl:text> </xsl:text><xsl:value-of select="location/name"/></h1>
    <h2 id="new-title"><xsl:value-of select="sc:t('manage.new')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{context/path}" class="form" aria-labelledby="new-title">
      <xsl:call-template name="hidden-fields"/>
      <div class="field">
        <label for="change-service"><xsl:value-of select="sc:t('manage.service')"/></label>
        <select id="change-service" name="service" required="required">
          <xsl:if test="$f/error[@field = 'service']">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">change-service-error</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="sc:t('form.choose')"/></option>
          <xsl:for-each select="location/service">
            <option value="{@id}">
              <xsl:if test="@id = $f/value[@name = 'service']"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="name"/> (<xsl:value-of select="ref"/>)
            </option>
          </xsl:for-each>
        </select>
        <xsl:apply-templates select="$f/error[@field = 'service']"/>
      </div>
      <div class="field">
        <label for="change-change"><xsl:value-of select="sc:t('manage.change')"/></label>
        <select id="change-change" name="change" required="required">
          <xsl:if test="$f/error[@field = 'change']">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">change-change-error</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="sc:t('form.choose')"/></option>
          <xsl:for-each select="changes/change">
            <option value="{.}">
              <xsl:if test=". = $f/value[@name = 'change']"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="case-category"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:apply-templates select="$f/error[@field = 'change']"/>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'comment'"/>
        <xsl:with-param name="label" select="sc:t('manage.comment')"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="max" select="5000"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('manage.submit')"/></button></p>
    </form>
    <h2 id="latest-title"><xsl:value-of select="sc:t('manage.latest')"/></h2>
    <xsl:choose>
      <xsl:when test="cases/case">
        <xsl:call-template name="case-table">
          <xsl:with-param name="cases" select="cases/case"/>
          <xsl:with-param name="title-id" select="'latest-title'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('cases.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
