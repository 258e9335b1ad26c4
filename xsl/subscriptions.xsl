<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- All subscriptions: search, sort, pages, CSV export. -->
  <xsl:template match="page" mode="title.subscriptions">
    <xsl:value-of select="sc:t('subs.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.subscriptions">
    <xsl:variable name="s" select="subscriptions"/>
    <xsl:variable name="base" select="concat($company-home, '/subscriptions')"/>
    <h1 id="subs-title"><xsl:value-of select="sc:t('subs.title')"/></h1>
    <form method="get" action="{$base}" class="search" role="search">
      <label for="subs-q"><xsl:value-of select="sc:t('subs.search')"/></label>
      <input id="subs-q" name="q" type="search" value="{$s/@q}" maxlength="100"/>
      <input type="hidden" name="sort" value="{$s/@sort}"/>
      <button type="submit" class="button"><xsl:value-of select="sc:t('subs.search.submit')"/></button>
    </form>
    <p class="meta">
      <xsl:value-of select="sc:t('subs.total')"/><xsl:text> </xsl:text><xsl:value-of select="$s/@total"/>
      <xsl:if test="not($view)">
        <xsl:text> · </xsl:text>
        <a href="{$base}.csv?q={$s/@q}&amp;sort={$s/@sort}"><xsl:value-of select="sc:t('subs.csv')"/></a>
      </xsl:if>
    </p>
    <xsl:apply-templates select="$s" mode="bulk-change"/>
    <table class="data stack subscriptions" aria-labelledby="subs-title">
      <thead>
        <tr>
          <th scope="col"><xsl:call-template name="sort-link"><xsl:with-param name="key" select="'name'"/><xsl:with-param name="label" select="sc:t('subs.col.name')"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="sort-link"><xsl:with-param name="key" select="'subscription'"/><xsl:with-param name="label" select="sc:t('subs.col.subscription')"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="sort-link"><xsl:with-param name="key" select="'email'"/><xsl:with-param name="label" select="sc:t('subs.col.email')"/></xsl:call-template></th>
          <th scope="col"><xsl:call-template name="sort-link"><xsl:with-param name="key" select="'phone'"/><xsl:with-param name="label" select="sc:t('subs.col.phone')"/></xsl:call-template></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('subs.col.price')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('subs.col.status')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$s/subscription">
          <tr>
            <th scope="row" data-label="{sc:t('subs.col.name')}">
              <xsl:variable name="who">
                <xsl:choose>
                  <xsl:when test="user"><xsl:value-of select="user/name"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="sc:t('subs.no-user')"/></xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <!-- The profile is not one of the view's pages. -->
              <xsl:choose>
                <xsl:when test="$view"><xsl:value-of select="$who"/></xsl:when>
                <xsl:otherwise><a href="{$base}/{@id}"><xsl:value-of select="$who"/></a></xsl:otherwise>
              </xsl:choose>
            </th>
            <td data-label="{sc:t('subs.col.subscription')}"><xsl:value-of select="product"/><xsl:text> </xsl:text><span class="ref"><xsl:value-of select="ref"/></span></td>
            <td data-label="{sc:t('subs.col.email')}"><xsl:value-of select="user/email"/></td>
            <td data-label="{sc:t('subs.col.phone')}"><xsl:value-of select="user/phone"/></td>
            <td class="num" data-label="{sc:t('subs.col.price')}"><xsl:value-of select="sc:money(price, price/@currency)"/></td>
            <td data-label="{sc:t('subs.col.status')}"><xsl:apply-templates select="status" mode="badge"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <xsl:if test="$s/@pages &gt; 1">
      <nav class="pager" aria-label="{sc:t('subs.pages')}">
        <xsl:if test="$s/@page &gt; 1">
          <a rel="prev" href="{$base}?q={$s/@q}&amp;sort={$s/@sort}&amp;page={$s/@page - 1}"><xsl:value-of select="sc:t('subs.prev')"/></a>
        </xsl:if>
        <xsl:text> </xsl:text><xsl:value-of select="$s/@page"/> / <xsl:value-of select="$s/@pages"/><xsl:text> </xsl:text>
        <xsl:if test="$s/@page &lt; $s/@pages">
          <a rel="next" href="{$base}?q={$s/@q}&amp;sort={$s/@sort}&amp;page={$s/@page + 1}"><xsl:value-of select="sc:t('subs.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="sort-link">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:variable name="s" select="/page/subscriptions"/>
    <a href="{$company-home}/subscriptions?q={$s/@q}&amp;sort={$key}">
      <xsl:if test="$s/@sort = $key"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
      <xsl:value-of select="$label"/>
    </a>
  </xsl:template>

</xsl:stylesheet>
