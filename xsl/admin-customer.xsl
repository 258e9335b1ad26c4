<?xml version="1.0" encoding="UTF-8"?>
<!-- One company for the operator's staff: details and figures, its pages
     as its administrators see them (read-only), deactivate or reactivate,
     its name and address, then members, invitations, locations, billing
     accounts, latest invoices and cases. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-customer">
    <xsl:value-of select="customer/name"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-customer">
    <xsl:variable name="c" select="customer"/>
    <xsl:variable name="base" select="concat('/admin/customers/', $c/@id)"/>
    <p class="back"><a class="back-link" href="/admin/customers"><xsl:value-of select="sc:t('admin.customer.back')"/></a></p>
    <h1>
      <xsl:value-of select="$c/name"/>
      <xsl:apply-templates select="$c/@status" mode="admin-customers"/>
    </h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('company.orgnr')"/></dt>
      <dd><xsl:call-template name="country-name"><xsl:with-param name="code" select="$c/country"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="$c/orgnr"/></dd>
      <dt><xsl:value-of select="sc:t('admin.customer.address')"/></dt>
      <dd><xsl:value-of select="$c/street"/><xsl:text>, </xsl:text><xsl:value-of select="$c/postcode"/><xsl:text> </xsl:text><xsl:value-of select="$c/city"/></dd>
      <dt><xsl:value-of select="sc:t('admin.customer.time-zone')"/></dt>
      <dd><xsl:value-of select="$c/time-zone"/></dd>
      <dt><xsl:value-of select="sc:t('admin.customer.added')"/></dt>
      <dd><time datetime="{$c/added}"><xsl:value-of select="sc:date($c/added)"/></time></dd>
      <xsl:if test="$c/closed">
        <dt><xsl:value-of select="sc:t('admin.customer.closed')"/></dt>
        <dd><time datetime="{$c/closed}"><xsl:value-of select="sc:datetime($c/closed)"/></time></dd>
      </xsl:if>
    </dl>
    <dl class="cards">
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.customer.locations')"/><xsl:with-param name="n" select="$c/figures/locations"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.customer.subscriptions')"/><xsl:with-param name="n" select="$c/figures/subscriptions"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.customer.open-cases')"/><xsl:with-param name="n" select="$c/figures/open-cases"/></xsl:call-template>
      <xsl:call-template name="admin-card"><xsl:with-param name="label" select="sc:t('admin.customer.unpaid-invoices')"/><xsl:with-param name="n" select="$c/figures/unpaid-invoices"/></xsl:call-template>
    </dl>

    <h2><xsl:value-of select="sc:t('admin.customer.view')"/></h2>
    <p><xsl:value-of select="sc:t('admin.customer.view.intro')"/></p>
    <ul class="action-list">
      <li><a href="{$base}/view/locations"><xsl:value-of select="sc:t('nav.locations')"/></a></li>
      <li><a href="{$base}/view/subscriptions"><xsl:value-of select="sc:t('nav.subscriptions')"/></a></li>
      <li><a href="{$base}/view/invoices"><xsl:value-of select="sc:t('nav.invoices')"/></a></li>
      <xsl:if test="/page/context/staff/role[. = 'billing' or . = 'admin']">
        <li><a href="/admin/reminders/companies/{$c/@id}"><xsl:value-of select="sc:t('admin.customer.reminders')"/></a></li>
      </xsl:if>
    </ul>

    <h2><xsl:value-of select="sc:t('admin.customer.status')"/></h2>
    <form method="post" action="{$base}/status" class="form-inline">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <xsl:choose>
        <xsl:when test="$c/@status = 'closed'">
          <p><xsl:value-of select="sc:t('admin.customer.reactivate.intro')"/></p>
          <input type="hidden" name="status" value="active"/>
          <button type="submit" class="button"><xsl:value-of select="sc:t('admin.customer.reactivate')"/></button>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="sc:t('admin.customer.deactivate.intro')"/></p>
          <input type="hidden" name="status" value="closed"/>
          <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.customer.deactivate')"/></button>
        </xsl:otherwise>
      </xsl:choose>
    </form>

    <h2><xsl:value-of select="sc:t('admin.customer.edit')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form"/></xsl:call-template>
    <form method="post" action="{$base}" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="form"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="sc:t('admin.customer.name')"/>
      </xsl:call-template>
      <xsl:call-template name="admin-address">
        <xsl:with-param name="form" select="form"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.customer.save')"/></button></p>
    </form>

    <h2 id="members-title"><xsl:value-of select="sc:t('admin.customer.members')"/></h2>
    <xsl:choose>
      <xsl:when test="users/user">
        <table class="data stack" aria-labelledby="members-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('users.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('users.col.email')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('users.col.access')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="users/user">
              <tr>
                <th scope="row"><xsl:value-of select="name"/></th>
                <td><xsl:value-of select="email"/></td>
                <td><xsl:apply-templates select="role" mode="users"/><xsl:apply-templates select="areas" mode="users"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.customer.members.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="invitations/invitation">
      <h3><xsl:value-of select="sc:t('users.invitations')"/></h3>
      <ul>
        <xsl:for-each select="invitations/invitation">
          <li>
            <xsl:value-of select="name"/><xsl:text> (</xsl:text><xsl:value-of select="email"/><xsl:text>), </xsl:text>
            <xsl:apply-templates select="role" mode="users"/>
            <xsl:text>, </xsl:text><xsl:value-of select="sc:t('users.expires')"/><xsl:text> </xsl:text>
            <time datetime="{expires}"><xsl:value-of select="sc:date(expires)"/></time>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>

    <h2 id="places-title"><xsl:value-of select="sc:t('locations.title')"/></h2>
    <xsl:choose>
      <xsl:when test="locations/location">
        <table class="data stack" aria-labelledby="places-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('locations.col.number')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('locations.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('locations.col.status')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="locations/location">
              <tr>
                <th scope="row"><xsl:value-of select="number"/></th>
                <td><xsl:value-of select="name"/></td>
                <td><xsl:apply-templates select="status" mode="badge"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('locations.empty')"/></p></xsl:otherwise>
    </xsl:choose>

    <h2 id="accounts-title"><xsl:value-of select="sc:t('admin.customer.accounts')"/></h2>
    <table class="data stack" aria-labelledby="accounts-title">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('admin.customer.account')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.customer.currency')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.customer.vat-rate')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.customer.issuer')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="billing-accounts/account">
          <tr>
            <th scope="row"><xsl:value-of select="number"/></th>
            <td><xsl:value-of select="currency"/></td>
            <td><xsl:call-template name="percent"><xsl:with-param name="rate" select="vat-rate"/></xsl:call-template></td>
            <td><xsl:value-of select="issuer"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>

    <h2 id="invoices-title"><xsl:value-of select="sc:t('admin.customer.invoices')"/></h2>
    <xsl:choose>
      <xsl:when test="invoices/invoice">
        <table class="data stack" aria-labelledby="invoices-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.number')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.date')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.due')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('invoices.col.status')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoices.col.amount')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('invoices.col.remaining')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="invoices/invoice">
              <tr>
                <th scope="row"><xsl:value-of select="number"/></th>
                <td><xsl:value-of select="sc:date(date)"/></td>
                <td><xsl:value-of select="sc:date(due)"/></td>
                <td><xsl:apply-templates select="." mode="invoice-status"/></td>
                <td class="num"><xsl:value-of select="sc:money(total, currency)"/></td>
                <td class="num"><xsl:value-of select="sc:money(remaining, currency)"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('invoices.none')"/></p></xsl:otherwise>
    </xsl:choose>

    <h2 id="cases-title"><xsl:value-of select="sc:t('admin.customer.cases')"/></h2>
    <xsl:choose>
      <xsl:when test="cases/case">
        <xsl:call-template name="case-table">
          <xsl:with-param name="cases" select="cases/case"/>
          <xsl:with-param name="title-id" select="'cases-title'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('cases.empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
