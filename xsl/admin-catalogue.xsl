<?xml version="1.0" encoding="UTF-8"?>
<!-- The catalogue (back office): the products by kind with their prices in
     force on a day, a filter, and the retired products apart. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-catalogue">
    <xsl:value-of select="sc:t('catalogue.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-catalogue">
    <xsl:variable name="cat" select="catalogue"/>
    <h1><xsl:value-of select="sc:t('catalogue.title')"/></h1>
    <p><a class="button" href="/admin/catalogue/new"><xsl:value-of select="sc:t('catalogue.new')"/></a></p>
    <form method="get" action="/admin/catalogue" class="search" role="search">
      <label for="cat-kind"><xsl:value-of select="sc:t('catalogue.filter.kind')"/></label>
      <select id="cat-kind" name="kind">
        <option value=""><xsl:value-of select="sc:t('catalogue.filter.all')"/></option>
        <xsl:for-each select="$cat/kind">
          <option value="{@code}">
            <xsl:if test="@code = $cat/@kind"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:call-template name="catalogue-kind"><xsl:with-param name="code" select="@code"/><xsl:with-param name="plural" select="true()"/></xsl:call-template>
          </option>
        </xsl:for-each>
      </select>
      <label for="cat-q"><xsl:value-of select="sc:t('catalogue.filter.q')"/></label>
      <input id="cat-q" name="q" type="search" value="{$cat/@q}" maxlength="100"/>
      <label for="cat-on"><xsl:value-of select="sc:t('catalogue.filter.on')"/></label>
      <input id="cat-on" name="on" type="date" value="{$cat/@on}"/>
      <button type="submit" class="button"><xsl:value-of select="sc:t('catalogue.filter.submit')"/></button>
    </form>
    <p class="meta">
      <xsl:value-of select="sc:t('catalogue.prices-on')"/><xsl:text> </xsl:text>
      <time datetime="{$cat/@on}"><xsl:value-of select="sc:date($cat/@on)"/></time>
    </p>
    <xsl:for-each select="$cat/kind">
      <xsl:variable name="code" select="@code"/>
      <xsl:variable name="rows" select="$cat/product[@kind = $code and not(retired)]"/>
      <xsl:if test="$rows">
        <h2 id="kind-{$code}"><xsl:call-template name="catalogue-kind"><xsl:with-param name="code" select="$code"/><xsl:with-param name="plural" select="true()"/></xsl:call-template></h2>
        <xsl:call-template name="catalogue-table">
          <xsl:with-param name="rows" select="$rows"/>
          <xsl:with-param name="title-id" select="concat('kind-', $code)"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="$cat/product[retired]">
      <h2 id="kind-retired"><xsl:value-of select="sc:t('catalogue.retired.title')"/></h2>
      <p><xsl:value-of select="sc:t('catalogue.retired.intro')"/></p>
      <xsl:call-template name="catalogue-table">
        <xsl:with-param name="rows" select="$cat/product[retired]"/>
        <xsl:with-param name="title-id" select="'kind-retired'"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="not($cat/product)">
      <p class="empty"><xsl:value-of select="sc:t('catalogue.empty')"/></p>
    </xsl:if>
  </xsl:template>

  <!-- A table of products: code, name (to its page), quota, when it can be
       ordered, its prices, who may buy it (or when it was retired). -->
  <xsl:template name="catalogue-table">
    <xsl:param name="rows"/>
    <xsl:param name="title-id"/>
    <table class="data stack catalogue" aria-labelledby="{$title-id}">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('catalogue.col.code')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('catalogue.col.name')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('catalogue.col.quota')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('catalogue.col.available')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('catalogue.col.price')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('catalogue.col.buyers')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$rows">
          <tr>
            <td data-label="{sc:t('catalogue.col.code')}"><code><xsl:value-of select="code"/></code></td>
            <th scope="row" data-label="{sc:t('catalogue.col.name')}"><a href="/admin/catalogue/{@id}"><xsl:value-of select="name"/></a></th>
            <td class="num" data-label="{sc:t('catalogue.col.quota')}"><xsl:if test="quota"><xsl:value-of select="quota"/> GB</xsl:if></td>
            <td data-label="{sc:t('catalogue.col.available')}"><xsl:call-template name="catalogue-window"/></td>
            <td data-label="{sc:t('catalogue.col.price')}">
              <xsl:for-each select="price">
                <xsl:if test="position() &gt; 1"><br/></xsl:if>
                <xsl:call-template name="catalogue-price"/>
              </xsl:for-each>
              <xsl:if test="not(price)"><xsl:value-of select="sc:t('catalogue.no-price')"/></xsl:if>
            </td>
            <td data-label="{sc:t('catalogue.col.buyers')}">
              <xsl:choose>
                <xsl:when test="retired"><xsl:value-of select="sc:t('catalogue.retired-on')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(retired)"/></xsl:when>
                <xsl:when test="@contract-only"><xsl:value-of select="sc:t('catalogue.buyers.contract')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="sc:t('catalogue.buyers.all')"/></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A kind of product by name: "Plan", or "Plans" (plural). -->
  <xsl:template name="catalogue-kind">
    <xsl:param name="code"/>
    <xsl:param name="plural" select="false()"/>
    <xsl:choose>
      <xsl:when test="$code = 'subscription' and $plural"><xsl:value-of select="sc:t('catalogue.kinds.subscription')"/></xsl:when>
      <xsl:when test="$code = 'subscription'"><xsl:value-of select="sc:t('catalogue.kind.subscription')"/></xsl:when>
      <xsl:when test="$code = 'service' and $plural"><xsl:value-of select="sc:t('catalogue.kinds.service')"/></xsl:when>
      <xsl:when test="$code = 'service'"><xsl:value-of select="sc:t('catalogue.kind.service')"/></xsl:when>
      <xsl:when test="$code = 'topup' and $plural"><xsl:value-of select="sc:t('catalogue.kinds.topup')"/></xsl:when>
      <xsl:when test="$code = 'topup'"><xsl:value-of select="sc:t('catalogue.kind.topup')"/></xsl:when>
      <xsl:when test="$code = 'hardware' and $plural"><xsl:value-of select="sc:t('catalogue.kinds.hardware')"/></xsl:when>
      <xsl:when test="$code = 'hardware'"><xsl:value-of select="sc:t('catalogue.kind.hardware')"/></xsl:when>
      <xsl:when test="$code = 'sim' and $plural"><xsl:value-of select="sc:t('catalogue.kinds.sim')"/></xsl:when>
      <xsl:when test="$code = 'sim'"><xsl:value-of select="sc:t('catalogue.kind.sim')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A country by name. -->
  <xsl:template name="catalogue-country">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'NO'"><xsl:value-of select="sc:t('catalogue.country.NO')"/></xsl:when>
      <xsl:when test="$code = 'DK'"><xsl:value-of select="sc:t('catalogue.country.DK')"/></xsl:when>
      <xsl:when test="$code = 'SE'"><xsl:value-of select="sc:t('catalogue.country.SE')"/></xsl:when>
      <xsl:when test="$code = 'FI'"><xsl:value-of select="sc:t('catalogue.country.FI')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- When a product (the context) can be ordered: "from 08.12.2025",
       "until …", both, or always. -->
  <xsl:template name="catalogue-window">
    <xsl:choose>
      <xsl:when test="available-from or available-to">
        <xsl:if test="available-from"><xsl:value-of select="sc:t('catalogue.available.from')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(available-from)"/></xsl:if>
        <xsl:if test="available-from and available-to"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="available-to"><xsl:value-of select="sc:t('catalogue.available.to')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(available-to)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('catalogue.available.always')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A price in a country (the context): "NO 799,00 kr a month", and what
       is paid once when there is something. -->
  <xsl:template name="catalogue-price">
    <xsl:value-of select="@country"/><xsl:text> </xsl:text>
    <xsl:if test="monthly != '0.00' or oneoff = '0.00'">
      <xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
      <xsl:text> </xsl:text><xsl:value-of select="sc:t('catalogue.per-month')"/>
    </xsl:if>
    <xsl:if test="monthly != '0.00' and oneoff != '0.00'"><xsl:text>, </xsl:text></xsl:if>
    <xsl:if test="oneoff != '0.00'">
      <xsl:value-of select="sc:money(oneoff, oneoff/@currency)"/>
      <xsl:text> </xsl:text><xsl:value-of select="sc:t('catalogue.once')"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
