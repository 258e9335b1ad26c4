<?xml version="1.0" encoding="UTF-8"?>
<!-- An invoice in the back office: its figures, lines, payments and credit
     notes, its PDF as the customer gets it, and the credit-note form. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-invoice">
    <xsl:apply-templates select="invoice" mode="heading"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-invoice">
    <xsl:variable name="i" select="invoice"/>
    <xsl:variable name="cur" select="$i/currency"/>
    <p><a href="/admin/billing"><xsl:value-of select="sc:t('admin.billing.back')"/></a></p>
    <h1><xsl:apply-templates select="$i" mode="heading"/></h1>
    <p><xsl:apply-templates select="$i" mode="invoice-status"/></p>
    <xsl:if test="$i/credits">
      <p><xsl:value-of select="sc:t('invoice.credits')"/><xsl:text> </xsl:text>
        <a href="/admin/invoices/{$i/credits/@id}"><xsl:value-of select="$i/credits"/></a></p>
    </xsl:if>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('invoice.customer')"/></dt><dd><xsl:value-of select="$i/customer/name"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.date')"/></dt><dd><xsl:value-of select="sc:date($i/date)"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.period')"/></dt><dd><xsl:value-of select="$i/period"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.total')"/></dt><dd><xsl:value-of select="sc:money($i/total, $cur)"/></dd>
      <dt><xsl:value-of select="sc:t('admin.invoice.paid')"/></dt><dd><xsl:value-of select="sc:money($i/paid, $cur)"/></dd>
      <xsl:if test="$i/credited">
        <dt><xsl:value-of select="sc:t('invoice.credited')"/></dt><dd><xsl:value-of select="sc:money($i/credited, $cur)"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('invoice.remaining')"/></dt><dd><xsl:value-of select="sc:money($i/remaining, $cur)"/></dd>
    </dl>
    <p><a href="/admin/invoices/{$i/@id}/invoice.pdf"><xsl:value-of select="sc:t('invoice.download.pdf')"/></a></p>

    <h2 id="lines-title"><xsl:value-of select="sc:t('invoice.specification')"/></h2>
    <table class="data stack" aria-labelledby="lines-title">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col"><xsl:value-of select="sc:t('invoice.col.description')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.net')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.vat')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.amount')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$i/lines/line">
          <tr>
            <td><xsl:value-of select="@no"/></td>
            <th scope="row"><xsl:value-of select="description"/><xsl:if test="subscription"><xsl:text> – </xsl:text><xsl:value-of select="subscription/ref"/></xsl:if></th>
            <td class="num"><xsl:value-of select="sc:money(net, $cur)"/></td>
            <td class="num"><xsl:value-of select="sc:money(vat, $cur)"/></td>
            <td class="num"><xsl:value-of select="sc:money(amount, $cur)"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>

    <h2 id="payments-title"><xsl:value-of select="sc:t('admin.invoice.payments')"/></h2>
    <xsl:choose>
      <xsl:when test="payments/payment">
        <ul aria-labelledby="payments-title">
          <xsl:for-each select="payments/payment">
            <li><xsl:value-of select="sc:date(date)"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(amount, $cur)"/>
              <xsl:if test="reference"><xsl:text> · </xsl:text><xsl:value-of select="reference"/></xsl:if></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.invoice.payments.none')"/></p></xsl:otherwise>
    </xsl:choose>

    <h2 id="credit-notes"><xsl:value-of select="sc:t('invoice.credited-by')"/></h2>
    <xsl:choose>
      <xsl:when test="$i/credited-by">
        <ul aria-labelledby="credit-notes">
          <xsl:for-each select="$i/credited-by">
            <li><a href="/admin/invoices/{@id}"><xsl:value-of select="."/></a>
              <xsl:text> · </xsl:text><xsl:value-of select="sc:date(@date)"/>
              <xsl:text> · </xsl:text><xsl:value-of select="sc:money(@total, $cur)"/></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.invoice.credit-notes.none')"/></p></xsl:otherwise>
    </xsl:choose>

    <xsl:if test="form">
      <h2><xsl:value-of select="sc:t('admin.invoice.credit')"/></h2>
      <xsl:if test="refused">
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="id" select="'credit-refused'"/>
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="refused/@code = 'number'"><xsl:value-of select="sc:t('admin.invoice.refused.number')"/></xsl:when>
              <xsl:when test="refused/@code = 'credit-note'"><xsl:value-of select="sc:t('admin.invoice.refused.credit-note')"/></xsl:when>
              <xsl:when test="refused/@code = 'credited'"><xsl:value-of select="sc:t('admin.invoice.refused.credited')"/></xsl:when>
              <xsl:when test="refused/@code = 'no-line'"><xsl:value-of select="sc:t('admin.invoice.refused.no-line')"/></xsl:when>
              <xsl:when test="refused/@code = 'line-twice'"><xsl:value-of select="sc:t('admin.invoice.refused.line-twice')"/></xsl:when>
              <xsl:when test="refused/@code = 'line-credited'"><xsl:value-of select="sc:t('admin.invoice.refused.line-credited')"/></xsl:when>
              <xsl:when test="refused/@code = 'rates'"><xsl:value-of select="sc:t('admin.invoice.refused.rates')"/></xsl:when>
              <xsl:when test="refused/@code = 'nothing'"><xsl:value-of select="sc:t('admin.invoice.refused.nothing')"/></xsl:when>
              <xsl:when test="refused/@code = 'over'"><xsl:value-of select="sc:t('admin.invoice.refused.over')"/></xsl:when>
              <xsl:when test="refused/@code = 'date'"><xsl:value-of select="sc:t('admin.invoice.refused.date')"/></xsl:when>
              <xsl:when test="refused/@code = 'form'"><xsl:value-of select="sc:t('admin.invoice.refused.form')"/></xsl:when>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form"/></xsl:call-template>
      <form method="post" action="/admin/invoices/{$i/@id}" class="form">
        <xsl:call-template name="hidden-fields"/>
        <fieldset>
          <legend><xsl:value-of select="sc:t('admin.invoice.credit.what')"/></legend>
          <xsl:variable name="what" select="form/value[@name = 'what']"/>
          <label><input type="radio" name="what" value="all">
            <xsl:if test="not($what) or $what = 'all'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.invoice.credit.all')"/></label>
          <label><input type="radio" name="what" value="lines">
            <xsl:if test="$what = 'lines'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.invoice.credit.lines')"/></label>
          <label><input type="radio" name="what" value="amount">
            <xsl:if test="$what = 'amount'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.invoice.credit.amount')"/></label>
          <xsl:apply-templates select="form/error[@field = 'what']"/>
        </fieldset>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="form"/>
          <xsl:with-param name="name" select="'lines'"/>
          <xsl:with-param name="label" select="sc:t('admin.invoice.credit.lines-label')"/>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="form"/>
          <xsl:with-param name="name" select="'amount'"/>
          <xsl:with-param name="label" select="sc:t('admin.invoice.credit.amount-label')"/>
          <xsl:with-param name="max" select="20"/>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.invoice.credit.submit')"/></button></p>
      </form>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
