<?xml version="1.0" encoding="UTF-8"?>
<!-- A new bulk change: which subscriptions, what to change. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.bulk-new">
    <xsl:value-of select="sc:t('bulk.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.bulk-new">
    <xsl:variable name="f" select="form[@name = 'bulk']"/>
    <xsl:variable name="n" select="bulk-new"/>
    <h1><xsl:value-of select="sc:t('bulk.new')"/></h1>
    <form method="post" action="{$company-home}/bulk/new" enctype="multipart/form-data" class="bulk">
      <xsl:call-template name="hidden-fields"/>
      <fieldset>
        <legend><xsl:value-of select="sc:t('bulk.which')"/></legend>
        <xsl:apply-templates select="$f/error[@field = 'source']"/>
        <p>
          <xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'source'"/><xsl:with-param name="value" select="'search'"/><xsl:with-param name="default" select="true()"/></xsl:call-template>
        </p>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'q'"/>
          <xsl:with-param name="label" select="sc:t('bulk.q')"/>
          <xsl:with-param name="value" select="$n/@q"/>
          <xsl:with-param name="max" select="100"/>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <p class="meta"><xsl:value-of select="sc:t('bulk.matches')"/><xsl:text> </xsl:text><xsl:value-of select="$n/@matches"/></p>
        <p>
          <xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'source'"/><xsl:with-param name="value" select="'file'"/></xsl:call-template>
        </p>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'file'"/>
          <xsl:with-param name="label" select="sc:t('bulk.file')"/>
          <xsl:with-param name="type" select="'file'"/>
          <xsl:with-param name="value" select="''"/>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <p class="hint"><xsl:value-of select="sc:t('bulk.file.hint')"/></p>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="sc:t('bulk.what')"/></legend>
        <xsl:apply-templates select="$f/error[@field = 'kind']"/>
        <p><xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="value" select="'plan'"/></xsl:call-template></p>
        <xsl:call-template name="bulk-offers"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'plan'"/><xsl:with-param name="offers" select="$n/plans/plan"/></xsl:call-template>
        <p><xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="value" select="'service-add'"/></xsl:call-template></p>
        <p><xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="value" select="'service-remove'"/></xsl:call-template></p>
        <xsl:call-template name="bulk-offers"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'service'"/><xsl:with-param name="offers" select="$n/services/service"/></xsl:call-template>
        <p><xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="value" select="'cost-centre'"/></xsl:call-template></p>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'cost-centre'"/>
          <xsl:with-param name="label" select="sc:t('bulk.cost-centre')"/>
          <xsl:with-param name="max" select="64"/>
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <p><xsl:call-template name="bulk-radio"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="value" select="'bars'"/></xsl:call-template></p>
        <xsl:call-template name="bulk-bars-fields"><xsl:with-param name="form" select="$f"/></xsl:call-template>
      </fieldset>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('bulk.next')"/></button></p>
    </form>
  </xsl:template>

</xsl:stylesheet>
