<?xml version="1.0" encoding="UTF-8"?>
<!-- An employee's own subscriptions, <employee view="list|subscription">:
  list:         GET /companies/N/me                    my subscriptions
  subscription: GET /companies/N/me/subscriptions/M    one of them
  and the state of the phone number (confirm it: /companies/N/me/phone).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.employee">
    <xsl:choose>
      <xsl:when test="employee/@view = 'subscription'"><xsl:value-of select="employee/subscriptions/subscription/ref"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('employee.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="content.employee">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/me')"/>
    <xsl:choose>
      <xsl:when test="employee/@view = 'subscription'">
        <xsl:variable name="s" select="employee/subscriptions/subscription"/>
        <p class="breadcrumb"><a href="{$base}"><xsl:value-of select="sc:t('employee.title')"/></a></p>
        <h1><xsl:value-of select="$s/ref"/></h1>
        <dl class="glance">
          <dt><xsl:value-of select="sc:t('employee.col.product')"/></dt>
          <dd><xsl:value-of select="$s/product"/></dd>
          <dt><xsl:value-of select="sc:t('employee.col.status')"/></dt>
          <dd><xsl:apply-templates select="$s/status" mode="employee"/></dd>
          <dt><xsl:value-of select="sc:t('employee.col.started')"/></dt>
          <dd><time datetime="{$s/started}"><xsl:value-of select="sc:date($s/started)"/></time></dd>
          <dt><xsl:value-of select="sc:t('employee.col.price')"/></dt>
          <dd><xsl:value-of select="sc:money($s/monthly, $s/monthly/@currency)"/></dd>
          <xsl:if test="$s/location">
            <dt><xsl:value-of select="sc:t('employee.col.location')"/></dt>
            <dd><xsl:value-of select="$s/location"/></dd>
          </xsl:if>
        </dl>
        <xsl:apply-templates select="employee/selfservice"/>
      </xsl:when>
      <xsl:otherwise>
        <h1 id="employee-title"><xsl:value-of select="sc:t('employee.title')"/></h1>
        <xsl:choose>
          <xsl:when test="employee/subscriptions/subscription">
            <table class="data stack" aria-labelledby="employee-title">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="sc:t('employee.col.ref')"/></th>
                  <th scope="col"><xsl:value-of select="sc:t('employee.col.product')"/></th>
                  <th scope="col"><xsl:value-of select="sc:t('employee.col.status')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="sc:t('employee.col.price')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="employee/subscriptions/subscription">
                  <tr>
                    <th scope="row" data-label="{sc:t('employee.col.ref')}"><a href="{$base}/subscriptions/{@id}"><xsl:value-of select="ref"/></a></th>
                    <td data-label="{sc:t('employee.col.product')}"><xsl:value-of select="product"/></td>
                    <td data-label="{sc:t('employee.col.status')}"><xsl:apply-templates select="status" mode="employee"/></td>
                    <td class="num" data-label="{sc:t('employee.col.price')}"><xsl:value-of select="sc:money(monthly, monthly/@currency)"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:when>
          <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('employee.empty')"/></p></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
    <!-- Self-service waits for a confirmed number. -->
    <section class="phone-state" aria-labelledby="phone-state-title">
      <h2 id="phone-state-title"><xsl:value-of select="sc:t('employee.phone.title')"/></h2>
      <xsl:choose>
        <xsl:when test="employee/phone/@verified = 'yes'">
          <p><xsl:value-of select="sc:t('employee.phone.confirmed')"/><xsl:text> </xsl:text><strong><xsl:value-of select="employee/phone"/></strong></p>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="sc:t('employee.phone.unconfirmed')"/></p>
          <p><a class="button" href="{$base}/phone"><xsl:value-of select="sc:t('employee.phone.go')"/></a></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="status" mode="employee">
    <xsl:choose>
      <xsl:when test=". = 'active'"><xsl:value-of select="sc:t('status.active')"/></xsl:when>
      <xsl:when test=". = 'suspended'"><xsl:value-of select="sc:t('status.suspended')"/></xsl:when>
      <xsl:when test=". = 'terminated'"><xsl:value-of select="sc:t('status.terminated')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
