<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Order SIM cards or hardware: the form, then its summary to confirm. -->
  <xsl:template match="page" mode="title.order-new">
    <xsl:value-of select="sc:t('order.new.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.order-new">
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/orders"><xsl:value-of select="sc:t('orders.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('order.new.title')"/></h1>
    <xsl:choose>
      <xsl:when test="summary">
        <xsl:variable name="s" select="summary"/>
        <h2 id="summary-title"><xsl:value-of select="sc:t('order.summary')"/></h2>
        <dl class="details" aria-labelledby="summary-title">
          <dt><xsl:value-of select="sc:t('order.col.product')"/></dt><dd><xsl:value-of select="$s/product/name"/></dd>
          <dt><xsl:value-of select="sc:t('order.col.quantity')"/></dt><dd><xsl:value-of select="$s/quantity"/></dd>
          <dt><xsl:value-of select="sc:t('order.for')"/></dt><dd><xsl:value-of select="$s/for"/></dd>
          <dt><xsl:value-of select="sc:t('order.delivery')"/></dt>
          <dd><xsl:value-of select="$s/delivery/name"/>, <xsl:value-of select="$s/delivery/street"/>, <xsl:value-of select="$s/delivery/postcode"/><xsl:text> </xsl:text><xsl:value-of select="$s/delivery/city"/></dd>
          <dt><xsl:value-of select="sc:t('order.net')"/></dt><dd><xsl:value-of select="sc:money($s/net, $s/net/@currency)"/></dd>
          <xsl:if test="$s/vat">
            <dt><xsl:value-of select="sc:t('order.vat')"/></dt><dd><xsl:value-of select="sc:money($s/vat, $s/vat/@currency)"/></dd>
          </xsl:if>
          <dt><xsl:value-of select="sc:t('order.total')"/></dt><dd><xsl:value-of select="sc:money($s/total, $s/total/@currency)"/></dd>
        </dl>
        <p><xsl:value-of select="sc:t('order.next-invoice')"/></p>
        <form method="post" action="{context/path}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <xsl:for-each select="$f/value">
            <input type="hidden" name="{@name}" value="{.}"/>
          </xsl:for-each>
          <p>
            <button type="submit" class="button" name="step" value="confirm"><xsl:value-of select="sc:t('order.confirm')"/></button>
            <xsl:text> </xsl:text>
            <button type="submit" class="button button-secondary" name="step" value="edit"><xsl:value-of select="sc:t('order.edit')"/></button>
          </p>
        </form>
      </xsl:when>
      <xsl:when test="not(products/product)">
        <p class="empty"><xsl:value-of select="sc:t('order.none')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
        <form method="post" action="{context/path}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <xsl:call-template name="order-select">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="name" select="'product'"/>
            <xsl:with-param name="label" select="sc:t('order.col.product')"/>
            <xsl:with-param name="options" select="products/product"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="name" select="'quantity'"/>
            <xsl:with-param name="label" select="sc:t('order.col.quantity')"/>
            <xsl:with-param name="type" select="'number'"/>
          </xsl:call-template>
          <xsl:call-template name="order-select">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="name" select="'user'"/>
            <xsl:with-param name="label" select="sc:t('order.for')"/>
            <xsl:with-param name="options" select="members/member"/>
          </xsl:call-template>
          <fieldset>
            <legend><xsl:value-of select="sc:t('order.delivery')"/></legend>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="$f"/>
              <xsl:with-param name="name" select="'name'"/>
              <xsl:with-param name="label" select="sc:t('order.delivery.name')"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="$f"/>
              <xsl:with-param name="name" select="'street'"/>
              <xsl:with-param name="label" select="sc:t('order.delivery.street')"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="$f"/>
              <xsl:with-param name="name" select="'postcode'"/>
              <xsl:with-param name="label" select="sc:t('order.delivery.postcode')"/>
              <xsl:with-param name="max" select="16"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="$f"/>
              <xsl:with-param name="name" select="'city'"/>
              <xsl:with-param name="label" select="sc:t('order.delivery.city')"/>
              <xsl:with-param name="max" select="100"/>
            </xsl:call-template>
          </fieldset>
          <p><button type="submit" class="button" name="step" value="summary"><xsl:value-of select="sc:t('order.next')"/></button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A choice among products (with the one-off price) or members, the one
       chosen kept. -->
  <xsl:template name="order-select">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="options"/>
    <xsl:variable name="id" select="concat('order-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
      <select id="{$id}" name="{$name}" required="required">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($id, '-error')"/></xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="sc:t('form.choose')"/></option>
        <xsl:for-each select="$options">
          <option value="{@id}">
            <xsl:if test="@id = $form/value[@name = $name]"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="name"/>
            <xsl:if test="oneoff"> (<xsl:value-of select="sc:money(oneoff, oneoff/@currency)"/>)</xsl:if>
          </option>
        </xsl:for-each>
      </select>
      <xsl:apply-templates select="$error"/>
    </div>
  </xsl:template>

</xsl:stylesheet>
