<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Top-ups: the packages under a subscription's meter on the usage
       pages (a link to confirm each one that can be bought; one that
       cannot yet, with its date), and the confirmation page. -->
  <xsl:template match="topups" mode="topups">
    <xsl:param name="sub"/>
    <section class="topups" aria-labelledby="topups-{$sub/@id}">
      <h3 id="topups-{$sub/@id}"><xsl:value-of select="sc:t('topup.title')"/></h3>
      <p><xsl:value-of select="sc:t('topup.intro')"/></p>
      <xsl:choose>
        <xsl:when test="package">
          <ul class="topup-packages">
            <xsl:for-each select="package">
              <li class="topup-package">
                <span class="topup-name"><xsl:value-of select="name"/></span>
                <xsl:text> </xsl:text>
                <span class="topup-price"><xsl:value-of select="sc:money(price, price/@currency)"/></span>
                <xsl:choose>
                  <xsl:when test="@orderable = 'no'">
                    <xsl:text> </xsl:text>
                    <span class="topup-from"><xsl:value-of select="sc:t('topup.available-from')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(@available-from)"/></span>
                  </xsl:when>
                  <xsl:when test="../@may-buy">
                    <xsl:text> </xsl:text>
                    <a class="topup-choose" href="/companies/{/page/context/company/@id}/subscriptions/{$sub/@id}/topup?product={@id}"><xsl:value-of select="sc:t('topup.choose')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="name"/></span></a>
                  </xsl:when>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('topup.none')"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@may-buy and package[@orderable = 'yes']">
        <p class="topup-auto"><a href="/companies/{/page/context/company/@id}/subscriptions/{$sub/@id}/auto-topup"><xsl:value-of select="sc:t('autotopup.title')"/></a></p>
      </xsl:if>
      <xsl:if test="/page/context/company/@role = 'admin'"><xsl:call-template name="limit-link"><xsl:with-param name="sub" select="$sub"/></xsl:call-template></xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="page" mode="title.topup">
    <xsl:value-of select="sc:t('topup.title')"/> – <xsl:value-of select="topup/subscription/ref"/>
  </xsl:template>

  <xsl:template match="page" mode="content.topup">
    <xsl:variable name="t" select="topup"/>
    <xsl:variable name="p" select="$t/package"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $t/subscription/@id)"/>
    <p class="back"><a class="back-link" href="{$base}/usage"><xsl:value-of select="sc:t('topup.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('topup.title')"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('topup.subscription')"/></dt><dd><xsl:value-of select="$t/subscription/product"/> (<xsl:value-of select="$t/subscription/ref"/>)</dd>
      <dt><xsl:value-of select="sc:t('topup.package')"/></dt><dd><xsl:value-of select="$p/name"/></dd>
      <dt><xsl:value-of select="sc:t('order.net')"/></dt><dd><xsl:value-of select="sc:money($p/price, $p/price/@currency)"/></dd>
      <xsl:if test="$p/vat">
        <dt><xsl:value-of select="sc:t('order.vat')"/></dt><dd><xsl:value-of select="sc:money($p/vat, $p/vat/@currency)"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('order.total')"/></dt><dd><xsl:value-of select="sc:money($p/total, $p/total/@currency)"/></dd>
    </dl>
    <xsl:choose>
      <xsl:when test="$p/@orderable = 'no'">
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="id" select="'topup-not-yet'"/>
          <xsl:with-param name="text" select="concat(sc:t('topup.not-yet'), ' ', sc:date($p/@available-from), '.')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="form/error[@code = 'over-limit']">
        <xsl:call-template name="limit-refused"/>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:value-of select="sc:t('topup.next-invoice')"/></p>
        <form method="post" action="{$base}/topup" class="form">
          <xsl:call-template name="hidden-fields"/>
          <input type="hidden" name="product" value="{$p/@id}"/>
          <p class="actions"><button type="submit" class="button"><xsl:value-of select="sc:t('topup.buy')"/></button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
