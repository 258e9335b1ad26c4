<?xml version="1.0" encoding="UTF-8"?>
<!-- One member of the back office's staff: who they are, and the forms of
     an administrator: the roles (POST /admin/staff/ID), disable or enable
     (…/status), reset the second factor (…/second-factor). A change the
     server refused comes back as <form name> with its error. Nobody
     disables their own account or removes their own administrator role,
     and the last active administrator keeps it (the server checks both). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-staff-member">
    <xsl:value-of select="member/name"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-staff-member">
    <xsl:variable name="m" select="member"/>
    <xsl:variable name="base" select="concat('/admin/staff/', $m/@id)"/>
    <xsl:variable name="own" select="$m/@id = context/staff/@id"/>
    <xsl:variable name="refused" select="form[@name = 'roles']"/>
    <p class="back"><a class="back-link" href="/admin/staff"><xsl:value-of select="sc:t('admin.staff.back')"/></a></p>
    <h1><xsl:value-of select="$m/name"/></h1>
    <xsl:apply-templates select="form/error" mode="admin-staff-member"/>
    <dl class="details">
      <xsl:for-each select="$m">
        <dt><xsl:value-of select="sc:t('admin.staff.col.email')"/></dt>
        <dd><xsl:value-of select="email"/></dd>
        <dt><xsl:value-of select="sc:t('admin.staff.col.roles')"/></dt>
        <dd><xsl:call-template name="staff-roles"/></dd>
        <dt><xsl:value-of select="sc:t('admin.staff.col.second')"/></dt>
        <dd><xsl:call-template name="staff-second"/></dd>
        <dt><xsl:value-of select="sc:t('admin.staff.col.status')"/></dt>
        <dd><xsl:call-template name="staff-status"/></dd>
        <dt><xsl:value-of select="sc:t('admin.staff.col.last-login')"/></dt>
        <dd><xsl:call-template name="staff-last-login"/></dd>
        <dt><xsl:value-of select="sc:t('admin.staff.col.added')"/></dt>
        <dd><time datetime="{added}"><xsl:value-of select="sc:datetime(added)"/></time></dd>
      </xsl:for-each>
    </dl>
    <xsl:if test="$own">
      <xsl:call-template name="notice">
        <xsl:with-param name="id" select="'own-account'"/>
        <xsl:with-param name="text" select="sc:t('admin.staff.own')"/>
      </xsl:call-template>
    </xsl:if>

    <h2 id="roles-title"><xsl:value-of select="sc:t('admin.staff.roles.title')"/></h2>
    <form method="post" action="{$base}" class="form" aria-labelledby="roles-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:choose>
        <xsl:when test="$refused">
          <xsl:call-template name="staff-role-boxes">
            <xsl:with-param name="prefix" select="'member'"/>
            <xsl:with-param name="ticked" select="$refused/value"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="staff-role-boxes">
            <xsl:with-param name="prefix" select="'member'"/>
            <xsl:with-param name="held" select="$m/roles/role"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.staff.roles.submit')"/></button></p>
    </form>

    <!-- One's own account is not disabled: no form (the notice says why). -->
    <xsl:if test="$m/@status = 'disabled' or not($own)">
      <h2 id="status-title"><xsl:value-of select="sc:t('admin.staff.col.status')"/></h2>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$m/@status = 'disabled'">
        <form method="post" action="{$base}/status" aria-labelledby="status-title">
          <xsl:call-template name="hidden-fields"/>
          <input type="hidden" name="status" value="active"/>
          <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.staff.enable')"/></button></p>
        </form>
      </xsl:when>
      <xsl:when test="not($own)">
        <p><xsl:value-of select="sc:t('admin.staff.disable.intro')"/></p>
        <form method="post" action="{$base}/status" aria-labelledby="status-title">
          <xsl:call-template name="hidden-fields"/>
          <input type="hidden" name="status" value="disabled"/>
          <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.staff.disable')"/></button></p>
        </form>
      </xsl:when>
    </xsl:choose>

    <h2 id="second-title"><xsl:value-of select="sc:t('admin.staff.col.second')"/></h2>
    <p><xsl:value-of select="sc:t('admin.staff.reset.intro')"/></p>
    <form method="post" action="{$base}/second-factor" aria-labelledby="second-title">
      <xsl:call-template name="hidden-fields"/>
      <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.staff.reset')"/></button></p>
    </form>
  </xsl:template>

  <!-- Why a change was refused, above the forms. -->
  <xsl:template match="form/error" mode="admin-staff-member">
    <xsl:call-template name="notice">
      <xsl:with-param name="kind" select="'error'"/>
      <xsl:with-param name="id" select="concat(../@name, '-error')"/>
      <xsl:with-param name="text">
        <xsl:choose>
          <xsl:when test="@code = 'own-account'"><xsl:value-of select="sc:t('admin.staff.error.own-account')"/></xsl:when>
          <xsl:when test="@code = 'last-admin'"><xsl:value-of select="sc:t('admin.staff.error.last-admin')"/></xsl:when>
          <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('error.invalid')"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
