<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Usage alerts: the company's two thresholds, whether the full
       administrator reading gets the mails, and who does. -->
  <xsl:template match="page" mode="title.alerts">
    <xsl:value-of select="sc:t('alerts.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.alerts">
    <xsl:variable name="f" select="form"/>
    <h1><xsl:value-of select="sc:t('alerts.title')"/></h1>
    <p><xsl:value-of select="sc:t('alerts.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/companies/{context/company/@id}/alerts" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'first'"/>
        <xsl:with-param name="label" select="sc:t('alerts.first')"/>
        <xsl:with-param name="max" select="3"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'second'"/>
        <xsl:with-param name="label" select="sc:t('alerts.second')"/>
        <xsl:with-param name="max" select="3"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="sc:t('alerts.hint')"/></p>
      <div class="field">
        <label>
          <input type="checkbox" name="mine" value="yes">
            <xsl:if test="$f/value[@name = 'mine'] = 'yes'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="sc:t('alerts.mine')"/>
        </label>
      </div>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('alerts.save')"/></button></p>
    </form>
    <h2><xsl:value-of select="sc:t('alerts.who')"/></h2>
    <p><xsl:value-of select="sc:t('alerts.who.user')"/></p>
    <xsl:choose>
      <xsl:when test="alerts/admin[@alerts = 'yes']">
        <ul class="alert-admins">
          <xsl:for-each select="alerts/admin[@alerts = 'yes']">
            <li><xsl:value-of select="name"/> (<xsl:value-of select="email"/>)</li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('alerts.who.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
