<?xml version="1.0" encoding="UTF-8"?>
<!-- The back office's login, in the steps of <login step>:
  email:    POST /admin/login          (csrf, email) → a one-time code by e-mail
  code:     POST /admin/login/code     (csrf, code)  → the second factor
  enroll:   POST /admin/login/second   (csrf, code)  → the first TOTP code of an
            authenticator app set up from the QR code (or the secret as text)
  totp:     POST /admin/login/second   (csrf, code)  → a TOTP or a recovery code
  recovery: the recovery codes, shown once after enrolling
  The page never says whether an address exists.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-login">
    <xsl:value-of select="sc:t('admin.login.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-login">
    <div class="login-box">
      <h1><xsl:value-of select="sc:t('admin.login.title')"/></h1>
      <xsl:apply-templates select="login/message" mode="admin-login"/>
      <xsl:apply-templates select="login" mode="admin-login"/>
    </div>
  </xsl:template>

  <xsl:template match="login[@step = 'email']" mode="admin-login">
    <p><xsl:value-of select="sc:t('admin.login.intro')"/></p>
    <form class="form" method="post" action="/admin/login">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="email"><xsl:value-of select="sc:t('login.email.label')"/></label>
        <input id="email" name="email" type="email" autocomplete="email" spellcheck="false"
               maxlength="254" required="required"/>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('login.email.submit')"/></button>
    </form>
  </xsl:template>

  <xsl:template match="login[@step = 'code']" mode="admin-login">
    <p><xsl:value-of select="sc:t('login.code.intro')"/></p>
    <p class="pending-email">
      <xsl:value-of select="sc:t('login.code.email')"/>
      <xsl:text>: </xsl:text>
      <strong><xsl:value-of select="email"/></strong>
    </p>
    <form class="form" method="post" action="/admin/login/code">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="code"><xsl:value-of select="sc:t('login.code.label')"/></label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
               pattern="[0-9]{{8}}" maxlength="8" spellcheck="false" required="required"
               class="input-code"/>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('login.code.submit')"/></button>
    </form>
    <p class="after-form"><a href="/admin/login"><xsl:value-of select="sc:t('login.code.restart')"/></a></p>
  </xsl:template>

  <!-- First login: the authenticator app is set up from the QR code, or
       from the secret typed in; its first code confirms it. -->
  <xsl:template match="login[@step = 'enroll']" mode="admin-login">
    <p><xsl:value-of select="sc:t('admin.enroll.intro')"/></p>
    <xsl:apply-templates select="enroll/qr" mode="admin-login"/>
    <p>
      <xsl:value-of select="sc:t('admin.enroll.secret')"/>
      <xsl:text> </xsl:text>
      <code class="secret"><xsl:value-of select="enroll/secret"/></code>
    </p>
    <xsl:call-template name="second-form">
      <xsl:with-param name="label" select="sc:t('admin.enroll.code')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="login[@step = 'totp']" mode="admin-login">
    <p><xsl:value-of select="sc:t('admin.totp.intro')"/></p>
    <xsl:call-template name="second-form">
      <xsl:with-param name="label" select="sc:t('admin.totp.code')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="second-form">
    <xsl:param name="label"/>
    <form class="form" method="post" action="/admin/login/second">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="code"><xsl:value-of select="$label"/></label>
        <input id="code" name="code" type="text" autocomplete="one-time-code" maxlength="16"
               spellcheck="false" required="required" class="input-code"/>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('login.code.submit')"/></button>
    </form>
  </xsl:template>

  <!-- The QR code as an SVG of unit squares, with the quiet zone around. -->
  <xsl:template match="qr" mode="admin-login">
    <figure class="qr">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {@width + 8} {@width + 8}"
           width="232" height="232" role="img" aria-label="{sc:t('admin.enroll.qr')}">
        <rect x="-4" y="-4" width="{@width + 8}" height="{@width + 8}" fill="#fff"/>
        <path d="{.}" fill="#000"/>
      </svg>
    </figure>
  </xsl:template>

  <xsl:template match="login[@step = 'recovery']" mode="admin-login">
    <p><xsl:value-of select="sc:t('admin.recovery.intro')"/></p>
    <ol class="recovery-codes">
      <xsl:for-each select="recovery/code">
        <li><code><xsl:value-of select="."/></code></li>
      </xsl:for-each>
    </ol>
    <p><a class="button" href="/admin"><xsl:value-of select="sc:t('admin.recovery.continue')"/></a></p>
  </xsl:template>

  <xsl:template match="message" mode="admin-login">
    <xsl:call-template name="notice">
      <xsl:with-param name="id" select="'login-message'"/>
      <xsl:with-param name="text">
        <xsl:choose>
          <xsl:when test="@code = 'invalid-email'"><xsl:value-of select="sc:t('login.message.invalid-email')"/></xsl:when>
          <xsl:when test="@code = 'invalid-code'"><xsl:value-of select="sc:t('login.message.invalid-code')"/></xsl:when>
          <xsl:when test="@code = 'rate-limited'"><xsl:value-of select="sc:t('login.message.rate-limited')"/></xsl:when>
          <xsl:when test="@code = 'code-sent'"><xsl:value-of select="sc:t('login.message.code-sent')"/></xsl:when>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="kind">
        <xsl:choose>
          <xsl:when test="@code = 'code-sent'">info</xsl:when>
          <xsl:otherwise>error</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
