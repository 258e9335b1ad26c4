<?xml version="1.0" encoding="UTF-8"?>
<!-- Company overview: the companies the user administers, with a link to
  each company's location overview.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.companies">
    <xsl:value-of select="sc:t('companies.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.companies">
    <h1 id="page-title"><xsl:value-of select="sc:t('companies.title')"/></h1>
    <xsl:choose>
      <xsl:when test="companies/company">
        <p class="lead"><xsl:value-of select="sc:t('companies.intro')"/></p>
        <!-- Column labels looked up once; data-label repeats them for the
             stacked layout on narrow screens (see selfcare.css). -->
        <xsl:variable name="l-name" select="sc:t('companies.col.name')"/>
        <xsl:variable name="l-orgnr" select="sc:t('company.orgnr')"/>
        <xsl:variable name="l-locations" select="sc:t('companies.col.locations')"/>
        <xsl:variable name="l-added" select="sc:t('companies.col.added')"/>
        <xsl:variable name="l-role" select="sc:t('companies.col.role')"/>
        <xsl:variable name="l-link" select="sc:t('companies.link.locations')"/>
        <xsl:variable name="l-overview" select="sc:t('nav.overview')"/>
        <table class="data stack" aria-labelledby="page-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="$l-name"/></th>
              <th scope="col"><xsl:value-of select="$l-orgnr"/></th>
              <th scope="col" class="num"><xsl:value-of select="$l-locations"/></th>
              <th scope="col"><xsl:value-of select="$l-added"/></th>
              <th scope="col"><xsl:value-of select="$l-role"/></th>
              <th scope="col"><xsl:value-of select="sc:t('companies.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="companies/company">
              <tr>
                <th scope="row" data-label="{$l-name}"><xsl:value-of select="name"/></th>
                <td data-label="{$l-orgnr}"><xsl:value-of select="orgnr"/></td>
                <td class="num" data-label="{$l-locations}"><xsl:value-of select="locations"/></td>
                <td data-label="{$l-added}">
                  <time datetime="{added}"><xsl:value-of select="sc:date(added)"/></time>
                </td>
                <td data-label="{$l-role}"><xsl:apply-templates select="role" mode="companies"/></td>
                <td class="actions">
                  <xsl:choose>
                    <!-- Closed by the operator: its pages do not open. -->
                    <xsl:when test="closed">
                      <span class="badge badge-closed"><xsl:value-of select="sc:t('companies.closed')"/></span>
                    </xsl:when>
                    <xsl:otherwise>
                      <!-- The locations for who may see them, else the overview. -->
                      <xsl:variable name="locations" select="areas/area = 'subscriptions'"/>
                      <a href="/companies/{@id}">
                        <!-- An employee's own page: the company's are not theirs. -->
                        <xsl:if test="role = 'employee'">
                          <xsl:attribute name="href"><xsl:value-of select="concat('/companies/', @id, '/me')"/></xsl:attribute>
                          <xsl:value-of select="sc:t('nav.me')"/>
                        </xsl:if>
                        <xsl:if test="$locations">
                          <xsl:attribute name="href"><xsl:value-of select="concat('/companies/', @id, '/locations')"/></xsl:attribute>
                          <xsl:value-of select="$l-link"/>
                        </xsl:if>
                        <xsl:if test="not($locations) and role != 'employee'"><xsl:value-of select="$l-overview"/></xsl:if>
                        <!-- Names the company for screen-reader link lists. -->
                        <span class="visually-hidden">
                          <xsl:text>: </xsl:text>
                          <xsl:value-of select="name"/>
                        </span>
                      </a>
                    </xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="sc:t('companies.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="invitations/invitation">
      <h2 id="invitations-title"><xsl:value-of select="sc:t('companies.invitations')"/></h2>
      <p><xsl:value-of select="sc:t('companies.invitations.intro')"/></p>
      <ul class="invitations" aria-labelledby="invitations-title">
        <xsl:for-each select="invitations/invitation">
          <li>
            <strong><xsl:value-of select="name"/></strong>
            <xsl:text>: </xsl:text>
            <xsl:apply-templates select="role" mode="companies"/>
            <xsl:if test="areas/area"><xsl:text> – </xsl:text></xsl:if>
            <xsl:call-template name="area-list"><xsl:with-param name="areas" select="areas/area"/></xsl:call-template>
            <xsl:text> (</xsl:text><xsl:value-of select="sc:t('invitation.expires')"/><xsl:text> </xsl:text>
            <time datetime="{expires}"><xsl:value-of select="sc:date(expires)"/></time>
            <xsl:text>)</xsl:text>
            <form method="post" action="/companies" class="form-inline">
              <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
              <input type="hidden" name="invitation" value="{@id}"/>
              <button type="submit" class="button"><xsl:value-of select="sc:t('invitation.accept')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="name"/></span></button>
            </form>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="role" mode="companies">
    <xsl:choose>
      <xsl:when test=". = 'admin'"><xsl:value-of select="sc:t('role.admin')"/></xsl:when>
      <xsl:when test=". = 'manager'"><xsl:value-of select="sc:t('role.manager')"/></xsl:when>
      <xsl:when test=". = 'employee'"><xsl:value-of select="sc:t('role.employee')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
