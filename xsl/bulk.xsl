<?xml version="1.0" encoding="UTF-8"?>
<!-- Bulk changes: what their pages share, and the list's "change these". -->
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

  <!-- What a job changes, in words. -->

  <xsl:template match="change" mode="bulk">
    <xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.kind.', @kind)"/></xsl:call-template>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="product"><xsl:value-of select="product"/></xsl:when>
      <xsl:when test="bar"><xsl:apply-templates select="." mode="bulk-bars"/></xsl:when>
      <xsl:when test="cost-centre = ''"><xsl:value-of select="sc:t('bulk.cost-centre.none')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="cost-centre"/></xsl:otherwise>
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
      <label for="bulk-{$name}"><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.', $name)"/></xsl:call-template></label>
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
      <xsl:text> </xsl:text><xsl:call-template name="bulk-key"><xsl:with-param name="k" select="concat('bulk.', $name, '.', $value)"/></xsl:call-template>
    </label>
  </xsl:template>

  <!-- A label of the bulk pages by its computed name: the keys are literals,
       so check-i18n sees every one. -->
  <xsl:template name="bulk-key">
    <xsl:param name="k"/>
    <xsl:choose>
      <xsl:when test="$k = 'bulk.title'"><xsl:value-of select="sc:t('bulk.title')"/></xsl:when>
      <xsl:when test="$k = 'bulk.job'"><xsl:value-of select="sc:t('bulk.job')"/></xsl:when>
      <xsl:when test="$k = 'bulk.new'"><xsl:value-of select="sc:t('bulk.new')"/></xsl:when>
      <xsl:when test="$k = 'bulk.change-these'"><xsl:value-of select="sc:t('bulk.change-these')"/></xsl:when>
      <xsl:when test="$k = 'bulk.kind.plan'"><xsl:value-of select="sc:t('bulk.kind.plan')"/></xsl:when>
      <xsl:when test="$k = 'bulk.kind.service-add'"><xsl:value-of select="sc:t('bulk.kind.service-add')"/></xsl:when>
      <xsl:when test="$k = 'bulk.kind.service-remove'"><xsl:value-of select="sc:t('bulk.kind.service-remove')"/></xsl:when>
      <xsl:when test="$k = 'bulk.kind.cost-centre'"><xsl:value-of select="sc:t('bulk.kind.cost-centre')"/></xsl:when>
      <xsl:when test="$k = 'bulk.kind.bars'"><xsl:value-of select="sc:t('bulk.kind.bars')"/></xsl:when>
      <xsl:when test="$k = 'bulk.cost-centre.none'"><xsl:value-of select="sc:t('bulk.cost-centre.none')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.job'"><xsl:value-of select="sc:t('bulk.col.job')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.change'"><xsl:value-of select="sc:t('bulk.col.change')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.state'"><xsl:value-of select="sc:t('bulk.col.state')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.counts'"><xsl:value-of select="sc:t('bulk.col.counts')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.no'"><xsl:value-of select="sc:t('bulk.col.no')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.subscription'"><xsl:value-of select="sc:t('bulk.col.subscription')"/></xsl:when>
      <xsl:when test="$k = 'bulk.col.outcome'"><xsl:value-of select="sc:t('bulk.col.outcome')"/></xsl:when>
      <xsl:when test="$k = 'bulk.state.draft'"><xsl:value-of select="sc:t('bulk.state.draft')"/></xsl:when>
      <xsl:when test="$k = 'bulk.state.queued'"><xsl:value-of select="sc:t('bulk.state.queued')"/></xsl:when>
      <xsl:when test="$k = 'bulk.state.running'"><xsl:value-of select="sc:t('bulk.state.running')"/></xsl:when>
      <xsl:when test="$k = 'bulk.state.done'"><xsl:value-of select="sc:t('bulk.state.done')"/></xsl:when>
      <xsl:when test="$k = 'bulk.empty'"><xsl:value-of select="sc:t('bulk.empty')"/></xsl:when>
      <xsl:when test="$k = 'bulk.total'"><xsl:value-of select="sc:t('bulk.total')"/></xsl:when>
      <xsl:when test="$k = 'bulk.done'"><xsl:value-of select="sc:t('bulk.done')"/></xsl:when>
      <xsl:when test="$k = 'bulk.failed'"><xsl:value-of select="sc:t('bulk.failed')"/></xsl:when>
      <xsl:when test="$k = 'bulk.left'"><xsl:value-of select="sc:t('bulk.left')"/></xsl:when>
      <xsl:when test="$k = 'bulk.plan'"><xsl:value-of select="sc:t('bulk.plan')"/></xsl:when>
      <xsl:when test="$k = 'bulk.service'"><xsl:value-of select="sc:t('bulk.service')"/></xsl:when>
      <xsl:when test="$k = 'bulk.choose'"><xsl:value-of select="sc:t('bulk.choose')"/></xsl:when>
      <xsl:when test="$k = 'bulk.which'"><xsl:value-of select="sc:t('bulk.which')"/></xsl:when>
      <xsl:when test="$k = 'bulk.source.search'"><xsl:value-of select="sc:t('bulk.source.search')"/></xsl:when>
      <xsl:when test="$k = 'bulk.source.file'"><xsl:value-of select="sc:t('bulk.source.file')"/></xsl:when>
      <xsl:when test="$k = 'bulk.q'"><xsl:value-of select="sc:t('bulk.q')"/></xsl:when>
      <xsl:when test="$k = 'bulk.matches'"><xsl:value-of select="sc:t('bulk.matches')"/></xsl:when>
      <xsl:when test="$k = 'bulk.file'"><xsl:value-of select="sc:t('bulk.file')"/></xsl:when>
      <xsl:when test="$k = 'bulk.file.hint'"><xsl:value-of select="sc:t('bulk.file.hint')"/></xsl:when>
      <xsl:when test="$k = 'bulk.what'"><xsl:value-of select="sc:t('bulk.what')"/></xsl:when>
      <xsl:when test="$k = 'bulk.cost-centre'"><xsl:value-of select="sc:t('bulk.cost-centre')"/></xsl:when>
      <xsl:when test="$k = 'bulk.next'"><xsl:value-of select="sc:t('bulk.next')"/></xsl:when>
      <xsl:when test="$k = 'bulk.confirm.text'"><xsl:value-of select="sc:t('bulk.confirm.text')"/></xsl:when>
      <xsl:when test="$k = 'bulk.confirm'"><xsl:value-of select="sc:t('bulk.confirm')"/></xsl:when>
      <xsl:when test="$k = 'bulk.csv'"><xsl:value-of select="sc:t('bulk.csv')"/></xsl:when>
      <xsl:when test="$k = 'bulk.all-lines'"><xsl:value-of select="sc:t('bulk.all-lines')"/></xsl:when>
      <xsl:when test="$k = 'bulk.failed-lines'"><xsl:value-of select="sc:t('bulk.failed-lines')"/></xsl:when>
      <xsl:when test="$k = 'bulk.line.done'"><xsl:value-of select="sc:t('bulk.line.done')"/></xsl:when>
      <xsl:when test="$k = 'bulk.line.failed'"><xsl:value-of select="sc:t('bulk.line.failed')"/></xsl:when>
      <xsl:when test="$k = 'bulk.line.left'"><xsl:value-of select="sc:t('bulk.line.left')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.unknown-number'"><xsl:value-of select="sc:t('bulk.reason.unknown-number')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.duplicate'"><xsl:value-of select="sc:t('bulk.reason.duplicate')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.not-found'"><xsl:value-of select="sc:t('bulk.reason.not-found')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.terminated'"><xsl:value-of select="sc:t('bulk.reason.terminated')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.same-plan'"><xsl:value-of select="sc:t('bulk.reason.same-plan')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.plan-not-offered'"><xsl:value-of select="sc:t('bulk.reason.plan-not-offered')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.service-not-offered'"><xsl:value-of select="sc:t('bulk.reason.service-not-offered')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.has-service'"><xsl:value-of select="sc:t('bulk.reason.has-service')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.no-service'"><xsl:value-of select="sc:t('bulk.reason.no-service')"/></xsl:when>
      <xsl:when test="$k = 'bulk.reason.error'"><xsl:value-of select="sc:t('bulk.reason.error')"/></xsl:when>
      <xsl:when test="$k = 'bulk.refresh.stop'"><xsl:value-of select="sc:t('bulk.refresh.stop')"/></xsl:when>
      <xsl:when test="$k = 'bulk.refresh.start'"><xsl:value-of select="sc:t('bulk.refresh.start')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
