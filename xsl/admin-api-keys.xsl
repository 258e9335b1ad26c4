<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The operator's keys of the partner API: resellers' and mediation's. -->
  <xsl:template match="page" mode="title.admin-api-keys">
    <xsl:value-of select="sc:t('partnerkeys.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-api-keys">
    <xsl:variable name="f" select="form[@name = 'new-key']"/>
    <h1 id="partnerkeys-title"><xsl:value-of select="sc:t('partnerkeys.title')"/></h1>
    <p><xsl:value-of select="sc:t('partnerkeys.intro')"/></p>
    <xsl:apply-templates select="secret" mode="api-key"/>
    <xsl:choose>
      <xsl:when test="api-keys/key">
        <table class="data stack api-keys" aria-labelledby="partnerkeys-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('partnerkeys.col.kind')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('partnerkeys.col.companies')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.expires')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.used')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="api-keys/key">
              <tr>
                <th scope="row" data-label="{sc:t('apikeys.col.name')}"><xsl:value-of select="name"/><xsl:text> </xsl:text><code><xsl:value-of select="prefix"/></code></th>
                <td data-label="{sc:t('partnerkeys.col.kind')}"><xsl:choose><xsl:when test="@kind = 'reseller'"><xsl:value-of select="sc:t('partnerkeys.kind.reseller')"/></xsl:when><xsl:when test="@kind = 'mediation'"><xsl:value-of select="sc:t('partnerkeys.kind.mediation')"/></xsl:when><xsl:when test="@kind = 'billing'"><xsl:value-of select="sc:t('partnerkeys.kind.billing')"/></xsl:when><xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise></xsl:choose></td>
                <td data-label="{sc:t('partnerkeys.col.companies')}"><xsl:for-each select="company"><xsl:if test="position() &gt; 1">, </xsl:if><a href="/admin/customers/{@id}"><xsl:value-of select="."/></a></xsl:for-each></td>
                <td data-label="{sc:t('apikeys.col.expires')}">
                  <xsl:choose>
                    <xsl:when test="revoked"><xsl:value-of select="sc:t('apikeys.revoked')"/><xsl:text> </xsl:text><xsl:value-of select="sc:datetime(revoked)"/></xsl:when>
                    <xsl:when test="expires"><xsl:value-of select="sc:datetime(expires)"/></xsl:when>
                  </xsl:choose>
                </td>
                <td data-label="{sc:t('apikeys.col.used')}"><xsl:if test="last-used"><xsl:value-of select="sc:datetime(last-used)"/><xsl:text> </xsl:text><xsl:value-of select="last-used-from"/></xsl:if></td>
                <td data-label="{sc:t('apikeys.col.actions')}">
                  <xsl:call-template name="api-key-actions"><xsl:with-param name="base" select="'/admin/api-keys'"/></xsl:call-template>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('apikeys.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <h2 id="partnerkeys-new"><xsl:value-of select="sc:t('apikeys.new')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/api-keys" aria-labelledby="partnerkeys-new" novalidate="novalidate">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="sc:t('apikeys.name')"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <p>
        <label for="key-kind"><xsl:value-of select="sc:t('partnerkeys.col.kind')"/></label>
        <select id="key-kind" name="kind">
          <option value="reseller"><xsl:if test="$f/value[@name = 'kind'] = 'reseller'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('partnerkeys.kind.reseller')"/></option>
          <option value="mediation"><xsl:if test="$f/value[@name = 'kind'] = 'mediation'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('partnerkeys.kind.mediation')"/></option>
          <option value="billing"><xsl:if test="$f/value[@name = 'kind'] = 'billing'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('partnerkeys.kind.billing')"/></option>
        </select>
      </p>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'companies'"/>
        <xsl:with-param name="label" select="sc:t('partnerkeys.companies')"/>
        <xsl:with-param name="max" select="2000"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'days'"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="label" select="sc:t('apikeys.days')"/>
        <xsl:with-param name="max" select="3"/>
      </xsl:call-template>
      <button type="submit" class="button"><xsl:value-of select="sc:t('apikeys.submit')"/></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
