<?xml version="1.0" encoding="UTF-8"?>
<!-- Bulk changes: the company's jobs, the form, a job's confirmation,
     progress (refreshed by itself while it waits or runs) and lines. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- On the subscription list: change all the search finds. -->
  <xsl:template match="subscriptions" mode="bulk-change">
    <xsl:if test="not($view) and @total &gt; 0 and /page/context/company/area = 'orders'">
      <form method="get" action="{$company-home}/bulk/new" class="bulk-change">
        <input type="hidden" name="q" value="{@q}"/>
        <button type="submit" class="button"><xsl:value-of select="sc:t('bulk.change-these')"/><xsl:text> (</xsl:text><xsl:value-of select="@total"/><xsl:text>)</xsl:text></button>
      </form>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-jobs' or @name = 'bulk-new']" mode="title">
    <xsl:value-of select="sc:t('bulk.title')"/>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-job']" mode="title">
    <xsl:value-of select="sc:t('bulk.job')"/><xsl:text> </xsl:text><xsl:value-of select="job/@id"/>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-job']" mode="head">
    <xsl:if test="job/@refresh">
      <meta http-equiv="refresh" content="{job/@refresh}"/>
    </xsl:if>
  </xsl:template>

  <!-- What a job changes, in words. -->
  <xsl:template match="change" mode="bulk">
    <xsl:value-of select="sc:t(concat('bulk.kind.', @kind))"/>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="product"><xsl:value-of select="product"/></xsl:when>
      <xsl:when test="cost-centre = ''"><xsl:value-of select="sc:t('bulk.cost-centre.none')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="cost-centre"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-jobs']" mode="content">
    <h1 id="bulk-title"><xsl:value-of select="sc:t('bulk.title')"/></h1>
    <p><a class="button" href="{$company-home}/bulk/new"><xsl:value-of select="sc:t('bulk.new')"/></a></p>
    <xsl:choose>
      <xsl:when test="bulk-jobs/job">
        <xsl:variable name="c-job" select="sc:t('bulk.col.job')"/>
        <xsl:variable name="c-change" select="sc:t('bulk.col.change')"/>
        <xsl:variable name="c-state" select="sc:t('bulk.col.state')"/>
        <xsl:variable name="c-counts" select="sc:t('bulk.col.counts')"/>
        <table class="data stack bulk-jobs" aria-labelledby="bulk-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="$c-job"/></th>
              <th scope="col"><xsl:value-of select="$c-change"/></th>
              <th scope="col"><xsl:value-of select="$c-state"/></th>
              <th scope="col"><xsl:value-of select="$c-counts"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="bulk-jobs/job">
              <tr>
                <th scope="row" data-label="{$c-job}"><a href="{$company-home}/bulk/{@id}"><xsl:value-of select="@id"/></a><xsl:text> </xsl:text><time datetime="{created}"><xsl:value-of select="sc:datetime(created)"/></time></th>
                <td data-label="{$c-change}"><xsl:apply-templates select="change" mode="bulk"/></td>
                <td data-label="{$c-state}"><xsl:value-of select="sc:t(concat('bulk.state.', @state))"/></td>
                <td data-label="{$c-counts}"><xsl:apply-templates select="." mode="bulk-counts"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('bulk.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="job" mode="bulk-counts">
    <xsl:value-of select="sc:t('bulk.done')"/><xsl:text> </xsl:text><xsl:value-of select="@done"/>
    <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.failed')"/><xsl:text> </xsl:text><xsl:value-of select="@failed"/>
    <xsl:text> · </xsl:text><xsl:value-of select="sc:t('bulk.left')"/><xsl:text> </xsl:text><xsl:value-of select="@left"/>
  </xsl:template>

  <!-- One select of plans or services (value: the product's id). -->
  <xsl:template name="bulk-offers">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="offers"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <label for="bulk-{$name}"><xsl:value-of select="sc:t(concat('bulk.', $name))"/></label>
      <select id="bulk-{$name}" name="{$name}">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">bulk-<xsl:value-of select="$name"/>-error</xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="sc:t('bulk.choose')"/></option>
        <xsl:for-each select="$offers">
          <option value="{@id}">
            <xsl:if test="@id = $form/value[@name = $name]"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="product"/><xsl:text> – </xsl:text><xsl:value-of select="sc:money(price, price/@currency)"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:apply-templates select="$error"><xsl:with-param name="id" select="concat('bulk-', $name, '-error')"/></xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- A radio button of a group, checked as typed (or by default). -->
  <xsl:template name="bulk-radio">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:param name="default" select="false()"/>
    <label>
      <input type="radio" name="{$name}" value="{$value}">
        <xsl:if test="$form/value[@name = $name] = $value or ($default and not($form/value[@name = $name]))"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <xsl:text> </xsl:text><xsl:value-of select="sc:t(concat('bulk.', $name, '.', $value))"/>
    </label>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-new']" mode="content">
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
      </fieldset>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('bulk.next')"/></button></p>
    </form>
  </xsl:template>

  <xsl:template match="page[@name = 'bulk-job']" mode="content">
    <xsl:variable name="j" select="job"/>
    <xsl:variable name="base" select="concat($company-home, '/bulk/', $j/@id)"/>
    <h1><xsl:value-of select="sc:t('bulk.job')"/><xsl:text> </xsl:text><xsl:value-of select="$j/@id"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('bulk.col.change')"/></dt>
      <dd><xsl:apply-templates select="$j/change" mode="bulk"/></dd>
      <dt><xsl:value-of select="sc:t('bulk.which')"/></dt>
      <dd><xsl:value-of select="sc:t(concat('bulk.source.', $j/selection/@source))"/><xsl:if test="$j/selection != ''"><xsl:text>: </xsl:text><xsl:value-of select="$j/selection"/></xsl:if></dd>
      <dt><xsl:value-of select="sc:t('bulk.col.state')"/></dt>
      <dd class="bulk-state"><xsl:value-of select="sc:t(concat('bulk.state.', $j/@state))"/></dd>
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
    <xsl:variable name="c-no" select="sc:t('bulk.col.no')"/>
    <xsl:variable name="c-sub" select="sc:t('bulk.col.subscription')"/>
    <xsl:variable name="c-outcome" select="sc:t('bulk.col.outcome')"/>
    <table class="data stack bulk-lines">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="$c-no"/></th>
          <th scope="col"><xsl:value-of select="$c-sub"/></th>
          <th scope="col"><xsl:value-of select="$c-outcome"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$j/lines/line">
          <tr class="line-{@outcome}">
            <td data-label="{$c-no}"><xsl:value-of select="@no"/></td>
            <td data-label="{$c-sub}">
              <xsl:choose>
                <xsl:when test="ref/@subscription"><a href="{$company-home}/subscriptions/{ref/@subscription}"><xsl:value-of select="ref"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="ref"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <td data-label="{$c-outcome}">
              <xsl:choose>
                <xsl:when test="@outcome = 'done'"><xsl:value-of select="sc:t('bulk.line.done')"/><xsl:if test="detail"><xsl:text>: </xsl:text><xsl:value-of select="detail"/></xsl:if></xsl:when>
                <xsl:when test="@outcome = 'failed'"><xsl:value-of select="sc:t('bulk.line.failed')"/><xsl:text>: </xsl:text><xsl:value-of select="sc:t(concat('bulk.reason.', reason))"/></xsl:when>
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
