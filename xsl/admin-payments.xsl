<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's payments: a payment by hand, a bank file to upload,
     the queue waiting, and the payments of an invoice or a company. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-payments">
    <xsl:value-of select="sc:t('bank.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-payments">
    <xsl:variable name="f" select="form[@name = 'pay']"/>
    <h1><xsl:value-of select="sc:t('bank.title')"/></h1>
    <p>
      <a href="/admin/payments/unmatched"><xsl:value-of select="sc:t('bank.queue.link')"/></a>
      <xsl:text>: </xsl:text><xsl:value-of select="unmatched-open"/>
    </p>

    <h2 id="pay-title"><xsl:value-of select="sc:t('bank.pay.title')"/></h2>
    <p><xsl:value-of select="sc:t('bank.pay.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <xsl:apply-templates select="refused"/>
    <form method="post" action="/admin/payments" class="form" aria-labelledby="pay-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'invoice'"/>
        <xsl:with-param name="label" select="sc:t('bank.pay.invoice')"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'amount'"/>
        <xsl:with-param name="label" select="sc:t('bank.pay.amount')"/>
        <xsl:with-param name="max" select="32"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'date'"/>
        <xsl:with-param name="label" select="sc:t('bank.pay.date')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="value">
          <xsl:choose>
            <xsl:when test="$f/value[@name = 'date']"><xsl:value-of select="$f/value[@name = 'date']"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="today"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'reference'"/>
        <xsl:with-param name="label" select="sc:t('bank.pay.reference')"/>
        <xsl:with-param name="max" select="64"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('bank.pay.submit')"/></button></p>
    </form>

    <xsl:call-template name="bank-upload-form"/>

    <h2 id="list-title"><xsl:value-of select="sc:t('bank.list.title')"/></h2>
    <form method="get" action="/admin/payments" class="search" role="search">
      <label for="list-invoice"><xsl:value-of select="sc:t('bank.list.invoice')"/></label>
      <input id="list-invoice" name="invoice" type="search" value="{payments/@invoice}" maxlength="24"/>
      <label for="list-company"><xsl:value-of select="sc:t('bank.list.company')"/></label>
      <input id="list-company" name="company" type="search" value="{payments/@company}" maxlength="100"/>
      <button type="submit" class="button"><xsl:value-of select="sc:t('bank.list.submit')"/></button>
    </form>
    <xsl:choose>
      <xsl:when test="payments/payment">
        <table class="data stack" aria-labelledby="list-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('bank.col.date')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bank.col.invoice')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bank.col.company')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('bank.col.amount')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bank.col.reference')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bank.col.how')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="payments/payment">
              <tr>
                <td data-label="{sc:t('bank.col.date')}"><time datetime="{date}"><xsl:value-of select="sc:date(date)"/></time></td>
                <th scope="row" data-label="{sc:t('bank.col.invoice')}">
                  <xsl:value-of select="invoice"/>
                  <xsl:text> </xsl:text>
                  <span class="badge badge-{invoice/@status}"><xsl:call-template name="bank-invoice-status"><xsl:with-param name="code" select="invoice/@status"/></xsl:call-template></span>
                </th>
                <td data-label="{sc:t('bank.col.company')}"><xsl:value-of select="company"/></td>
                <td class="num" data-label="{sc:t('bank.col.amount')}"><xsl:value-of select="sc:money(amount, amount/@currency)"/></td>
                <td data-label="{sc:t('bank.col.reference')}"><xsl:value-of select="reference"/></td>
                <td data-label="{sc:t('bank.col.how')}">
                  <xsl:choose>
                    <xsl:when test="file"><xsl:call-template name="bank-source"><xsl:with-param name="code" select="file/@source"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="file"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="sc:t('bank.source.hand')"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <p class="meta"><xsl:value-of select="sc:t('bank.list.latest')"/><xsl:text> </xsl:text><xsl:value-of select="payments/@max"/></p>
      </xsl:when>
      <xsl:when test="payments/@bad"><p class="empty"><xsl:value-of select="sc:t('bank.list.bad-invoice')"/></p></xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('bank.list.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The upload of a bank file (also on the result page, for the next). -->
  <xsl:template name="bank-upload-form">
    <h2 id="upload-title"><xsl:value-of select="sc:t('bank.upload.title')"/></h2>
    <p><xsl:value-of select="sc:t('bank.upload.intro')"/><xsl:text> </xsl:text><xsl:value-of select="round(/page/@upload-max div 1024)"/> KiB.</p>
    <form method="post" action="/admin/payments/upload" enctype="multipart/form-data" class="form" aria-labelledby="upload-title">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="upload-file"><xsl:value-of select="sc:t('bank.upload.file')"/></label>
        <input id="upload-file" name="file" type="file" required="required" accept=".xml,.txt,.ocr,text/xml,application/xml,text/plain"/>
      </div>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('bank.upload.submit')"/></button></p>
    </form>
  </xsl:template>

  <!-- Why a payment was not registered. -->
  <xsl:template match="refused[not(parent::import)]">
    <xsl:call-template name="notice">
      <xsl:with-param name="kind" select="'error'"/>
      <xsl:with-param name="id" select="'pay-refused'"/>
      <xsl:with-param name="text">
        <xsl:call-template name="bank-refused"><xsl:with-param name="code" select="@code"/></xsl:call-template>
        <xsl:if test="remaining">
          <xsl:text> </xsl:text><xsl:value-of select="sc:t('bank.remaining')"/><xsl:text> </xsl:text>
          <xsl:value-of select="sc:money(remaining, remaining/@currency)"/>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The codes of the payment pages by name. -->
  <xsl:template name="bank-outcome">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'paid'"><xsl:value-of select="sc:t('bank.outcome.paid')"/></xsl:when>
      <xsl:when test="$code = 'unmatched'"><xsl:value-of select="sc:t('bank.outcome.unmatched')"/></xsl:when>
      <xsl:when test="$code = 'before'"><xsl:value-of select="sc:t('bank.outcome.before')"/></xsl:when>
      <xsl:when test="$code = 'skipped'"><xsl:value-of select="sc:t('bank.outcome.skipped')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-reason">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'no_kid'"><xsl:value-of select="sc:t('bank.reason.no_kid')"/></xsl:when>
      <xsl:when test="$code = 'invalid_kid'"><xsl:value-of select="sc:t('bank.reason.invalid_kid')"/></xsl:when>
      <xsl:when test="$code = 'unknown_kid'"><xsl:value-of select="sc:t('bank.reason.unknown_kid')"/></xsl:when>
      <xsl:when test="$code = 'ambiguous_kid'"><xsl:value-of select="sc:t('bank.reason.ambiguous_kid')"/></xsl:when>
      <xsl:when test="$code = 'credit_note'"><xsl:value-of select="sc:t('bank.reason.credit_note')"/></xsl:when>
      <xsl:when test="$code = 'credited'"><xsl:value-of select="sc:t('bank.reason.credited')"/></xsl:when>
      <xsl:when test="$code = 'currency'"><xsl:value-of select="sc:t('bank.reason.currency')"/></xsl:when>
      <xsl:when test="$code = 'overpaid'"><xsl:value-of select="sc:t('bank.reason.overpaid')"/></xsl:when>
      <xsl:when test="$code = 'reversal'"><xsl:value-of select="sc:t('bank.reason.reversal')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-source">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'camt054'"><xsl:value-of select="sc:t('bank.source.camt054')"/></xsl:when>
      <xsl:when test="$code = 'ocr'"><xsl:value-of select="sc:t('bank.source.ocr')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-refused">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'not-found'"><xsl:value-of select="sc:t('bank.refused.not-found')"/></xsl:when>
      <xsl:when test="$code = 'ambiguous'"><xsl:value-of select="sc:t('bank.refused.ambiguous')"/></xsl:when>
      <xsl:when test="$code = 'credit-note'"><xsl:value-of select="sc:t('bank.refused.credit-note')"/></xsl:when>
      <xsl:when test="$code = 'credited'"><xsl:value-of select="sc:t('bank.refused.credited')"/></xsl:when>
      <xsl:when test="$code = 'currency'"><xsl:value-of select="sc:t('bank.refused.currency')"/></xsl:when>
      <xsl:when test="$code = 'over'"><xsl:value-of select="sc:t('bank.refused.over')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-import-refused">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'no-file'"><xsl:value-of select="sc:t('bank.import.refused.no-file')"/></xsl:when>
      <xsl:when test="$code = 'too-large'"><xsl:value-of select="sc:t('bank.import.refused.too-large')"/></xsl:when>
      <xsl:when test="$code = 'not-bank-file'"><xsl:value-of select="sc:t('bank.import.refused.not-bank-file')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-settled">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'paired'"><xsl:value-of select="sc:t('bank.settled.paired')"/></xsl:when>
      <xsl:when test="$code = 'refunded'"><xsl:value-of select="sc:t('bank.settled.refunded')"/></xsl:when>
      <xsl:when test="$code = 'ignored'"><xsl:value-of select="sc:t('bank.settled.ignored')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-settle-label">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'pair'"><xsl:value-of select="sc:t('bank.settle.pair')"/></xsl:when>
      <xsl:when test="$code = 'refunded'"><xsl:value-of select="sc:t('bank.settle.refunded')"/></xsl:when>
      <xsl:when test="$code = 'ignored'"><xsl:value-of select="sc:t('bank.settle.ignored')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bank-invoice-status">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'unpaid'"><xsl:value-of select="sc:t('invoice.status.unpaid')"/></xsl:when>
      <xsl:when test="$code = 'partly-paid'"><xsl:value-of select="sc:t('invoice.status.partly-paid')"/></xsl:when>
      <xsl:when test="$code = 'paid'"><xsl:value-of select="sc:t('invoice.status.paid')"/></xsl:when>
      <xsl:when test="$code = 'credited'"><xsl:value-of select="sc:t('invoice.status.credited')"/></xsl:when>
      <xsl:when test="$code = 'credit'"><xsl:value-of select="sc:t('invoice.status.credit')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
