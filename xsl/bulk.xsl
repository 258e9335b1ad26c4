<?xml version="1.0" encoding="UTF-8"?>
<!-- Bulk changes: what their pages share, and the list's "change these". -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- On the subscription list: change all the search finds. -->

  <xsl:template match="subscriptions" mode="bulk-change">
    <xsl:if test="not($view) and @total &gt; 0 and /page/context/company/area = 'orders'">
      <form method="get" action="{$company-home}/bulk/new" class="bulk-change">
        <input type="hidden" name="q" value="{@q}"/>
        <button type="submit" class="button"><xsl:value-of select="sc:t('bulk.change-these')"/><xsl:text> (</xsl:text><xsl:value-of select="@total"/><xsl:text>)</xsl:text></button>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- What a job changes, in words. -->

  <xsl:template match="change" mode="bulk">
    <xsl:value-of select="sc:t(concat('bulk.kind.', @kind))"/>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="product"><xsl:value-of select="product"/></xsl:when>
      <xsl:when test="cost-centre = ''"><xsl:value-of select="sc:t('bulk.cost-centre.none')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="cost-centre"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="job" mode="bulk-counts">
    <xsl:value-of select="sc:t('bulk.done')"/><xsl:text> </xsl:text><xsl:value-of select="@done"/>
    <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.failed')"/><xsl:text> </xsl:text><xsl:value-of select="@failed"/>
    <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.left')"/><xsl:text> </xsl:text><xsl:value-of select="@left"/>
  </xsl:template>

  <!-- One select of plans or services (value: the product's id). -->

  <xsl:template name="bulk-offers">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="offers"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <label for="bulk-{$name}"><xsl:value-of select="sc:t(concat('bulk.', $name))"/></label>
      <select id="bulk-{$name}" name="{$name}">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">bulk-<xsl:value-of select="$name"/>-error</xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="sc:t('bulk.choose')"/></option>
        <xsl:for-each select="$offers">
          <option value="{@id}">
            <xsl:if test="@id = $form/value[@name = $name]"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="product"/><xsl:text> – </xsl:text><xsl:value-of select="sc:money(price, price/@currency)"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:apply-templates select="$error"><xsl:with-param name="id" select="concat('bulk-', $name, '-error')"/></xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- A radio button of a group, checked as typed (or by default). -->

  <xsl:template name="bulk-radio">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:param name="default" select="false()"/>
    <label>
      <input type="radio" name="{$name}" value="{$value}">
        <xsl:if test="$form/value[@name = $name] = $value or ($default and not($form/value[@name = $name]))"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <xsl:text> </xsl:text><xsl:value-of select="sc:t(concat('bulk.', $name, '.', $value))"/>
    </label>
  </xsl:template>

</xsl:stylesheet>
