<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- Users and areas: invite, set role and areas, remove. -->
  <xsl:template match="page" mode="title.users">
    <xsl:value-of select="sc:t('users.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.users">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/users')"/>
    <xsl:variable name="me" select="context/user/@id"/>
    <xsl:variable name="admin" select="context/company/@role = 'admin'"/>
    <h1 id="users-title"><xsl:value-of select="sc:t('users.title')"/></h1>
    <xsl:for-each select="form[starts-with(@name, 'member-')]">
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="."/></xsl:call-template>
      <xsl:apply-templates select="error"/>
    </xsl:for-each>
    <table class="data stack users" aria-labelledby="users-title">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('users.col.name')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('users.col.email')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('users.col.access')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('users.col.actions')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="users/user">
          <tr>
            <th scope="row" data-label="{sc:t('users.col.name')}"><xsl:value-of select="name"/></th>
            <td data-label="{sc:t('users.col.email')}"><xsl:value-of select="email"/><xsl:apply-templates select="." mode="ss-employee-number"/></td>
            <xsl:choose>
              <!-- Who is not an administrator changes neither themselves
                   nor an administrator (the server refuses it: 403). -->
              <xsl:when test="not($admin) and (@id = $me or role = 'admin')">
                <td data-label="{sc:t('users.col.access')}">
                  <xsl:apply-templates select="role" mode="users"/>
                  <xsl:apply-templates select="areas" mode="users"/>
                </td>
                <td data-label="{sc:t('users.col.actions')}"/>
              </xsl:when>
              <xsl:otherwise>
                <td data-label="{sc:t('users.col.access')}">
                  <form method="post" action="{$base}/{@id}" class="form-inline">
                    <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
                    <label for="role-{@id}"><xsl:value-of select="sc:t('users.role')"/></label>
                    <select id="role-{@id}" name="role">
                      <xsl:if test="$admin">
                        <option value="admin"><xsl:if test="role = 'admin'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('role.admin')"/></option>
                      </xsl:if>
                      <option value="manager"><xsl:if test="role = 'manager'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('role.manager')"/></option>
                      <option value="employee"><xsl:if test="role = 'employee'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('role.employee')"/></option>
                    </select>
                    <fieldset>
                      <legend><xsl:value-of select="sc:t('users.areas')"/></legend>
                      <xsl:call-template name="area-boxes">
                        <xsl:with-param name="prefix" select="concat('u', @id)"/>
                        <xsl:with-param name="areas" select="areas/area"/>
                      </xsl:call-template>
                    </fieldset>
                    <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('users.save')"/></button>
                  </form>
                </td>
                <td data-label="{sc:t('users.col.actions')}">
                  <form method="post" action="{$base}/{@id}/remove">
                    <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
                    <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('users.remove')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="name"/></span></button>
                  </form>
                </td>
              </xsl:otherwise>
            </xsl:choose>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>

    <!-- Open invitations: the name as this company's member typed it. -->
    <xsl:if test="invitations/invitation">
      <h2 id="invitations-title"><xsl:value-of select="sc:t('users.invitations')"/></h2>
      <p><xsl:value-of select="sc:t('users.invitations.intro')"/></p>
      <table class="data stack users" aria-labelledby="invitations-title">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="sc:t('users.col.name')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('users.col.email')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('users.col.access')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('users.col.invited')"/></th>
            <th scope="col"><xsl:value-of select="sc:t('users.col.actions')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="invitations/invitation">
            <tr>
              <th scope="row" data-label="{sc:t('users.col.name')}"><xsl:value-of select="name"/></th>
              <td data-label="{sc:t('users.col.email')}"><xsl:value-of select="email"/></td>
              <td data-label="{sc:t('users.col.access')}">
                <xsl:apply-templates select="role" mode="users"/>
                <xsl:apply-templates select="areas" mode="users"/>
              </td>
              <td data-label="{sc:t('users.col.invited')}">
                <time datetime="{invited}"><xsl:value-of select="sc:date(invited)"/></time>
                <xsl:text> (</xsl:text><xsl:value-of select="sc:t('users.expires')"/><xsl:text> </xsl:text>
                <time datetime="{expires}"><xsl:value-of select="sc:date(expires)"/></time>
                <xsl:text>)</xsl:text>
              </td>
              <td data-label="{sc:t('users.col.actions')}">
                <form method="post" action="/companies/{/page/context/company/@id}/invitations/{@id}/remove">
                  <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
                  <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('users.withdraw')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="email"/></span></button>
                </form>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>

    <xsl:variable name="f" select="form[@name = 'invite']"/>
    <h2 id="invite-title"><xsl:value-of select="sc:t('users.invite')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}" class="form" aria-labelledby="invite-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="sc:t('users.col.email')"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="sc:t('users.col.name')"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <div class="field">
        <label for="invite-role"><xsl:value-of select="sc:t('users.role')"/></label>
        <select id="invite-role" name="role">
          <option value="manager"><xsl:value-of select="sc:t('role.manager')"/></option>
          <option value="employee"><xsl:if test="$f/value[@name = 'role'] = 'employee'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('role.employee')"/></option>
          <xsl:if test="$admin">
            <option value="admin"><xsl:if test="$f/value[@name = 'role'] = 'admin'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('role.admin')"/></option>
          </xsl:if>
        </select>
        <xsl:apply-templates select="$f/error[@field = 'role']"/>
      </div>
      <fieldset>
        <legend><xsl:value-of select="sc:t('users.areas')"/></legend>
        <xsl:call-template name="area-boxes">
          <xsl:with-param name="prefix" select="'invite'"/>
          <xsl:with-param name="areas" select="$f/value[starts-with(@name, 'area-')]/@name"/>
          <xsl:with-param name="strip" select="true()"/>
        </xsl:call-template>
        <xsl:apply-templates select="$f/error[@field = 'areas']"/>
      </fieldset>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('users.invite.submit')"/></button></p>
    </form>
  </xsl:template>

  <!-- A role and areas as text. -->
  <xsl:template match="role" mode="users">
    <xsl:choose>
      <xsl:when test=". = 'admin'"><xsl:value-of select="sc:t('role.admin')"/></xsl:when>
      <xsl:when test=". = 'employee'"><xsl:value-of select="sc:t('role.employee')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('role.manager')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="areas" mode="users">
    <xsl:if test="area">
      <xsl:text>: </xsl:text>
      <xsl:call-template name="area-list"><xsl:with-param name="areas" select="area"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A checkbox per area of the portal (/page/areas), checked when in
       $areas; only the areas one holds are one's to give or take. -->
  <xsl:template name="area-boxes">
    <xsl:param name="prefix"/>
    <xsl:param name="areas"/>
    <xsl:param name="strip" select="false()"/>
    <!-- A node-set compared with = (any node equal) rather than filtered
         by a predicate per area: no node-set is built for each box; the
         company's areas are found once, not by a path from the root per box. -->
    <xsl:variable name="held" select="/page/context/company/area"/>
    <xsl:for-each select="/page/areas/area">
      <label class="check">
        <input type="checkbox" id="{$prefix}-area-{.}" name="area-{.}" value="on">
          <xsl:if test="($strip and $areas = concat('area-', .)) or (not($strip) and $areas = .)">
            <xsl:attribute name="checked">checked</xsl:attribute>
          </xsl:if>
          <xsl:if test="not($held = .)">
            <xsl:attribute name="disabled">disabled</xsl:attribute>
          </xsl:if>
        </input>
        <xsl:text> </xsl:text>
        <xsl:value-of select="sc:t(concat('area.', .))"/>
      </label>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
