<?xml version="1.0" encoding="UTF-8"?>
<!-- Bulk changes of bars: per flag keep, bar or unbar on the form; what a
     job sets and clears in words. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template name="bulk-bars-fields">
    <xsl:param name="form"/>
    <xsl:apply-templates select="$form/error[@field = 'bars']"/>
    <xsl:call-template name="bulk-bar-field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="flag" select="'data'"/></xsl:call-template>
    <xsl:call-template name="bulk-bar-field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="flag" select="'abroad'"/></xsl:call-template>
    <xsl:call-template name="bulk-bar-field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="flag" select="'premium'"/></xsl:call-template>
    <p class="hint"><xsl:value-of select="sc:t('bulk.bars.hint')"/></p>
  </xsl:template>

  <!-- One flag: a select of keep (default), bar, unbar. -->
  <xsl:template name="bulk-bar-field">
    <xsl:param name="form"/>
    <xsl:param name="flag"/>
    <xsl:variable name="name" select="concat('bar-', $flag)"/>
    <xsl:variable name="v" select="$form/value[@name = $name]"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <label for="bulk-{$name}"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', $flag)"/></xsl:call-template></label>
      <select id="bulk-{$name}" name="{$name}">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">bulk-<xsl:value-of select="$name"/>-error</xsl:attribute>
        </xsl:if>
        <option value="keep"><xsl:value-of select="sc:t('bulk.bars.keep')"/></option>
        <option value="bar"><xsl:if test="$v = 'bar'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('bulk.bars.bar')"/></option>
        <option value="unbar"><xsl:if test="$v = 'unbar'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('bulk.bars.unbar')"/></option>
      </select>
      <xsl:apply-templates select="$error"><xsl:with-param name="id" select="concat('bulk-', $name, '-error')"/></xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- What a bars job does: "bar Data, Calls abroad; unbar Premium numbers". -->
  <xsl:template match="change" mode="bulk-bars">
    <xsl:if test="bar[@to = 'bar']">
      <xsl:value-of select="sc:t('bulk.bars.bar')"/><xsl:text> </xsl:text>
      <xsl:for-each select="bar[@to = 'bar']">
        <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
        <xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', @flag)"/></xsl:call-template>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="bar[@to = 'bar'] and bar[@to = 'unbar']"><xsl:text>; </xsl:text></xsl:if>
    <xsl:if test="bar[@to = 'unbar']">
      <xsl:value-of select="sc:t('bulk.bars.unbar')"/><xsl:text> </xsl:text>
      <xsl:for-each select="bar[@to = 'unbar']">
        <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
        <xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', @flag)"/></xsl:call-template>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
