<?xml version="1.0" encoding="UTF-8"?>
<!-- The company's bulk changes, newest first. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.bulk-jobs">
    <xsl:value-of select="sc:t('bulk.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.bulk-jobs">
    <h1 id="bulk-title"><xsl:value-of select="sc:t('bulk.title')"/></h1>
    <p><a class="button" href="{$company-home}/bulk/new"><xsl:value-of select="sc:t('bulk.new')"/></a></p>
    <xsl:choose>
      <xsl:when test="bulk-jobs/job">
        <table class="data stack bulk-jobs" aria-labelledby="bulk-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('bulk.col.job')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bulk.col.change')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bulk.col.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('bulk.col.counts')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="bulk-jobs/job">
              <tr>
                <th scope="row" data-label="{sc:t('bulk.col.job')}"><a href="{$company-home}/bulk/{@id}"><xsl:value-of select="@id"/></a><xsl:text> </xsl:text><time datetime="{created}"><xsl:value-of select="sc:datetime(created)"/></time></th>
                <td data-label="{sc:t('bulk.col.change')}"><xsl:apply-templates select="change" mode="bulk"/></td>
                <td data-label="{sc:t('bulk.col.state')}"><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.state.', @state)"/></xsl:call-template></td>
                <td data-label="{sc:t('bulk.col.counts')}"><xsl:apply-templates select="." mode="bulk-counts"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('bulk.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
