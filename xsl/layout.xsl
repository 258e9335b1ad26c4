<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page frame, imported by every page stylesheet (xsl/NAME.xsl).
  A page stylesheet defines  match="page" mode="title"  (text for <title>)
  and  match="page" mode="content"  (what goes inside <main>).

  Rules that hold for every stylesheet here:
  - every visible string comes from sc:t('key') (xsl/i18n/*.xml), money and
    dates only through sc:money / sc:date, formatted once by the C code;
  - no inline script or style (the CSP forbids them), no
    disable-output-escaping: output escaping stays on;
  - forms work without JavaScript.
  The C code writes <!DOCTYPE html> itself, so no doctype is set here.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <xsl:template match="/">
    <html lang="{page/@lang}">
      <head>
        <!-- The HTML serializer adds the charset meta itself. -->
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:apply-templates select="page" mode="title"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="sc:t('app.name')"/>
        </title>
        <link rel="stylesheet" href="/static/selfcare.css"/>
      </head>
      <body class="page-{page/@name}">
        <a class="skip-link" href="#main"><xsl:value-of select="sc:t('nav.skip')"/></a>
        <xsl:apply-templates select="page/context" mode="header"/>
        <!-- tabindex -1 so the skip link moves keyboard focus, not only the view. -->
        <main id="main" tabindex="-1">
          <div class="wrap">
            <xsl:apply-templates select="page" mode="content"/>
          </div>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p><xsl:value-of select="sc:t('footer.text')"/></p>
          </div>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Defaults, overridden by the page stylesheets (higher import precedence). -->
  <xsl:template match="page" mode="title">
    <xsl:value-of select="sc:t('app.name')"/>
  </xsl:template>
  <xsl:template match="page" mode="content"/>

  <!-- Header: product name, main navigation (signed in only), language
       switch, and who is signed in with the logout form. -->
  <xsl:template match="context" mode="header">
    <header class="site-header">
      <div class="wrap header-inner">
        <a class="brand" href="/"><xsl:value-of select="sc:t('app.name')"/></a>
        <xsl:if test="user">
          <nav class="main-nav" aria-label="{sc:t('nav.main')}">
            <ul>
              <li>
                <a href="/companies">
                  <xsl:if test="/page/@name = 'companies' or /page/@name = 'locations'">
                    <xsl:attribute name="aria-current">page</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="sc:t('nav.companies')"/>
                </a>
              </li>
            </ul>
          </nav>
        </xsl:if>
        <div class="header-tools">
          <nav class="lang-switch" aria-label="{sc:t('nav.language')}">
            <ul>
              <xsl:call-template name="lang-link">
                <xsl:with-param name="code" select="'nb'"/>
                <xsl:with-param name="label" select="sc:t('lang.nb')"/>
              </xsl:call-template>
              <xsl:call-template name="lang-link">
                <xsl:with-param name="code" select="'da'"/>
                <xsl:with-param name="label" select="sc:t('lang.da')"/>
              </xsl:call-template>
              <xsl:call-template name="lang-link">
                <xsl:with-param name="code" select="'en'"/>
                <xsl:with-param name="label" select="sc:t('lang.en')"/>
              </xsl:call-template>
            </ul>
          </nav>
          <xsl:apply-templates select="user" mode="header"/>
        </div>
      </div>
    </header>
  </xsl:template>

  <!-- One language link. next is the canonical local path of this page;
       error pages carry no path, so they send the visitor to the start. -->
  <xsl:template name="lang-link">
    <xsl:param name="code"/>
    <xsl:param name="label"/>
    <xsl:variable name="next">
      <xsl:choose>
        <xsl:when test="starts-with(/page/context/path, '/')">
          <xsl:value-of select="/page/context/path"/>
        </xsl:when>
        <xsl:otherwise>/</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li>
      <a href="/lang?set={$code}&amp;next={$next}" lang="{$code}" hreflang="{$code}">
        <xsl:if test="/page/@lang = $code">
          <xsl:attribute name="aria-current">true</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template match="user" mode="header">
    <div class="user">
      <p class="user-name">
        <span class="user-label"><xsl:value-of select="sc:t('nav.signed-in-as')"/></span>
        <xsl:text> </xsl:text>
        <strong><xsl:value-of select="name"/></strong>
      </p>
      <form class="logout" method="post" action="/logout">
        <input type="hidden" name="csrf" value="{../csrf}"/>
        <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('nav.logout')"/></button>
      </form>
    </div>
  </xsl:template>

  <!--
    A notice box for page messages. kind: error (role=alert, read out at
    once) or info (role=status). id lets a form field point at it with
    aria-describedby.
  -->
  <xsl:template name="notice">
    <xsl:param name="text"/>
    <xsl:param name="kind" select="'info'"/>
    <xsl:param name="id" select="'notice'"/>
    <div id="{$id}" class="notice notice-{$kind}">
      <xsl:attribute name="role">
        <xsl:choose>
          <xsl:when test="$kind = 'error'">alert</xsl:when>
          <xsl:otherwise>status</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <p><xsl:value-of select="$text"/></p>
    </div>
  </xsl:template>

  <!--
    Status badge for any <status> element (location, subscription, later
    invoices). The class carries the code, the text its label; unknown codes
    show the code itself rather than nothing.
  -->
  <xsl:template match="status" mode="badge">
    <span class="badge badge-{.}">
      <xsl:choose>
        <xsl:when test=". = 'active'"><xsl:value-of select="sc:t('status.active')"/></xsl:when>
        <xsl:when test=". = 'closed'"><xsl:value-of select="sc:t('status.closed')"/></xsl:when>
        <xsl:when test=". = 'suspended'"><xsl:value-of select="sc:t('status.suspended')"/></xsl:when>
        <xsl:when test=". = 'terminated'"><xsl:value-of select="sc:t('status.terminated')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

</xsl:stylesheet>
