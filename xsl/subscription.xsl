<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A user's subscription: details, SIM cards, services, cost centre,
       history; change the plan or terminate (each confirmed on the next page). -->
  <xsl:template match="page" mode="title.subscription">
    <xsl:value-of select="sc:t('sub.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.subscription">
    <xsl:variable name="s" select="subscription"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $s/@id)"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/subscriptions"><xsl:value-of select="sc:t('sub.back')"/></a></p>
    <xsl:apply-templates select="$s" mode="details"/>
    <xsl:apply-templates select="$s/meter" mode="usage-meter"/>
    <xsl:variable name="cf" select="form[@name = 'cost-centre']"/>
    <h2 id="cc-title"><xsl:value-of select="sc:t('sub.cost-centre')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$cf"/></xsl:call-template>
    <form method="post" action="{$base}" class="form" aria-labelledby="cc-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$cf"/>
        <xsl:with-param name="name" select="'cost-centre'"/>
        <xsl:with-param name="label" select="sc:t('sub.cost-centre')"/>
        <xsl:with-param name="value" select="$cf/value[@name = 'cost-centre'] | $s/cost-centre[not($cf)]"/>
        <xsl:with-param name="max" select="64"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('sub.cost-centre.save')"/></button></p>
    </form>
    <!-- Changing the plan or terminating is an order. -->
    <xsl:if test="$s/status != 'terminated' and not($s/ends) and context/company/area = 'orders'">
      <xsl:variable name="pf" select="form[@name = 'plan']"/>
      <h2 id="plan-title"><xsl:value-of select="sc:t('sub.plan')"/></h2>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$pf"/></xsl:call-template>
      <form method="get" action="{$base}/plan" class="form" aria-labelledby="plan-title">
        <div class="field">
          <label for="plan-product"><xsl:value-of select="sc:t('sub.plan.product')"/></label>
          <select id="plan-product" name="product">
            <xsl:for-each select="plans/plan">
              <option value="{@id}"><xsl:value-of select="product"/> – <xsl:value-of select="sc:money(price, price/@currency)"/></option>
            </xsl:for-each>
          </select>
          <xsl:apply-templates select="$pf/error"/>
        </div>
        <!-- The catalogue's notes on the plans offered. -->
        <xsl:if test="plans/plan/note">
          <ul class="plan-notes">
            <xsl:for-each select="plans/plan[note]">
              <li><strong><xsl:value-of select="product"/></strong><xsl:text>: </xsl:text><xsl:value-of select="note"/></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('sub.plan.submit')"/></button></p>
      </form>
      <xsl:variable name="tf" select="form[@name = 'terminate']"/>
      <h2 id="terminate-title"><xsl:value-of select="sc:t('sub.terminate')"/></h2>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$tf"/></xsl:call-template>
      <form method="get" action="{$base}/terminate" class="form" aria-labelledby="terminate-title">
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$tf"/>
          <xsl:with-param name="name" select="'date'"/>
          <xsl:with-param name="label" select="sc:t('sub.terminate.date')"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
        <xsl:call-template name="end-reason-fields"><xsl:with-param name="form" select="$tf"/></xsl:call-template>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('sub.terminate.submit')"/></button></p>
      </form>
    </xsl:if>
    <xsl:apply-templates select="$s/life" mode="box"/>
    <h2><xsl:value-of select="sc:t('sub.history')"/></h2>
    <xsl:choose>
      <xsl:when test="$s/history/entry">
        <ul class="history">
          <xsl:for-each select="$s/history/entry">
            <li>
              <time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time>
              <xsl:text> </xsl:text><xsl:value-of select="by"/><xsl:if test="by/@operator = 'yes'"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('case.operator')"/><xsl:text>)</xsl:text></xsl:if><xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="action = 'plan-change'"><xsl:value-of select="sc:t('sub.history.plan')"/><xsl:text> </xsl:text><xsl:value-of select="from"/> → <xsl:value-of select="to"/></xsl:when>
                <xsl:when test="action = 'service-add'"><xsl:value-of select="sc:t('sub.history.service-add')"/><xsl:text> </xsl:text><xsl:value-of select="to"/></xsl:when>
                <xsl:when test="action = 'service-remove'"><xsl:value-of select="sc:t('sub.history.service-remove')"/><xsl:text> </xsl:text><xsl:value-of select="from"/></xsl:when>
                <xsl:when test="action = 'termination'"><xsl:value-of select="sc:t('sub.history.terminate')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(effective)"/><xsl:apply-templates select="." mode="end-reason"/></xsl:when>
                <xsl:when test="action != 'cost-centre'"><xsl:apply-templates select="." mode="life"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="sc:t('sub.history.cost-centre')"/><xsl:text> </xsl:text><xsl:value-of select="detail"/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('sub.history.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="subscription" mode="details">
    <h1><xsl:value-of select="user/name"/><xsl:if test="not(user)"><xsl:value-of select="ref"/></xsl:if></h1>
    <dl class="details">
      <xsl:if test="user">
        <dt><xsl:value-of select="sc:t('subs.col.email')"/></dt><dd><xsl:value-of select="user/email"/></dd>
        <dt><xsl:value-of select="sc:t('subs.col.phone')"/></dt><dd><xsl:value-of select="user/phone"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('subs.col.subscription')"/></dt><dd><xsl:value-of select="product"/> (<xsl:value-of select="ref"/>)</dd>
      <dt><xsl:value-of select="sc:t('subs.col.price')"/></dt><dd><xsl:value-of select="sc:money(price, price/@currency)"/></dd>
      <dt><xsl:value-of select="sc:t('subs.col.status')"/></dt><dd><xsl:apply-templates select="status" mode="badge"/></dd>
      <dt><xsl:value-of select="sc:t('sub.started')"/></dt><dd><xsl:value-of select="sc:date(started)"/></dd>
      <xsl:if test="ends"><dt><xsl:value-of select="sc:t('sub.ends')"/></dt><dd><xsl:value-of select="sc:date(ends)"/></dd></xsl:if>
      <xsl:apply-templates select="end-reason" mode="details"/>
      <xsl:if test="cost-centre"><dt><xsl:value-of select="sc:t('sub.cost-centre')"/></dt><dd><xsl:value-of select="cost-centre"/></dd></xsl:if>
    </dl>
    <h2><xsl:value-of select="sc:t('sub.sims')"/></h2>
    <ul class="sims">
      <xsl:for-each select="sims/sim">
        <li><xsl:value-of select="iccid"/><xsl:text> – </xsl:text>
          <xsl:choose>
            <xsl:when test="type = 'main'"><xsl:value-of select="sc:t('sim.main')"/></xsl:when>
            <xsl:when test="type = 'twin'"><xsl:value-of select="sc:t('sim.twin')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('sim.data')"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text> </xsl:text><xsl:apply-templates select="status" mode="badge"/></li>
      </xsl:for-each>
    </ul>
    <h2><xsl:value-of select="sc:t('sub.services')"/></h2>
    <ul class="services">
      <xsl:for-each select="services/service">
        <li><xsl:value-of select="product"/><xsl:text> – </xsl:text><xsl:value-of select="sc:money(price, price/@currency)"/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

</xsl:stylesheet>
