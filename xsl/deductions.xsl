<?xml version="1.0" encoding="UTF-8"?>
<!-- A month's payroll deductions, <page name="deductions">:
  GET /companies/N/deductions?month=YYYY-MM, and its CSV. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.deductions">
    <xsl:value-of select="sc:t('deductions.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.deductions">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/deductions')"/>
    <xsl:variable name="d" select="deductions"/>
    <h1 id="deductions-title"><xsl:value-of select="sc:t('deductions.title')"/><xsl:text> </xsl:text><xsl:value-of select="$d/@month"/></h1>
    <form method="get" action="{$base}" class="form inline">
      <label for="month"><xsl:value-of select="sc:t('deductions.month')"/></label>
      <input type="month" name="month" id="month" value="{$d/@month}"/>
      <button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('deductions.show')"/></button>
    </form>
    <xsl:choose>
      <xsl:when test="$d/list/deduction">
        <table class="data stack" aria-labelledby="deductions-title">
          <thead><tr>
            <th scope="col"><xsl:value-of select="sc:t('deductions.col.number')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('deductions.col.name')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('deductions.col.what')"/></th>
            <th scope="col" class="num"><xsl:value-of select="sc:t('deductions.col.amount')"/></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="$d/list/deduction">
              <tr>
                <td data-label="{sc:t('deductions.col.number')}"><xsl:value-of select="employee-number"/></td>
                <th scope="row" data-label="{sc:t('deductions.col.name')}"><xsl:value-of select="name"/></th>
                <td data-label="{sc:t('deductions.col.what')}"><xsl:value-of select="what"/></td>
                <td class="num" data-label="{sc:t('deductions.col.amount')}"><xsl:value-of select="sc:money(amount, amount/@currency)"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <p><a class="button" href="{$base}.csv?month={$d/@month}"><xsl:value-of select="sc:t('deductions.csv')"/></a></p>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('deductions.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
