<?xml version="1.0" encoding="UTF-8"?>
<!-- Location overview of one company. One <tbody> per location: its first
  row holds the location cells (spanning all its rows) and the first
  subscription; each further subscription gets a row of its own. A location
  without subscriptions still gets a row.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.locations">
    <xsl:value-of select="company/name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="sc:t('locations.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.locations">
    <xsl:if test="not($view)">
      <p class="back"><a class="back-link" href="/companies"><xsl:value-of select="sc:t('locations.back')"/></a></p>
    </xsl:if>
    <h1><xsl:value-of select="company/name"/></h1>
    <p class="meta">
      <xsl:value-of select="sc:t('company.orgnr')"/>
      <xsl:text> </xsl:text>
      <xsl:value-of select="company/orgnr"/>
    </p>
    <h2 id="locations-title"><xsl:value-of select="sc:t('locations.title')"/></h2>
    <xsl:choose>
      <xsl:when test="locations/location">
        <xsl:call-template name="table"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="sc:t('locations.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The table; column labels are looked up once per page, not per row. -->
  <xsl:template name="table">
    <xsl:variable name="l-service" select="sc:t('locations.col.service')"/>
    <xsl:variable name="l-price" select="sc:t('locations.col.price')"/>
    <xsl:variable name="l-status" select="sc:t('locations.col.status')"/>
    <xsl:variable name="l-ref" select="sc:t('locations.ref')"/>
    <xsl:variable name="areas" select="/page/context/company/area"/>
    <table class="data stack locations" aria-labelledby="locations-title">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('locations.col.number')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('locations.col.name')"/></th>
          <th scope="col"><xsl:value-of select="$l-service"/></th>
          <th scope="col" class="num"><xsl:value-of select="$l-price"/></th>
          <th scope="col"><xsl:value-of select="$l-status"/></th>
          <th scope="col"><xsl:value-of select="sc:t('locations.col.actions')"/></th>
        </tr>
      </thead>
      <xsl:for-each select="locations/location">
        <xsl:variable name="rows" select="count(subscription)"/>
        <tbody>
          <tr>
            <!-- rowgroup: the location number heads every row of its tbody. -->
            <th scope="rowgroup" data-label="{sc:t('locations.col.number')}">
              <xsl:call-template name="rowspan"><xsl:with-param name="rows" select="$rows"/></xsl:call-template>
              <xsl:value-of select="number"/>
            </th>
            <td class="name" data-label="{sc:t('locations.col.name')}">
              <xsl:call-template name="rowspan"><xsl:with-param name="rows" select="$rows"/></xsl:call-template>
              <xsl:value-of select="name"/>
              <xsl:if test="status != 'active'">
                <xsl:text> </xsl:text>
                <xsl:apply-templates select="status" mode="badge"/>
              </xsl:if>
            </td>
            <xsl:choose>
              <xsl:when test="subscription">
                <xsl:apply-templates select="subscription[1]" mode="locations">
                  <xsl:with-param name="l-service" select="$l-service"/>
                  <xsl:with-param name="l-price" select="$l-price"/>
                  <xsl:with-param name="l-status" select="$l-status"/>
                  <xsl:with-param name="l-ref" select="$l-ref"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>
                <td colspan="3" class="muted" data-label="{$l-service}"><xsl:value-of select="sc:t('locations.no-service')"/></td>
              </xsl:otherwise>
            </xsl:choose>
            <td class="actions">
              <xsl:call-template name="rowspan"><xsl:with-param name="rows" select="$rows"/></xsl:call-template>
              <!-- The hidden part names the location for screen-reader link lists. -->
              <xsl:variable name="which">
                <xsl:text>: </xsl:text>
                <xsl:value-of select="number"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="name"/>
              </xsl:variable>
              <!-- Each link for the members with the area of its page; a
                   staff member's view has none of these pages. -->
              <xsl:if test="not($view)">
                <ul class="action-list">
                  <xsl:if test="$areas = 'invoices'">
                    <li><a href="/locations/{@id}/invoices"><xsl:value-of select="sc:t('locations.action.invoices')"/><span class="visually-hidden"><xsl:value-of select="$which"/></span></a></li>
                  </xsl:if>
                  <li><a href="/locations/{@id}/usage"><xsl:value-of select="sc:t('locations.action.usage')"/><span class="visually-hidden"><xsl:value-of select="$which"/></span></a></li>
                  <xsl:if test="$areas = 'orders'">
                    <li><a href="/locations/{@id}/manage"><xsl:value-of select="sc:t('locations.action.manage')"/><span class="visually-hidden"><xsl:value-of select="$which"/></span></a></li>
                  </xsl:if>
                </ul>
              </xsl:if>
              <!-- The latest case of the location and its status. -->
              <xsl:if test="latest-case">
                <p class="latest-case">
                  <xsl:choose>
                    <xsl:when test="$view"><xsl:value-of select="sc:t('locations.latest-case')"/></xsl:when>
                    <xsl:otherwise><a href="/companies/{/page/company/@id}/cases/{latest-case/@id}"><xsl:value-of select="sc:t('locations.latest-case')"/></a></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="case-status"><xsl:with-param name="code" select="latest-case"/></xsl:call-template>
                </p>
              </xsl:if>
            </td>
          </tr>
          <xsl:for-each select="subscription[position() &gt; 1]">
            <tr>
              <xsl:apply-templates select="." mode="locations">
                <xsl:with-param name="l-service" select="$l-service"/>
                <xsl:with-param name="l-price" select="$l-price"/>
                <xsl:with-param name="l-status" select="$l-status"/>
                <xsl:with-param name="l-ref" select="$l-ref"/>
              </xsl:apply-templates>
            </tr>
          </xsl:for-each>
        </tbody>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- rowspan only where a location has more than one subscription. -->
  <xsl:template name="rowspan">
    <xsl:param name="rows"/>
    <xsl:if test="$rows &gt; 1">
      <xsl:attribute name="rowspan"><xsl:value-of select="$rows"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The three cells of one subscription: service, monthly price, status. -->
  <xsl:template match="subscription" mode="locations">
    <xsl:param name="l-service"/>
    <xsl:param name="l-price"/>
    <xsl:param name="l-status"/>
    <xsl:param name="l-ref"/>
    <td data-label="{$l-service}">
      <span class="product"><xsl:value-of select="product"/></span>
      <xsl:text> </xsl:text>
      <span class="ref"><xsl:value-of select="$l-ref"/><xsl:text> </xsl:text><xsl:value-of select="ref"/></span>
    </td>
    <td class="num" data-label="{$l-price}"><xsl:value-of select="sc:money(price, price/@currency)"/></td>
    <td data-label="{$l-status}"><xsl:apply-templates select="status" mode="badge"/></td>
  </xsl:template>

</xsl:stylesheet>
