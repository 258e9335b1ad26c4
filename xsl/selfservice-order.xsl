<?xml version="1.0" encoding="UTF-8"?>
<!-- Confirming an employee's order, <page name="selfservice-order">:
  GET/POST /companies/N/me/subscriptions/M/order/P. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.selfservice-order">
    <xsl:value-of select="sc:t('selfservice.confirm.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.selfservice-order">
    <xsl:variable name="c" select="confirm"/>
    <xsl:variable name="p" select="$c/product"/>
    <xsl:variable name="back" select="concat('/companies/', context/company/@id, '/me/subscriptions/', $c/@subscription)"/>
    <h1><xsl:value-of select="sc:t('selfservice.confirm.title')"/></h1>
    <dl class="glance">
      <dt><xsl:value-of select="sc:t('selfservice.confirm.product')"/></dt>
      <dd class="ss-product"><xsl:value-of select="$p/name"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.number')"/></dt>
      <dd class="ss-number"><xsl:value-of select="$c/ref"/><xsl:text> (</xsl:text><xsl:value-of select="$c/plan"/>)</dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.price')"/></dt>
      <dd><xsl:value-of select="sc:money($p/monthly, $p/monthly/@currency)"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></dd>
    </dl>
    <xsl:if test="$p/note"><p class="note"><xsl:value-of select="$p/note"/></p></xsl:if>
    <p class="ss-cost"><xsl:apply-templates select="$p/cost" mode="ss-cost"/></p>
    <xsl:if test="$p/approval"><p class="notice"><xsl:value-of select="sc:t('selfservice.confirm.approval')"/></p></xsl:if>
    <xsl:if test="$p/policy">
      <div class="ss-policy">
        <xsl:if test="$p/policy/text"><p><xsl:value-of select="$p/policy/text"/></p></xsl:if>
        <xsl:if test="$p/policy/url"><p><a href="{$p/policy/url}" rel="noopener noreferrer"><xsl:value-of select="sc:t('selfservice.policy.link')"/></a></p></xsl:if>
      </div>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$c/@phone = 'verified'">
        <form method="post" action="{$back}/order/{$p/@id}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('selfservice.confirm.ok')"/></button>
            <xsl:text> </xsl:text><a class="button button-secondary" href="{$back}"><xsl:value-of select="sc:t('selfservice.confirm.cancel')"/></a></p>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="notice" role="alert"><xsl:value-of select="sc:t('selfservice.verify-first')"/>
          <xsl:text> </xsl:text><a href="/companies/{context/company/@id}/me/phone"><xsl:value-of select="sc:t('employee.phone.go')"/></a></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
