<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's new company: its details and address, its billing
     account, its first location and its first administrator, who is
     invited by mail. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-customer-new">
    <xsl:value-of select="sc:t('admin.customer.new.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-customer-new">
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/admin/customers"><xsl:value-of select="sc:t('admin.customer.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('admin.customer.new.title')"/></h1>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/customers/new" class="form">
      <xsl:call-template name="hidden-fields"/>
      <fieldset>
        <legend><xsl:value-of select="sc:t('admin.customer.new.company')"/></legend>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.name')"/>
        </xsl:call-template>
        <xsl:call-template name="admin-select">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'country'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.country')"/>
          <xsl:with-param name="values" select="countries/country/@code"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'orgnr'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.orgnr')"/>
          <xsl:with-param name="max" select="32"/>
        </xsl:call-template>
        <xsl:call-template name="admin-address">
          <xsl:with-param name="form" select="$f"/>
        </xsl:call-template>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="sc:t('admin.customer.new.billing')"/></legend>
        <!-- Who bills in each country (no issuer: no company there yet). -->
        <ul class="meta">
          <xsl:for-each select="countries/country">
            <li>
              <xsl:call-template name="country-name"><xsl:with-param name="code" select="@code"/></xsl:call-template>
              <xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="issuer"><xsl:value-of select="issuer"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="sc:t('error.no-issuer')"/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
        <xsl:call-template name="admin-select">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'currency'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.currency')"/>
          <xsl:with-param name="values" select="currencies/currency"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'vat-rate'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.vat-rate')"/>
          <xsl:with-param name="max" select="8"/>
        </xsl:call-template>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="sc:t('admin.customer.new.location')"/></legend>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'location-number'"/>
          <xsl:with-param name="label" select="sc:t('locations.col.number')"/>
          <xsl:with-param name="max" select="20"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'location-name'"/>
          <xsl:with-param name="label" select="sc:t('locations.col.name')"/>
        </xsl:call-template>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="sc:t('admin.customer.new.admin')"/></legend>
        <p class="hint"><xsl:value-of select="sc:t('admin.customer.new.admin.hint')"/></p>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'admin-name'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.admin-name')"/>
          <xsl:with-param name="max" select="100"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'admin-email'"/>
          <xsl:with-param name="label" select="sc:t('admin.customer.admin-email')"/>
          <xsl:with-param name="type" select="'email'"/>
        </xsl:call-template>
      </fieldset>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.customer.new.submit')"/></button></p>
    </form>
  </xsl:template>

  <!-- A choice of codes, each labelled by its admin-option template. -->
  <xsl:template name="admin-select">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="values"/>
    <xsl:variable name="id" select="concat($form/@name, '-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
      <select id="{$id}" name="{$name}" required="required">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($id, '-error')"/></xsl:attribute>
        </xsl:if>
        <xsl:for-each select="$values">
          <option value="{.}">
            <xsl:if test=". = $form/value[@name = $name]"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:apply-templates select="." mode="admin-option"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:apply-templates select="$error">
        <xsl:with-param name="id" select="concat($id, '-error')"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template match="country/@code" mode="admin-option">
    <xsl:call-template name="country-name"/>
  </xsl:template>
  <xsl:template match="currency" mode="admin-option">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- A country's name by its code (the countries a company may be in). -->
  <xsl:template name="country-name">
    <xsl:param name="code" select="."/>
    <xsl:choose>
      <xsl:when test="$code = 'NO'"><xsl:value-of select="sc:t('admin.country.no')"/></xsl:when>
      <xsl:when test="$code = 'DK'"><xsl:value-of select="sc:t('admin.country.dk')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A company's address fields (the new company's form and the overview's). -->
  <xsl:template name="admin-address">
    <xsl:param name="form"/>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'street'"/>
      <xsl:with-param name="label" select="sc:t('admin.customer.street')"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'postcode'"/>
      <xsl:with-param name="label" select="sc:t('admin.customer.postcode')"/>
      <xsl:with-param name="max" select="16"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'city'"/>
      <xsl:with-param name="label" select="sc:t('admin.customer.city')"/>
      <xsl:with-param name="max" select="100"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
