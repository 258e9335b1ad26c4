<?xml version="1.0" encoding="UTF-8"?>
<!-- A company's stop of payment reminders: its state, the switch with a
     note of why, the latest changes. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-reminders-company">
    <xsl:value-of select="sc:t('admin.reminders.company.title')"/><xsl:text>: </xsl:text><xsl:value-of select="company/name"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-reminders-company">
    <xsl:variable name="c" select="company"/>
    <h1><xsl:value-of select="sc:t('admin.reminders.company.title')"/><xsl:text>: </xsl:text><xsl:value-of select="$c/name"/></h1>
    <p class="meta"><xsl:value-of select="$c/orgnr"/>
      <xsl:if test="$c/@status = 'closed'"><xsl:text> </xsl:text><span class="badge badge-closed"><xsl:value-of select="sc:t('admin.reminders.company.closed')"/></span></xsl:if>
    </p>
    <p class="state">
      <xsl:choose>
        <xsl:when test="$c/@stopped = 'yes'"><xsl:value-of select="sc:t('admin.reminders.company.stopped')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('admin.reminders.company.active')"/></xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form"/></xsl:call-template>
    <form method="post" action="/admin/reminders/companies/{$c/@id}" class="form">
      <xsl:call-template name="hidden-fields"/>
      <xsl:choose>
        <xsl:when test="$c/@stopped = 'yes'"><input type="hidden" name="stop" value="no"/></xsl:when>
        <xsl:otherwise><input type="hidden" name="stop" value="yes"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="form"/>
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="sc:t('admin.reminders.note.why')"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="max" select="500"/>
      </xsl:call-template>
      <p><button type="submit" class="button">
        <xsl:choose>
          <xsl:when test="$c/@stopped = 'yes'"><xsl:value-of select="sc:t('admin.reminders.company.resume')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('admin.reminders.company.stop')"/></xsl:otherwise>
        </xsl:choose>
      </button></p>
    </form>

    <h2 id="history-title"><xsl:value-of select="sc:t('admin.reminders.history')"/></h2>
    <xsl:choose>
      <xsl:when test="history/change">
        <table class="data stack" aria-labelledby="history-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.history.when')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.history.by')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.reminders.note')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="history/change">
              <tr>
                <th scope="row"><time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time></th>
                <td>
                  <xsl:choose>
                    <xsl:when test="@stop = 'yes'"><xsl:value-of select="sc:t('admin.reminders.history.stopped')"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="sc:t('admin.reminders.history.resumed')"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="by"/></td>
                <td><xsl:value-of select="note"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.reminders.history.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <p><a href="/admin/reminders"><xsl:value-of select="sc:t('admin.reminders.back')"/></a></p>
  </xsl:template>
</xsl:stylesheet>
