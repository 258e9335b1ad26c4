<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's billing: a period's preview and the start of its
     run, the latest runs, the periods billed. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-billing">
    <xsl:value-of select="sc:t('admin.billing.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-billing">
    <h1><xsl:value-of select="sc:t('admin.billing.title')"/></h1>
    <h2><xsl:value-of select="sc:t('admin.billing.preview')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="form"/></xsl:call-template>
    <form method="get" action="/admin/billing" class="form">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="form"/>
        <xsl:with-param name="name" select="'period'"/>
        <xsl:with-param name="label" select="sc:t('admin.billing.period')"/>
        <xsl:with-param name="max" select="7"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.billing.preview.submit')"/></button></p>
    </form>
    <xsl:apply-templates select="preview"/>

    <h2 id="runs-title"><xsl:value-of select="sc:t('admin.billing.runs')"/></h2>
    <xsl:choose>
      <xsl:when test="runs/run">
        <table class="data stack" aria-labelledby="runs-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('admin.billing.period')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.billing.state')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.invoices')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('admin.billing.started-by')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="runs/run">
              <tr>
                <th scope="row"><a href="/admin/billing/runs/{@id}"><xsl:value-of select="period"/></a></th>
                <td><xsl:apply-templates select="@state" mode="admin-billing"/></td>
                <td class="num"><xsl:value-of select="invoices"/></td>
                <td><xsl:value-of select="staff"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.billing.runs.none')"/></p></xsl:otherwise>
    </xsl:choose>

    <h2 id="periods-title"><xsl:value-of select="sc:t('admin.billing.periods')"/></h2>
    <xsl:if test="periods/period">
      <table class="data stack" aria-labelledby="periods-title">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="sc:t('admin.billing.period')"/></th>
            <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.invoices')"/></th>
            <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.total')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="periods/period">
            <tr>
              <th scope="row"><xsl:value-of select="@period"/></th>
              <td class="num"><xsl:value-of select="@invoices"/></td>
              <td class="num"><xsl:value-of select="sc:money(total, @currency)"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="preview">
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title"><xsl:value-of select="sc:t('admin.billing.preview.of')"/><xsl:text> </xsl:text><xsl:value-of select="@period"/></h2>
      <p class="meta"><xsl:value-of select="sc:t('admin.billing.invoice-date')"/><xsl:text> </xsl:text><xsl:value-of select="sc:date(@invoice-date)"/></p>
      <xsl:choose>
        <xsl:when test="accounts/account">
          <table class="data stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="sc:t('admin.billing.company')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.lines')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.net')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('invoice.col.vat')"/></th>
                <th scope="col" class="num"><xsl:value-of select="sc:t('admin.billing.total')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="accounts/account">
                <tr>
                  <xsl:choose>
                    <xsl:when test="@failed"><th scope="row" colspan="5"><xsl:value-of select="sc:t('admin.billing.account-failed')"/><xsl:text> </xsl:text><xsl:value-of select="@id"/></th></xsl:when>
                    <xsl:otherwise>
                      <th scope="row"><xsl:value-of select="company-name"/></th>
                      <td class="num"><xsl:value-of select="lines/@n"/></td>
                      <td class="num"><xsl:value-of select="sc:money(net, currency)"/></td>
                      <td class="num"><xsl:value-of select="sc:money(vat, currency)"/></td>
                      <td class="num"><xsl:value-of select="sc:money(total, currency)"/></td>
                    </xsl:otherwise>
                  </xsl:choose>
                </tr>
              </xsl:for-each>
            </tbody>
            <tfoot>
              <xsl:for-each select="totals/total">
                <tr>
                  <th scope="row"><xsl:value-of select="sc:t('admin.billing.sum')"/><xsl:text> </xsl:text><xsl:value-of select="@currency"/> (<xsl:value-of select="@accounts"/>)</th>
                  <td class="num"><xsl:value-of select="@lines"/></td>
                  <td class="num"><xsl:value-of select="sc:money(net, @currency)"/></td>
                  <td class="num"><xsl:value-of select="sc:money(vat, @currency)"/></td>
                  <td class="num"><xsl:value-of select="sc:money(total, @currency)"/></td>
                </tr>
              </xsl:for-each>
            </tfoot>
          </table>
          <form method="post" action="/admin/billing" class="form">
            <xsl:call-template name="hidden-fields"/>
            <input type="hidden" name="period" value="{@period}"/>
            <p><button type="submit" class="button"><xsl:value-of select="sc:t('admin.billing.start')"/></button></p>
          </form>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.billing.preview.none')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="@state" mode="admin-billing">
    <span class="badge badge-{.}">
      <xsl:choose>
        <xsl:when test=". = 'queued'"><xsl:value-of select="sc:t('admin.billing.state.queued')"/></xsl:when>
        <xsl:when test=". = 'running'"><xsl:value-of select="sc:t('admin.billing.state.running')"/></xsl:when>
        <xsl:when test=". = 'done'"><xsl:value-of select="sc:t('admin.billing.state.done')"/></xsl:when>
        <xsl:when test=". = 'failed'"><xsl:value-of select="sc:t('admin.billing.state.failed')"/></xsl:when>
      </xsl:choose>
    </span>
  </xsl:template>

</xsl:stylesheet>
