<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- An invitation from the link in its mail: what is offered, and a
       button that accepts it (a link alone never does). -->
  <xsl:template match="page" mode="title.invitation">
    <xsl:value-of select="sc:t('invitation.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.invitation">
    <xsl:variable name="i" select="invitation"/>
    <h1><xsl:value-of select="sc:t('invitation.title')"/></h1>
    <xsl:choose>
      <xsl:when test="$i/@state = 'open'">
        <p>
          <xsl:value-of select="sc:t('invitation.offer')"/><xsl:text> </xsl:text>
          <strong><xsl:value-of select="$i/company"/></strong>
        </p>
        <dl class="glance">
          <dt><xsl:value-of select="sc:t('users.col.email')"/></dt>
          <dd><xsl:value-of select="$i/email"/></dd>
          <dt><xsl:value-of select="sc:t('users.role')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$i/role = 'admin'"><xsl:value-of select="sc:t('role.admin')"/></xsl:when>
              <xsl:when test="$i/role = 'employee'"><xsl:value-of select="sc:t('role.employee')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sc:t('role.manager')"/></xsl:otherwise>
            </xsl:choose>
          </dd>
          <dt><xsl:value-of select="sc:t('users.areas')"/></dt>
          <dd>
            <xsl:call-template name="area-list"><xsl:with-param name="areas" select="$i/areas/area"/></xsl:call-template>
          </dd>
        </dl>
        <form method="post" action="/invitation">
          <input type="hidden" name="csrf" value="{context/csrf}"/>
          <input type="hidden" name="t" value="{$i/t}"/>
          <button type="submit" class="button"><xsl:value-of select="sc:t('invitation.accept')"/></button>
        </form>
      </xsl:when>
      <xsl:when test="$i/@state = 'accepted'">
        <xsl:call-template name="notice">
          <xsl:with-param name="text" select="sc:t('invitation.accepted')"/>
        </xsl:call-template>
        <p><a class="button" href="/login"><xsl:value-of select="sc:t('invitation.login')"/></a></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="notice">
          <xsl:with-param name="kind" select="'error'"/>
          <xsl:with-param name="text" select="sc:t('invitation.invalid')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
