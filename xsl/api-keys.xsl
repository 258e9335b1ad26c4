<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The company's keys of the partner API; a new key's secret shown once. -->
  <xsl:template match="page" mode="title.api-keys">
    <xsl:value-of select="sc:t('apikeys.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.api-keys">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/api-keys')"/>
    <xsl:variable name="f" select="form[@name = 'new-key']"/>
    <h1 id="apikeys-title"><xsl:value-of select="sc:t('apikeys.title')"/></h1>
    <p><xsl:value-of select="sc:t('apikeys.intro')"/></p>
    <xsl:apply-templates select="secret" mode="api-key"/>
    <xsl:choose>
      <xsl:when test="api-keys/key">
        <table class="data stack api-keys" aria-labelledby="apikeys-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.areas')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.expires')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.used')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('apikeys.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="api-keys/key">
              <tr>
                <th scope="row" data-label="{sc:t('apikeys.col.name')}"><xsl:value-of select="name"/><xsl:text> </xsl:text><code><xsl:value-of select="prefix"/></code></th>
                <td data-label="{sc:t('apikeys.col.areas')}"><xsl:for-each select="areas/area"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="sc:t(concat('area.', .))"/></xsl:for-each></td>
                <td data-label="{sc:t('apikeys.col.expires')}">
                  <xsl:choose>
                    <xsl:when test="revoked"><xsl:value-of select="sc:t('apikeys.revoked')"/><xsl:text> </xsl:text><xsl:value-of select="sc:datetime(revoked)"/></xsl:when>
                    <xsl:when test="expires"><xsl:value-of select="sc:datetime(expires)"/></xsl:when>
                  </xsl:choose>
                </td>
                <td data-label="{sc:t('apikeys.col.used')}"><xsl:if test="last-used"><xsl:value-of select="sc:datetime(last-used)"/><xsl:text> </xsl:text><xsl:value-of select="last-used-from"/></xsl:if></td>
                <td data-label="{sc:t('apikeys.col.actions')}">
                  <xsl:call-template name="api-key-actions"><xsl:with-param name="base" select="$base"/></xsl:call-template>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('apikeys.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <h2 id="apikeys-new"><xsl:value-of select="sc:t('apikeys.new')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}" aria-labelledby="apikeys-new" novalidate="novalidate">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="sc:t('apikeys.name')"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'days'"/>
        <xsl:with-param name="type" select="'number'"/>
        <xsl:with-param name="label" select="sc:t('apikeys.days')"/>
        <xsl:with-param name="max" select="3"/>
      </xsl:call-template>
      <fieldset>
        <legend><xsl:value-of select="sc:t('apikeys.areas')"/></legend>
        <xsl:for-each select="areas/area">
          <xsl:variable name="n" select="concat('area-', .)"/>
          <label><input type="checkbox" name="{$n}" value="on"><xsl:if test="$f/value[@name = $n]"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input><xsl:text> </xsl:text><xsl:value-of select="sc:t(concat('area.', .))"/></label>
        </xsl:for-each>
      </fieldset>
      <button type="submit" class="button"><xsl:value-of select="sc:t('apikeys.submit')"/></button>
    </form>
  </xsl:template>

  <!-- A new key's secret, shown this once (here and in the back office). -->
  <xsl:template match="secret" mode="api-key">
    <div class="notice" role="status">
      <p><xsl:value-of select="sc:t('apikeys.secret')"/></p>
      <p><code id="api-key-secret"><xsl:value-of select="."/></code></p>
    </div>
  </xsl:template>

  <!-- Rotate and revoke a live key (the context node), under base. -->
  <xsl:template name="api-key-actions">
    <xsl:param name="base"/>
    <xsl:if test="@live = 'yes'">
      <form method="post" action="{$base}/{@id}/rotate">
        <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
        <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('apikeys.rotate')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="prefix"/></span></button>
      </form>
      <form method="post" action="{$base}/{@id}/revoke">
        <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
        <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('apikeys.revoke')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="prefix"/></span></button>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
