<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The company's orders, newest first. -->
  <xsl:template match="page" mode="title.orders">
    <xsl:value-of select="sc:t('orders.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.orders">
    <xsl:variable name="co" select="context/company/@id"/>
    <h1 id="orders-title"><xsl:value-of select="sc:t('orders.title')"/></h1>
    <p><a class="button" href="/companies/{$co}/orders/new"><xsl:value-of select="sc:t('orders.new')"/></a></p>
    <xsl:choose>
      <xsl:when test="orders/order">
        <table class="list" aria-labelledby="orders-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('order.col.id')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('order.col.product')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('order.col.quantity')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('order.col.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('order.col.created')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="orders/order">
              <tr>
                <td><a href="/companies/{$co}/orders/{@id}"><xsl:value-of select="@id"/></a></td>
                <td><xsl:value-of select="product"/></td>
                <td class="num"><xsl:value-of select="quantity"/></td>
                <td><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="@state"/></xsl:call-template></td>
                <td><time datetime="{created}"><xsl:value-of select="sc:datetime(created)"/></time></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('orders.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An order's state in the reader's language (the portal's and the back office's pages). -->
  <xsl:template name="order-state-name">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'acknowledged'"><xsl:value-of select="sc:t('order.state.acknowledged')"/></xsl:when>
      <xsl:when test="$v = 'held'"><xsl:value-of select="sc:t('order.state.held')"/></xsl:when>
      <xsl:when test="$v = 'inProgress'"><xsl:value-of select="sc:t('order.state.inProgress')"/></xsl:when>
      <xsl:when test="$v = 'completed'"><xsl:value-of select="sc:t('order.state.completed')"/></xsl:when>
      <xsl:when test="$v = 'failed'"><xsl:value-of select="sc:t('order.state.failed')"/></xsl:when>
      <xsl:when test="$v = 'cancelled'"><xsl:value-of select="sc:t('order.state.cancelled')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
