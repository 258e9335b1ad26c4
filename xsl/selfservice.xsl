<?xml version="1.0" encoding="UTF-8"?>
<!-- Employee self-service (portal/selfservice.c):
  <selfservice>  the box on the employee's subscription page
  selfservice-order    GET/POST /companies/N/me/subscriptions/M/order/P  confirm an order
  selfservice-myorder  GET /companies/N/me/orders/O                      follow it
  policy               GET /companies/N/policy, POST …/policy/P          the company's policy
  deductions           GET /companies/N/deductions?month=YYYY-MM         payroll deductions
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- ==== the box ==== -->
  <xsl:template match="selfservice">
    <xsl:variable name="me" select="concat('/companies/', /page/context/company/@id, '/me')"/>
    <xsl:variable name="verified" select="../phone/@verified = 'yes'"/>
    <section class="selfservice" aria-labelledby="ss-title">
      <h2 id="ss-title"><xsl:value-of select="sc:t('selfservice.title')"/></h2>

      <h3><xsl:value-of select="sc:t('selfservice.plan')"/></h3>
      <p class="ss-plan"><strong><xsl:value-of select="plan/name"/></strong></p>
      <xsl:if test="plan/note"><p class="note"><xsl:value-of select="plan/note"/></p></xsl:if>
      <xsl:apply-templates select="meter" mode="usage-meter"/>

      <h3><xsl:value-of select="sc:t('selfservice.sims')"/></h3>
      <xsl:choose>
        <xsl:when test="sims/sim">
          <ul class="ss-sims">
            <xsl:for-each select="sims/sim">
              <li>
                <xsl:apply-templates select="@type" mode="ss-sim"/>
                <xsl:text> · </xsl:text><span class="iccid"><xsl:value-of select="iccid"/></span>
                <xsl:text> · </xsl:text><xsl:apply-templates select="@status" mode="ss-sim"/>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('selfservice.sims.none')"/></p></xsl:otherwise>
      </xsl:choose>

      <h3><xsl:value-of select="sc:t('selfservice.services')"/></h3>
      <xsl:choose>
        <xsl:when test="services/service">
          <ul class="ss-services">
            <xsl:for-each select="services/service">
              <li><xsl:value-of select="name"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
                <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('selfservice.services.none')"/></p></xsl:otherwise>
      </xsl:choose>

      <h3 id="ss-offered"><xsl:value-of select="sc:t('selfservice.offered')"/></h3>
      <xsl:if test="not($verified)">
        <p class="notice"><xsl:value-of select="sc:t('selfservice.verify-first')"/>
          <xsl:text> </xsl:text><a href="{$me}/phone"><xsl:value-of select="sc:t('employee.phone.go')"/></a></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="offered/product">
          <table class="data stack" aria-labelledby="ss-offered">
            <tbody>
              <xsl:for-each select="offered/product">
                <tr>
                  <th scope="row"><xsl:value-of select="name"/>
                    <xsl:if test="note"><br/><span class="note"><xsl:value-of select="note"/></span></xsl:if></th>
                  <td class="num"><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
                    <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></td>
                  <td><xsl:apply-templates select="cost" mode="ss-cost"/></td>
                  <td><xsl:if test="$verified"><a class="button" href="{$me}/subscriptions/{../../@subscription}/order/{@id}"><xsl:value-of select="sc:t('selfservice.order')"/></a></xsl:if></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('selfservice.offered.none')"/></p></xsl:otherwise>
      </xsl:choose>

      <xsl:if test="plans/plan">
        <h3><xsl:value-of select="sc:t('selfservice.plans')"/></h3>
        <p class="hint"><xsl:value-of select="sc:t('selfservice.plans.hint')"/></p>
        <ul class="ss-plans">
          <xsl:for-each select="plans/plan">
            <li><xsl:value-of select="name"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
              <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/>
              <xsl:choose>
                <xsl:when test="@way = 'bigger'"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('selfservice.plan.bigger')"/>)</xsl:when>
                <xsl:when test="@way = 'smaller'"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('selfservice.plan.smaller')"/>)</xsl:when>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <xsl:if test="orders/order">
        <h3><xsl:value-of select="sc:t('selfservice.my-orders')"/></h3>
        <ul class="ss-orders">
          <xsl:for-each select="orders/order">
            <li><a href="/companies/{/page/context/company/@id}/me/orders/{@id}"><xsl:value-of select="product"/></a>
              <xsl:text> · </xsl:text><xsl:apply-templates select="@state" mode="ss-state"/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- What it costs the employee, or that the company pays. -->
  <xsl:template match="cost" mode="ss-cost">
    <xsl:choose>
      <xsl:when test="monthly != '0.00' or oneoff">
        <span class="ss-deduction">
          <xsl:value-of select="sc:t('selfservice.cost.deduction')"/><xsl:text> </xsl:text>
          <xsl:value-of select="sc:money(monthly, monthly/@currency)"/><xsl:text> </xsl:text>
          <xsl:value-of select="sc:t('selfservice.per-month')"/>
          <xsl:if test="oneoff"><xsl:text>, </xsl:text><xsl:value-of select="sc:money(oneoff, oneoff/@currency)"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.once')"/></xsl:if>
        </span>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('selfservice.cost.company')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="@type" mode="ss-sim">
    <xsl:choose>
      <xsl:when test=". = 'main'"><xsl:value-of select="sc:t('selfservice.sim.main')"/></xsl:when>
      <xsl:when test=". = 'twin'"><xsl:value-of select="sc:t('selfservice.sim.twin')"/></xsl:when>
      <xsl:when test=". = 'data'"><xsl:value-of select="sc:t('selfservice.sim.data')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="@status" mode="ss-sim">
    <xsl:choose>
      <xsl:when test=". = 'active'"><xsl:value-of select="sc:t('status.active')"/></xsl:when>
      <xsl:when test=". = 'inactive'"><xsl:value-of select="sc:t('selfservice.sim.inactive')"/></xsl:when>
      <xsl:when test=". = 'blocked'"><xsl:value-of select="sc:t('selfservice.sim.blocked')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="@state | @to" mode="ss-state">
    <xsl:choose>
      <xsl:when test=". = 'acknowledged'"><xsl:value-of select="sc:t('selfservice.state.acknowledged')"/></xsl:when>
      <xsl:when test=". = 'held'"><xsl:value-of select="sc:t('selfservice.state.held')"/></xsl:when>
      <xsl:when test=". = 'inProgress'"><xsl:value-of select="sc:t('selfservice.state.inProgress')"/></xsl:when>
      <xsl:when test=". = 'completed'"><xsl:value-of select="sc:t('selfservice.state.completed')"/></xsl:when>
      <xsl:when test=". = 'failed'"><xsl:value-of select="sc:t('selfservice.state.failed')"/></xsl:when>
      <xsl:when test=". = 'cancelled'"><xsl:value-of select="sc:t('selfservice.state.cancelled')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ==== confirming an order ==== -->
  <xsl:template match="page[@name = 'selfservice-order']" mode="title">
    <xsl:value-of select="sc:t('selfservice.confirm.title')"/>
  </xsl:template>

  <xsl:template match="page[@name = 'selfservice-order']" mode="content">
    <xsl:variable name="c" select="confirm"/>
    <xsl:variable name="p" select="$c/product"/>
    <xsl:variable name="back" select="concat('/companies/', context/company/@id, '/me/subscriptions/', $c/@subscription)"/>
    <h1><xsl:value-of select="sc:t('selfservice.confirm.title')"/></h1>
    <dl class="glance">
      <dt><xsl:value-of select="sc:t('selfservice.confirm.product')"/></dt>
      <dd class="ss-product"><xsl:value-of select="$p/name"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.number')"/></dt>
      <dd class="ss-number"><xsl:value-of select="$c/ref"/><xsl:text> (</xsl:text><xsl:value-of select="$c/plan"/>)</dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.price')"/></dt>
      <dd><xsl:value-of select="sc:money($p/monthly, $p/monthly/@currency)"/><xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></dd>
    </dl>
    <xsl:if test="$p/note"><p class="note"><xsl:value-of select="$p/note"/></p></xsl:if>
    <p class="ss-cost"><xsl:apply-templates select="$p/cost" mode="ss-cost"/></p>
    <xsl:if test="$p/approval"><p class="notice"><xsl:value-of select="sc:t('selfservice.confirm.approval')"/></p></xsl:if>
    <xsl:if test="$p/policy">
      <div class="ss-policy">
        <xsl:if test="$p/policy/text"><p><xsl:value-of select="$p/policy/text"/></p></xsl:if>
        <xsl:if test="$p/policy/url"><p><a href="{$p/policy/url}" rel="noopener noreferrer"><xsl:value-of select="sc:t('selfservice.policy.link')"/></a></p></xsl:if>
      </div>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$c/@phone = 'verified'">
        <form method="post" action="{$back}/order/{$p/@id}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('selfservice.confirm.ok')"/></button>
            <xsl:text> </xsl:text><a class="button button-secondary" href="{$back}"><xsl:value-of select="sc:t('selfservice.confirm.cancel')"/></a></p>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="notice" role="alert"><xsl:value-of select="sc:t('selfservice.verify-first')"/>
          <xsl:text> </xsl:text><a href="/companies/{context/company/@id}/me/phone"><xsl:value-of select="sc:t('employee.phone.go')"/></a></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== following an order ==== -->
  <xsl:template match="page[@name = 'selfservice-myorder']" mode="title">
    <xsl:value-of select="sc:t('selfservice.myorder.title')"/>
  </xsl:template>

  <xsl:template match="page[@name = 'selfservice-myorder']" mode="content">
    <xsl:variable name="o" select="orders/order"/>
    <p class="breadcrumb"><a href="/companies/{context/company/@id}/me"><xsl:value-of select="sc:t('employee.title')"/></a></p>
    <h1><xsl:value-of select="sc:t('selfservice.myorder.title')"/><xsl:text> #</xsl:text><xsl:value-of select="$o/@id"/></h1>
    <dl class="glance">
      <dt><xsl:value-of select="sc:t('selfservice.confirm.product')"/></dt>
      <dd><xsl:value-of select="$o/product"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.confirm.number')"/></dt>
      <dd><xsl:value-of select="$o/ref"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.myorder.state')"/></dt>
      <dd class="ss-state"><xsl:apply-templates select="$o/@state" mode="ss-state"/></dd>
      <dt><xsl:value-of select="sc:t('selfservice.myorder.created')"/></dt>
      <dd><xsl:value-of select="sc:datetime($o/created)"/></dd>
    </dl>
    <p class="ss-cost"><xsl:apply-templates select="$o/cost" mode="ss-cost"/></p>
    <h2><xsl:value-of select="sc:t('selfservice.myorder.timeline')"/></h2>
    <ol class="timeline">
      <xsl:for-each select="$o/timeline/event">
        <li><xsl:value-of select="sc:datetime(at)"/><xsl:text> · </xsl:text><xsl:apply-templates select="@to" mode="ss-state"/>
          <xsl:if test="note"><xsl:text> · </xsl:text><xsl:value-of select="note"/></xsl:if></li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- ==== the company's policy ==== -->
  <xsl:template match="page[@name = 'policy']" mode="title">
    <xsl:value-of select="sc:t('policy.title')"/>
  </xsl:template>

  <xsl:template match="page[@name = 'policy']" mode="content">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/policy')"/>
    <xsl:variable name="editing" select="editing/@product"/>
    <h1><xsl:value-of select="sc:t('policy.title')"/></h1>
    <p><xsl:value-of select="sc:t('policy.intro')"/></p>
    <xsl:for-each select="products/product">
      <xsl:variable name="r" select="rule"/>
      <xsl:variable name="mine" select="@id = $editing"/>
      <xsl:variable name="f" select="/page/form[$mine]"/>
      <section class="policy" id="product-{@id}">
        <h2><xsl:value-of select="name"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
          <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/></h2>
        <xsl:if test="$mine"><xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template></xsl:if>
        <form method="post" action="{$base}/{@id}" class="form">
          <xsl:call-template name="hidden-fields"/>
          <div class="field"><label><input type="checkbox" name="allowed" value="yes">
            <xsl:if test="($mine and $f/value[@name = 'allowed'] = 'yes') or (not($mine) and $r/@allowed = 'yes')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('policy.allowed')"/></label></div>
          <div class="field"><label><input type="checkbox" name="approval" value="yes">
            <xsl:if test="($mine and $f/value[@name = 'approval'] = 'yes') or (not($mine) and $r/@approval = 'yes')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input><xsl:text> </xsl:text><xsl:value-of select="sc:t('policy.approval')"/></label></div>
          <xsl:variable name="payer">
            <xsl:choose>
              <xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'payer']"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$r/@payer"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <div class="field">
            <label for="payer-{@id}"><xsl:value-of select="sc:t('policy.payer')"/></label>
            <select name="payer" id="payer-{@id}">
              <option value="company"><xsl:if test="$payer = 'company'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.company')"/></option>
              <option value="employee"><xsl:if test="$payer = 'employee'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.employee')"/></option>
              <option value="split"><xsl:if test="$payer = 'split'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('policy.payer.split')"/></option>
            </select>
          </div>
          <div class="field">
            <label for="amount-{@id}"><xsl:value-of select="sc:t('policy.amount')"/><xsl:text> (</xsl:text><xsl:value-of select="monthly/@currency"/>)</label>
            <input type="text" name="amount" id="amount-{@id}" maxlength="20">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'amount']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/company-amount"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <div class="field">
            <label for="text-{@id}"><xsl:value-of select="sc:t('policy.text')"/></label>
            <input type="text" name="text" id="text-{@id}" maxlength="500">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'text']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/text"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <div class="field">
            <label for="url-{@id}"><xsl:value-of select="sc:t('policy.url')"/></label>
            <input type="url" name="url" id="url-{@id}" maxlength="500">
              <xsl:attribute name="value"><xsl:choose><xsl:when test="$mine"><xsl:value-of select="$f/value[@name = 'url']"/></xsl:when><xsl:otherwise><xsl:value-of select="$r/url"/></xsl:otherwise></xsl:choose></xsl:attribute>
            </input>
          </div>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('policy.save')"/></button></p>
        </form>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- ==== payroll deductions ==== -->
  <xsl:template match="page[@name = 'deductions']" mode="title">
    <xsl:value-of select="sc:t('deductions.title')"/>
  </xsl:template>

  <xsl:template match="page[@name = 'deductions']" mode="content">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/deductions')"/>
    <xsl:variable name="d" select="deductions"/>
    <h1 id="deductions-title"><xsl:value-of select="sc:t('deductions.title')"/><xsl:text> </xsl:text><xsl:value-of select="$d/@month"/></h1>
    <form method="get" action="{$base}" class="form inline">
      <label for="month"><xsl:value-of select="sc:t('deductions.month')"/></label>
      <input type="month" name="month" id="month" value="{$d/@month}"/>
      <button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('deductions.show')"/></button>
    </form>
    <xsl:choose>
      <xsl:when test="$d/list/deduction">
        <xsl:variable name="c-number" select="sc:t('deductions.col.number')"/>
        <xsl:variable name="c-name" select="sc:t('deductions.col.name')"/>
        <xsl:variable name="c-amount" select="sc:t('deductions.col.amount')"/>
        <xsl:variable name="c-what" select="sc:t('deductions.col.what')"/>
        <table class="data stack" aria-labelledby="deductions-title">
          <thead><tr>
            <th scope="col"><xsl:value-of select="$c-number"/></th>
            <th scope="col"><xsl:value-of select="$c-name"/></th>
            <th scope="col"><xsl:value-of select="$c-what"/></th>
            <th scope="col" class="num"><xsl:value-of select="$c-amount"/></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="$d/list/deduction">
              <tr>
                <td data-label="{$c-number}"><xsl:value-of select="employee-number"/></td>
                <th scope="row" data-label="{$c-name}"><xsl:value-of select="name"/></th>
                <td data-label="{$c-what}"><xsl:value-of select="what"/></td>
                <td class="num" data-label="{$c-amount}"><xsl:value-of select="sc:money(amount, amount/@currency)"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <p><a class="button" href="{$base}.csv?month={$d/@month}"><xsl:value-of select="sc:t('deductions.csv')"/></a></p>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('deductions.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
