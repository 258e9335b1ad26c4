<?xml version="1.0" encoding="UTF-8"?>
<!-- The employee confirms the phone number, <phone-check step="...">:
  send:     POST /companies/N/me/phone       (csrf)        → a code by SMS
  code:     POST /companies/N/me/phone/code  (csrf, code)  → confirmed
  verified: the number is confirmed;  none: no number registered.
  A wrong number is the company's administrators' to correct (named, mailto).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.employee-phone">
    <xsl:value-of select="sc:t('employee.phone.title')"/>
  </xsl:template>

  <xsl:template match="page" mode="content.employee-phone">
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/me')"/>
    <xsl:variable name="p" select="phone-check"/>
    <p class="breadcrumb"><a href="{$base}"><xsl:value-of select="sc:t('employee.title')"/></a></p>
    <h1><xsl:value-of select="sc:t('employee.phone.title')"/></h1>
    <xsl:apply-templates select="$p/message" mode="employee-phone"/>
    <xsl:choose>
      <xsl:when test="$p/@step = 'none'">
        <p><xsl:value-of select="sc:t('employee.phone.none')"/></p>
      </xsl:when>
      <xsl:when test="$p/@step = 'verified'">
        <p><xsl:value-of select="sc:t('employee.phone.confirmed')"/><xsl:text> </xsl:text><strong><xsl:value-of select="$p/phone"/></strong></p>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:value-of select="sc:t('employee.phone.number')"/><xsl:text> </xsl:text><strong class="phone-number"><xsl:value-of select="$p/phone"/></strong></p>
        <p><xsl:value-of select="sc:t('employee.phone.intro')"/></p>
        <form class="form" method="post" action="{$base}/phone">
          <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
          <button type="submit" class="button">
            <xsl:if test="$p/@step = 'code'"><xsl:attribute name="class">button button-secondary</xsl:attribute></xsl:if>
            <xsl:value-of select="sc:t('employee.phone.send')"/>
          </button>
        </form>
        <xsl:if test="$p/@step = 'code'">
          <form class="form" method="post" action="{$base}/phone/code">
            <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
            <div class="field">
              <label for="code"><xsl:value-of select="sc:t('employee.phone.code')"/></label>
              <input id="code" name="code" type="text" inputmode="numeric"
                     autocomplete="one-time-code" pattern="[0-9]{{8}}" maxlength="8"
                     spellcheck="false" required="required" class="input-code">
                <xsl:if test="$p/message[starts-with(@code, 'code-')]">
                  <xsl:attribute name="aria-invalid">true</xsl:attribute>
                  <xsl:attribute name="aria-describedby">phone-message</xsl:attribute>
                </xsl:if>
              </input>
            </div>
            <button type="submit" class="button"><xsl:value-of select="sc:t('employee.phone.confirm')"/></button>
          </form>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$p/@step != 'verified'">
      <section class="phone-wrong" aria-labelledby="phone-wrong-title">
        <h2 id="phone-wrong-title"><xsl:value-of select="sc:t('employee.phone.wrong')"/></h2>
        <p><xsl:value-of select="sc:t('employee.phone.wrong.intro')"/></p>
        <ul class="admins">
          <xsl:for-each select="$p/admins/admin">
            <li><xsl:value-of select="name"/><xsl:text>: </xsl:text><a href="mailto:{email}"><xsl:value-of select="email"/></a></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Messages by code; literal keys so tests/tools/check-i18n.sh sees them. -->
  <xsl:template match="message" mode="employee-phone">
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="@code = 'code-wrong'"><xsl:value-of select="sc:t('employee.phone.message.code-wrong')"/></xsl:when>
        <xsl:when test="@code = 'code-burnt'"><xsl:value-of select="sc:t('employee.phone.message.code-burnt')"/></xsl:when>
        <xsl:when test="@code = 'code-expired'"><xsl:value-of select="sc:t('employee.phone.message.code-expired')"/></xsl:when>
        <xsl:when test="@code = 'rate-limited'"><xsl:value-of select="sc:t('employee.phone.message.rate-limited')"/></xsl:when>
        <xsl:when test="@code = 'no-phone'"><xsl:value-of select="sc:t('employee.phone.none')"/></xsl:when>
        <xsl:when test="@code = 'phone-already-confirmed'"><xsl:value-of select="sc:t('employee.phone.confirmed')"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($text) != ''">
      <xsl:call-template name="notice">
        <xsl:with-param name="id" select="'phone-message'"/>
        <xsl:with-param name="text" select="string($text)"/>
        <xsl:with-param name="kind">error</xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
