<?xml version="1.0" encoding="UTF-8"?>
<!-- A bank file uploaded: the summary and each transaction, or why the
     file was refused; the form for the next file. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-payments-import">
    <xsl:value-of select="sc:t('bank.import.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-payments-import">
    <xsl:variable name="im" select="import"/>
    <h1><xsl:value-of select="sc:t('bank.import.title')"/></h1>
    <xsl:if test="$im/@file"><p class="meta"><code><xsl:value-of select="$im/@file"/></code></p></xsl:if>
    <xsl:choose>
      <xsl:when test="$im/refused">
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="id" select="'import-refused'"/>
          <xsl:with-param name="text">
            <xsl:call-template name="bank-import-refused"><xsl:with-param name="code" select="$im/refused/@code"/></xsl:call-template>
            <xsl:if test="$im/refused/@code = 'too-large'"><xsl:text> </xsl:text><xsl:value-of select="round(/page/@upload-max div 1024)"/> KiB.</xsl:if>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="$im/refused/why"><p><code class="why"><xsl:value-of select="$im/refused/why"/></code></p></xsl:if>
        <p><xsl:value-of select="sc:t('bank.import.nothing')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$im/@stopped">
          <xsl:call-template name="notice">
            <xsl:with-param name="kind" select="'error'"/>
            <xsl:with-param name="id" select="'import-stopped'"/>
            <xsl:with-param name="text" select="sc:t('bank.import.stopped')"/>
          </xsl:call-template>
        </xsl:if>
        <dl class="cards">
          <div class="card"><dt><xsl:value-of select="sc:t('bank.import.format')"/></dt><dd><xsl:value-of select="$im/@format"/></dd></div>
          <div class="card"><dt><xsl:value-of select="sc:t('bank.import.paid')"/></dt><dd><xsl:value-of select="$im/@paid"/></dd></div>
          <div class="card"><dt><xsl:value-of select="sc:t('bank.import.unmatched')"/></dt><dd><xsl:value-of select="$im/@unmatched"/></dd></div>
          <div class="card"><dt><xsl:value-of select="sc:t('bank.import.before')"/></dt><dd><xsl:value-of select="$im/@before"/></dd></div>
          <div class="card"><dt><xsl:value-of select="sc:t('bank.import.skipped')"/></dt><dd><xsl:value-of select="$im/@skipped"/></dd></div>
        </dl>
        <xsl:if test="$im/lines/line">
          <table class="data stack">
            <caption><xsl:value-of select="sc:t('bank.import.lines')"/></caption>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="sc:t('bank.col.ref')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('bank.col.date')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('bank.col.amount')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('bank.col.kid')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('bank.col.payer')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('bank.col.result')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$im/lines/line">
                <tr class="outcome-{@outcome}">
                  <th scope="row" data-label="{sc:t('bank.col.ref')}"><code><xsl:value-of select="ref"/></code></th>
                  <td data-label="{sc:t('bank.col.date')}"><time datetime="{date}"><xsl:value-of select="sc:date(date)"/></time></td>
                  <td class="num" data-label="{sc:t('bank.col.amount')}"><xsl:value-of select="sc:money(amount, amount/@currency)"/></td>
                  <td data-label="{sc:t('bank.col.kid')}"><xsl:value-of select="kid"/></td>
                  <td data-label="{sc:t('bank.col.payer')}"><xsl:value-of select="payer"/></td>
                  <td data-label="{sc:t('bank.col.result')}">
                    <xsl:call-template name="bank-outcome"><xsl:with-param name="code" select="@outcome"/></xsl:call-template>
                    <xsl:if test="@reason"><xsl:text>: </xsl:text><xsl:call-template name="bank-reason"><xsl:with-param name="code" select="@reason"/></xsl:call-template></xsl:if>
                    <xsl:if test="invoice">
                      <xsl:text>, </xsl:text><xsl:value-of select="sc:t('bank.col.invoice')"/><xsl:text> </xsl:text><xsl:value-of select="invoice"/>
                      <xsl:text> (</xsl:text><xsl:call-template name="bank-invoice-status"><xsl:with-param name="code" select="invoice/@status"/></xsl:call-template><xsl:text>)</xsl:text>
                      <xsl:text>, </xsl:text><xsl:value-of select="sc:t('bank.remaining')"/><xsl:text> </xsl:text><xsl:value-of select="sc:money(remaining, remaining/@currency)"/>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:if>
        <xsl:if test="$im/@unmatched &gt; 0">
          <p><a href="/admin/payments/unmatched"><xsl:value-of select="sc:t('bank.queue.link')"/></a></p>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="bank-upload-form"/>
    <p><a href="/admin/payments"><xsl:value-of select="sc:t('bank.back')"/></a></p>
  </xsl:template>

</xsl:stylesheet>
