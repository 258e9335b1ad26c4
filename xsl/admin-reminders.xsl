<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's payment reminders: the preview of a run's day, the
     run of today, the companies with reminders stopped. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-reminders">
    <xsl:value-of select="sc:t('admin.reminders.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-reminders">
    <h1><xsl:value-of select="sc:t('admin.reminders.title')"/></h1>
    <p><xsl:value-of select="sc:t('admin.reminders.intro')"/></p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form"/></xsl:call-template>
    <form method="get" action="/admin/reminders" class="form">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="form"/>
        <xsl:with-param name="name" select="'date'"/>
        <xsl:with-param name="label" select="sc:t('admin.reminders.date')"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.reminders.preview.submit')"/></button></p>
    </form>
    <xsl:apply-templates select="preview"/>

    <h2 id="stopped-title"><xsl:value-of select="sc:t('admin.reminders.stopped')"/></h2>
    <xsl:choose>
      <xsl:when test="stopped/company">
        <table class="data stack" aria-labelledby="stopped-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.company')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.note')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="stopped/company">
              <tr>
                <th scope="row"><a href="/admin/reminders/companies/{@id}"><xsl:value-of select="name"/></a></th>
                <td><xsl:value-of select="note"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.reminders.stopped.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name = 'admin-reminders']/preview">
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title"><xsl:value-of select="sc:t('admin.reminders.preview.of')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(@date)"/></h2>
      <p class="meta"><xsl:value-of select="sc:t('admin.reminders.count')"/><xsl:text> </xsl:text><xsl:value-of select="@reminders"/></p>
      <xsl:choose>
        <xsl:when test="invoice">
          <table class="data stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="sc:t('admin.reminders.invoice')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('admin.reminders.company')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('admin.reminders.due')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('admin.reminders.remaining')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('admin.reminders.fee')"/></th>
                <th scope="col"><xsl:value-of select="sc:t('admin.reminders.state')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="invoice">
                <tr>
                  <th scope="row"><a href="/admin/invoices/{@id}"><xsl:value-of select="number"/></a></th>
                  <td><a href="/admin/reminders/companies/{@company}"><xsl:value-of select="company-name"/></a></td>
                  <td><xsl:value-of select="sc:date(due)"/></td>
                  <td class="num"><xsl:value-of select="sc:money(remaining, currency)"/></td>
                  <td class="num"><xsl:if test="fee"><xsl:value-of select="sc:money(fee, currency)"/></xsl:if></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@stopped"><span class="badge badge-stopped"><xsl:value-of select="sc:t('admin.reminders.is-stopped')"/></span></xsl:when>
                      <xsl:otherwise><xsl:value-of select="sc:t('admin.reminders.will-remind')"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.reminders.none')"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@today and @reminders &gt; 0">
          <form method="post" action="/admin/reminders" class="form">
            <xsl:call-template name="hidden-fields"/>
            <input type="hidden" name="date" value="{@date}"/>
            <xsl:if test="@per-run"><p><xsl:value-of select="sc:t('admin.reminders.per-run')"/><xsl:text> </xsl:text><xsl:value-of select="@per-run"/></p></xsl:if>
            <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.reminders.send')"/></button></p>
          </form>
        </xsl:when>
        <xsl:when test="not(@today)"><p class="meta"><xsl:value-of select="sc:t('admin.reminders.only-today')"/></p></xsl:when>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
