<?xml version="1.0" encoding="UTF-8"?>
<!-- Employee self-service (portal/selfservice.c): <selfservice>, the box on
  the employee's subscription page (employee.xsl applies it), and the
  labels of SIM cards, order states and what an order costs the employee,
  which the self-service pages share. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

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
      <xsl:if test="$verified">
        <p><a class="button button-secondary" href="{$me}/subscriptions/{@subscription}/sim"><xsl:value-of select="sc:t('selfservice.sim.activate')"/></a></p>
      </xsl:if>

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
        <xsl:when test="offered/product[@kind != 'subscription']">
          <table class="data stack" aria-labelledby="ss-offered">
            <tbody>
              <xsl:for-each select="offered/product[@kind != 'subscription']">
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
        <xsl:if test="not(offered/product[@kind = 'subscription'])">
          <p class="hint"><xsl:value-of select="sc:t('selfservice.plans.hint')"/></p>
        </xsl:if>
        <ul class="ss-plans">
          <xsl:for-each select="plans/plan">
            <xsl:variable name="offer" select="../../offered/product[@id = current()/@id]"/>
            <li><xsl:value-of select="name"/><xsl:text> · </xsl:text><xsl:value-of select="sc:money(monthly, monthly/@currency)"/>
              <xsl:text> </xsl:text><xsl:value-of select="sc:t('selfservice.per-month')"/>
              <xsl:choose>
                <xsl:when test="@way = 'bigger'"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('selfservice.plan.bigger')"/>)</xsl:when>
                <xsl:when test="@way = 'smaller'"><xsl:text> (</xsl:text><xsl:value-of select="sc:t('selfservice.plan.smaller')"/>)</xsl:when>
              </xsl:choose>
              <!-- A plan the policy lets them change to: ordered as a service is. -->
              <xsl:if test="$offer">
                <xsl:text> · </xsl:text><xsl:apply-templates select="$offer/cost" mode="ss-cost"/>
                <xsl:if test="$verified">
                  <xsl:text> </xsl:text><a class="button" href="{$me}/subscriptions/{../../@subscription}/order/{@id}"><xsl:value-of select="sc:t('selfservice.plan.change')"/></a>
                </xsl:if>
              </xsl:if>
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

  <!-- A member's employee number on the users page (users.xsl applies it):
       a full administrator's form to set it, shown again with its error. -->
  <xsl:template match="user" mode="ss-employee-number">
    <xsl:variable name="uid" select="@id"/>
    <xsl:variable name="f" select="/page/form[@name = concat('employee-number-', $uid)]"/>
    <xsl:choose>
      <xsl:when test="/page/context/company/@role = 'admin'">
        <form method="post" action="/companies/{/page/context/company/@id}/users/{@id}/employee-number" class="form-inline ss-number" id="user-{@id}">
          <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
          <label for="number-{@id}"><xsl:value-of select="sc:t('users.employee-number')"/></label>
          <input type="text" id="number-{@id}" name="number" maxlength="32" size="12">
            <xsl:attribute name="value"><xsl:choose>
              <xsl:when test="$f"><xsl:value-of select="$f/value[@name = 'number']"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="employee-number"/></xsl:otherwise>
            </xsl:choose></xsl:attribute>
            <xsl:if test="$f/error"><xsl:attribute name="aria-invalid">true</xsl:attribute><xsl:attribute name="aria-describedby">number-<xsl:value-of select="@id"/>-error</xsl:attribute></xsl:if>
          </input>
          <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('users.employee-number.save')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="name"/></span></button>
          <xsl:for-each select="$f/error">
            <p class="field-error" id="number-{$uid}-error">
              <xsl:choose>
                <xsl:when test="@code = 'in-use'"><xsl:value-of select="sc:t('users.employee-number.in-use')"/></xsl:when>
                <xsl:when test="@code = 'too-long'"><xsl:value-of select="sc:t('error.too-long')"/></xsl:when>
                <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="sc:t('users.employee-number.invalid')"/></xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:for-each>
        </form>
      </xsl:when>
      <xsl:when test="employee-number">
        <br/><span class="ss-number"><xsl:value-of select="sc:t('users.employee-number')"/><xsl:text>: </xsl:text><xsl:value-of select="employee-number"/></span>
      </xsl:when>
    </xsl:choose>
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

</xsl:stylesheet>
