<?xml version="1.0" encoding="UTF-8"?>
<!-- One case as customer care works it: what it is, the whole thread
     (internal notes marked as such), the history, and the forms: take or
     assign, reply to the customer, an internal note, the status, and for a
     change request the carrying out (asked, then confirmed). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-case">
    <xsl:value-of select="case/subject"/>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-case">
    <xsl:variable name="k" select="case"/>
    <xsl:variable name="base" select="concat('/admin/cases/', $k/@id)"/>
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/admin/cases"><xsl:value-of select="sc:t('admin.case.back')"/></a></p>
    <h1><xsl:value-of select="$k/subject"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('case.col.id')"/></dt><dd><xsl:value-of select="$k/@id"/></dd>
      <dt><xsl:value-of select="sc:t('admin.cases.col.company')"/></dt>
      <dd><xsl:value-of select="$k/company/name"/> (<xsl:value-of select="$k/company/@id"/>)</dd>
      <dt><xsl:value-of select="sc:t('case.col.kind')"/></dt>
      <dd><xsl:for-each select="$k"><xsl:call-template name="case-kind"/></xsl:for-each>: <xsl:call-template name="case-category"><xsl:with-param name="code" select="$k/category"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('case.col.status')"/></dt>
      <dd><xsl:call-template name="care-status"><xsl:with-param name="code" select="$k/status"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('case.col.created')"/></dt>
      <dd><time datetime="{$k/created}"><xsl:value-of select="sc:datetime($k/created)"/></time></dd>
      <dt><xsl:value-of select="sc:t('admin.cases.col.age')"/></dt>
      <dd><xsl:apply-templates select="$k" mode="care-age"/></dd>
      <dt><xsl:value-of select="sc:t('admin.case.due')"/></dt>
      <dd><time datetime="{$k/due}"><xsl:value-of select="sc:datetime($k/due)"/></time></dd>
      <xsl:if test="$k/created-by">
        <dt><xsl:value-of select="sc:t('admin.case.created-by')"/></dt>
        <dd><xsl:value-of select="$k/created-by/name"/> (<xsl:value-of select="$k/created-by/email"/>)</dd>
      </xsl:if>
      <xsl:if test="$k/location">
        <dt><xsl:value-of select="sc:t('case.location')"/></dt>
        <dd><xsl:value-of select="$k/location/number"/><xsl:text> </xsl:text><xsl:value-of select="$k/location/name"/></dd>
      </xsl:if>
      <xsl:if test="$k/subscription">
        <dt><xsl:value-of select="sc:t('admin.case.subscription')"/></dt>
        <dd>
          <xsl:value-of select="$k/subscription/product"/> (<xsl:value-of select="$k/subscription/ref"/>)
          <xsl:text> </xsl:text><xsl:apply-templates select="$k/subscription/status" mode="badge"/>
          <xsl:if test="$k/subscription/@ending = 'yes'"><xsl:text> </xsl:text><xsl:value-of select="sc:t('admin.case.ending')"/></xsl:if>
        </dd>
      </xsl:if>
      <dt><xsl:value-of select="sc:t('admin.cases.col.assignee')"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$k/assignee"><xsl:value-of select="$k/assignee/name"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="sc:t('admin.case.nobody')"/></xsl:otherwise>
        </xsl:choose>
      </dd>
    </dl>

    <xsl:apply-templates select="confirm" mode="admin-case"/>

    <h2><xsl:value-of select="sc:t('case.thread')"/></h2>
    <ol class="thread">
      <xsl:for-each select="$k/comments/comment">
        <li class="comment comment-{@author}">
          <xsl:if test="@internal = 'yes'"><xsl:attribute name="class">comment comment-operator comment-internal</xsl:attribute></xsl:if>
          <p class="meta">
            <xsl:if test="@internal = 'yes'">
              <span class="badge badge-internal"><xsl:value-of select="sc:t('admin.case.internal')"/></span>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="name"><xsl:value-of select="name"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="sc:t('case.operator')"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text>, </xsl:text>
            <time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time>
          </p>
          <p class="body"><xsl:value-of select="body"/></p>
        </li>
      </xsl:for-each>
    </ol>
    <h2><xsl:value-of select="sc:t('case.history')"/></h2>
    <ol class="history">
      <xsl:for-each select="$k/history/change">
        <li>
          <time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="care-status"><xsl:with-param name="code" select="to"/></xsl:call-template>
          <xsl:if test="by"><xsl:text> (</xsl:text><xsl:value-of select="by"/><xsl:text>)</xsl:text></xsl:if>
        </li>
      </xsl:for-each>
    </ol>

    <xsl:if test="$k/status != 'closed'">
      <!-- Take it, or give it to another member of customer care. -->
      <h2 id="assign-title"><xsl:value-of select="sc:t('admin.case.assign.title')"/></h2>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f[@name = 'assign']"/></xsl:call-template>
      <xsl:if test="not($k/assignee/@id = /page/context/staff/@id)">
        <form method="post" action="{$base}/assign" class="form-inline">
          <xsl:call-template name="hidden-fields"/>
          <input type="hidden" name="staff" value="{/page/context/staff/@id}"/>
          <button type="submit" class="button"><xsl:value-of select="sc:t('admin.case.take')"/></button>
        </form>
      </xsl:if>
      <form method="post" action="{$base}/assign" class="form" aria-labelledby="assign-title">
        <xsl:call-template name="hidden-fields"/>
        <div class="field">
          <label for="assign-staff"><xsl:value-of select="sc:t('admin.cases.col.assignee')"/></label>
          <select id="assign-staff" name="staff">
            <xsl:call-template name="care-field-attrs"><xsl:with-param name="form" select="'assign'"/><xsl:with-param name="field" select="'staff'"/></xsl:call-template>
            <option value=""><xsl:value-of select="sc:t('admin.case.nobody')"/></option>
            <xsl:for-each select="assignees/member">
              <xsl:call-template name="care-option">
                <xsl:with-param name="value" select="@id"/>
                <xsl:with-param name="current" select="$k/assignee/@id"/>
                <xsl:with-param name="label" select="name"/>
              </xsl:call-template>
            </xsl:for-each>
          </select>
          <xsl:apply-templates select="$f[@name = 'assign']/error"/>
        </div>
        <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.case.assign.submit')"/></button></p>
      </form>

      <h2 id="reply-title"><xsl:value-of select="sc:t('admin.case.reply.title')"/></h2>
      <p class="hint"><xsl:value-of select="sc:t('admin.case.reply.hint')"/></p>
      <xsl:call-template name="care-text-form">
        <xsl:with-param name="name" select="'reply'"/>
        <xsl:with-param name="action" select="concat($base, '/reply')"/>
        <xsl:with-param name="label" select="sc:t('admin.case.reply.label')"/>
        <xsl:with-param name="submit" select="sc:t('admin.case.reply.submit')"/>
      </xsl:call-template>

      <h2 id="note-title"><xsl:value-of select="sc:t('admin.case.note.title')"/></h2>
      <p class="hint"><xsl:value-of select="sc:t('admin.case.note.hint')"/></p>
      <xsl:call-template name="care-text-form">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="action" select="concat($base, '/note')"/>
        <xsl:with-param name="label" select="sc:t('admin.case.note.label')"/>
        <xsl:with-param name="submit" select="sc:t('admin.case.note.submit')"/>
      </xsl:call-template>
    </xsl:if>

    <h2 id="status-title"><xsl:value-of select="sc:t('admin.case.status.title')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f[@name = 'status']"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="transitions/status">
        <form method="post" action="{$base}/status" class="form" aria-labelledby="status-title">
          <xsl:call-template name="hidden-fields"/>
          <div class="field">
            <label for="status-status"><xsl:value-of select="sc:t('admin.case.status.label')"/></label>
            <select id="status-status" name="status">
              <xsl:call-template name="care-field-attrs"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="field" select="'status'"/></xsl:call-template>
              <xsl:for-each select="transitions/status">
                <option value="{.}">
                  <xsl:call-template name="care-status-label"><xsl:with-param name="code" select="."/></xsl:call-template>
                </option>
              </xsl:for-each>
            </select>
            <xsl:apply-templates select="$f[@name = 'status']/error"/>
          </div>
          <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.case.status.submit')"/></button></p>
        </form>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('admin.case.status.none')"/></p></xsl:otherwise>
    </xsl:choose>

    <xsl:apply-templates select="carry-out" mode="admin-case"/>
    <xsl:if test="not(carry-out) and $f[@name = 'carry-out']">
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f[@name = 'carry-out']"/></xsl:call-template>
      <xsl:apply-templates select="$f[@name = 'carry-out']/error"/>
    </xsl:if>
  </xsl:template>

  <!-- A reply or a note: one text, one button. -->
  <xsl:template name="care-text-form">
    <xsl:param name="name"/>
    <xsl:param name="action"/>
    <xsl:param name="label"/>
    <xsl:param name="submit"/>
    <xsl:variable name="f" select="/page/form[@name = $name]"/>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="{$action}" class="form" aria-labelledby="{$name}-title">
      <xsl:call-template name="hidden-fields"/>
      <div class="field">
        <xsl:if test="$f/error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <label for="{$name}-body"><xsl:value-of select="$label"/></label>
        <textarea id="{$name}-body" name="body" rows="6" maxlength="5000" required="required">
          <xsl:call-template name="care-field-attrs"><xsl:with-param name="form" select="$name"/><xsl:with-param name="field" select="'body'"/></xsl:call-template>
          <xsl:value-of select="$f/value[@name = 'body']"/>
        </textarea>
        <xsl:apply-templates select="$f/error"/>
      </div>
      <p><button type="submit" class="button"><xsl:value-of select="$submit"/></button></p>
    </form>
  </xsl:template>

  <!-- aria-invalid and the error's id on a field of a form re-shown. -->
  <xsl:template name="care-field-attrs">
    <xsl:param name="form"/>
    <xsl:param name="field"/>
    <xsl:if test="/page/form[@name = $form]/error[@field = $field]">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form, '-', $field, '-error')"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- Carrying out a change request: choose, then confirm on the next page. -->
  <xsl:template match="carry-out" mode="admin-case">
    <xsl:variable name="f" select="/page/form[@name = 'carry-out']"/>
    <h2 id="carry-title"><xsl:value-of select="sc:t('admin.case.carry.title')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="get" action="/admin/cases/{/page/case/@id}" class="form" aria-labelledby="carry-title">
      <xsl:choose>
        <xsl:when test="@action = 'plan'">
          <p><xsl:value-of select="sc:t('admin.case.carry.plan.intro')"/></p>
          <div class="field">
            <label for="carry-out-product"><xsl:value-of select="sc:t('admin.case.carry.plan.label')"/></label>
            <select id="carry-out-product" name="product" required="required">
              <xsl:call-template name="care-field-attrs"><xsl:with-param name="form" select="'carry-out'"/><xsl:with-param name="field" select="'product'"/></xsl:call-template>
              <xsl:for-each select="plans/plan">
                <xsl:call-template name="care-option">
                  <xsl:with-param name="value" select="@id"/>
                  <xsl:with-param name="current" select="$f/value[@name = 'product']"/>
                  <xsl:with-param name="label" select="concat(product, ' – ', sc:money(price, price/@currency))"/>
                </xsl:call-template>
              </xsl:for-each>
            </select>
            <xsl:apply-templates select="$f/error"/>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="sc:t('admin.case.carry.terminate.intro')"/></p>
          <div class="field">
            <label for="carry-out-date"><xsl:value-of select="sc:t('admin.case.carry.terminate.label')"/></label>
            <input id="carry-out-date" name="date" type="date" value="{$f/value[@name = 'date']}" required="required">
              <xsl:call-template name="care-field-attrs"><xsl:with-param name="form" select="'carry-out'"/><xsl:with-param name="field" select="'date'"/></xsl:call-template>
            </input>
            <xsl:apply-templates select="$f/error"/>
          </div>
        </xsl:otherwise>
      </xsl:choose>
      <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('admin.case.carry.check')"/></button></p>
    </form>
  </xsl:template>

  <!-- What carrying it out does, and the button that does it. -->
  <xsl:template match="confirm" mode="admin-case">
    <section class="confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title"><xsl:value-of select="sc:t('admin.case.confirm.title')"/></h2>
      <form method="post" action="/admin/cases/{/page/case/@id}/carry-out" class="form">
        <xsl:call-template name="hidden-fields"/>
        <xsl:choose>
          <xsl:when test="@action = 'plan'">
            <p>
              <xsl:value-of select="sc:t('admin.case.confirm.plan')"/><xsl:text> </xsl:text>
              <strong><xsl:value-of select="plan/product"/></strong>
              <xsl:text> – </xsl:text><xsl:value-of select="sc:money(plan/price, plan/price/@currency)"/>
            </p>
            <input type="hidden" name="product" value="{plan/@id}"/>
          </xsl:when>
          <xsl:otherwise>
            <p>
              <xsl:value-of select="sc:t('admin.case.confirm.terminate')"/><xsl:text> </xsl:text>
              <strong><xsl:value-of select="sc:date(date)"/></strong>
            </p>
            <input type="hidden" name="date" value="{date}"/>
          </xsl:otherwise>
        </xsl:choose>
        <p>
          <button type="submit" class="button"><xsl:value-of select="sc:t('admin.case.confirm.submit')"/></button>
          <xsl:text> </xsl:text>
          <a href="/admin/cases/{/page/case/@id}"><xsl:value-of select="sc:t('admin.case.confirm.cancel')"/></a>
        </p>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
