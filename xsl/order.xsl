<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- One order: what, where to, its timeline; cancelled while nobody works on it. -->
  <xsl:template match="page" mode="title.order">
    <xsl:value-of select="sc:t('order.title')"/><xsl:text> </xsl:text><xsl:value-of select="order/@id"/>
  </xsl:template>

  <xsl:template match="page" mode="content.order">
    <xsl:variable name="o" select="order"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/orders"><xsl:value-of select="sc:t('orders.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('order.title')"/><xsl:text> </xsl:text><xsl:value-of select="$o/@id"/></h1>
    <xsl:if test="form/error">
      <xsl:call-template name="notice">
        <xsl:with-param name="kind" select="'error'"/>
        <xsl:with-param name="id" select="'cancel-errors'"/>
        <xsl:with-param name="text" select="sc:t('order.cancel.refused')"/>
      </xsl:call-template>
    </xsl:if>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('order.col.state')"/></dt><dd><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="$o/@state"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('order.col.created')"/></dt><dd><time datetime="{$o/created}"><xsl:value-of select="sc:datetime($o/created)"/></time></dd>
      <xsl:if test="$o/ordered-by">
        <dt><xsl:value-of select="sc:t('order.ordered-by')"/></dt><dd><xsl:value-of select="$o/ordered-by"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('order.delivery')"/></dt>
      <dd><xsl:value-of select="$o/delivery/name"/>, <xsl:value-of select="$o/delivery/street"/>, <xsl:value-of select="$o/delivery/postcode"/><xsl:text> </xsl:text><xsl:value-of select="$o/delivery/city"/></dd>
      <xsl:if test="$o/tracking">
        <dt><xsl:value-of select="sc:t('order.tracking')"/></dt><dd><xsl:value-of select="$o/tracking"/></dd>
      </xsl:if>
    </dl>
    <table class="list">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('order.col.product')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('order.col.quantity')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('order.for')"/></th>
          <th scope="col" class="num"><xsl:value-of select="sc:t('order.col.oneoff')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$o/items/item">
          <tr>
            <td><xsl:value-of select="product"/><xsl:if test="iccid"> (ICCID <xsl:value-of select="iccid"/>)</xsl:if></td>
            <td class="num"><xsl:value-of select="quantity"/></td>
            <td><xsl:value-of select="for"/></td>
            <td class="num"><xsl:value-of select="sc:money(oneoff, oneoff/@currency)"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <xsl:apply-templates select="$o/new-subscription"/>
    <h2><xsl:value-of select="sc:t('order.timeline')"/></h2>
    <ol class="history">
      <xsl:for-each select="$o/timeline/event">
        <li>
          <time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="order-state-name"><xsl:with-param name="v" select="@to"/></xsl:call-template>
          <xsl:if test="by">
            <xsl:text> (</xsl:text><xsl:value-of select="by"/>
            <xsl:if test="by/@operator = 'yes'">, <xsl:value-of select="sc:t('case.operator')"/></xsl:if>
            <xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:if test="note"><xsl:text>: </xsl:text><xsl:value-of select="note"/></xsl:if>
        </li>
      </xsl:for-each>
    </ol>
    <xsl:apply-templates select="approval"/>
    <xsl:if test="$o/@cancellable = 'yes'">
      <form method="post" action="/companies/{context/company/@id}/orders/{$o/@id}/cancel" class="form">
        <xsl:call-template name="hidden-fields"/>
        <p><button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('order.cancel')"/></button></p>
      </form>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
