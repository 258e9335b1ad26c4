<?xml version="1.0" encoding="UTF-8"?>
<!-- The help articles (back office): every article, draft or published, by
     category, with its languages and votes; a filter; the links to a new
     article and to the categories. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-articles">
    <xsl:value-of select="sc:t('articles.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-articles">
    <xsl:variable name="list" select="articles"/>
    <h1><xsl:value-of select="sc:t('articles.title')"/></h1>
    <p>
      <a class="button" href="/admin/articles/new"><xsl:value-of select="sc:t('articles.new')"/></a>
      <xsl:text> </xsl:text>
      <a href="/admin/articles/categories"><xsl:value-of select="sc:t('articles.categories')"/></a>
    </p>
    <form method="get" action="/admin/articles" class="search" role="search">
      <label for="articles-category"><xsl:value-of select="sc:t('articles.field.category')"/></label>
      <select id="articles-category" name="category">
        <option value=""><xsl:value-of select="sc:t('articles.filter.all')"/></option>
        <xsl:for-each select="$list/category">
          <option value="{@code}">
            <xsl:if test="@code = $list/@category"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:call-template name="article-category-name"/>
          </option>
        </xsl:for-each>
      </select>
      <label for="articles-status"><xsl:value-of select="sc:t('articles.field.status')"/></label>
      <select id="articles-status" name="status">
        <option value=""><xsl:value-of select="sc:t('articles.filter.all')"/></option>
        <option value="draft">
          <xsl:if test="$list/@status = 'draft'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="sc:t('articles.status.draft')"/>
        </option>
        <option value="published">
          <xsl:if test="$list/@status = 'published'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="sc:t('articles.status.published')"/>
        </option>
      </select>
      <label for="articles-q"><xsl:value-of select="sc:t('articles.filter.q')"/></label>
      <input id="articles-q" name="q" type="search" value="{$list/@q}" maxlength="100"/>
      <button type="submit" class="button"><xsl:value-of select="sc:t('articles.filter.submit')"/></button>
    </form>
    <xsl:for-each select="$list/category">
      <xsl:variable name="code" select="@code"/>
      <xsl:variable name="rows" select="$list/article[@category = $code]"/>
      <xsl:if test="$rows">
        <h2 id="category-{$code}"><xsl:call-template name="article-category-name"/></h2>
        <xsl:call-template name="articles-table">
          <xsl:with-param name="rows" select="$rows"/>
          <xsl:with-param name="title-id" select="concat('category-', $code)"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="not($list/article)">
      <p class="empty"><xsl:value-of select="sc:t('articles.empty')"/></p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="articles-table">
    <xsl:param name="rows"/>
    <xsl:param name="title-id"/>
    <table class="data stack articles" aria-labelledby="{$title-id}">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('articles.col.title')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('articles.field.slug')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('articles.field.status')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('articles.col.langs')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('articles.col.votes')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('articles.col.updated')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$rows">
          <tr>
            <th scope="row" data-label="{sc:t('articles.col.title')}"><a href="/admin/articles/{@id}"><xsl:value-of select="title"/></a></th>
            <td data-label="{sc:t('articles.field.slug')}"><code><xsl:value-of select="@slug"/></code></td>
            <td data-label="{sc:t('articles.field.status')}"><xsl:call-template name="article-status-badge"/></td>
            <td data-label="{sc:t('articles.col.langs')}">
              <xsl:for-each select="lang">
                <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
                <xsl:call-template name="article-lang-name"><xsl:with-param name="lang" select="."/></xsl:call-template>
              </xsl:for-each>
              <xsl:if test="not(lang)"><xsl:value-of select="sc:t('articles.langs.none')"/></xsl:if>
            </td>
            <td data-label="{sc:t('articles.col.votes')}"><xsl:apply-templates select="votes" mode="articles"/></td>
            <td data-label="{sc:t('articles.col.updated')}"><time datetime="{updated}"><xsl:value-of select="sc:date(updated)"/></time></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A language by name. -->
  <xsl:template name="article-lang-name">
    <xsl:param name="lang"/>
    <xsl:choose>
      <xsl:when test="$lang = 'nb'"><xsl:value-of select="sc:t('articles.lang.nb')"/></xsl:when>
      <xsl:when test="$lang = 'da'"><xsl:value-of select="sc:t('articles.lang.da')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('articles.lang.en')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A category (the context) in the page's language, else another it
       has, else its code. -->
  <xsl:template name="article-category-name">
    <xsl:variable name="lang" select="/page/@lang"/>
    <xsl:choose>
      <xsl:when test="name[@lang = $lang]"><xsl:value-of select="name[@lang = $lang]"/></xsl:when>
      <xsl:when test="name"><xsl:value-of select="name[1]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="article-status">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'published'"><xsl:value-of select="sc:t('articles.status.published')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('articles.status.draft')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="article-status-badge">
    <span class="badge badge-pending">
      <xsl:if test="@status = 'published'"><xsl:attribute name="class">badge badge-active</xsl:attribute></xsl:if>
      <xsl:call-template name="article-status"><xsl:with-param name="code" select="@status"/></xsl:call-template>
    </span>
  </xsl:template>

  <!-- "2 of 2 found this helpful", or no votes yet. -->
  <xsl:template match="votes" mode="articles">
    <xsl:choose>
      <xsl:when test="@total = 0"><xsl:value-of select="sc:t('articles.votes.none')"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="@helpful"/><xsl:text> </xsl:text>
        <xsl:value-of select="sc:t('articles.votes.of')"/><xsl:text> </xsl:text>
        <xsl:value-of select="@total"/><xsl:text> </xsl:text>
        <xsl:value-of select="sc:t('articles.votes.found')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
