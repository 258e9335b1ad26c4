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
        <!-- data-label repeats the column's label for the stacked layout on
             narrow screens (see selfcare.css): a literal sc:t() is text from
             compile time, cheaper per cell than a variable. -->
        <table class="data stack" aria-labelledby="page-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('companies.col.name')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('company.orgnr')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('companies.col.locations')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('companies.col.added')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('companies.col.role')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('companies.col.actions')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="companies/company">
              <tr>
                <th scope="row" data-label="{sc:t('companies.col.name')}"><xsl:value-of select="name"/></th>
                <td data-label="{sc:t('company.orgnr')}"><xsl:value-of select="orgnr"/></td>
                <td class="num" data-label="{sc:t('companies.col.locations')}"><xsl:value-of select="locations"/></td>
                <td data-label="{sc:t('companies.col.added')}">
                  <time datetime="{added}"><xsl:value-of select="sc:date(added)"/></time>
                </td>
                <td data-label="{sc:t('companies.col.role')}"><xsl:apply-templates select="role" mode="companies"/></td>
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
                          <xsl:value-of select="sc:t('companies.link.locations')"/>
                        </xsl:if>
                        <xsl:if test="not($locations) and role != 'employee'"><xsl:value-of select="sc:t('nav.overview')"/></xsl:if>
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
