<?xml version="1.0" encoding="UTF-8"?>
<!-- Why a subscription ends: the termination form's reason and note, the
     reason on the subscription's page, in its history and on the confirm page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- The termination form's reason (a choice) and words (required for "other"). -->
  <xsl:template name="end-reason-fields">
    <xsl:param name="form"/>
    <xsl:variable name="error" select="$form/error[@field = 'reason']"/>
    <xsl:variable name="v" select="$form/value[@name = 'reason']"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="terminate-reason"><xsl:value-of select="sc:t('end.reason')"/></label>
      <select id="terminate-reason" name="reason" required="required">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">terminate-reason-error</xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="sc:t('end.reason.choose')"/></option>
        <xsl:call-template name="end-reason-option"><xsl:with-param name="code" select="'moving'"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:call-template name="end-reason-option"><xsl:with-param name="code" select="'not-needed'"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:call-template name="end-reason-option"><xsl:with-param name="code" select="'employee-left'"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:call-template name="end-reason-option"><xsl:with-param name="code" select="'cost'"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:call-template name="end-reason-option"><xsl:with-param name="code" select="'other'"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
      </select>
      <xsl:apply-templates select="$error"><xsl:with-param name="id" select="'terminate-reason-error'"/></xsl:apply-templates>
    </div>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'note'"/>
      <xsl:with-param name="label" select="sc:t('end.note')"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="max" select="200"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <p class="hint"><xsl:value-of select="sc:t('end.note.hint')"/></p>
  </xsl:template>

  <xsl:template name="end-reason-option">
    <xsl:param name="code"/>
    <xsl:param name="v"/>
    <option value="{$code}">
      <xsl:if test="$v = $code"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:call-template name="end-reason-label"><xsl:with-param name="code" select="$code"/></xsl:call-template>
    </option>
  </xsl:template>

  <!-- A reason's words by its code: literal keys, one per reason. -->
  <xsl:template name="end-reason-label">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'moving'"><xsl:value-of select="sc:t('end.reason.moving')"/></xsl:when>
      <xsl:when test="$code = 'not-needed'"><xsl:value-of select="sc:t('end.reason.not-needed')"/></xsl:when>
      <xsl:when test="$code = 'employee-left'"><xsl:value-of select="sc:t('end.reason.employee-left')"/></xsl:when>
      <xsl:when test="$code = 'cost'"><xsl:value-of select="sc:t('end.reason.cost')"/></xsl:when>
      <xsl:when test="$code = 'other'"><xsl:value-of select="sc:t('end.reason.other')"/></xsl:when>
      <xsl:when test="$code = 'customer-request'"><xsl:value-of select="sc:t('end.reason.customer-request')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The reason and its words, as text. -->
  <xsl:template match="end-reason">
    <xsl:call-template name="end-reason-label"><xsl:with-param name="code" select="@code"/></xsl:call-template>
    <xsl:if test="normalize-space(.) != ''"><xsl:text>: </xsl:text><xsl:value-of select="."/></xsl:if>
  </xsl:template>

  <!-- On the subscription's page, after its end date. -->
  <xsl:template match="end-reason" mode="details">
    <dt><xsl:value-of select="sc:t('end.reason')"/></dt><dd class="end-reason"><xsl:apply-templates select="."/></dd>
  </xsl:template>

  <!-- In the history: the termination's reason (its detail), with the words
       stored on the subscription (a subscription ends once). -->
  <xsl:template match="entry" mode="end-reason">
    <xsl:if test="detail">
      <xsl:text> (</xsl:text>
      <xsl:call-template name="end-reason-label"><xsl:with-param name="code" select="detail"/></xsl:call-template>
      <xsl:if test="../../end-reason[@code = current()/detail] != ''"><xsl:text>: </xsl:text><xsl:value-of select="../../end-reason"/></xsl:if>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- On the confirm page: the reason shown, and sent again with the date. -->
  <xsl:template match="end-reason" mode="confirm">
    <p><xsl:value-of select="sc:t('end.reason')"/><xsl:text>: </xsl:text><strong class="end-reason"><xsl:apply-templates select="."/></strong></p>
    <input type="hidden" name="reason" value="{@code}"/>
    <input type="hidden" name="note" value="{.}"/>
  </xsl:template>

</xsl:stylesheet>
