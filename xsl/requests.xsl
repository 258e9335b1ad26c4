<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="sc str">

  <!-- All of the company's requests, newest first, filtered, paged, as CSV. -->
  <xsl:template match="page" mode="title.requests">
    <xsl:value-of select="sc:t('requests.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.requests">
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="cid" select="context/company/@id"/>
    <xsl:variable name="query" select="concat('kind=', $f/value[@name = 'kind'], '&amp;state=', $f/value[@name = 'state'], '&amp;from=', $f/value[@name = 'from'], '&amp;to=', $f/value[@name = 'to'], '&amp;q=', str:encode-uri(string($f/value[@name = 'q']), true()))"/>
    <h1 id="requests-title"><xsl:value-of select="sc:t('requests.title')"/></h1>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="get" action="/companies/{$cid}/requests" class="form filter">
      <div class="field">
        <label for="filter-kind"><xsl:value-of select="sc:t('requests.kind')"/></label>
        <select id="filter-kind" name="kind">
          <option value=""><xsl:value-of select="sc:t('requests.all')"/></option>
          <xsl:for-each select="kinds/kind">
            <option value="{.}">
              <xsl:if test=". = $f/value[@name = 'kind']"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="request-kind"><xsl:with-param name="k" select="."/></xsl:call-template>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'state'"/>
        <xsl:with-param name="label" select="sc:t('requests.state')"/>
        <xsl:with-param name="max" select="16"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="sc:t('requests.from')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="sc:t('requests.to')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'q'"/>
        <xsl:with-param name="label" select="sc:t('requests.q')"/>
        <xsl:with-param name="type" select="'search'"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('requests.filter')"/></button></p>
    </form>
    <xsl:if test="requests">
      <p><a href="/companies/{$cid}/requests.csv?{$query}"><xsl:value-of select="sc:t('requests.csv')"/></a></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="requests/request">
        <table class="data stack" aria-labelledby="requests-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('requests.kind')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('requests.col.title')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('requests.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('requests.col.updated')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="requests/request">
              <tr>
                <td data-label="{sc:t('requests.kind')}"><xsl:call-template name="request-kind"><xsl:with-param name="k" select="@kind"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@id"/></td>
                <td data-label="{sc:t('requests.col.title')}">
                  <xsl:choose>
                    <xsl:when test="@link = 'yes' and @kind = 'order'"><a href="/companies/{$cid}/orders/{@id}"><xsl:value-of select="title"/></a></xsl:when>
                    <xsl:when test="@link = 'yes'"><a href="/companies/{$cid}/cases/{@id}"><xsl:value-of select="title"/></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="title"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td data-label="{sc:t('requests.state')}">
                  <xsl:choose>
                    <xsl:when test="@kind = 'order'"><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="@state"/></xsl:call-template></xsl:when>
                    <xsl:otherwise><xsl:call-template name="case-status"><xsl:with-param name="code" select="@state"/></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td data-label="{sc:t('requests.col.updated')}"><time datetime="{updated}"><xsl:value-of select="sc:datetime(updated)"/></time></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:when test="requests"><p class="empty"><xsl:value-of select="sc:t('requests.empty')"/></p></xsl:when>
    </xsl:choose>
    <xsl:if test="requests/@next">
      <p><a href="/companies/{$cid}/requests?{$query}&amp;page={requests/@next}"><xsl:value-of select="sc:t('requests.older')"/></a></p>
    </xsl:if>
  </xsl:template>

  <!-- A request's kind by name: literal keys, so every label is checked. -->
  <xsl:template name="request-kind">
    <xsl:param name="k"/>
    <xsl:choose>
      <xsl:when test="$k = 'order'"><xsl:value-of select="sc:t('requests.kind.order')"/></xsl:when>
      <xsl:when test="$k = 'change'"><xsl:value-of select="sc:t('requests.kind.change')"/></xsl:when>
      <xsl:when test="$k = 'case'"><xsl:value-of select="sc:t('requests.kind.case')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
