<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The invoices of a company, or of one location, by year. -->
  <xsl:template match="page" mode="title.invoices">
    <xsl:value-of select="sc:t('invoices.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.invoices">
    <xsl:variable name="l" select="invoices"/>
    <xsl:variable name="company" select="$company-home"/>
    <xsl:variable name="base">
      <xsl:choose>
        <xsl:when test="$l/location"><xsl:value-of select="concat('/locations/', $l/location/@id, '/invoices')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat($company, '/invoices')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <h1 id="invoices-title">
      <xsl:value-of select="sc:t('invoices.title')"/>
      <xsl:if test="$l/location">
        <xsl:text> – </xsl:text><xsl:value-of select="$l/location/number"/>
        <xsl:text> </xsl:text><xsl:value-of select="$l/location/name"/>
      </xsl:if>
    </h1>
    <xsl:if test="$l/location">
      <p><a href="{$company}/locations"><xsl:value-of select="sc:t('invoices.back-to-locations')"/></a></p>
    </xsl:if>
    <form method="get" action="{$base}" class="search">
      <label for="invoices-year"><xsl:value-of select="sc:t('invoices.year')"/></label>
      <select id="invoices-year" name="year">
        <xsl:if test="not($l/years/year[. = $l/@year])">
          <option value="{$l/@year}" selected="selected"><xsl:value-of select="$l/@year"/></option>
        </xsl:if>
        <xsl:for-each select="$l/years/year">
          <option value="{.}">
            <xsl:if test=". = $l/@year"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="."/>
          </option>
        </xsl:for-each>
      </select>
      <button type="submit" class="button"><xsl:value-of select="sc:t('invoices.show')"/></button>
    </form>
    <!-- data-label repeats the column's label for narrow screens: a literal
         sc:t() is text from compile time, cheaper per cell than a variable. -->
    <xsl:choose>
      <xsl:when test="$l/invoice">
        <table class="data stack invoices" aria-labelledby="invoices-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.number')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.date')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.due')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.status')"/></th>
              <xsl:if test="$l/location">
                <th scope="col" class="num"><xsl:value-of select="sc:t('invoices.col.location-amount')"/></th>
              </xsl:if>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoices.col.amount')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoices.col.remaining')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.download')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$l/invoice">
              <xsl:variable name="href" select="concat($company, '/invoices/', @id)"/>
              <tr>
                <xsl:if test="@overdue = 'yes'"><xsl:attribute name="class">overdue</xsl:attribute></xsl:if>
                <th scope="row" data-label="{sc:t('invoices.col.number')}">
                  <!-- The invoice and its PDF are not the view's pages. -->
                  <xsl:choose>
                    <xsl:when test="$view"><xsl:apply-templates select="." mode="invoices-number"/></xsl:when>
                    <xsl:otherwise><a href="{$href}"><xsl:apply-templates select="." mode="invoices-number"/></a></xsl:otherwise>
                  </xsl:choose>
                </th>
                <td data-label="{sc:t('invoices.col.date')}"><xsl:value-of select="sc:date(date)"/></td>
                <td data-label="{sc:t('invoices.col.due')}"><xsl:value-of select="sc:date(due)"/></td>
                <td data-label="{sc:t('invoices.col.status')}"><xsl:apply-templates select="." mode="invoice-status"/></td>
                <xsl:if test="$l/location">
                  <td class="num" data-label="{sc:t('invoices.col.location-amount')}"><xsl:value-of select="sc:money(location-amount, currency)"/></td>
                </xsl:if>
                <td class="num" data-label="{sc:t('invoices.col.amount')}"><xsl:value-of select="sc:money(total, currency)"/></td>
                <td class="num" data-label="{sc:t('invoices.col.remaining')}"><xsl:value-of select="sc:money(remaining, currency)"/></td>
                <td data-label="{sc:t('invoices.col.download')}">
                  <xsl:if test="not($view)">
                    <a href="{$href}/invoice.pdf">PDF<span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="number"/></span></a>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="sc:t('invoices.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="not($view)">
      <p class="meta"><a href="{$company}/einvoice"><xsl:value-of select="sc:t('invoices.einvoice-link')"/></a></p>
    </xsl:if>
  </xsl:template>

  <!-- An invoice's number, a credit note's with its kind before it. -->
  <xsl:template match="invoice" mode="invoices-number">
    <xsl:if test="@kind = 'credit-note'"><xsl:value-of select="sc:t('invoice.kind.credit-note')"/><xsl:text> </xsl:text></xsl:if>
    <xsl:value-of select="number"/>
  </xsl:template>
</xsl:stylesheet>
