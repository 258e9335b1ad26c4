<?xml version="1.0" encoding="UTF-8"?>
<!-- A bulk change: its draft to confirm, its progress (the page refreshes
     itself while the job waits or runs) and its lines. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.bulk-job">
    <xsl:value-of select="sc:t('bulk.job')"/><xsl:text> </xsl:text><xsl:value-of select="job/@id"/>
  </xsl:template>

  <xsl:template match="page" mode="head.bulk-job">
    <xsl:if test="job/@refresh">
      <!-- To the page itself without the confirmation it was reached with. -->
      <meta http-equiv="refresh" content="{job/@refresh}; url={context/path}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page" mode="content.bulk-job">
    <xsl:variable name="j" select="job"/>
    <xsl:variable name="base" select="concat($company-home, '/bulk/', $j/@id)"/>
    <h1><xsl:value-of select="sc:t('bulk.job')"/><xsl:text> </xsl:text><xsl:value-of select="$j/@id"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('bulk.col.change')"/></dt>
      <dd><xsl:apply-templates select="$j/change" mode="bulk"/></dd>
      <dt><xsl:value-of select="sc:t('bulk.which')"/></dt>
      <dd><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.source.', $j/selection/@source)"/></xsl:call-template><xsl:if test="$j/selection != ''"><xsl:text>: </xsl:text><xsl:value-of select="$j/selection"/></xsl:if></dd>
      <dt><xsl:value-of select="sc:t('bulk.col.state')"/></dt>
      <dd class="bulk-state"><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.state.', $j/@state)"/></xsl:call-template></dd>
    </dl>
    <!-- The progress: a live region, so a reader hears it move. -->
    <p class="bulk-progress" role="status">
      <xsl:value-of select="sc:t('bulk.total')"/><xsl:text> </xsl:text><span class="bulk-total"><xsl:value-of select="$j/@total"/></span>
      <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.done')"/><xsl:text> </xsl:text><span class="bulk-done"><xsl:value-of select="$j/@done"/></span>
      <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.failed')"/><xsl:text> </xsl:text><span class="bulk-failed"><xsl:value-of select="$j/@failed"/></span>
      <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.left')"/><xsl:text> </xsl:text><span class="bulk-left"><xsl:value-of select="$j/@left"/></span>
    </p>
    <xsl:if test="$j/@total &gt; 0">
      <progress max="{$j/@total}" value="{$j/@done + $j/@failed}"><xsl:value-of select="$j/@done + $j/@failed"/> / <xsl:value-of select="$j/@total"/></progress>
    </xsl:if>
    <!-- The reader may stop the page's refresh, and start it again. -->
    <xsl:if test="$j/@refresh">
      <p><a href="{$base}?refresh=off"><xsl:value-of select="sc:t('bulk.refresh.stop')"/></a></p>
    </xsl:if>
    <xsl:if test="$j/@paused">
      <p><a href="{$base}"><xsl:value-of select="sc:t('bulk.refresh.start')"/></a></p>
    </xsl:if>
    <xsl:if test="$j/@state = 'draft'">
      <form method="post" action="{$base}" class="bulk-confirm">
        <xsl:call-template name="hidden-fields"/>
        <p><xsl:value-of select="sc:t('bulk.confirm.text')"/></p>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('bulk.confirm')"/></button></p>
      </form>
    </xsl:if>
    <p>
      <a href="{$base}/result.csv"><xsl:value-of select="sc:t('bulk.csv')"/></a>
      <xsl:text> · </xsl:text>
      <xsl:choose>
        <xsl:when test="$j/lines/@failed = 'yes'"><a href="{$base}"><xsl:value-of select="sc:t('bulk.all-lines')"/></a></xsl:when>
        <xsl:otherwise><a href="{$base}?failed=yes"><xsl:value-of select="sc:t('bulk.failed-lines')"/></a></xsl:otherwise>
      </xsl:choose>
      <xsl:text> · </xsl:text>
      <a href="{$company-home}/bulk"><xsl:value-of select="sc:t('bulk.title')"/></a>
    </p>
    <table class="data stack bulk-lines">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('bulk.col.no')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('bulk.col.subscription')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('bulk.col.outcome')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$j/lines/line">
          <tr class="line-{@outcome}">
            <td data-label="{sc:t('bulk.col.no')}"><xsl:value-of select="@no"/></td>
            <td data-label="{sc:t('bulk.col.subscription')}">
              <xsl:choose>
                <xsl:when test="ref/@subscription"><a href="{$company-home}/subscriptions/{ref/@subscription}"><xsl:value-of select="ref"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="ref"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <td data-label="{sc:t('bulk.col.outcome')}">
              <xsl:choose>
                <xsl:when test="@outcome = 'done'"><xsl:value-of select="sc:t('bulk.line.done')"/><xsl:if test="detail"><xsl:text>: </xsl:text><xsl:value-of select="detail"/></xsl:if></xsl:when>
                <xsl:when test="@outcome = 'failed'"><xsl:value-of select="sc:t('bulk.line.failed')"/><xsl:text>: </xsl:text><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.reason.', reason)"/></xsl:call-template></xsl:when>
                <xsl:otherwise><xsl:value-of select="sc:t('bulk.line.left')"/></xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <xsl:variable name="l" select="$j/lines"/>
    <xsl:if test="$l/@pages &gt; 1">
      <xsl:variable name="f"><xsl:if test="$l/@failed = 'yes'">&amp;failed=yes</xsl:if></xsl:variable>
      <nav class="pager" aria-label="{sc:t('subs.pages')}">
        <xsl:if test="$l/@page &gt; 1">
          <a rel="prev" href="{$base}?page={$l/@page - 1}{$f}"><xsl:value-of select="sc:t('subs.prev')"/></a>
        </xsl:if>
        <xsl:text> </xsl:text><xsl:value-of select="$l/@page"/> / <xsl:value-of select="$l/@pages"/><xsl:text> </xsl:text>
        <xsl:if test="$l/@page &lt; $l/@pages">
          <a rel="next" href="{$base}?page={$l/@page + 1}{$f}"><xsl:value-of select="sc:t('subs.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
