<?xml version="1.0" encoding="UTF-8"?>
<!-- Log in, both steps of <login step="email|code">:
  email: POST /login       (csrf, email)  → a one-time code by e-mail
  code:  POST /login/code  (csrf, code)   → signed in
  The page never says whether an address exists: the texts are the same
  either way.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.login">
    <xsl:choose>
      <xsl:when test="login/@step = 'code'"><xsl:value-of select="sc:t('login.code.title')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('login.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="content.login">
    <div class="login-box">
      <xsl:apply-templates select="login" mode="login"/>
    </div>
  </xsl:template>

  <!-- Step 1: the e-mail address. -->
  <xsl:template match="login" mode="login">
    <h1><xsl:value-of select="sc:t('login.title')"/></h1>
    <xsl:apply-templates select="message" mode="login"/>
    <p><xsl:value-of select="sc:t('login.intro')"/></p>
    <form class="form" method="post" action="/login">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="email"><xsl:value-of select="sc:t('login.email.label')"/></label>
        <input id="email" name="email" type="email" autocomplete="email"
               spellcheck="false" maxlength="254" required="required">
          <xsl:if test="email != ''">
            <xsl:attribute name="value"><xsl:value-of select="email"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="message/@code = 'invalid-email'">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">login-message</xsl:attribute>
          </xsl:if>
        </input>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('login.email.submit')"/></button>
    </form>
  </xsl:template>

  <!-- Step 2: the code sent by e-mail. -->
  <xsl:template match="login[@step = 'code']" mode="login">
    <h1><xsl:value-of select="sc:t('login.code.title')"/></h1>
    <xsl:apply-templates select="message" mode="login"/>
    <p><xsl:value-of select="sc:t('login.code.intro')"/></p>
    <xsl:if test="email != ''">
      <p class="pending-email">
        <xsl:value-of select="sc:t('login.code.email')"/>
        <xsl:text>: </xsl:text>
        <strong><xsl:value-of select="email"/></strong>
      </p>
    </xsl:if>
    <form class="form" method="post" action="/login/code">
      <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
      <div class="field">
        <label for="code"><xsl:value-of select="sc:t('login.code.label')"/></label>
        <p class="hint" id="code-hint"><xsl:value-of select="sc:t('login.code.hint')"/></p>
        <!-- {{8}}: braces are doubled because this is an attribute value template. -->
        <input id="code" name="code" type="text" inputmode="numeric"
               autocomplete="one-time-code" pattern="[0-9]{{8}}" maxlength="8"
               spellcheck="false" required="required" class="input-code">
          <xsl:choose>
            <xsl:when test="message/@code = 'invalid-code'">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">login-message code-hint</xsl:attribute>
            </xsl:when>
            <xsl:otherwise>
              <xsl:attribute name="aria-describedby">code-hint</xsl:attribute>
            </xsl:otherwise>
          </xsl:choose>
        </input>
      </div>
      <button type="submit" class="button"><xsl:value-of select="sc:t('login.code.submit')"/></button>
    </form>
    <p class="after-form"><a href="/login"><xsl:value-of select="sc:t('login.code.restart')"/></a></p>
  </xsl:template>

  <!-- Messages by code; literal keys so tests/tools/check-i18n.sh sees them.
       An unknown code shows nothing rather than an empty box. -->
  <xsl:template match="message" mode="login">
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="@code = 'invalid-email'"><xsl:value-of select="sc:t('login.message.invalid-email')"/></xsl:when>
        <xsl:when test="@code = 'invalid-code'"><xsl:value-of select="sc:t('login.message.invalid-code')"/></xsl:when>
        <xsl:when test="@code = 'rate-limited'"><xsl:value-of select="sc:t('login.message.rate-limited')"/></xsl:when>
        <xsl:when test="@code = 'code-sent'"><xsl:value-of select="sc:t('login.message.code-sent')"/></xsl:when>
        <xsl:when test="@code = 'logged-out'"><xsl:value-of select="sc:t('login.message.logged-out')"/></xsl:when>
        <xsl:when test="@code = 'sso-missing'"><xsl:value-of select="sc:t('login.message.sso-missing')"/></xsl:when>
        <xsl:when test="@code = 'sso-unknown'"><xsl:value-of select="sc:t('login.message.sso-unknown')"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($text) != ''">
      <xsl:call-template name="notice">
        <xsl:with-param name="id" select="'login-message'"/>
        <xsl:with-param name="text" select="string($text)"/>
        <xsl:with-param name="kind">
          <xsl:choose>
            <xsl:when test="@code = 'code-sent' or @code = 'logged-out'">info</xsl:when>
            <xsl:otherwise>error</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
