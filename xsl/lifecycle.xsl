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
      <xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', .)"/></xsl:call-template>
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
    <xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.history.', action)"/></xsl:call-template><xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="action = 'bar' or action = 'unbar'"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', detail)"/></xsl:call-template></xsl:when>
      <xsl:when test="action = 'suspension'"><xsl:value-of select="sc:date(effective)"/> – <xsl:value-of select="sc:date(detail)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="detail"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="title.lifecycle">
    <xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.', lifecycle/@action)"/></xsl:call-template>
  </xsl:template>

  <!-- A field's error: this page's own codes, else the common ones. -->
  <xsl:template match="form/error" mode="life">
    <xsl:choose>
      <xsl:when test="@code = 'in-use' or @code = 'before-start'">
        <p class="field-error" id="{../@name}-{@field}-error"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.error.', @code)"/></xsl:call-template></p>
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
      <label for="{$id}"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.field.', $name)"/></xsl:call-template></label>
      <input id="{$id}" name="{$name}" type="{$type}" maxlength="{$max}" required="required" value="{$f/value[@name = $name]}">
        <xsl:if test="$f/error[@field = $name]">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($f/@name, '-', $name, '-error')"/></xsl:attribute>
        </xsl:if>
      </input>
      <xsl:apply-templates select="$f/error[@field = $name]" mode="life"/>
    </div>
  </xsl:template>

  <xsl:template match="page" mode="content.lifecycle">
    <xsl:variable name="l" select="lifecycle"/>
    <xsl:variable name="s" select="$l/subscription"/>
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="base" select="concat('/companies/', context/company/@id, '/subscriptions/', $s/@id)"/>
    <p class="back"><a class="back-link" href="{$base}"><xsl:value-of select="sc:t('life.back')"/></a></p>
    <h1><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.', $l/@action)"/></xsl:call-template></h1>
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
        <li><xsl:value-of select="iccid"/><xsl:text> – </xsl:text><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('sim.', type)"/></xsl:call-template><xsl:text> </xsl:text><xsl:apply-templates select="status" mode="badge"/></li>
      </xsl:for-each>
    </ul>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$base}/{$l/@action}" class="form" aria-labelledby="life-form-title">
      <h2 id="life-form-title"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.', $l/@action, '.intro')"/></xsl:call-template></h2>
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
      <p><button type="submit" class="button"><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.', $l/@action, '.submit')"/></xsl:call-template></button></p>
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
    </input><xsl:text> </xsl:text><xsl:call-template name="life-key"><xsl:with-param name="k" select="concat('life.bar.', $name)"/></xsl:call-template></label></p>
  </xsl:template>

  <!-- A label of this page by its computed name: the keys are literals, so
       check-i18n sees every one, and a stylesheet compiled per language
       resolves them. -->
  <xsl:template name="life-key">
    <xsl:param name="k"/>
    <xsl:choose>
      <xsl:when test="$k = 'sim.main'"><xsl:value-of select="sc:t('sim.main')"/></xsl:when>
      <xsl:when test="$k = 'sim.twin'"><xsl:value-of select="sc:t('sim.twin')"/></xsl:when>
      <xsl:when test="$k = 'sim.data'"><xsl:value-of select="sc:t('sim.data')"/></xsl:when>
      <xsl:when test="$k = 'life.title'"><xsl:value-of select="sc:t('life.title')"/></xsl:when>
      <xsl:when test="$k = 'life.back'"><xsl:value-of select="sc:t('life.back')"/></xsl:when>
      <xsl:when test="$k = 'life.barred'"><xsl:value-of select="sc:t('life.barred')"/></xsl:when>
      <xsl:when test="$k = 'life.barred.none'"><xsl:value-of select="sc:t('life.barred.none')"/></xsl:when>
      <xsl:when test="$k = 'life.bar.data'"><xsl:value-of select="sc:t('life.bar.data')"/></xsl:when>
      <xsl:when test="$k = 'life.bar.abroad'"><xsl:value-of select="sc:t('life.bar.abroad')"/></xsl:when>
      <xsl:when test="$k = 'life.bar.premium'"><xsl:value-of select="sc:t('life.bar.premium')"/></xsl:when>
      <xsl:when test="$k = 'life.suspended'"><xsl:value-of select="sc:t('life.suspended')"/></xsl:when>
      <xsl:when test="$k = 'life.sim-swap'"><xsl:value-of select="sc:t('life.sim-swap')"/></xsl:when>
      <xsl:when test="$k = 'life.sim-swap.intro'"><xsl:value-of select="sc:t('life.sim-swap.intro')"/></xsl:when>
      <xsl:when test="$k = 'life.sim-swap.submit'"><xsl:value-of select="sc:t('life.sim-swap.submit')"/></xsl:when>
      <xsl:when test="$k = 'life.spare-sim'"><xsl:value-of select="sc:t('life.spare-sim')"/></xsl:when>
      <xsl:when test="$k = 'life.spare-sim.intro'"><xsl:value-of select="sc:t('life.spare-sim.intro')"/></xsl:when>
      <xsl:when test="$k = 'life.spare-sim.submit'"><xsl:value-of select="sc:t('life.spare-sim.submit')"/></xsl:when>
      <xsl:when test="$k = 'life.spares.none'"><xsl:value-of select="sc:t('life.spares.none')"/></xsl:when>
      <xsl:when test="$k = 'life.type.main'"><xsl:value-of select="sc:t('life.type.main')"/></xsl:when>
      <xsl:when test="$k = 'life.barring'"><xsl:value-of select="sc:t('life.barring')"/></xsl:when>
      <xsl:when test="$k = 'life.barring.intro'"><xsl:value-of select="sc:t('life.barring.intro')"/></xsl:when>
      <xsl:when test="$k = 'life.barring.submit'"><xsl:value-of select="sc:t('life.barring.submit')"/></xsl:when>
      <xsl:when test="$k = 'life.suspend'"><xsl:value-of select="sc:t('life.suspend')"/></xsl:when>
      <xsl:when test="$k = 'life.suspend.intro'"><xsl:value-of select="sc:t('life.suspend.intro')"/></xsl:when>
      <xsl:when test="$k = 'life.suspend.submit'"><xsl:value-of select="sc:t('life.suspend.submit')"/></xsl:when>
      <xsl:when test="$k = 'life.suspend.billing'"><xsl:value-of select="sc:t('life.suspend.billing')"/></xsl:when>
      <xsl:when test="$k = 'life.field.iccid'"><xsl:value-of select="sc:t('life.field.iccid')"/></xsl:when>
      <xsl:when test="$k = 'life.field.sim'"><xsl:value-of select="sc:t('life.field.sim')"/></xsl:when>
      <xsl:when test="$k = 'life.field.type'"><xsl:value-of select="sc:t('life.field.type')"/></xsl:when>
      <xsl:when test="$k = 'life.field.from'"><xsl:value-of select="sc:t('life.field.from')"/></xsl:when>
      <xsl:when test="$k = 'life.field.to'"><xsl:value-of select="sc:t('life.field.to')"/></xsl:when>
      <xsl:when test="$k = 'life.error.in-use'"><xsl:value-of select="sc:t('life.error.in-use')"/></xsl:when>
      <xsl:when test="$k = 'life.error.before-start'"><xsl:value-of select="sc:t('life.error.before-start')"/></xsl:when>
      <xsl:when test="$k = 'life.puk'"><xsl:value-of select="sc:t('life.puk')"/></xsl:when>
      <xsl:when test="$k = 'life.puk.show'"><xsl:value-of select="sc:t('life.puk.show')"/></xsl:when>
      <xsl:when test="$k = 'life.puk.title'"><xsl:value-of select="sc:t('life.puk.title')"/></xsl:when>
      <xsl:when test="$k = 'life.puk.none'"><xsl:value-of select="sc:t('life.puk.none')"/></xsl:when>
      <xsl:when test="$k = 'life.puk.once'"><xsl:value-of select="sc:t('life.puk.once')"/></xsl:when>
      <xsl:when test="$k = 'life.history.sim-swap'"><xsl:value-of select="sc:t('life.history.sim-swap')"/></xsl:when>
      <xsl:when test="$k = 'life.history.sim-activate'"><xsl:value-of select="sc:t('life.history.sim-activate')"/></xsl:when>
      <xsl:when test="$k = 'life.history.bar'"><xsl:value-of select="sc:t('life.history.bar')"/></xsl:when>
      <xsl:when test="$k = 'life.history.unbar'"><xsl:value-of select="sc:t('life.history.unbar')"/></xsl:when>
      <xsl:when test="$k = 'life.history.suspension'"><xsl:value-of select="sc:t('life.history.suspension')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
