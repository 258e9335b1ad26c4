<?xml version="1.0" encoding="UTF-8"?>
<!-- One order in fulfilment: what, for whom, where to; the actions its
     state allows, each a form of its own (fulfil: the tracking reference
     and the ICCIDs of its SIM cards, one a line; fail: the reason the
     customer reads). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-order">
    <xsl:value-of select="sc:t('order.title')"/><xsl:text> </xsl:text><xsl:value-of select="order/@id"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-order">
    <xsl:variable name="o" select="order"/>
    <xsl:variable name="base" select="concat('/admin/orders/', $o/@id)"/>
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/admin/orders"><xsl:value-of select="sc:t('admin.orders.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('order.title')"/><xsl:text> </xsl:text><xsl:value-of select="$o/@id"/></h1>
    <xsl:if test="$f/error[@field = 'state']">
      <xsl:call-template name="notice">
        <xsl:with-param name="kind" select="'error'"/>
        <xsl:with-param name="id" select="'state-errors'"/>
        <xsl:with-param name="text" select="sc:t('admin.order.refused')"/>
      </xsl:call-template>
    </xsl:if>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('admin.cases.col.company')"/></dt><dd><xsl:value-of select="$o/company/name"/></dd>
      <dt><xsl:value-of select="sc:t('order.col.state')"/></dt><dd><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="$o/@state"/></xsl:call-template> <xsl:apply-templates select="provisioning"/></dd>
      <dt><xsl:value-of select="sc:t('order.col.created')"/></dt><dd><time datetime="{$o/created}"><xsl:value-of select="sc:datetime($o/created)"/></time> (<xsl:value-of select="$o/age/@days"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.orders.days')"/>)</dd>
      <xsl:if test="$o/ordered-by">
        <dt><xsl:value-of select="sc:t('order.ordered-by')"/></dt><dd><xsl:value-of select="$o/ordered-by/name"/> (<xsl:value-of select="$o/ordered-by/email"/>)</dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('admin.orders.col.assignee')"/></dt><dd><xsl:value-of select="$o/assignee/name"/></dd>
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
    <xsl:for-each select="actions/action">
      <xsl:variable name="a" select="."/>
      <xsl:variable name="af" select="$f[@name = $a]"/>
      <h2 id="{$a}-title"><xsl:call-template name="order-action-name"><xsl:with-param name="v" select="$a"/></xsl:call-template></h2>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$af[error/@field != 'state']"/></xsl:call-template>
      <form method="post" action="{$base}/{$a}" class="form" aria-labelledby="{$a}-title">
        <xsl:call-template name="hidden-fields"/>
        <xsl:if test="$a = 'fulfil'">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="$af"/>
            <xsl:with-param name="name" select="'tracking'"/>
            <xsl:with-param name="label" select="sc:t('order.tracking')"/>
            <xsl:with-param name="max" select="64"/>
          </xsl:call-template>
          <xsl:apply-templates select="$o/new-subscription" mode="fulfil"><xsl:with-param name="form" select="$af"/></xsl:apply-templates>
          <xsl:if test="$o/items/item[@kind = 'sim'] or $o/new-subscription">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="$af"/>
              <xsl:with-param name="name" select="'iccid'"/>
              <xsl:with-param name="label" select="sc:t('admin.order.iccids')"/>
              <xsl:with-param name="type" select="'textarea'"/>
              <xsl:with-param name="max" select="2800"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:if>
        <xsl:if test="$a = 'fail'">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="$af"/>
            <xsl:with-param name="name" select="'reason'"/>
            <xsl:with-param name="label" select="sc:t('admin.order.reason')"/>
            <xsl:with-param name="max" select="500"/>
          </xsl:call-template>
        </xsl:if>
        <p><button type="submit" class="button"><xsl:call-template name="order-action-name"><xsl:with-param name="v" select="$a"/></xsl:call-template></button></p>
      </form>
    </xsl:for-each>
  </xsl:template>

  <!-- An action on an order, as its heading and button say it. -->
  <xsl:template name="order-action-name">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'take'"><xsl:value-of select="sc:t('admin.order.take')"/></xsl:when>
      <xsl:when test="$v = 'start'"><xsl:value-of select="sc:t('admin.order.start')"/></xsl:when>
      <xsl:when test="$v = 'fulfil'"><xsl:value-of select="sc:t('admin.order.fulfil')"/></xsl:when>
      <xsl:when test="$v = 'complete'"><xsl:value-of select="sc:t('admin.order.complete')"/></xsl:when>
      <xsl:when test="$v = 'fail'"><xsl:value-of select="sc:t('admin.order.fail')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
