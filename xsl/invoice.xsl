<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- One invoice, specified: the lines grouped per subscription (with its
    user, location and cost centre), each group's sum, the VAT summary and
    the totals; PDF, CSV and EHF downloads.
  -->
  <xsl:key name="by-subscription" match="line" use="string(subscription/ref)"/>

  <xsl:template match="page" mode="title.invoice">
    <xsl:apply-templates select="invoice" mode="heading"/>
  </xsl:template>

  <xsl:template match="invoice" mode="heading">
    <xsl:choose>
      <xsl:when test="@kind = 'credit-note'"><xsl:value-of select="sc:t('invoice.kind.credit-note')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('invoice.kind.invoice')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text><xsl:value-of select="number"/>
  </xsl:template>

  <xsl:template match="page" mode="content.invoice">
    <xsl:variable name="i" select="invoice"/>
    <xsl:variable name="company" select="concat('/companies/', context/company/@id)"/>
    <xsl:variable name="href" select="concat($company, '/invoices/', $i/@id)"/>
    <xsl:variable name="cur" select="$i/currency"/>
    <p><a href="{$company}/invoices?year={substring($i/date, 1, 4)}"><xsl:value-of select="sc:t('invoice.back')"/></a></p>
    <h1 id="invoice-title"><xsl:apply-templates select="$i" mode="heading"/></h1>
    <p><xsl:apply-templates select="$i" mode="invoice-status"/></p>
    <xsl:if test="$i/credits">
      <p><xsl:value-of select="sc:t('invoice.credits')"/><xsl:text> </xsl:text>
        <a href="{$company}/invoices/{$i/credits/@id}"><xsl:value-of select="$i/credits"/></a></p>
    </xsl:if>
    <xsl:if test="$i/credited-by">
      <p id="credit-notes"><xsl:value-of select="sc:t('invoice.credited-by')"/></p>
      <ul class="credit-notes" aria-labelledby="credit-notes">
        <xsl:for-each select="$i/credited-by">
          <li><a href="{$company}/invoices/{@id}"><xsl:value-of select="."/></a>
            <xsl:text> · </xsl:text><xsl:value-of select="sc:date(@date)"/>
            <xsl:text> · </xsl:text><xsl:value-of select="sc:money(@total, $cur)"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('invoice.date')"/></dt><dd><xsl:value-of select="sc:date($i/date)"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.due')"/></dt><dd><xsl:value-of select="sc:date($i/due)"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.period')"/></dt><dd><xsl:value-of select="$i/period"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.account')"/></dt><dd><xsl:value-of select="$i/customer/@account"/></dd>
      <dt><xsl:value-of select="sc:t('invoice.payment-ref')"/></dt><dd><xsl:value-of select="$i/payment-ref"/></dd>
      <xsl:if test="$i/issuer/bank-account">
        <dt><xsl:value-of select="sc:t('invoice.bank-account')"/></dt><dd><xsl:value-of select="$i/issuer/bank-account"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('invoice.total')"/></dt><dd><xsl:value-of select="sc:money($i/total, $cur)"/></dd>
      <xsl:if test="$i/credited != 0">
        <dt><xsl:value-of select="sc:t('invoice.credited')"/></dt><dd><xsl:value-of select="sc:money($i/credited, $cur)"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('invoice.remaining')"/></dt><dd><xsl:value-of select="sc:money($i/remaining, $cur)"/></dd>
    </dl>
    <ul class="downloads">
      <li><a href="{$href}/invoice.pdf"><xsl:value-of select="sc:t('invoice.download.pdf')"/></a></li>
      <li><a href="{$href}/specification.csv"><xsl:value-of select="sc:t('invoice.download.csv')"/></a></li>
      <li><a href="{$href}/ehf"><xsl:value-of select="sc:t('invoice.download.ehf')"/></a></li>
    </ul>
    <div class="parties">
      <section aria-labelledby="issuer-h">
        <h2 id="issuer-h"><xsl:value-of select="sc:t('invoice.issuer')"/></h2>
        <xsl:apply-templates select="$i/issuer" mode="address"/>
      </section>
      <section aria-labelledby="customer-h">
        <h2 id="customer-h"><xsl:value-of select="sc:t('invoice.customer')"/></h2>
        <xsl:apply-templates select="$i/customer" mode="address"/>
      </section>
    </div>

    <h2 id="spec-h"><xsl:value-of select="sc:t('invoice.specification')"/></h2>
    <!-- One group per subscription (first line of each ref), in line order. -->
    <xsl:for-each select="$i/lines/line[generate-id() = generate-id(key('by-subscription', string(subscription/ref))[1])]">
      <xsl:variable name="group" select="key('by-subscription', string(subscription/ref))"/>
      <section class="spec-group" aria-labelledby="g-{@no}">
        <h3 id="g-{@no}">
          <xsl:choose>
            <xsl:when test="subscription">
              <xsl:value-of select="subscription/ref"/>
              <xsl:if test="user"><xsl:text> – </xsl:text><xsl:value-of select="user"/></xsl:if>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('invoice.other-charges')"/></xsl:otherwise>
          </xsl:choose>
        </h3>
        <p class="meta">
          <xsl:if test="location">
            <xsl:value-of select="sc:t('invoice.location')"/><xsl:text> </xsl:text>
            <xsl:value-of select="location/number"/><xsl:text> </xsl:text><xsl:value-of select="location/name"/>
          </xsl:if>
          <xsl:if test="location and cost-centre"><xsl:text> · </xsl:text></xsl:if>
          <xsl:if test="cost-centre">
            <xsl:value-of select="sc:t('invoice.cost-centre')"/><xsl:text> </xsl:text><xsl:value-of select="cost-centre"/>
          </xsl:if>
        </p>
        <table class="data stack lines">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('invoice.col.description')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoice.col.period')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.quantity')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.unit-price')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.net')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.vat')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.amount')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$group">
              <tr>
                <th scope="row" data-label="{sc:t('invoice.col.description')}"><xsl:value-of select="description"/></th>
                <td data-label="{sc:t('invoice.col.period')}">
                  <xsl:value-of select="sc:date(from)"/>
                  <xsl:if test="to != from"><xsl:text> – </xsl:text><xsl:value-of select="sc:date(to)"/></xsl:if>
                </td>
                <td class="num" data-label="{sc:t('invoice.col.quantity')}"><xsl:apply-templates select="quantity" mode="invoice"/></td>
                <td class="num" data-label="{sc:t('invoice.col.unit-price')}"><xsl:value-of select="sc:money(unit-price, $cur)"/></td>
                <td class="num" data-label="{sc:t('invoice.col.net')}"><xsl:value-of select="sc:money(net, $cur)"/></td>
                <td class="num" data-label="{sc:t('invoice.col.vat')}"><xsl:value-of select="sc:money(vat, $cur)"/><xsl:text> (</xsl:text><xsl:call-template name="percent"><xsl:with-param name="rate" select="vat-rate"/></xsl:call-template><xsl:text>)</xsl:text></td>
                <td class="num" data-label="{sc:t('invoice.col.amount')}"><xsl:value-of select="sc:money(amount, $cur)"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
          <xsl:if test="count($group) &gt; 1">
            <tfoot>
              <tr>
                <th scope="row" colspan="6"><xsl:value-of select="sc:t('invoice.group-sum')"/></th>
                <td class="num"><xsl:value-of select="sc:money(format-number(sum($group/amount), '0.00'), $cur)"/></td>
              </tr>
            </tfoot>
          </xsl:if>
        </table>
      </section>
    </xsl:for-each>

    <h2 id="totals-h"><xsl:value-of select="sc:t('invoice.totals')"/></h2>
    <table class="data totals" aria-labelledby="totals-h">
      <tbody>
        <xsl:for-each select="$i/vat-summary/rate">
          <tr>
            <th scope="row"><xsl:value-of select="sc:t('invoice.vat-of')"/><xsl:text> </xsl:text><xsl:call-template name="percent"><xsl:with-param name="rate" select="@percent"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="sc:t('invoice.vat-base')"/><xsl:text> </xsl:text><xsl:value-of select="sc:money(base, $cur)"/></th>
            <td class="num"><xsl:value-of select="sc:money(vat, $cur)"/></td>
          </tr>
        </xsl:for-each>
        <tr><th scope="row"><xsl:value-of select="sc:t('invoice.net')"/></th><td class="num"><xsl:value-of select="sc:money($i/net, $cur)"/></td></tr>
        <tr><th scope="row"><xsl:value-of select="sc:t('invoice.vat')"/></th><td class="num"><xsl:value-of select="sc:money($i/vat, $cur)"/></td></tr>
        <tr class="total"><th scope="row"><xsl:value-of select="sc:t('invoice.total')"/></th><td class="num"><xsl:value-of select="sc:money($i/total, $cur)"/></td></tr>
        <xsl:if test="$i/credited != 0">
          <tr><th scope="row"><xsl:value-of select="sc:t('invoice.credited')"/></th><td class="num"><xsl:value-of select="sc:money($i/credited, $cur)"/></td></tr>
        </xsl:if>
        <tr><th scope="row"><xsl:value-of select="sc:t('invoice.paid')"/></th><td class="num"><xsl:value-of select="sc:money($i/paid, $cur)"/></td></tr>
        <tr><th scope="row"><xsl:value-of select="sc:t('invoice.remaining')"/></th><td class="num"><xsl:value-of select="sc:money($i/remaining, $cur)"/></td></tr>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="quantity" mode="invoice">
    <xsl:choose>
      <xsl:when test="@unit = 'day'">
        <xsl:value-of select="."/>/<xsl:value-of select="../base-quantity"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('invoice.unit.days')"/>
      </xsl:when>
      <xsl:when test="@unit = 'month'">
        <xsl:value-of select="."/><xsl:text> </xsl:text><xsl:value-of select="sc:t('invoice.unit.month')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="."/><xsl:text> </xsl:text><xsl:value-of select="sc:t('invoice.unit.piece')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="issuer | customer" mode="address">
    <p class="address">
      <xsl:value-of select="name"/><br/>
      <xsl:value-of select="street"/><br/>
      <xsl:value-of select="postcode"/><xsl:text> </xsl:text><xsl:value-of select="city"/><br/>
      <xsl:value-of select="sc:t('invoice.orgnr')"/><xsl:text> </xsl:text><xsl:value-of select="orgnr"/>
      <xsl:if test="vat-id"><br/><xsl:value-of select="vat-id"/></xsl:if>
    </p>
  </xsl:template>
</xsl:stylesheet>
