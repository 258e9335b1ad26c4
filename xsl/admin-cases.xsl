<?xml version="1.0" encoding="UTF-8"?>
<!-- Customer care's work queue: the filter (a GET form), every company's
     cases and change requests with their age against the target (overdue
     ones carry a badge that says so), pages. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-cases">
    <xsl:value-of select="sc:t('admin.cases.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-cases">
    <xsl:variable name="q" select="queue"/>
    <h1 id="queue-title"><xsl:value-of select="sc:t('admin.cases.title')"/></h1>
    <p class="meta">
      <xsl:value-of select="sc:t('admin.cases.target')"/><xsl:text> </xsl:text>
      <xsl:value-of select="$q/@target-days"/><xsl:text> </xsl:text>
      <xsl:value-of select="sc:t('admin.case.working-days')"/>
    </p>
    <form method="get" action="/admin/cases" class="search filters" role="search" aria-label="{sc:t('admin.cases.filters')}">
      <div class="field">
        <label for="q-state"><xsl:value-of select="sc:t('admin.cases.state')"/></label>
        <select id="q-state" name="state">
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'open'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.cases.state.open')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'all'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.cases.state.all')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'new'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.status.new')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'in-progress'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.status.in-progress')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'waiting'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.status.waiting')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'resolved'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.status.resolved')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'closed'"/><xsl:with-param name="current" select="$q/@state"/><xsl:with-param name="label" select="sc:t('admin.status.closed')"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="q-kind"><xsl:value-of select="sc:t('admin.cases.kind')"/></label>
        <select id="q-kind" name="kind">
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'any'"/><xsl:with-param name="current" select="$q/@kind"/><xsl:with-param name="label" select="sc:t('admin.cases.kind.any')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'support'"/><xsl:with-param name="current" select="$q/@kind"/><xsl:with-param name="label" select="sc:t('case.kind.support')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'change'"/><xsl:with-param name="current" select="$q/@kind"/><xsl:with-param name="label" select="sc:t('case.kind.change')"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="q-company"><xsl:value-of select="sc:t('admin.cases.company')"/></label>
        <input id="q-company" name="company" type="search" value="{$q/@company}" maxlength="200"/>
      </div>
      <div class="field">
        <label for="q-assignee"><xsl:value-of select="sc:t('admin.cases.assignee')"/></label>
        <select id="q-assignee" name="assignee">
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'anyone'"/><xsl:with-param name="current" select="$q/@assignee"/><xsl:with-param name="label" select="sc:t('admin.cases.assignee.anyone')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'mine'"/><xsl:with-param name="current" select="$q/@assignee"/><xsl:with-param name="label" select="sc:t('admin.cases.assignee.mine')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'nobody'"/><xsl:with-param name="current" select="$q/@assignee"/><xsl:with-param name="label" select="sc:t('admin.cases.assignee.nobody')"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="q-age"><xsl:value-of select="sc:t('admin.cases.age')"/></label>
        <select id="q-age" name="age">
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'any'"/><xsl:with-param name="current" select="$q/@age"/><xsl:with-param name="label" select="sc:t('admin.cases.age.any')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'overdue'"/><xsl:with-param name="current" select="$q/@age"/><xsl:with-param name="label" select="sc:t('admin.case.overdue')"/></xsl:call-template>
          <xsl:call-template name="care-age-option"><xsl:with-param name="days" select="'1'"/></xsl:call-template>
          <xsl:call-template name="care-age-option"><xsl:with-param name="days" select="'2'"/></xsl:call-template>
          <xsl:call-template name="care-age-option"><xsl:with-param name="days" select="'5'"/></xsl:call-template>
          <xsl:call-template name="care-age-option"><xsl:with-param name="days" select="'10'"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="q-order"><xsl:value-of select="sc:t('admin.cases.order')"/></label>
        <select id="q-order" name="order">
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'oldest'"/><xsl:with-param name="current" select="$q/@order"/><xsl:with-param name="label" select="sc:t('admin.cases.order.oldest')"/></xsl:call-template>
          <xsl:call-template name="care-option"><xsl:with-param name="value" select="'newest'"/><xsl:with-param name="current" select="$q/@order"/><xsl:with-param name="label" select="sc:t('admin.cases.order.newest')"/></xsl:call-template>
        </select>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('admin.cases.filter')"/></button>
    </form>
    <p class="meta"><xsl:value-of select="sc:t('admin.cases.total')"/><xsl:text> </xsl:text><xsl:value-of select="$q/@total"/></p>
    <xsl:choose>
      <xsl:when test="$q/case">
        <table class="data stack queue" aria-labelledby="queue-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('case.col.id')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('case.col.subject')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.cases.col.company')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('case.col.kind')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('case.col.status')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.cases.col.age')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.cases.col.assignee')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$q/case">
              <tr>
                <xsl:if test="@overdue = 'yes'"><xsl:attribute name="class">overdue</xsl:attribute></xsl:if>
                <td data-label="{sc:t('case.col.id')}"><xsl:value-of select="@id"/></td>
                <th scope="row" data-label="{sc:t('case.col.subject')}"><a href="/admin/cases/{@id}"><xsl:value-of select="subject"/></a></th>
                <td data-label="{sc:t('admin.cases.col.company')}"><xsl:value-of select="company/name"/></td>
                <td data-label="{sc:t('case.col.kind')}">
                  <xsl:call-template name="case-kind"/>
                  <xsl:text>: </xsl:text>
                  <xsl:call-template name="case-category"><xsl:with-param name="code" select="category"/></xsl:call-template>
                </td>
                <td data-label="{sc:t('case.col.status')}"><xsl:call-template name="care-status"><xsl:with-param name="code" select="status"/></xsl:call-template></td>
                <td data-label="{sc:t('admin.cases.col.age')}"><xsl:apply-templates select="." mode="care-age"/></td>
                <td data-label="{sc:t('admin.cases.col.assignee')}">
                  <xsl:choose>
                    <xsl:when test="assignee"><xsl:value-of select="assignee/name"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="sc:t('admin.case.nobody')"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.cases.empty')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$q/@pages &gt; 1">
      <!-- The pages as a form: the filter travels along, encoded by the browser. -->
      <form method="get" action="/admin/cases" class="pager" aria-label="{sc:t('admin.cases.pages')}">
        <input type="hidden" name="state" value="{$q/@state}"/>
        <input type="hidden" name="kind" value="{$q/@kind}"/>
        <xsl:if test="$q/@company"><input type="hidden" name="company" value="{$q/@company}"/></xsl:if>
        <input type="hidden" name="assignee" value="{$q/@assignee}"/>
        <input type="hidden" name="age" value="{$q/@age}"/>
        <input type="hidden" name="order" value="{$q/@order}"/>
        <xsl:if test="$q/@page &gt; 1">
          <button type="submit" class="button button-quiet" name="page" value="{$q/@page - 1}"><xsl:value-of select="sc:t('admin.cases.prev')"/></button>
        </xsl:if>
        <span><xsl:value-of select="$q/@page"/> / <xsl:value-of select="$q/@pages"/></span>
        <xsl:if test="$q/@page &lt; $q/@pages">
          <button type="submit" class="button button-quiet" name="page" value="{$q/@page + 1}"><xsl:value-of select="sc:t('admin.cases.next')"/></button>
        </xsl:if>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- An option of a filter, selected when it is the current value. -->
  <xsl:template name="care-option">
    <xsl:param name="value"/>
    <xsl:param name="current"/>
    <xsl:param name="label"/>
    <option value="{$value}">
      <xsl:if test="$value = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="$label"/>
    </option>
  </xsl:template>

  <xsl:template name="care-age-option">
    <xsl:param name="days"/>
    <xsl:call-template name="care-option">
      <xsl:with-param name="value" select="$days"/>
      <xsl:with-param name="current" select="/page/queue/@age"/>
      <xsl:with-param name="label" select="concat(sc:t('admin.cases.age.older'), ' ', $days, ' ', sc:t('admin.case.working-days'))"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A case's age in working days; past the target a badge says so (in
       words, not by colour alone). -->
  <xsl:template match="case" mode="care-age">
    <xsl:value-of select="age/@working-days"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.case.working-days')"/>
    <xsl:if test="@overdue = 'yes'">
      <xsl:text> </xsl:text>
      <span class="badge badge-overdue"><xsl:value-of select="sc:t('admin.case.overdue')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- A case's status as the operator reads it ("waiting for the customer"). -->
  <xsl:template name="care-status">
    <xsl:param name="code" select="."/>
    <span class="badge badge-case-{$code}">
      <xsl:call-template name="care-status-label"><xsl:with-param name="code" select="$code"/></xsl:call-template>
    </span>
  </xsl:template>

  <!-- The status's words alone (an option of the status form). -->
  <xsl:template name="care-status-label">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'new'"><xsl:value-of select="sc:t('admin.status.new')"/></xsl:when>
      <xsl:when test="$code = 'in-progress'"><xsl:value-of select="sc:t('admin.status.in-progress')"/></xsl:when>
      <xsl:when test="$code = 'waiting'"><xsl:value-of select="sc:t('admin.status.waiting')"/></xsl:when>
      <xsl:when test="$code = 'resolved'"><xsl:value-of select="sc:t('admin.status.resolved')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('admin.status.closed')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
