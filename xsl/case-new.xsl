<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Create a support case. -->
  <xsl:template match="page" mode="title.case-new">
    <xsl:value-of select="sc:t('case.create')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.case-new">
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/cases"><xsl:value-of select="sc:t('cases.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('case.create')"/></h1>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{context/path}" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'subject'"/>
        <xsl:with-param name="label" select="sc:t('case.subject')"/>
      </xsl:call-template>
      <div class="field">
        <xsl:if test="$f/error[@field = 'category']"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <label for="case-category"><xsl:value-of select="sc:t('case.category')"/></label>
        <select id="case-category" name="category" required="required">
          <xsl:if test="$f/error[@field = 'category']">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">case-category-error</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="sc:t('form.choose')"/></option>
          <xsl:for-each select="categories/category">
            <option value="{.}">
              <xsl:if test=". = $f/value[@name = 'category']"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="case-category"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:apply-templates select="$f/error[@field = 'category']"/>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'description'"/>
        <xsl:with-param name="label" select="sc:t('case.description')"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="max" select="5000"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('case.submit')"/></button></p>
    </form>
  </xsl:template>

</xsl:stylesheet>
