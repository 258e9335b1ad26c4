<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Stopping e-invoice mails from the link in one, without logging in. -->
  <xsl:template match="page" mode="title.einvoice-unsubscribe">
    <xsl:value-of select="sc:t('unsubscribe.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.einvoice-unsubscribe">
    <xsl:variable name="u" select="unsubscribe"/>
    <h1><xsl:value-of select="sc:t('unsubscribe.title')"/></h1>
    <xsl:choose>
      <xsl:when test="$u/@state = 'subscribed'">
        <p>
          <xsl:value-of select="sc:t('unsubscribe.question')"/><xsl:text> </xsl:text>
          <strong><xsl:value-of select="$u/email"/></strong>
          <xsl:text> (</xsl:text><xsl:value-of select="$u/company"/><xsl:text>)</xsl:text>
        </p>
        <form method="post" action="/einvoice/unsubscribe">
          <input type="hidden" name="csrf" value="{context/csrf}"/>
          <input type="hidden" name="r" value="{$u/r}"/>
          <input type="hidden" name="t" value="{$u/t}"/>
          <button type="submit" class="button"><xsl:value-of select="sc:t('unsubscribe.submit')"/></button>
        </form>
      </xsl:when>
      <!-- After the form's redirect the confirmation is the flash; answered
           at once (a mail client's one-click POST), the page says it. -->
      <xsl:when test="$u/@state = 'unsubscribed'">
        <xsl:if test="not(/page/context/flash)">
          <xsl:call-template name="notice">
            <xsl:with-param name="text" select="sc:t('unsubscribe.done')"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="text" select="sc:t('unsubscribe.invalid')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
