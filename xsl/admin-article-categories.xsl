<?xml version="1.0" encoding="UTF-8"?>
<!-- The help articles' categories (back office): each one's names in nb, da
     and en and its place on the help page, and a new category. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-article-categories">
    <xsl:value-of select="sc:t('articles.categories')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-article-categories">
    <p class="back"><a class="back-link" href="/admin/articles"><xsl:value-of select="sc:t('articles.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('articles.categories')"/></h1>
    <p><xsl:value-of select="sc:t('articles.categories.intro')"/></p>
    <xsl:for-each select="categories/category">
      <xsl:variable name="f" select="/page/form[@name = concat('articles-category-', current()/@id)]"/>
      <section class="category" aria-labelledby="category-{@id}-title">
        <h2 id="category-{@id}-title">
          <xsl:call-template name="article-category-name"/>
          <xsl:text> (</xsl:text><code><xsl:value-of select="@code"/></code><xsl:text>)</xsl:text>
        </h2>
        <p class="meta"><xsl:value-of select="sc:t('articles.categories.articles')"/><xsl:text> </xsl:text><xsl:value-of select="@articles"/></p>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
        <form method="post" action="/admin/articles/categories/{@id}" class="form" aria-labelledby="category-{@id}-title">
          <xsl:call-template name="hidden-fields"/>
          <xsl:call-template name="category-fields">
            <xsl:with-param name="id" select="concat('category-', @id)"/>
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="cat" select="current()[not($f)]"/>
          </xsl:call-template>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('articles.save')"/></button></p>
        </form>
      </section>
    </xsl:for-each>
    <xsl:variable name="f" select="/page/form[@name = 'articles-category-new']"/>
    <h2 id="category-new-title"><xsl:value-of select="sc:t('articles.category.new')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/articles/categories" class="form" aria-labelledby="category-new-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'category-new'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'code'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.code')"/>
        <xsl:with-param name="hint" select="sc:t('articles.field.code.hint')"/>
        <xsl:with-param name="max" select="32"/>
      </xsl:call-template>
      <xsl:call-template name="category-fields">
        <xsl:with-param name="id" select="'category-new'"/>
        <xsl:with-param name="f" select="$f"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('articles.category.create')"/></button></p>
    </form>
  </xsl:template>

  <!-- A category's names and position: as typed (f), else cat's. -->
  <xsl:template name="category-fields">
    <xsl:param name="id"/>
    <xsl:param name="f"/>
    <xsl:param name="cat" select="/.."/>
    <xsl:call-template name="category-name"><xsl:with-param name="id" select="$id"/><xsl:with-param name="f" select="$f"/><xsl:with-param name="cat" select="$cat"/><xsl:with-param name="lang" select="'nb'"/></xsl:call-template>
    <xsl:call-template name="category-name"><xsl:with-param name="id" select="$id"/><xsl:with-param name="f" select="$f"/><xsl:with-param name="cat" select="$cat"/><xsl:with-param name="lang" select="'da'"/></xsl:call-template>
    <xsl:call-template name="category-name"><xsl:with-param name="id" select="$id"/><xsl:with-param name="f" select="$f"/><xsl:with-param name="cat" select="$cat"/><xsl:with-param name="lang" select="'en'"/></xsl:call-template>
    <xsl:call-template name="articles-field">
      <xsl:with-param name="id" select="$id"/>
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="name" select="'position'"/>
      <xsl:with-param name="label" select="sc:t('articles.field.position')"/>
      <xsl:with-param name="hint" select="sc:t('articles.category.position.hint')"/>
      <xsl:with-param name="value" select="$f/value[@name = 'position'] | $cat/@position"/>
      <xsl:with-param name="max" select="7"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="category-name">
    <xsl:param name="id"/>
    <xsl:param name="f"/>
    <xsl:param name="cat"/>
    <xsl:param name="lang"/>
    <xsl:call-template name="articles-field">
      <xsl:with-param name="id" select="$id"/>
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="name" select="concat('name-', $lang)"/>
      <xsl:with-param name="label">
        <xsl:value-of select="sc:t('articles.field.name')"/><xsl:text> (</xsl:text>
        <xsl:call-template name="article-lang-name"><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:with-param>
      <xsl:with-param name="value" select="$f/value[@name = concat('name-', $lang)] | $cat/name[@lang = $lang]"/>
      <xsl:with-param name="max" select="100"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
