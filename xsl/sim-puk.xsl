<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A SIM card's PUK, shown once as the answer to its button (audited). -->
  <xsl:template match="page" mode="title.sim-puk">
    <xsl:value-of select="sc:t('life.puk.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.sim-puk">
    <xsl:variable name="k" select="puk"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/subscriptions/{$k/@subscription}"><xsl:value-of select="sc:t('life.back')"/></a></p>
    <h1><xsl:value-of select="sc:t('life.puk.title')"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('subs.col.subscription')"/></dt><dd><xsl:value-of select="$k/user"/><xsl:if test="$k/user"><xsl:text> </xsl:text></xsl:if>(<xsl:value-of select="$k/ref"/>)</dd>
      <dt><xsl:value-of select="sc:t('life.field.iccid')"/></dt><dd><xsl:value-of select="$k/iccid"/></dd>
      <dt><xsl:value-of select="sc:t('life.puk')"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$k/code"><strong class="puk"><xsl:value-of select="$k/code"/></strong></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('life.puk.none')"/></xsl:otherwise>
        </xsl:choose>
      </dd>
    </dl>
    <p class="note"><xsl:value-of select="sc:t('life.puk.once')"/></p>
  </xsl:template>

</xsl:stylesheet>
