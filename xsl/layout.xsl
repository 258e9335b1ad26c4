<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page frame, imported once by site.xsl, which includes every page's
  stylesheet (xsl/NAME.xsl). A page's stylesheet defines
  match="page" mode="title.NAME"  (text for <title>) and
  match="page" mode="content.NAME"  (what goes inside <main>),
  optionally mode="head.NAME" (its additions to <head>), and its own
  templates in a mode named after the page. sc:apply-page (render.c)
  applies the page's template of a mode: libxslt finds a mode's templates
  by a hash, where one mode shared by every page had its patterns tried one
  by one. The templates of mode "title", "content" and "head" below are
  what a page without its own gets.

  Rules that hold for every stylesheet here:
  - every visible string comes from sc:t('key') (xsl/i18n/*.xml), money and
    dates only through sc:money / sc:date / sc:datetime, formatted by the C code;
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

  <!-- A member of the operator's staff seeing a company's pages as its
       administrators see them (the back office's read-only view): the
       pages link inside the view, and show neither a form that changes
       anything nor links to pages the view does not have. -->
  <xsl:variable name="view" select="/page/context/view"/>
  <!-- Where the active company's pages are: /companies/N, or the view's. -->
  <xsl:variable name="company-home"
      select="concat($view/@base, substring(concat('/companies/', /page/context/company/@id), 1 div not($view)))"/>
  <!-- The page's path, and the one the language links return to (error
       pages carry no path: the start): strings made once per page, not a
       result tree fragment per link. -->
  <xsl:variable name="path" select="string(/page/context/path)"/>
  <!-- The languages offered, "nb da en" (conf: languages). -->
  <xsl:variable name="offered-langs" select="sc:languages()"/>
  <xsl:variable name="lang-next"
      select="concat(substring($path, 1 div starts-with($path, '/')), substring('/', 1 div not(starts-with($path, '/'))))"/>

  <xsl:template match="/">
    <html lang="{page/@lang}">
      <head>
        <!-- The HTML serializer adds the charset meta itself. -->
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <sc:apply-page mode="title"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="sc:t('app.name')"/>
        </title>
        <link rel="stylesheet" href="/static/selfcare.css"/>
        <sc:apply-page mode="head"/>
      </head>
      <body class="page-{page/@name}">
        <a class="skip-link" href="#main"><xsl:value-of select="sc:t('nav.skip')"/></a>
        <xsl:apply-templates select="page/context" mode="header"/>
        <!-- tabindex -1 so the skip link moves keyboard focus, not only the view. -->
        <main id="main" tabindex="-1">
          <div class="wrap">
            <xsl:apply-templates select="$view" mode="banner"/>
            <xsl:apply-templates select="page/context/flash"/>
            <sc:apply-page mode="content"/>
            <xsl:apply-templates select="page/context/company" mode="page-help"/>
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
  <!-- A page's own additions to <head> (a progress page's refresh): none unless it says. -->
  <xsl:template match="page" mode="head"/>

  <xsl:template match="page" mode="title">
    <xsl:value-of select="sc:t('app.name')"/>
  </xsl:template>
  <xsl:template match="page" mode="content"/>

  <!-- Header: product name, main navigation (signed in only), language
       switch, and who is signed in with the logout form. -->
  <xsl:template match="context" mode="header">
    <header class="site-header">
      <div class="wrap header-inner">
        <xsl:choose>
          <xsl:when test="starts-with(/page/@name, 'admin-') or
                          (/page/@name = 'error' and /page/context/staff)">
            <a class="brand" href="/admin"><xsl:value-of select="sc:t('admin.app.name')"/></a>
            <xsl:apply-templates select="menu" mode="admin"/>
          </xsl:when>
          <xsl:when test="$view">
            <a class="brand" href="/admin/customers/{company/@id}"><xsl:value-of select="sc:t('app.name')"/></a>
          </xsl:when>
          <xsl:otherwise>
            <a class="brand" href="/"><xsl:value-of select="sc:t('app.name')"/></a>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="user">
          <nav class="main-nav" aria-label="{sc:t('nav.main')}">
            <ul>
              <li>
                <a href="/companies">
                  <xsl:if test="/page/@name = 'companies'">
                    <xsl:attribute name="aria-current">page</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="sc:t('nav.companies')"/>
                </a>
              </li>
              <li>
                <a href="/help">
                  <xsl:if test="starts-with(/page/@name, 'help')">
                    <xsl:attribute name="aria-current">page</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="sc:t('nav.help')"/>
                </a>
              </li>
            </ul>
          </nav>
        </xsl:if>
        <xsl:apply-templates select="company" mode="menu"/>
        <div class="header-tools">
          <!-- The languages this installation offers (conf: languages);
               one alone needs no picker. -->
          <xsl:if test="contains($offered-langs, ' ')">
            <nav class="lang-switch" aria-label="{sc:t('nav.language')}">
              <ul>
                <xsl:if test="contains($offered-langs, 'nb')">
                  <xsl:call-template name="lang-link">
                    <xsl:with-param name="code" select="'nb'"/>
                    <xsl:with-param name="label" select="sc:t('lang.nb')"/>
                  </xsl:call-template>
                </xsl:if>
                <xsl:if test="contains($offered-langs, 'da')">
                  <xsl:call-template name="lang-link">
                    <xsl:with-param name="code" select="'da'"/>
                    <xsl:with-param name="label" select="sc:t('lang.da')"/>
                  </xsl:call-template>
                </xsl:if>
                <xsl:if test="contains($offered-langs, 'en')">
                  <xsl:call-template name="lang-link">
                    <xsl:with-param name="code" select="'en'"/>
                    <xsl:with-param name="label" select="sc:t('lang.en')"/>
                  </xsl:call-template>
                </xsl:if>
              </ul>
            </nav>
          </xsl:if>
          <xsl:apply-templates select="user" mode="header"/>
          <xsl:apply-templates select="staff" mode="header"/>
        </div>
      </div>
    </header>
  </xsl:template>

  <!-- One language link. next is the canonical local path of this page;
       error pages carry no path, so they send the visitor to the start. -->
  <xsl:template name="lang-link">
    <xsl:param name="code"/>
    <xsl:param name="label"/>
    <li>
      <a href="/lang?set={$code}&amp;next={$lang-next}" lang="{$code}" hreflang="{$code}">
        <xsl:if test="/page/@lang = $code">
          <xsl:attribute name="aria-current">true</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- The back office: its menu (the pages the staff member's roles open)
       and who is signed in, with the back office's own logout. -->
  <xsl:template match="menu" mode="admin">
    <nav class="main-nav" aria-label="{sc:t('admin.nav.main')}">
      <ul>
        <xsl:for-each select="item">
          <li>
            <a href="{@href}">
              <xsl:if test="$path = @href or
                            (@href != '/admin' and starts-with($path, concat(@href, '/')))">
                <xsl:attribute name="aria-current">page</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="sc:t(@label)"/>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template match="staff" mode="header">
    <div class="user">
      <p class="user-name">
        <span class="user-label"><xsl:value-of select="sc:t('nav.signed-in-as')"/></span>
        <xsl:text> </xsl:text>
        <strong><xsl:value-of select="name"/></strong>
      </p>
      <form class="logout" method="post" action="/admin/logout">
        <input type="hidden" name="csrf" value="{../csrf}"/>
        <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('nav.logout')"/></button>
      </form>
    </div>
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
    Company menu: the switcher (every company of the user; each links
    to its overview) and a link straight to each page of the active company
    the member may open, as the modules declare them (context/company/menu).
    Areas the member lacks are not in the menu (and the dispatcher refuses
    them: 403).
  -->
  <xsl:template match="company" mode="menu">
    <nav class="company-nav" aria-label="{sc:t('nav.company')}">
      <xsl:if test="count(../switcher/company) &gt; 1">
        <ul class="switcher">
          <xsl:for-each select="../switcher/company">
            <li>
              <a href="/companies/{@id}">
                <xsl:if test="@current = 'yes'">
                  <xsl:attribute name="aria-current">true</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="name"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <ul class="areas">
        <!-- The entry of this page ("page") or of the area a page is
             inside ("true"): item/@current, decided by page.c. -->
        <xsl:for-each select="menu/item">
          <li>
            <a href="{@href}">
              <xsl:if test="@current">
                <xsl:attribute name="aria-current"><xsl:value-of select="@current"/></xsl:attribute>
              </xsl:if>
              <xsl:value-of select="sc:t(@label)"/>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <!-- Every company page links the help articles tied to it by its name
       (help_article_pages, portal/help.c); the back office's read-only view
       has no help pages of its own. -->
  <xsl:template match="company" mode="page-help">
    <xsl:if test="not($view)">
    <p class="page-help"><a href="/help?page={/page/@name}"><xsl:value-of select="sc:t('help.for-page')"/></a></p>
    </xsl:if>
  </xsl:template>

  <!-- The view's banner: whose pages these are, that they are read-only
       and recorded in the company's audit log, and the way back. -->
  <xsl:template match="view" mode="banner">
    <div id="view-banner" class="notice notice-view" role="status">
      <p>
        <strong><xsl:value-of select="sc:t('view.banner.title')"/></strong>
        <xsl:text> </xsl:text>
        <xsl:value-of select="sc:t('view.banner.text')"/>
      </p>
      <p><a href="/admin/customers/{../company/@id}"><xsl:value-of select="sc:t('view.back')"/></a></p>
    </div>
  </xsl:template>

  <!-- The confirmation after a change (post/redirect/get): a code a module
       declares, its text the string flash.CODE. -->
  <xsl:template match="flash">
    <xsl:call-template name="notice">
      <xsl:with-param name="id" select="'flash'"/>
      <xsl:with-param name="text" select="sc:t(concat('flash.', @code))"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    Forms. Every POST form carries csrf and the page's one-time form key
    (hidden-fields). A field shows the value the user typed when the form
    is re-shown ($form/value[@name]) and its error ($form/error[@field]),
    tied to the input with aria-describedby.
  -->
  <xsl:template name="hidden-fields">
    <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
    <input type="hidden" name="formkey" value="{/page/context/formkey}"/>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="value" select="$form/value[@name = $name]"/>
    <xsl:param name="max" select="200"/>
    <xsl:param name="required" select="true()"/>
    <xsl:variable name="id" select="concat($form/@name, '-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/></label>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$id}" name="{$name}" rows="6" maxlength="{$max}">
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="{$id}" name="{$name}" type="{$type}" value="{$value}">
            <xsl:if test="$type = 'text'"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="$error">
        <xsl:with-param name="id" select="concat($id, '-error')"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template name="field-attrs">
    <xsl:param name="id"/>
    <xsl:param name="error"/>
    <xsl:param name="required"/>
    <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
    <xsl:if test="$error">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($id, '-error')"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- One field's error message. -->
  <xsl:template match="form/error">
    <xsl:param name="id" select="concat(../@name, '-', @field, '-error')"/>
    <p class="field-error" id="{$id}">
      <xsl:choose>
        <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
        <xsl:when test="@code = 'too-long'"><xsl:value-of select="sc:t('error.too-long')"/></xsl:when>
        <xsl:when test="@code = 'invalid'"><xsl:value-of select="sc:t('error.invalid')"/></xsl:when>
        <xsl:when test="@code = 'past-date'"><xsl:value-of select="sc:t('error.past-date')"/></xsl:when>
        <xsl:when test="@code = 'closed'"><xsl:value-of select="sc:t('error.closed')"/></xsl:when>
        <xsl:when test="@code = 'last-admin'"><xsl:value-of select="sc:t('error.last-admin')"/></xsl:when>
        <xsl:when test="@code = 'exists'"><xsl:value-of select="sc:t('error.exists')"/></xsl:when>
        <xsl:when test="@code = 'not-allowed'"><xsl:value-of select="sc:t('error.not-allowed')"/></xsl:when>
        <xsl:when test="@code = 'terminated'"><xsl:value-of select="sc:t('error.terminated')"/></xsl:when>
        <xsl:when test="@code = 'too-many'"><xsl:value-of select="sc:t('error.too-many')"/></xsl:when>
        <xsl:when test="@code = 'duplicate'"><xsl:value-of select="sc:t('error.duplicate')"/></xsl:when>
        <xsl:when test="@code = 'orgnr-taken'"><xsl:value-of select="sc:t('error.orgnr-taken')"/></xsl:when>
        <xsl:when test="@code = 'no-issuer'"><xsl:value-of select="sc:t('error.no-issuer')"/></xsl:when>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- The areas of a membership or an invitation, by name: "Support, Users"
       (the string area.NAME of each area module). -->
  <xsl:template name="area-list">
    <xsl:param name="areas"/>
    <xsl:for-each select="$areas">
      <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
      <xsl:value-of select="sc:t(concat('area.', .))"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A form re-shown with errors says so first. -->
  <xsl:template name="form-errors">
    <xsl:param name="form"/>
    <xsl:if test="$form/error">
      <xsl:call-template name="notice">
        <xsl:with-param name="kind" select="'error'"/>
        <xsl:with-param name="id" select="concat($form/@name, '-errors')"/>
        <xsl:with-param name="text" select="sc:t('error.form')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Labels of the case codes. -->
  <xsl:template name="case-category">
    <xsl:param name="code" select="."/>
    <xsl:choose>
      <xsl:when test="$code = 'technical'"><xsl:value-of select="sc:t('case.category.technical')"/></xsl:when>
      <xsl:when test="$code = 'billing'"><xsl:value-of select="sc:t('case.category.billing')"/></xsl:when>
      <xsl:when test="$code = 'order'"><xsl:value-of select="sc:t('case.category.order')"/></xsl:when>
      <xsl:when test="$code = 'account'"><xsl:value-of select="sc:t('case.category.account')"/></xsl:when>
      <xsl:when test="$code = 'other'"><xsl:value-of select="sc:t('case.category.other')"/></xsl:when>
      <xsl:when test="$code = 'change-subscription'"><xsl:value-of select="sc:t('case.change.change-subscription')"/></xsl:when>
      <xsl:when test="$code = 'more-data'"><xsl:value-of select="sc:t('case.change.more-data')"/></xsl:when>
      <xsl:when test="$code = 'terminate'"><xsl:value-of select="sc:t('case.change.terminate')"/></xsl:when>
      <xsl:when test="$code = 'move'"><xsl:value-of select="sc:t('case.change.move')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="case-kind">
    <xsl:param name="code" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$code = 'change'"><xsl:value-of select="sc:t('case.kind.change')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('case.kind.support')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The case status badge (new … closed). -->
  <xsl:template name="case-status">
    <xsl:param name="code" select="."/>
    <span class="badge badge-case-{$code}">
      <xsl:choose>
        <xsl:when test="$code = 'new'"><xsl:value-of select="sc:t('case.status.new')"/></xsl:when>
        <xsl:when test="$code = 'in-progress'"><xsl:value-of select="sc:t('case.status.in-progress')"/></xsl:when>
        <xsl:when test="$code = 'waiting'"><xsl:value-of select="sc:t('case.status.waiting')"/></xsl:when>
        <xsl:when test="$code = 'resolved'"><xsl:value-of select="sc:t('case.status.resolved')"/></xsl:when>
        <xsl:when test="$code = 'closed'"><xsl:value-of select="sc:t('case.status.closed')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- A table of cases (overview, all requests, a location's). -->
  <xsl:template name="case-table">
    <xsl:param name="cases"/>
    <xsl:param name="company" select="/page/context/company/@id"/>
    <xsl:param name="title-id"/>
    <table class="data stack cases" aria-labelledby="{$title-id}">
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="sc:t('case.col.id')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('case.col.subject')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('case.col.kind')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('case.col.created')"/></th>
          <th scope="col"><xsl:value-of select="sc:t('case.col.status')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$cases">
          <tr>
            <td data-label="{sc:t('case.col.id')}"><xsl:value-of select="@id"/></td>
            <th scope="row" data-label="{sc:t('case.col.subject')}">
              <!-- A case's page is the support area's. -->
              <xsl:choose>
                <xsl:when test="/page/context/company/area = 'support' and not($view)">
                  <a href="/companies/{$company}/cases/{@id}"><xsl:value-of select="subject"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="subject"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="location">
                <span class="meta"><xsl:text> </xsl:text><xsl:value-of select="location/number"/><xsl:text> </xsl:text><xsl:value-of select="location/name"/></span>
              </xsl:if>
            </th>
            <td data-label="{sc:t('case.col.kind')}">
              <xsl:call-template name="case-kind"/>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="case-category"><xsl:with-param name="code" select="category"/></xsl:call-template>
            </td>
            <td data-label="{sc:t('case.col.created')}"><time datetime="{created}"><xsl:value-of select="sc:date(created)"/></time></td>
            <td data-label="{sc:t('case.col.status')}"><xsl:call-template name="case-status"><xsl:with-param name="code" select="status"/></xsl:call-template></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
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

  <!-- A VAT rate "25.00" as people write it: "25 %" (nb/da "12,5 %"). -->
  <xsl:template name="percent">
    <xsl:param name="rate"/>
    <xsl:choose>
      <xsl:when test="substring-after($rate, '.') = '00'"><xsl:value-of select="substring-before($rate, '.')"/></xsl:when>
      <xsl:when test="/page/@lang = 'en'"><xsl:value-of select="$rate"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="translate($rate, '.', ',')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#160;%</xsl:text>
  </xsl:template>

  <!-- An invoice's state, from the invoice's own attributes (applied to
       it, so no parameter is read per test): overdue stands out first. -->
  <xsl:template match="*" mode="invoice-status">
    <xsl:choose>
      <xsl:when test="@overdue = 'yes'">
        <span class="badge badge-overdue"><xsl:value-of select="sc:t('invoice.status.overdue')"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="badge badge-{@status}">
          <xsl:choose>
            <xsl:when test="@status = 'unpaid'"><xsl:value-of select="sc:t('invoice.status.unpaid')"/></xsl:when>
            <xsl:when test="@status = 'partly-paid'"><xsl:value-of select="sc:t('invoice.status.partly-paid')"/></xsl:when>
            <xsl:when test="@status = 'paid'"><xsl:value-of select="sc:t('invoice.status.paid')"/></xsl:when>
            <xsl:when test="@status = 'credited'"><xsl:value-of select="sc:t('invoice.status.credited')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('invoice.status.credit')"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:otherwise>
    </xsl:choose>
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
        <xsl:when test=". = 'inactive'"><xsl:value-of select="sc:t('status.inactive')"/></xsl:when>
        <xsl:when test=". = 'blocked'"><xsl:value-of select="sc:t('status.blocked')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

</xsl:stylesheet>
