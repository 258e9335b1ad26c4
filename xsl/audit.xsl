<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Who changed what and when in the company, newest first. -->
  <xsl:template match="page" mode="title.audit">
    <xsl:value-of select="sc:t('audit.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.audit">
    <h1 id="audit-title"><xsl:value-of select="sc:t('audit.title')"/></h1>
    <xsl:choose>
      <xsl:when test="audit/entry">
        <!-- data-label repeats the column's label on narrow screens: a literal
             sc:t() is text from compile time, cheaper per cell than a variable. -->
        <table class="data stack audit" aria-labelledby="audit-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('audit.col.at')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('audit.col.who')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('audit.col.what')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('audit.col.from')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="audit/entry">
              <tr>
                <td data-label="{sc:t('audit.col.at')}"><time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time></td>
                <td data-label="{sc:t('audit.col.who')}"><xsl:value-of select="user"/><xsl:if test="email"><xsl:text> (</xsl:text><xsl:value-of select="email"/><xsl:text>)</xsl:text></xsl:if><xsl:if test="operator"><xsl:value-of select="operator"/><xsl:text> (</xsl:text><xsl:value-of select="sc:t('audit.operator')"/><xsl:text>)</xsl:text></xsl:if></td>
                <td data-label="{sc:t('audit.col.what')}"><code><xsl:value-of select="action"/></code><xsl:if test="object"><xsl:text> </xsl:text><xsl:value-of select="object"/><xsl:text> </xsl:text><xsl:value-of select="object-id"/></xsl:if><xsl:if test="detail"><xsl:text>: </xsl:text><xsl:value-of select="detail"/></xsl:if></td>
                <td data-label="{sc:t('audit.col.from')}"><xsl:value-of select="ip"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <xsl:if test="audit/@next-before">
          <p><a href="{context/path}?before={audit/@next-before}"><xsl:value-of select="sc:t('audit.older')"/></a></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('audit.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
