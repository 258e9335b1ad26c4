<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- E-invoice: the addresses that get each new invoice as PDF. -->
  <xsl:template match="page" mode="title.einvoice">
    <xsl:value-of select="sc:t('einvoice.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.einvoice">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/einvoice')"/>
    <xsl:variable name="f" select="form[@name = 'add']"/>
    <p><a href="/companies/{context/company/@id}/invoices"><xsl:value-of select="sc:t('einvoice.back')"/></a></p>
    <h1 id="einvoice-title"><xsl:value-of select="sc:t('einvoice.title')"/></h1>
    <p><xsl:value-of select="sc:t('einvoice.intro')"/></p>
    <xsl:choose>
      <xsl:when test="einvoice/recipient">
        <table class="data stack einvoice" aria-labelledby="einvoice-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('einvoice.col.email')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('einvoice.col.added')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('einvoice.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="einvoice/recipient">
              <tr>
                <th scope="row" data-label="{sc:t('einvoice.col.email')}"><xsl:value-of select="email"/></th>
                <td data-label="{sc:t('einvoice.col.added')}">
                  <xsl:value-of select="sc:date(added)"/>
                  <xsl:if test="added-by"><xsl:text> – </xsl:text><xsl:value-of select="added-by"/></xsl:if>
                </td>
                <td data-label="{sc:t('einvoice.col.actions')}">
                  <form method="post" action="{$base}/{@id}/remove">
                    <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
                    <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('einvoice.remove')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="email"/></span></button>
                  </form>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="sc:t('einvoice.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <h2 id="einvoice-add"><xsl:value-of select="sc:t('einvoice.add')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}" aria-labelledby="einvoice-add" novalidate="novalidate">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="type" select="'email'"/>
        <xsl:with-param name="label" select="sc:t('einvoice.email')"/>
      </xsl:call-template>
      <button type="submit" class="button"><xsl:value-of select="sc:t('einvoice.submit')"/></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
