<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The new-subscription wizard: the drafts, each step's form, the
       summary; and a new subscription's item on the order pages. -->
  <xsl:template match="page" mode="title.wizard">
    <xsl:value-of select="sc:t('wizard.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.wizard">
    <xsl:variable name="co" select="context/company/@id"/>
    <h1><xsl:value-of select="sc:t('wizard.title')"/></h1>
    <p><xsl:value-of select="sc:t('wizard.intro')"/></p>
    <form method="post" action="/companies/{$co}/wizard" class="form">
      <xsl:call-template name="hidden-fields"/>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('wizard.start')"/></button></p>
    </form>
    <h2 id="drafts-title"><xsl:value-of select="sc:t('wizard.drafts')"/></h2>
    <xsl:choose>
      <xsl:when test="drafts/draft">
        <table class="list" aria-labelledby="drafts-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('wizard.col.for')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('wizard.col.plan')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('wizard.col.updated')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('wizard.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="drafts/draft">
              <tr>
                <td><xsl:value-of select="for"/></td>
                <td><xsl:value-of select="plan"/></td>
                <td><time datetime="{updated}"><xsl:value-of select="sc:datetime(updated)"/></time></td>
                <td>
                  <a href="/companies/{$co}/wizard/{@id}/{@step}"><xsl:value-of select="sc:t('wizard.resume')"/></a>
                  <form method="post" action="/companies/{$co}/wizard/{@id}/delete" class="inline">
                    <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
                    <button type="submit" class="button button-secondary"><xsl:value-of select="sc:t('wizard.delete')"/></button>
                  </form>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('wizard.drafts.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A new subscription's item on the order pages (order, admin-order):
       its number, SIM, and once completed the eSIM's activation code. -->
  <xsl:template match="new-subscription">
    <h2><xsl:value-of select="sc:t('wizard.order.title')"/></h2>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('wizard.number')"/></dt>
      <dd>
        <xsl:value-of select="number"/>
        <xsl:if test="not(number)"><xsl:value-of select="sc:t('wizard.number.new')"/></xsl:if>
        <xsl:if test="port"> (<xsl:value-of select="sc:t('wizard.number.port')"/>: <xsl:value-of select="port/donor"/>, <xsl:value-of select="sc:date(port/date)"/>)</xsl:if>
      </dd>
      <dt><xsl:value-of select="sc:t('wizard.sim')"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="@sim = 'esim'"><xsl:value-of select="sc:t('wizard.sim.esim')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('wizard.sim.physical')"/></xsl:otherwise>
        </xsl:choose>
      </dd>
      <xsl:if test="new-user">
        <dt><xsl:value-of select="sc:t('wizard.user.new')"/></dt>
        <dd><xsl:value-of select="new-user/name"/> (<xsl:value-of select="new-user/email"/>)</dd>
      </xsl:if>
      <xsl:if test="cost-centre">
        <dt><xsl:value-of select="sc:t('wizard.cost-centre')"/></dt><dd><xsl:value-of select="cost-centre"/></dd>
      </xsl:if>
    </dl>
    <xsl:if test="esim">
      <h3 id="esim-title"><xsl:value-of select="sc:t('wizard.esim.title')"/></h3>
      <p><xsl:value-of select="sc:t('wizard.esim.scan')"/></p>
      <xsl:if test="esim/qr">
        <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-labelledby="esim-title" width="240" height="240" viewBox="-4 -4 {esim/qr/@width + 8} {esim/qr/@width + 8}" shape-rendering="crispEdges">
          <rect x="-4" y="-4" width="{esim/qr/@width + 8}" height="{esim/qr/@width + 8}" fill="#fff"/>
          <path d="{esim/qr}" fill="#000"/>
        </svg>
      </xsl:if>
      <p><code class="esim-code"><xsl:value-of select="esim/code"/></code></p>
    </xsl:if>
  </xsl:template>

  <!-- The number the operator assigns, in the fulfil form (admin-order). -->
  <xsl:template match="new-subscription" mode="fulfil">
    <xsl:param name="form"/>
    <xsl:if test="@number-kind = 'new' and not(number)">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'number'"/>
        <xsl:with-param name="label" select="sc:t('wizard.fulfil.number')"/>
        <xsl:with-param name="type" select="'tel'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
