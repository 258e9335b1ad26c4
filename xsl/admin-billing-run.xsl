<?xml version="1.0" encoding="UTF-8"?>
<!-- A billing run: its state and counts (a link refreshes the page while
     it works), then its invoices, their PDFs and the mails they went out
     with. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-billing-run">
    <xsl:value-of select="sc:t('admin.billing.run')"/><xsl:text> </xsl:text><xsl:value-of select="run/period"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-billing-run">
    <xsl:variable name="r" select="run"/>
    <p><a href="/admin/billing"><xsl:value-of select="sc:t('admin.billing.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('admin.billing.run')"/><xsl:text> </xsl:text><xsl:value-of select="$r/period"/></h1>
    <p id="run-state"><xsl:apply-templates select="$r/@state" mode="admin-billing"/></p>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('admin.billing.invoice-date')"/></dt><dd><xsl:value-of select="sc:date($r/invoice-date)"/></dd>
      <dt><xsl:value-of select="sc:t('admin.billing.accounts')"/></dt><dd><xsl:value-of select="$r/accounts-done"/> / <xsl:value-of select="$r/accounts"/></dd>
      <dt><xsl:value-of select="sc:t('admin.billing.failed')"/></dt><dd><xsl:value-of select="$r/accounts-failed"/></dd>
      <dt><xsl:value-of select="sc:t('admin.billing.invoices')"/></dt><dd><xsl:value-of select="$r/invoices"/></dd>
      <dt><xsl:value-of select="sc:t('admin.billing.started-by')"/></dt><dd><xsl:value-of select="$r/staff"/></dd>
    </dl>
    <xsl:if test="$r/@state = 'queued' or $r/@state = 'running'">
      <p><a class="button" href="/admin/billing/runs/{$r/@id}"><xsl:value-of select="sc:t('admin.billing.refresh')"/></a></p>
    </xsl:if>
    <xsl:if test="invoices/invoice">
      <h2 id="run-invoices"><xsl:value-of select="sc:t('admin.billing.invoices')"/></h2>
      <table class="data stack" aria-labelledby="run-invoices">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="sc:t('admin.billing.number')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('admin.billing.company')"/></th>
            <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.total')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('admin.billing.mails')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('admin.billing.pdf')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="invoices/invoice">
            <tr>
              <th scope="row"><a href="/admin/invoices/{@id}"><xsl:value-of select="number"/></a></th>
              <td><xsl:value-of select="company-name"/></td>
              <td class="num"><xsl:value-of select="sc:money(total, currency)"/></td>
              <td><xsl:value-of select="mails/@sent"/> / <xsl:value-of select="mails/@queued"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.billing.mails.sent')"/></td>
              <td><a href="/admin/invoices/{@id}/invoice.pdf">PDF</a></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
