<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svg="http://www.w3.org/2000/svg"
    xmlns:sc="urn:selfcare:fn"
    exclude-result-prefixes="svg"
    extension-element-prefixes="sc">

  <!-- Usage: the meter of this billing period ("20,48 av 100 GB", a
       <meter> with its text, percent used, days left), and the history as
       SVG bar charts drawn here, each with a title and the same figures
       in a table for screen readers. No JavaScript. -->
  <xsl:template match="page" mode="title.usage">
    <xsl:value-of select="sc:t('usage.title')"/>
    <xsl:for-each select="usage/location | usage/subscription[not(../location)]/ref">
      <xsl:text> – </xsl:text>
      <xsl:value-of select="self::location/name | self::ref"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="page" mode="content.usage">
    <xsl:variable name="cid" select="context/company/@id"/>
    <xsl:choose>
      <xsl:when test="usage/location">
        <p class="back"><a class="back-link" href="/companies/{$cid}/locations"><xsl:value-of select="sc:t('usage.back.location')"/></a></p>
        <h1><xsl:value-of select="sc:t('usage.title')"/> – <xsl:value-of select="usage/location/name"/></h1>
        <xsl:if test="not(usage/subscription)">
          <p><xsl:value-of select="sc:t('usage.none')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="back"><a class="back-link" href="/companies/{$cid}/subscriptions/{usage/subscription/@id}"><xsl:value-of select="sc:t('usage.back.subscription')"/></a></p>
        <h1><xsl:value-of select="sc:t('usage.title')"/> – <xsl:value-of select="usage/subscription/ref"/></h1>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates select="usage/subscription" mode="usage">
      <xsl:with-param name="cid" select="$cid"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="subscription" mode="usage">
    <xsl:param name="cid"/>
    <section class="usage" aria-labelledby="usage-{@id}">
      <h2 id="usage-{@id}"><xsl:value-of select="product"/> (<xsl:value-of select="ref"/>)</h2>
      <xsl:apply-templates select="meter" mode="usage-meter"/>
      <xsl:apply-templates select="/page/usage/topups[current()/meter/@quota]" mode="topups"><xsl:with-param name="sub" select="."/></xsl:apply-templates>
      <xsl:call-template name="usage-chart">
        <xsl:with-param name="id" select="concat('daily-', @id)"/>
        <xsl:with-param name="title" select="sc:t('usage.daily')"/>
        <xsl:with-param name="head" select="sc:t('usage.date')"/>
        <xsl:with-param name="items" select="history/daily/day"/>
      </xsl:call-template>
      <xsl:call-template name="usage-chart">
        <xsl:with-param name="id" select="concat('periods-', @id)"/>
        <xsl:with-param name="title" select="sc:t('usage.periods')"/>
        <xsl:with-param name="head" select="sc:t('usage.period-name')"/>
        <xsl:with-param name="items" select="history/periods/period"/>
      </xsl:call-template>
      <p><a href="/companies/{$cid}/subscriptions/{@id}/usage.csv" download=""><xsl:value-of select="sc:t('usage.csv')"/></a></p>
    </section>
  </xsl:template>

  <!-- Gigabytes in the reader's decimal mark; a whole number without decimals. -->
  <xsl:template name="usage-gb">
    <xsl:param name="gb"/>
    <xsl:param name="whole" select="false()"/>
    <xsl:choose>
      <xsl:when test="$whole and substring-after($gb, '.') = '00'"><xsl:value-of select="substring-before($gb, '.')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="translate($gb, '.', sc:t('usage.decimal'))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The meter (also on the subscription's page, one line there). -->
  <xsl:template match="meter" mode="usage-meter">
    <div class="usage-meter">
      <h3><xsl:value-of select="sc:t('usage.period')"/></h3>
      <p class="usage-figure">
        <strong class="usage-used"><xsl:call-template name="usage-gb"><xsl:with-param name="gb" select="@used-gb"/></xsl:call-template></strong>
        <xsl:choose>
          <xsl:when test="@quota">
            <xsl:text> </xsl:text><xsl:value-of select="sc:t('usage.of')"/><xsl:text> </xsl:text>
            <span class="usage-quota"><xsl:call-template name="usage-gb"><xsl:with-param name="gb" select="@quota-gb"/><xsl:with-param name="whole" select="true()"/></xsl:call-template></span>
            <xsl:text> </xsl:text><xsl:value-of select="sc:t('usage.unit')"/>
          </xsl:when>
          <xsl:otherwise><xsl:text> </xsl:text><xsl:value-of select="sc:t('usage.unit')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:choose>
        <xsl:when test="@quota">
          <xsl:variable name="pct" select="concat(@percent, ' ', sc:t('usage.percent-used'))"/>
          <!-- A native meter: its text is what it says without one. -->
          <meter class="usage-bar" min="0" max="{@quota}" value="{@used}" high="{floor(@quota * 0.8)}" aria-label="{$pct}"><xsl:value-of select="$pct"/></meter>
          <p class="usage-percent"><xsl:value-of select="$pct"/></p>
          <xsl:if test="@topups &gt; 0">
            <p class="usage-topups"><xsl:value-of select="sc:t('usage.topups')"/>: <xsl:call-template name="usage-gb"><xsl:with-param name="gb" select="@topups-gb"/><xsl:with-param name="whole" select="true()"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="sc:t('usage.unit')"/></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="sc:t('usage.no-quota')"/></p></xsl:otherwise>
      </xsl:choose>
      <p class="usage-left">
        <xsl:value-of select="@left"/><xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="@left = 1"><xsl:value-of select="sc:t('usage.day-left')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('usage.days-left')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <!-- On the subscription's page: its usage page with the history. -->
      <xsl:if test="/page/@name = 'subscription' and not($view)">
        <p><a href="{$company-home}/subscriptions/{../@id}/usage"><xsl:value-of select="sc:t('usage.details')"/></a></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- A bar chart of items (day or period elements with @bytes and @gb):
       an SVG with its title, each bar titled with its figure, and the
       same figures as a table. -->
  <xsl:template name="usage-chart">
    <xsl:param name="id"/>
    <xsl:param name="title"/>
    <xsl:param name="head"/>
    <xsl:param name="items"/>
    <xsl:variable name="max">
      <xsl:for-each select="$items">
        <xsl:sort select="@bytes" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="@bytes"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="n" select="count($items)"/>
    <xsl:variable name="bw" select="600 div $n"/>
    <figure class="usage-chart">
      <svg xmlns="http://www.w3.org/2000/svg" class="usage-svg" viewBox="0 0 640 230" role="img" aria-labelledby="{$id}-title">
        <title id="{$id}-title"><xsl:value-of select="$title"/></title>
        <xsl:for-each select="$items">
          <xsl:variable name="h">
            <xsl:choose>
              <xsl:when test="$max &gt; 0"><xsl:value-of select="format-number(@bytes div $max * 180, '0.##')"/></xsl:when>
              <xsl:otherwise>0</xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:variable name="label"><xsl:apply-templates select="." mode="usage-label"/></xsl:variable>
          <xsl:variable name="gb"><xsl:call-template name="usage-gb"><xsl:with-param name="gb" select="@gb"/></xsl:call-template></xsl:variable>
          <rect class="usage-rect" x="{format-number(20 + (position() - 1) * $bw + $bw * 0.1, '0.##')}" y="{format-number(200 - $h, '0.##')}" width="{format-number($bw * 0.8, '0.##')}" height="{$h}" data-gb="{@gb}">
            <title><xsl:value-of select="concat($label, ': ', $gb, ' ', sc:t('usage.unit'))"/></title>
          </rect>
        </xsl:for-each>
      </svg>
      <figcaption>
        <xsl:value-of select="$title"/><xsl:text>: </xsl:text>
        <xsl:apply-templates select="$items[1]" mode="usage-label"/> – <xsl:apply-templates select="$items[last()]" mode="usage-label"/>
      </figcaption>
      <table class="visually-hidden">
        <caption><xsl:value-of select="$title"/></caption>
        <thead><tr><th scope="col"><xsl:value-of select="$head"/></th><th scope="col"><xsl:value-of select="sc:t('usage.amount')"/></th></tr></thead>
        <tbody>
          <xsl:for-each select="$items">
            <tr>
              <th scope="row"><xsl:apply-templates select="." mode="usage-label"/></th>
              <td><xsl:call-template name="usage-gb"><xsl:with-param name="gb" select="@gb"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </figure>
  </xsl:template>

  <xsl:template match="day" mode="usage-label"><xsl:value-of select="sc:date(@date)"/></xsl:template>
  <xsl:template match="period" mode="usage-label"><xsl:value-of select="@name"/></xsl:template>
</xsl:stylesheet>
