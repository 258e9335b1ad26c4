<?xml version="1.0" encoding="UTF-8"?>
<!-- An employee's new SIM card, <page name="selfservice-sim">:
  GET/POST /companies/N/me/subscriptions/M/sim: the ICCID printed on a
  spare card of the company, which becomes the main SIM. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.selfservice-sim">
    <xsl:value-of select="sc:t('selfservice.sim.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.selfservice-sim">
    <xsl:variable name="a" select="activate"/>
    <xsl:variable name="f" select="form[@name = 'sim']"/>
    <xsl:variable name="back" select="concat('/companies/', context/company/@id, '/me/subscriptions/', $a/@subscription)"/>
    <p class="breadcrumb"><a href="{$back}"><xsl:value-of select="$a/ref"/></a></p>
    <h1><xsl:value-of select="sc:t('selfservice.sim.title')"/></h1>
    <dl class="glance">
      <dt><xsl:value-of select="sc:t('selfservice.confirm.number')"/></dt>
      <dd class="ss-number"><xsl:value-of select="$a/ref"/><xsl:text> (</xsl:text><xsl:value-of select="$a/plan"/>)</dd>
      <xsl:for-each select="$a/sims/sim[@status != 'blocked']">
        <dt><xsl:apply-templates select="@type" mode="ss-sim"/></dt>
        <dd><span class="iccid"><xsl:value-of select="iccid"/></span></dd>
      </xsl:for-each>
    </dl>
    <xsl:choose>
      <xsl:when test="$a/@phone = 'verified'">
        <p><xsl:value-of select="sc:t('selfservice.sim.intro')"/></p>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
        <form method="post" action="{$back}/sim" class="form">
          <xsl:call-template name="hidden-fields"/>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="name" select="'iccid'"/>
            <xsl:with-param name="label" select="sc:t('selfservice.sim.iccid')"/>
            <xsl:with-param name="max" select="32"/>
          </xsl:call-template>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('selfservice.sim.submit')"/></button>
            <xsl:text> </xsl:text><a class="button button-secondary" href="{$back}"><xsl:value-of select="sc:t('selfservice.confirm.cancel')"/></a></p>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="notice" role="alert"><xsl:value-of select="sc:t('selfservice.verify-first')"/>
          <xsl:text> </xsl:text><a href="/companies/{context/company/@id}/me/phone"><xsl:value-of select="sc:t('employee.phone.go')"/></a></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The ICCID's errors say what is wrong with a card number. -->
  <xsl:template match="page[@name = 'selfservice-sim']/form/error" priority="1">
    <xsl:param name="id" select="concat(../@name, '-', @field, '-error')"/>
    <p class="field-error" id="{$id}">
      <xsl:choose>
        <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
        <xsl:when test="@code = 'unknown'"><xsl:value-of select="sc:t('selfservice.sim.unknown')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('selfservice.sim.invalid')"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

</xsl:stylesheet>
