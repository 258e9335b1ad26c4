<?xml version="1.0" encoding="UTF-8"?>
<!-- Fulfilment's queue: the state filter (a GET form), every company's
     orders in it, the oldest first, with their age and who has them. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-orders">
    <xsl:value-of select="sc:t('admin.orders.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-orders">
    <xsl:variable name="q" select="queue"/>
    <h1><xsl:value-of select="sc:t('admin.orders.title')"/></h1>
    <form method="get" action="/admin/orders" class="search filters" role="search" aria-label="{sc:t('admin.orders.filter')}">
      <div class="field">
        <label for="q-state"><xsl:value-of select="sc:t('order.col.state')"/></label>
        <select id="q-state" name="state">
          <xsl:call-template name="fulfilment-states">
            <xsl:with-param name="list" select="'open all acknowledged held inProgress completed failed cancelled '"/>
            <xsl:with-param name="current" select="$q/@state"/>
          </xsl:call-template>
        </select>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('admin.orders.filter')"/></button>
    </form>
    <xsl:choose>
      <xsl:when test="$q/order">
        <table class="list">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('admin.orders.col.id')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.cases.col.company')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('order.col.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('order.col.created')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.orders.col.age')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.orders.col.assignee')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$q/order">
              <tr>
                <td><a href="/admin/orders/{@id}"><xsl:value-of select="@id"/></a></td>
                <td><xsl:value-of select="company/name"/></td>
                <td><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="@state"/></xsl:call-template> <xsl:apply-templates select="../provisioning[@order = current()/@id]"/></td>
                <td><time datetime="{created}"><xsl:value-of select="sc:datetime(created)"/></time></td>
                <td class="num"><xsl:value-of select="age/@days"/></td>
                <td><xsl:value-of select="assignee/name"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.orders.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The filter's options, one per word of the list. -->
  <xsl:template name="fulfilment-states">
    <xsl:param name="list"/>
    <xsl:param name="current"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="v" select="substring-before($list, ' ')"/>
      <option value="{$v}">
        <xsl:if test="$v = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:choose>
          <xsl:when test="$v = 'open'"><xsl:value-of select="sc:t('admin.orders.state.open')"/></xsl:when>
          <xsl:when test="$v = 'all'"><xsl:value-of select="sc:t('admin.orders.state.all')"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="order-state-name"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </option>
      <xsl:call-template name="fulfilment-states">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
