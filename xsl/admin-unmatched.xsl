<?xml version="1.0" encoding="UTF-8"?>
<!-- The queue of credits that paid no invoice: each with what the bank
     said of it and a form to pair it with an invoice or settle it as
     refunded or ignored; the settled ones on request. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-unmatched">
    <xsl:value-of select="sc:t('bank.queue.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-unmatched">
    <xsl:variable name="q" select="queue"/>
    <h1><xsl:value-of select="sc:t('bank.queue.title')"/></h1>
    <p><xsl:value-of select="sc:t('bank.queue.intro')"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('bank.queue.open')"/><xsl:text> </xsl:text><xsl:value-of select="$q/unmatched-open"/>.</p>
    <p>
      <xsl:choose>
        <xsl:when test="$q/@all = 'yes'"><a href="/admin/payments/unmatched"><xsl:value-of select="sc:t('bank.queue.only-open')"/></a></xsl:when>
        <xsl:otherwise><a href="/admin/payments/unmatched?all=yes"><xsl:value-of select="sc:t('bank.queue.all')"/></a></xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:if test="not($q/credit)"><p class="empty"><xsl:value-of select="sc:t('bank.queue.empty')"/></p></xsl:if>
    <xsl:for-each select="$q/credit">
      <section class="credit" id="credit-{@id}" aria-labelledby="credit-{@id}-title">
        <h2 id="credit-{@id}-title">
          <xsl:value-of select="sc:money(amount, amount/@currency)"/>
          <xsl:text>, </xsl:text><time datetime="{date}"><xsl:value-of select="sc:date(date)"/></time>
        </h2>
        <dl class="facts">
          <dt><xsl:value-of select="sc:t('bank.col.reason')"/></dt><dd><xsl:call-template name="bank-reason"><xsl:with-param name="code" select="@reason"/></xsl:call-template></dd>
          <dt><xsl:value-of select="sc:t('bank.col.kid')"/></dt><dd><xsl:value-of select="kid"/><xsl:if test="kid-invoice"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('bank.col.invoice')"/><xsl:text> </xsl:text><xsl:value-of select="kid-invoice"/><xsl:text>)</xsl:text></xsl:if></dd>
          <dt><xsl:value-of select="sc:t('bank.col.payer')"/></dt><dd><xsl:value-of select="payer"/></dd>
          <dt><xsl:value-of select="sc:t('bank.col.ref')"/></dt><dd><code><xsl:value-of select="ref"/></code><xsl:text> </xsl:text>(<xsl:call-template name="bank-source"><xsl:with-param name="code" select="@source"/></xsl:call-template><xsl:if test="file"><xsl:text> </xsl:text><xsl:value-of select="file"/></xsl:if>)</dd>
        </dl>
        <xsl:choose>
          <xsl:when test="settled">
            <p>
              <span class="badge badge-{settled/@as}"><xsl:call-template name="bank-settled"><xsl:with-param name="code" select="settled/@as"/></xsl:call-template></span>
              <xsl:if test="settled/invoice"><xsl:text> </xsl:text><xsl:value-of select="sc:t('bank.col.invoice')"/><xsl:text> </xsl:text><xsl:value-of select="settled/invoice"/></xsl:if>
              <xsl:text>, </xsl:text><xsl:value-of select="settled/by"/><xsl:text>, </xsl:text>
              <time datetime="{settled/at}"><xsl:value-of select="sc:datetime(settled/at)"/></time>
            </p>
            <xsl:if test="settled/note"><p class="note"><xsl:value-of select="settled/note"/></p></xsl:if>
            <xsl:if test="form/error[@code = 'closed']"><p class="error"><xsl:value-of select="sc:t('bank.queue.closed')"/></p></xsl:if>
          </xsl:when>
          <xsl:otherwise><xsl:call-template name="bank-settle-form"/></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:for-each>
    <p><a href="/admin/payments"><xsl:value-of select="sc:t('bank.back')"/></a></p>
  </xsl:template>

  <!-- Pair with an invoice (by its number), or settle with a note. -->
  <xsl:template name="bank-settle-form">
    <xsl:variable name="f" select="form[@name = 'settle']"/>
    <xsl:variable name="id" select="concat('settle-', @id)"/>
    <xsl:variable name="action">
      <xsl:choose>
        <xsl:when test="$f/value[@name = 'action']"><xsl:value-of select="$f/value[@name = 'action']"/></xsl:when>
        <xsl:otherwise>pair</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <xsl:if test="$f/error[@code = 'closed']"><p class="error"><xsl:value-of select="sc:t('bank.queue.closed')"/></p></xsl:if>
    <xsl:if test="$f/error[@code = 'not-allowed']"><p class="error"><xsl:value-of select="sc:t('bank.queue.reversal')"/></p></xsl:if>
    <xsl:apply-templates select="refused"/>
    <form method="post" action="/admin/payments/unmatched" class="form">
      <xsl:call-template name="hidden-fields"/>
      <input type="hidden" name="credit" value="{@id}"/>
      <fieldset>
        <legend><xsl:value-of select="sc:t('bank.settle.legend')"/></legend>
        <xsl:call-template name="bank-action"><xsl:with-param name="code" select="'pair'"/><xsl:with-param name="chosen" select="$action"/></xsl:call-template>
        <xsl:call-template name="bank-action"><xsl:with-param name="code" select="'refunded'"/><xsl:with-param name="chosen" select="$action"/></xsl:call-template>
        <xsl:call-template name="bank-action"><xsl:with-param name="code" select="'ignored'"/><xsl:with-param name="chosen" select="$action"/></xsl:call-template>
      </fieldset>
      <div class="field">
        <label for="{$id}-invoice"><xsl:value-of select="sc:t('bank.settle.invoice')"/></label>
        <input id="{$id}-invoice" name="invoice" type="text" maxlength="24" >
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="$f"><xsl:value-of select="$f/value[@name = 'invoice']"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="kid-invoice"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </input>
      </div>
      <div class="field">
        <label for="{$id}-note"><xsl:value-of select="sc:t('bank.settle.note')"/></label>
        <textarea id="{$id}-note" name="note" rows="2" maxlength="500"><xsl:value-of select="$f/value[@name = 'note']"/></textarea>
      </div>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('bank.settle.submit')"/></button></p>
    </form>
  </xsl:template>

  <xsl:template name="bank-action">
    <xsl:param name="code"/>
    <xsl:param name="chosen"/>
    <label>
      <input type="radio" name="action" value="{$code}">
        <xsl:if test="$code = $chosen"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <xsl:text> </xsl:text><xsl:call-template name="bank-settle-label"><xsl:with-param name="code" select="$code"/></xsl:call-template>
    </label>
  </xsl:template>

</xsl:stylesheet>
