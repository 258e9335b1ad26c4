<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The help articles: search, the articles of a page, or every category. -->
  <xsl:template match="page" mode="title.help">
    <xsl:value-of select="sc:t('help.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.help">
    <xsl:variable name="h" select="help"/>
    <xsl:variable name="error" select="$h/form/error[@field = 'q']"/>
    <h1><xsl:value-of select="sc:t('help.title')"/></h1>
    <p><xsl:value-of select="sc:t('help.intro')"/></p>
    <form method="get" action="/help" class="search" role="search">
      <label for="help-q"><xsl:value-of select="sc:t('help.search.label')"/></label>
      <input id="help-q" name="q" type="search" value="{$h/form/value[@name = 'q']}" maxlength="100">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">help-q-error</xsl:attribute>
        </xsl:if>
      </input>
      <button type="submit" class="button"><xsl:value-of select="sc:t('help.search.submit')"/></button>
      <xsl:if test="$error">
        <p class="field-error" id="help-q-error" role="alert">
          <xsl:choose>
            <xsl:when test="$error/@code = 'too-many'"><xsl:value-of select="sc:t('help.search.too-many')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('help.search.too-long')"/></xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:if>
    </form>
    <xsl:for-each select="$h/results">
      <section aria-labelledby="help-results-title">
        <h2 id="help-results-title"><xsl:value-of select="sc:t('help.results.title')"/></h2>
        <p class="meta" role="status">
          <xsl:choose>
            <xsl:when test="article">
              <xsl:value-of select="sc:t('help.results.count')"/><xsl:text> </xsl:text><xsl:value-of select="@count"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('help.results.none')"/></xsl:otherwise>
          </xsl:choose>
        </p>
        <xsl:apply-templates select="." mode="help"/>
        <xsl:if test="@more = 'yes'">
          <p class="meta"><xsl:value-of select="sc:t('help.results.more')"/></p>
        </xsl:if>
      </section>
    </xsl:for-each>
    <xsl:for-each select="$h/page-help">
      <section aria-labelledby="help-page-title">
        <h2 id="help-page-title"><xsl:value-of select="sc:t('help.for-page')"/></h2>
        <xsl:choose>
          <xsl:when test="article"><xsl:apply-templates select="." mode="help"/></xsl:when>
          <xsl:otherwise><p class="meta"><xsl:value-of select="sc:t('help.page.none')"/></p></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:for-each>
    <xsl:for-each select="$h/categories">
      <section aria-labelledby="help-categories-title">
        <h2 id="help-categories-title"><xsl:value-of select="sc:t('help.categories.title')"/></h2>
        <xsl:if test="not(category)">
          <p class="meta"><xsl:value-of select="sc:t('help.none')"/></p>
        </xsl:if>
        <xsl:for-each select="category">
          <h3 id="help-category-{@code}"><xsl:value-of select="name"/></h3>
          <ul class="help-list" aria-labelledby="help-category-{@code}">
            <xsl:for-each select="article">
              <li><a href="/help/{@slug}"><xsl:value-of select="title"/></a></li>
            </xsl:for-each>
          </ul>
        </xsl:for-each>
      </section>
    </xsl:for-each>
    <xsl:if test="not($h/categories)">
      <p><a href="/help"><xsl:value-of select="sc:t('help.all')"/></a></p>
    </xsl:if>
  </xsl:template>

  <!-- A list of articles with the start of each. -->
  <xsl:template match="results | page-help" mode="help">
    <xsl:if test="article">
      <ul class="help-list">
        <xsl:for-each select="article">
          <li>
            <a href="/help/{@slug}"><xsl:value-of select="title"/></a>
            <xsl:if test="summary != ''"><p class="meta"><xsl:value-of select="summary"/></p></xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
