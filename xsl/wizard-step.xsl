<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- One step of the new-subscription wizard: the steps, the step's form
       (a search form of its own for the user), the summary to confirm. -->
  <xsl:template match="page" mode="title.wizard-step">
    <xsl:value-of select="sc:t('wizard.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.wizard-step">
    <xsl:variable name="w" select="wizard"/>
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/wizard/', $w/@draft)"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/wizard"><xsl:value-of select="sc:t('wizard.back-to-drafts')"/></a></p>
    <h1><xsl:value-of select="sc:t('wizard.title')"/></h1>
    <ol class="steps">
      <xsl:for-each select="$w/steps/step">
        <li>
          <xsl:choose>
            <xsl:when test=". = $w/@step">
              <strong aria-current="step"><xsl:call-template name="wizard-step-name"><xsl:with-param name="v" select="."/></xsl:call-template></strong>
            </xsl:when>
            <xsl:when test="@open">
              <a href="{$base}/{.}"><xsl:call-template name="wizard-step-name"><xsl:with-param name="v" select="."/></xsl:call-template></a>
            </xsl:when>
            <xsl:otherwise><xsl:call-template name="wizard-step-name"><xsl:with-param name="v" select="."/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
        </li>
      </xsl:for-each>
    </ol>
    <h2 id="step-title"><xsl:call-template name="wizard-step-name"><xsl:with-param name="v" select="$w/@step"/></xsl:call-template></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <xsl:if test="$w/@step = 'user'">
      <!-- The search is a form of its own: it works without JavaScript. -->
      <form method="get" action="{context/path}" class="form" role="search">
        <div class="field">
          <label for="wizard-q"><xsl:value-of select="sc:t('wizard.user.search')"/></label>
          <input id="wizard-q" name="q" type="search" maxlength="100" value="{$w/members/@q}"/>
        </div>
        <p><button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('wizard.user.find')"/></button></p>
      </form>
    </xsl:if>
    <form method="post" action="{context/path}" class="form" aria-labelledby="step-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:choose>
        <xsl:when test="$w/@step = 'user'"><xsl:call-template name="wizard-user"/></xsl:when>
        <xsl:when test="$w/@step = 'plan'"><xsl:call-template name="wizard-plan"/></xsl:when>
        <xsl:when test="$w/@step = 'number'"><xsl:call-template name="wizard-number"/></xsl:when>
        <xsl:when test="$w/@step = 'sim'"><xsl:call-template name="wizard-sim"/></xsl:when>
        <xsl:when test="$w/@step = 'cost-centre'">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="name" select="'cost-centre'"/>
            <xsl:with-param name="label" select="sc:t('wizard.cost-centre')"/>
            <xsl:with-param name="max" select="64"/>
            <xsl:with-param name="required" select="false()"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$w/@step = 'summary'"><xsl:apply-templates select="summary"/></xsl:when>
      </xsl:choose>
      <p>
        <xsl:choose>
          <xsl:when test="$w/@step = 'summary'">
            <button type="submit" class="button"><xsl:value-of select="sc:t('wizard.confirm')"/></button>
            <xsl:text> </xsl:text>
            <a class="button button-secondary" href="{$base}/cost-centre"><xsl:value-of select="sc:t('wizard.back')"/></a>
          </xsl:when>
          <xsl:otherwise>
            <button type="submit" class="button" name="go" value="next"><xsl:value-of select="sc:t('wizard.next')"/></button>
            <xsl:if test="$w/@step != 'user'">
              <xsl:text> </xsl:text>
              <button type="submit" class="button button-secondary" name="go" value="back" formnovalidate="formnovalidate"><xsl:value-of select="sc:t('wizard.back')"/></button>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </form>
  </xsl:template>

  <!-- A choice of radio buttons: name, value, label, the one kept checked. -->
  <xsl:template name="wizard-radio">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:param name="label"/>
    <xsl:variable name="id" select="concat('wizard-', $name, '-', $value)"/>
    <div class="field field-choice">
      <input type="radio" id="{$id}" name="{$name}" value="{$value}">
        <xsl:if test="/page/form/value[@name = $name] = $value"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <xsl:text> </xsl:text>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>

  <!-- The error of a choice, under its fieldset. -->
  <xsl:template name="wizard-choice-error">
    <xsl:param name="name"/>
    <xsl:apply-templates select="/page/form/error[@field = $name]"/>
  </xsl:template>

  <xsl:template name="wizard-user">
    <xsl:variable name="w" select="wizard"/>
    <xsl:variable name="f" select="form"/>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.user.who')"/></legend>
      <xsl:call-template name="wizard-radio">
        <xsl:with-param name="name" select="'who'"/>
        <xsl:with-param name="value" select="'member'"/>
        <xsl:with-param name="label" select="sc:t('wizard.user.member')"/>
      </xsl:call-template>
      <xsl:call-template name="wizard-radio">
        <xsl:with-param name="name" select="'who'"/>
        <xsl:with-param name="value" select="'new'"/>
        <xsl:with-param name="label" select="sc:t('wizard.user.new')"/>
      </xsl:call-template>
      <xsl:call-template name="wizard-choice-error"><xsl:with-param name="name" select="'who'"/></xsl:call-template>
    </fieldset>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.user.member')"/></legend>
      <xsl:for-each select="$w/chosen">
        <xsl:call-template name="wizard-radio">
          <xsl:with-param name="name" select="'user'"/>
          <xsl:with-param name="value" select="@id"/>
          <xsl:with-param name="label" select="name"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$w/members/member[@id != string($w/chosen/@id)]">
        <xsl:call-template name="wizard-radio">
          <xsl:with-param name="name" select="'user'"/>
          <xsl:with-param name="value" select="@id"/>
          <xsl:with-param name="label" select="concat(name, ' (', email, ')')"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="$w/members/@q and not($w/members/member)">
        <p class="empty"><xsl:value-of select="sc:t('wizard.user.none')"/></p>
      </xsl:if>
      <xsl:if test="not($w/members/@q) and not($w/chosen)">
        <p><xsl:value-of select="sc:t('wizard.user.search-first')"/></p>
      </xsl:if>
      <xsl:call-template name="wizard-choice-error"><xsl:with-param name="name" select="'user'"/></xsl:call-template>
    </fieldset>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.user.new')"/></legend>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'new-name'"/>
        <xsl:with-param name="label" select="sc:t('wizard.user.name')"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'new-email'"/>
        <xsl:with-param name="label" select="sc:t('wizard.user.email')"/>
        <xsl:with-param name="type" select="'email'"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template name="wizard-plan">
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.plan')"/></legend>
      <xsl:for-each select="wizard/plans/plan">
        <xsl:call-template name="wizard-radio">
          <xsl:with-param name="name" select="'plan'"/>
          <xsl:with-param name="value" select="@id"/>
          <xsl:with-param name="label" select="concat(name, ' – ', sc:money(monthly, monthly/@currency), ' ', sc:t('wizard.per-month'))"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="not(wizard/plans/plan)"><p class="empty"><xsl:value-of select="sc:t('wizard.plan.none')"/></p></xsl:if>
      <xsl:call-template name="wizard-choice-error"><xsl:with-param name="name" select="'plan'"/></xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template name="wizard-number">
    <xsl:variable name="f" select="form"/>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.number')"/></legend>
      <xsl:call-template name="wizard-radio">
        <xsl:with-param name="name" select="'number-kind'"/>
        <xsl:with-param name="value" select="'new'"/>
        <xsl:with-param name="label" select="sc:t('wizard.number.new')"/>
      </xsl:call-template>
      <xsl:call-template name="wizard-radio">
        <xsl:with-param name="name" select="'number-kind'"/>
        <xsl:with-param name="value" select="'port'"/>
        <xsl:with-param name="label" select="sc:t('wizard.number.port')"/>
      </xsl:call-template>
      <xsl:call-template name="wizard-choice-error"><xsl:with-param name="name" select="'number-kind'"/></xsl:call-template>
    </fieldset>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.number.port')"/></legend>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'port-number'"/>
        <xsl:with-param name="label" select="sc:t('wizard.number.port-number')"/>
        <xsl:with-param name="type" select="'tel'"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'donor'"/>
        <xsl:with-param name="label" select="sc:t('wizard.number.donor')"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'port-date'"/>
        <xsl:with-param name="label" select="sc:t('wizard.number.port-date')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template name="wizard-sim">
    <xsl:variable name="f" select="form"/>
    <fieldset>
      <legend><xsl:value-of select="sc:t('wizard.sim')"/></legend>
      <xsl:call-template name="wizard-radio">
        <xsl:with-param name="name" select="'sim'"/>
        <xsl:with-param name="value" select="'physical'"/>
        <xsl:with-param name="label" select="sc:t('wizard.sim.physical')"/>
      </xsl:call-template>
      <xsl:if test="wizard/@esim">
        <xsl:call-template name="wizard-radio">
          <xsl:with-param name="name" select="'sim'"/>
          <xsl:with-param name="value" select="'esim'"/>
          <xsl:with-param name="label" select="sc:t('wizard.sim.esim')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="wizard-choice-error"><xsl:with-param name="name" select="'sim'"/></xsl:call-template>
    </fieldset>
    <fieldset>
      <legend><xsl:value-of select="sc:t('order.delivery')"/></legend>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="sc:t('order.delivery.name')"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'street'"/>
        <xsl:with-param name="label" select="sc:t('order.delivery.street')"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'postcode'"/>
        <xsl:with-param name="label" select="sc:t('order.delivery.postcode')"/>
        <xsl:with-param name="max" select="10"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'city'"/>
        <xsl:with-param name="label" select="sc:t('order.delivery.city')"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <xsl:template match="page[@name = 'wizard-step']/summary">
    <dl class="details">
      <dt><xsl:value-of select="sc:t('wizard.plan')"/></dt><dd><xsl:value-of select="plan/name"/></dd>
      <dt><xsl:value-of select="sc:t('wizard.col.for')"/></dt>
      <dd><xsl:value-of select="for/name"/><xsl:if test="for/@new"> (<xsl:value-of select="for/email"/>, <xsl:value-of select="sc:t('wizard.user.new')"/>)</xsl:if></dd>
      <dt><xsl:value-of select="sc:t('wizard.number')"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="number/@kind = 'port'"><xsl:value-of select="number/port-number"/> (<xsl:value-of select="sc:t('wizard.number.port')"/>: <xsl:value-of select="number/donor"/>, <xsl:value-of select="sc:date(number/port-date)"/>)</xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('wizard.number.new')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="/page/form/error[@field = 'port-number']">
          <p class="field-error" id="port-number-error"><xsl:value-of select="sc:t('wizard.number.taken')"/><xsl:text> </xsl:text><a href="/companies/{/page/context/company/@id}/wizard/{/page/wizard/@draft}/number"><xsl:value-of select="sc:t('wizard.number.choose-again')"/></a></p>
        </xsl:if>
      </dd>
      <dt><xsl:value-of select="sc:t('wizard.sim')"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="sim/@kind = 'esim'"><xsl:value-of select="sc:t('wizard.sim.esim')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('wizard.sim.physical')"/>: <xsl:value-of select="sim/delivery/name"/>, <xsl:value-of select="sim/delivery/street"/>, <xsl:value-of select="sim/delivery/postcode"/><xsl:text> </xsl:text><xsl:value-of select="sim/delivery/city"/></xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt><xsl:value-of select="sc:t('wizard.cost-centre')"/></dt><dd><xsl:value-of select="cost-centre"/></dd>
      <dt><xsl:value-of select="sc:t('wizard.monthly')"/></dt><dd><xsl:value-of select="sc:money(plan/monthly, plan/monthly/@currency)"/></dd>
      <dt><xsl:value-of select="sc:t('wizard.oneoff')"/></dt><dd><xsl:value-of select="sc:money(plan/oneoff, plan/oneoff/@currency)"/></dd>
      <xsl:if test="vat-rate">
        <dt><xsl:value-of select="sc:t('wizard.vat')"/> (<xsl:value-of select="vat-rate"/> %)</dt>
        <dd><xsl:value-of select="sc:money(monthly-vat, monthly-vat/@currency)"/> / <xsl:value-of select="sc:money(oneoff-vat, oneoff-vat/@currency)"/></dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('wizard.monthly-total')"/></dt><dd><xsl:value-of select="sc:money(monthly-total, monthly-total/@currency)"/></dd>
      <dt><xsl:value-of select="sc:t('wizard.oneoff-total')"/></dt><dd><xsl:value-of select="sc:money(oneoff-total, oneoff-total/@currency)"/></dd>
    </dl>
    <p><xsl:value-of select="sc:t('wizard.billed-from')"/></p>
  </xsl:template>

  <xsl:template name="wizard-step-name">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'user'"><xsl:value-of select="sc:t('wizard.step.user')"/></xsl:when>
      <xsl:when test="$v = 'plan'"><xsl:value-of select="sc:t('wizard.step.plan')"/></xsl:when>
      <xsl:when test="$v = 'number'"><xsl:value-of select="sc:t('wizard.step.number')"/></xsl:when>
      <xsl:when test="$v = 'sim'"><xsl:value-of select="sc:t('wizard.step.sim')"/></xsl:when>
      <xsl:when test="$v = 'cost-centre'"><xsl:value-of select="sc:t('wizard.step.cost-centre')"/></xsl:when>
      <xsl:when test="$v = 'summary'"><xsl:value-of select="sc:t('wizard.step.summary')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
