<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's staff, for its administrators: the list (each links
     to the member's page, admin-staff-member.xsl) and the form that adds a
     member. The named templates staff-* serve both pages. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-staff">
    <xsl:value-of select="sc:t('admin.staff.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-staff">
    <xsl:variable name="c-name" select="sc:t('admin.staff.col.name')"/>
    <xsl:variable name="c-email" select="sc:t('admin.staff.col.email')"/>
    <h1 id="staff-title"><xsl:value-of select="sc:t('admin.staff.title')"/></h1>
    <table class="data stack staff" aria-labelledby="staff-title">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.name')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.email')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.roles')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.second')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.status')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('admin.staff.col.last-login')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="members/member">
          <tr>
            <th scope="row" data-label="{sc:t('admin.staff.col.name')}"><a href="/admin/staff/{@id}"><xsl:value-of select="name"/></a></th>
            <td data-label="{sc:t('admin.staff.col.email')}"><xsl:value-of select="email"/></td>
            <td data-label="{sc:t('admin.staff.col.roles')}"><xsl:call-template name="staff-roles"/></td>
            <td data-label="{sc:t('admin.staff.col.second')}"><xsl:call-template name="staff-second"/></td>
            <td data-label="{sc:t('admin.staff.col.status')}"><xsl:call-template name="staff-status"/></td>
            <td data-label="{sc:t('admin.staff.col.last-login')}"><xsl:call-template name="staff-last-login"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>

    <xsl:variable name="f" select="form[@name = 'add']"/>
    <h2 id="add-title"><xsl:value-of select="sc:t('admin.staff.add')"/></h2>
    <p><xsl:value-of select="sc:t('admin.staff.add.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/staff" class="form" aria-labelledby="add-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="$c-name"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="$c-email"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="staff-role-boxes">
        <xsl:with-param name="prefix" select="'add'"/>
        <xsl:with-param name="ticked" select="$f/value"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.staff.add.submit')"/></button></p>
    </form>
  </xsl:template>

  <!-- A member's roles by name ("Administrator, Customer care"). -->
  <xsl:template name="staff-roles">
    <xsl:choose>
      <xsl:when test="roles/role">
        <xsl:for-each select="roles/role">
          <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
          <xsl:value-of select="sc:t(concat('role.', .))"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('admin.staff.no-roles')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="staff-second">
    <xsl:choose>
      <xsl:when test="@enrolled = 'yes'"><xsl:value-of select="sc:t('admin.staff.enrolled')"/></xsl:when>
      <xsl:otherwise><span class="badge badge-pending"><xsl:value-of select="sc:t('admin.staff.not-enrolled')"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="staff-status">
    <span class="badge badge-{@status}">
      <xsl:choose>
        <xsl:when test="@status = 'active'"><xsl:value-of select="sc:t('admin.staff.active')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('admin.staff.disabled')"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template name="staff-last-login">
    <xsl:choose>
      <xsl:when test="last-login"><time datetime="{last-login}"><xsl:value-of select="sc:datetime(last-login)"/></time></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('admin.staff.never')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A checkbox per role of the back office (/page/roles), named role-NAME,
       ticked when held ($held: role elements) or ticked in the form re-shown
       ($ticked: its value elements). -->
  <xsl:template name="staff-role-boxes">
    <xsl:param name="prefix"/>
    <xsl:param name="held" select="/.."/>
    <xsl:param name="ticked" select="/.."/>
    <fieldset>
      <legend><xsl:value-of select="sc:t('admin.staff.col.roles')"/></legend>
      <xsl:for-each select="/page/roles/role">
        <xsl:variable name="code" select="string(.)"/>
        <label class="check">
          <input type="checkbox" id="{$prefix}-role-{$code}" name="role-{$code}" value="on">
            <xsl:if test="$held[. = $code] or $ticked[@name = concat('role-', $code)]">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <xsl:text> </xsl:text>
          <xsl:value-of select="sc:t(concat('role.', .))"/>
        </label>
      </xsl:for-each>
      <p class="hint"><xsl:value-of select="sc:t('admin.staff.admin-holds-all')"/></p>
    </fieldset>
  </xsl:template>

</xsl:stylesheet>
