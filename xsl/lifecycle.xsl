<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- A subscription's life: the box on its page, each action's page (SIM
       swap, spare SIM, barring, suspension); the PUK is sim-puk.xsl's. -->

  <xsl:template match="barred">
    <xsl:for-each select="bar">
      <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
      <xsl:value-of select="sc:t(concat('life.bar.', .))"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="suspension">
    <xsl:value-of select="sc:date(@from)"/> – <xsl:value-of select="sc:date(@to)"/>
  </xsl:template>

  <!-- The box: what is barred, a suspension, the actions, the PUK buttons. -->
  <xsl:template match="subscription/life" mode="box">
    <xsl:variable name="s" select=".."/>
    <xsl:variable name="base" select="concat('/companies/', /page/context/company/@id, '/subscriptions/', $s/@id)"/>
    <section class="life" aria-labelledby="life-title">
      <h2 id="life-title"><xsl:value-of select="sc:t('life.title')"/></h2>
      <dl class="details">
        <dt><xsl:value-of select="sc:t('life.barred')"/></dt>
        <dd><xsl:apply-templates select="barred"/><xsl:if test="not(barred)"><xsl:value-of select="sc:t('life.barred.none')"/></xsl:if></dd>
        <xsl:if test="suspension">
          <dt><xsl:value-of select="sc:t('life.suspended')"/></dt>
          <dd><xsl:apply-templates select="suspension"/></dd>
        </xsl:if>
      </dl>
      <xsl:if test="$s/status != 'terminated'">
        <ul class="actions">
          <li><a href="{$base}/sim-swap"><xsl:value-of select="sc:t('life.sim-swap')"/></a></li>
          <xsl:if test="@spares &gt; 0">
            <li><a href="{$base}/spare-sim"><xsl:value-of select="sc:t('life.spare-sim')"/> (<xsl:value-of select="@spares"/>)</a></li>
          </xsl:if>
          <li><a href="{$base}/barring"><xsl:value-of select="sc:t('life.barring')"/></a></li>
          <xsl:if test="not($s/ends)">
            <li><a href="{$base}/suspend"><xsl:value-of select="sc:t('life.suspend')"/></a></li>
          </xsl:if>
        </ul>
      </xsl:if>
      <xsl:for-each select="$s/sims/sim">
        <form method="post" action="{$base}/puk" class="form-inline">
          <input type="hidden" name="csrf" value="{/page/context/csrf}"/>
          <input type="hidden" name="sim" value="{@id}"/>
          <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('life.puk.show')"/><xsl:text> </xsl:text><xsl:value-of select="iccid"/></button>
        </form>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- The history's lines of these changes. -->
  <xsl:template match="history/entry" mode="life">
    <xsl:value-of select="sc:t(concat('life.history.', action))"/><xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="action = 'bar' or action = 'unbar'"><xsl:value-of select="sc:t(concat('life.bar.', detail))"/></xsl:when>
      <xsl:when test="action = 'suspension'"><xsl:value-of select="sc:date(effective)"/> – <xsl:value-of select="sc:date(detail)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="detail"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page[@name = 'lifecycle']" mode="title">
    <xsl:value-of select="sc:t(concat('life.', lifecycle/@action))"/>
  </xsl:template>

  <!-- A field's error: this page's own codes, else the common ones. -->
  <xsl:template match="form/error" mode="life">
    <xsl:choose>
      <xsl:when test="@code = 'in-use' or @code = 'before-start'">
        <p class="field-error" id="{../@name}-{@field}-error"><xsl:value-of select="sc:t(concat('life.error.', @code))"/></p>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="life-input">
    <xsl:param name="f"/>
    <xsl:param name="name"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max" select="40"/>
    <xsl:variable name="id" select="concat('life-', $name)"/>
    <div class="field">
      <label for="{$id}"><xsl:value-of select="sc:t(concat('life.field.', $name))"/></label>
      <input id="{$id}" name="{$name}" type="{$type}" maxlength="{$max}" required="required" value="{$f/value[@name = $name]}">
        <xsl:if test="$f/error[@field = $name]">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($f/@name, '-', $name, '-error')"/></xsl:attribute>
        </xsl:if>
      </input>
      <xsl:apply-templates select="$f/error[@field = $name]" mode="life"/>
    </div>
  </xsl:template>

  <xsl:template match="page[@name = 'lifecycle']" mode="content">
    <xsl:variable name="l" select="lifecycle"/>
    <xsl:variable name="s" select="$l/subscription"/>
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $s/@id)"/>
    <p class="back"><a class="back-link" href="{$base}"><xsl:value-of select="sc:t('life.back')"/></a></p>
    <h1><xsl:value-of select="sc:t(concat('life.', $l/@action))"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('subs.col.subscription')"/></dt><dd><xsl:value-of select="$s/user"/><xsl:if test="$s/user"><xsl:text> </xsl:text></xsl:if>(<xsl:value-of select="$s/ref"/>)</dd>
      <dt><xsl:value-of select="sc:t('subs.col.status')"/></dt><dd><xsl:apply-templates select="$s/status" mode="badge"/></dd>
      <dt><xsl:value-of select="sc:t('life.barred')"/></dt>
      <dd><xsl:apply-templates select="$s/barred"/><xsl:if test="not($s/barred)"><xsl:value-of select="sc:t('life.barred.none')"/></xsl:if></dd>
      <xsl:if test="$s/suspension">
        <dt><xsl:value-of select="sc:t('life.suspended')"/></dt><dd><xsl:apply-templates select="$s/suspension"/></dd>
      </xsl:if>
    </dl>
    <h2><xsl:value-of select="sc:t('sub.sims')"/></h2>
    <ul class="sims">
      <xsl:for-each select="$s/sims/sim">
        <li><xsl:value-of select="iccid"/><xsl:text> – </xsl:text><xsl:value-of select="sc:t(concat('sim.', type))"/><xsl:text> </xsl:text><xsl:apply-templates select="status" mode="badge"/></li>
      </xsl:for-each>
    </ul>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}/{$l/@action}" class="form" aria-labelledby="life-form-title">
      <h2 id="life-form-title"><xsl:value-of select="sc:t(concat('life.', $l/@action, '.intro'))"/></h2>
      <xsl:call-template name="hidden-fields"/>
      <xsl:choose>
        <xsl:when test="$l/@action = 'sim-swap'">
          <xsl:call-template name="life-input">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="name" select="'iccid'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$l/@action = 'spare-sim'">
          <fieldset class="field">
            <legend><xsl:value-of select="sc:t('life.field.sim')"/></legend>
            <xsl:for-each select="$l/spares/sim">
              <p><label><input type="radio" name="sim" value="{@id}" required="required">
                <xsl:if test="$f/value[@name = 'sim'] = @id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input><xsl:text> </xsl:text><xsl:value-of select="iccid"/></label></p>
            </xsl:for-each>
            <xsl:if test="not($l/spares/sim)"><p class="empty"><xsl:value-of select="sc:t('life.spares.none')"/></p></xsl:if>
            <xsl:apply-templates select="$f/error[@field = 'sim']" mode="life"/>
          </fieldset>
          <div class="field">
            <label for="life-type"><xsl:value-of select="sc:t('life.field.type')"/></label>
            <select id="life-type" name="type">
              <option value="main"><xsl:if test="$f/value[@name = 'type'] = 'main'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('life.type.main')"/></option>
              <option value="twin"><xsl:if test="$f/value[@name = 'type'] = 'twin'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('sim.twin')"/></option>
              <option value="data"><xsl:if test="$f/value[@name = 'type'] = 'data'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="sc:t('sim.data')"/></option>
            </select>
            <xsl:apply-templates select="$f/error[@field = 'type']" mode="life"/>
          </div>
        </xsl:when>
        <xsl:when test="$l/@action = 'barring'">
          <input type="hidden" name="bars" value="set"/>
          <fieldset class="field">
            <legend><xsl:value-of select="sc:t('life.barred')"/></legend>
            <xsl:for-each select="$s">
              <xsl:call-template name="life-bar-box"><xsl:with-param name="f" select="$f"/><xsl:with-param name="name" select="'data'"/></xsl:call-template>
              <xsl:call-template name="life-bar-box"><xsl:with-param name="f" select="$f"/><xsl:with-param name="name" select="'abroad'"/></xsl:call-template>
              <xsl:call-template name="life-bar-box"><xsl:with-param name="f" select="$f"/><xsl:with-param name="name" select="'premium'"/></xsl:call-template>
            </xsl:for-each>
            <xsl:apply-templates select="$f/error" mode="life"/>
          </fieldset>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="life-input">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="name" select="'from'"/>
            <xsl:with-param name="type" select="'date'"/>
            <xsl:with-param name="max" select="10"/>
          </xsl:call-template>
          <xsl:call-template name="life-input">
            <xsl:with-param name="f" select="$f"/>
            <xsl:with-param name="name" select="'to'"/>
            <xsl:with-param name="type" select="'date'"/>
            <xsl:with-param name="max" select="10"/>
          </xsl:call-template>
          <p class="note"><xsl:value-of select="sc:t('life.suspend.billing')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t(concat('life.', $l/@action, '.submit'))"/></button></p>
    </form>
  </xsl:template>

  <!-- A bar's box: ticked as the form was sent, else as the subscription is. -->
  <xsl:template name="life-bar-box">
    <xsl:param name="f"/>
    <xsl:param name="name"/>
    <p><label><input type="checkbox" name="{$name}" value="yes">
      <xsl:if test="($f and $f/value[@name = $name] = 'yes') or (not($f) and barred/bar = $name)">
        <xsl:attribute name="checked">checked</xsl:attribute>
      </xsl:if>
    </input><xsl:text> </xsl:text><xsl:value-of select="sc:t(concat('life.bar.', $name))"/></label></p>
  </xsl:template>

</xsl:stylesheet>
