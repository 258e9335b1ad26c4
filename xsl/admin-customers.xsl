<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's customers: the search over every company with each
     one's key figures, paged, and the way to a new company. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-customers">
    <xsl:value-of select="sc:t('admin.customers.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-customers">
    <xsl:variable name="l" select="customers"/>
    <h1 id="customers-title"><xsl:value-of select="sc:t('admin.customers.title')"/></h1>
    <p><a class="button" href="/admin/customers/new"><xsl:value-of select="sc:t('admin.customers.new')"/></a></p>
    <form method="get" action="/admin/customers" class="search" role="search">
      <label for="customers-q"><xsl:value-of select="sc:t('admin.customers.search')"/></label>
      <input id="customers-q" name="q" type="search" value="{$l/@q}" maxlength="100"/>
      <button type="submit" class="button"><xsl:value-of select="sc:t('admin.customers.search.submit')"/></button>
    </form>
    <p class="meta"><xsl:value-of select="sc:t('admin.customers.total')"/><xsl:text> </xsl:text><xsl:value-of select="$l/@total"/></p>
    <xsl:choose>
      <xsl:when test="$l/customer">
        <table class="data stack customers" aria-labelledby="customers-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('admin.customers.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('company.orgnr')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.customer.locations')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.customer.subscriptions')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.customer.open-cases')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.customer.unpaid-invoices')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$l/customer">
              <tr>
                <th scope="row" data-label="{sc:t('admin.customers.col.name')}">
                  <a href="/admin/customers/{@id}"><xsl:value-of select="name"/></a>
                  <xsl:apply-templates select="@status" mode="admin-customers"/>
                </th>
                <td data-label="{sc:t('company.orgnr')}"><xsl:value-of select="country"/><xsl:text> </xsl:text><xsl:value-of select="orgnr"/></td>
                <td class="num" data-label="{sc:t('admin.customer.locations')}"><xsl:value-of select="figures/locations"/></td>
                <td class="num" data-label="{sc:t('admin.customer.subscriptions')}"><xsl:value-of select="figures/subscriptions"/></td>
                <td class="num" data-label="{sc:t('admin.customer.open-cases')}"><xsl:value-of select="figures/open-cases"/></td>
                <td class="num" data-label="{sc:t('admin.customer.unpaid-invoices')}"><xsl:value-of select="figures/unpaid-invoices"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.customers.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <!-- Forms, not links: the browser encodes the search text. -->
    <xsl:if test="$l/@pages &gt; 1">
      <nav class="pager" aria-label="{sc:t('subs.pages')}">
        <xsl:if test="$l/@page &gt; 1">
          <form method="get" action="/admin/customers" class="form-inline">
            <input type="hidden" name="q" value="{$l/@q}"/>
            <input type="hidden" name="page" value="{$l/@page - 1}"/>
            <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('subs.prev')"/></button>
          </form>
        </xsl:if>
        <xsl:text> </xsl:text><xsl:value-of select="$l/@page"/> / <xsl:value-of select="$l/@pages"/><xsl:text> </xsl:text>
        <xsl:if test="$l/@page &lt; $l/@pages">
          <form method="get" action="/admin/customers" class="form-inline">
            <input type="hidden" name="q" value="{$l/@q}"/>
            <input type="hidden" name="page" value="{$l/@page + 1}"/>
            <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('subs.next')"/></button>
          </form>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A closed company says so wherever it is named. -->
  <xsl:template match="@status" mode="admin-customers">
    <xsl:if test=". = 'closed'">
      <xsl:text> </xsl:text>
      <span class="badge badge-closed"><xsl:value-of select="sc:t('admin.customer.status.closed')"/></span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
