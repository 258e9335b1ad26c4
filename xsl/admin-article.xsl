<?xml version="1.0" encoding="UTF-8"?>
<!-- A help article (back office), or a new one: its form (slug, category,
     status, position, title and body in nb, da and en, the portal pages it
     helps with), its texts as the portal shows them, and its feedback. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-article">
    <xsl:choose>
      <xsl:when test="article"><xsl:call-template name="article-title"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('articles.new.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A stored article's title in the page's language, else its first,
       else its slug. -->
  <xsl:template name="article-title">
    <xsl:variable name="a" select="/page/article"/>
    <xsl:variable name="lang" select="/page/@lang"/>
    <xsl:choose>
      <xsl:when test="$a/text[@lang = $lang]"><xsl:value-of select="$a/text[@lang = $lang]/title"/></xsl:when>
      <xsl:when test="$a/text"><xsl:value-of select="$a/text[1]/title"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$a/@slug"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-article">
    <xsl:variable name="a" select="article"/>
    <p class="back"><a class="back-link" href="/admin/articles"><xsl:value-of select="sc:t('articles.back')"/></a></p>
    <xsl:choose>
      <xsl:when test="$a">
        <h1><xsl:call-template name="article-title"/></h1>
        <dl class="details">
          <dt><xsl:value-of select="sc:t('articles.field.status')"/></dt>
          <dd><xsl:for-each select="$a"><xsl:call-template name="article-status-badge"/></xsl:for-each></dd>
          <dt><xsl:value-of select="sc:t('articles.created')"/></dt>
          <dd>
            <time datetime="{$a/created}"><xsl:value-of select="sc:datetime($a/created)"/></time>
            <xsl:if test="$a/created-by"><xsl:text>, </xsl:text><xsl:value-of select="$a/created-by"/></xsl:if>
          </dd>
          <dt><xsl:value-of select="sc:t('articles.col.updated')"/></dt>
          <dd>
            <time datetime="{$a/updated}"><xsl:value-of select="sc:datetime($a/updated)"/></time>
            <xsl:if test="$a/updated-by"><xsl:text>, </xsl:text><xsl:value-of select="$a/updated-by"/></xsl:if>
          </dd>
          <dt><xsl:value-of select="sc:t('articles.col.votes')"/></dt>
          <dd><xsl:apply-templates select="$a/votes" mode="articles"/></dd>
        </dl>
      </xsl:when>
      <xsl:otherwise>
        <h1><xsl:value-of select="sc:t('articles.new.title')"/></h1>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="article-form"><xsl:with-param name="a" select="$a"/></xsl:call-template>
    <xsl:if test="$a/text">
      <h2 id="preview-title"><xsl:value-of select="sc:t('articles.preview')"/></h2>
      <p><xsl:value-of select="sc:t('articles.preview.intro')"/></p>
      <xsl:for-each select="$a/text">
        <section class="article-preview" lang="{@lang}" aria-labelledby="preview-{@lang}">
          <h3 id="preview-{@lang}"><xsl:call-template name="article-lang-name"><xsl:with-param name="lang" select="@lang"/></xsl:call-template><xsl:text>: </xsl:text><xsl:value-of select="title"/></h3>
          <xsl:call-template name="help-body"><xsl:with-param name="body" select="body"/></xsl:call-template>
        </section>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="$a">
      <xsl:call-template name="article-feedback"><xsl:with-param name="a" select="$a"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The form: values as typed when re-shown, else the article's. -->
  <xsl:template name="article-form">
    <xsl:param name="a"/>
    <xsl:variable name="f" select="/page/form"/>
    <xsl:variable name="stored" select="$a[not($f)]"/>
    <h2 id="article-form-title"><xsl:value-of select="sc:t('articles.form')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" class="form" aria-labelledby="article-form-title">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="$a">/admin/articles/<xsl:value-of select="$a/@id"/></xsl:when>
          <xsl:otherwise>/admin/articles/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'slug'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.slug')"/>
        <xsl:with-param name="hint" select="sc:t('articles.field.slug.hint')"/>
        <xsl:with-param name="value" select="$f/value[@name = 'slug'] | $stored/@slug"/>
        <xsl:with-param name="max" select="64"/>
      </xsl:call-template>
      <xsl:variable name="cat" select="$f/value[@name = 'category'] | $stored/@category"/>
      <xsl:call-template name="articles-select">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'category'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.category')"/>
        <xsl:with-param name="options">
          <xsl:for-each select="/page/choices/category">
            <option value="{@code}">
              <xsl:if test="@code = $cat"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="article-category-name"/>
            </option>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:variable name="status" select="$f/value[@name = 'status'] | $stored/@status"/>
      <xsl:call-template name="articles-select">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'status'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.status')"/>
        <xsl:with-param name="hint" select="sc:t('articles.field.status.hint')"/>
        <xsl:with-param name="options">
          <option value="draft"><xsl:value-of select="sc:t('articles.status.draft')"/></option>
          <option value="published">
            <xsl:if test="$status = 'published'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="sc:t('articles.status.published')"/>
          </option>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'position'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.position')"/>
        <xsl:with-param name="hint" select="sc:t('articles.field.position.hint')"/>
        <xsl:with-param name="value" select="$f/value[@name = 'position'] | $stored/@position"/>
        <xsl:with-param name="max" select="7"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p class="meta"><xsl:value-of select="sc:t('articles.texts.intro')"/></p>
      <xsl:call-template name="article-lang"><xsl:with-param name="lang" select="'nb'"/><xsl:with-param name="a" select="$stored"/></xsl:call-template>
      <xsl:call-template name="article-lang"><xsl:with-param name="lang" select="'da'"/><xsl:with-param name="a" select="$stored"/></xsl:call-template>
      <xsl:call-template name="article-lang"><xsl:with-param name="lang" select="'en'"/><xsl:with-param name="a" select="$stored"/></xsl:call-template>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'pages'"/>
        <xsl:with-param name="label" select="sc:t('articles.field.pages')"/>
        <xsl:with-param name="hint">
          <xsl:value-of select="sc:t('articles.field.pages.hint')"/><xsl:text> </xsl:text>
          <xsl:for-each select="/page/choices/page">
            <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </xsl:with-param>
        <xsl:with-param name="value">
          <xsl:choose>
            <xsl:when test="$f"><xsl:value-of select="$f/value[@name = 'pages']"/></xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="$stored/page">
                <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
                <xsl:value-of select="."/>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="max" select="2000"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <p>
        <button type="submit" class="button">
          <xsl:choose>
            <xsl:when test="$a"><xsl:value-of select="sc:t('articles.save')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('articles.create')"/></xsl:otherwise>
          </xsl:choose>
        </button>
      </p>
    </form>
  </xsl:template>

  <!-- One language's title and body (a stored article's, or as typed). -->
  <xsl:template name="article-lang">
    <xsl:param name="lang"/>
    <xsl:param name="a"/>
    <xsl:variable name="f" select="/page/form"/>
    <fieldset lang="{$lang}">
      <legend><xsl:call-template name="article-lang-name"><xsl:with-param name="lang" select="$lang"/></xsl:call-template></legend>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="concat('title-', $lang)"/>
        <xsl:with-param name="label" select="sc:t('articles.field.title')"/>
        <xsl:with-param name="value" select="$f/value[@name = concat('title-', $lang)] | $a/text[@lang = $lang]/title"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="articles-field">
        <xsl:with-param name="id" select="'article'"/>
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="concat('body-', $lang)"/>
        <xsl:with-param name="label" select="sc:t('articles.field.body')"/>
        <xsl:with-param name="hint" select="sc:t('articles.field.body.hint')"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="value" select="$f/value[@name = concat('body-', $lang)] | $a/text[@lang = $lang]/body"/>
        <xsl:with-param name="max" select="10000"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <!-- The votes and comments, newest first. -->
  <xsl:template name="article-feedback">
    <xsl:param name="a"/>
    <h2 id="feedback-title"><xsl:value-of select="sc:t('articles.feedback')"/></h2>
    <p><xsl:apply-templates select="$a/votes" mode="articles"/></p>
    <xsl:choose>
      <xsl:when test="$a/feedback/vote">
        <xsl:if test="$a/votes/@total &gt; count($a/feedback/vote)">
          <p class="meta"><xsl:value-of select="sc:t('articles.feedback.newest')"/><xsl:text> </xsl:text><xsl:value-of select="count($a/feedback/vote)"/></p>
        </xsl:if>
        <table class="data stack feedback" aria-labelledby="feedback-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('articles.feedback.at')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('articles.feedback.answer')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('articles.feedback.lang')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('articles.feedback.comment')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$a/feedback/vote">
              <tr>
                <td data-label="{sc:t('articles.feedback.at')}"><time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time></td>
                <td data-label="{sc:t('articles.feedback.answer')}">
                  <xsl:choose>
                    <xsl:when test="@helpful = 'yes'"><xsl:value-of select="sc:t('articles.feedback.yes')"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="sc:t('articles.feedback.no')"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td data-label="{sc:t('articles.feedback.lang')}"><xsl:call-template name="article-lang-name"><xsl:with-param name="lang" select="@lang"/></xsl:call-template></td>
                <td data-label="{sc:t('articles.feedback.comment')}"><xsl:value-of select="comment"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('articles.feedback.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A field of the articles' forms: its id from id and name, so that
       several forms on a page never share one; a hint under the label. -->
  <xsl:template name="articles-field">
    <xsl:param name="id"/>
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="value" select="$form/value[@name = $name]"/>
    <xsl:param name="max" select="200"/>
    <xsl:param name="required" select="true()"/>
    <xsl:variable name="fid" select="concat($id, '-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$fid}"><xsl:value-of select="$label"/></label>
      <xsl:if test="string($hint) != ''"><p class="hint" id="{$fid}-hint"><xsl:value-of select="$hint"/></p></xsl:if>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$fid}" name="{$name}" rows="12" maxlength="{$max}">
            <xsl:call-template name="articles-field-attrs">
              <xsl:with-param name="fid" select="$fid"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="hint" select="string($hint) != ''"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="{$fid}" name="{$name}" type="text" value="{$value}" maxlength="{$max}">
            <xsl:call-template name="articles-field-attrs">
              <xsl:with-param name="fid" select="$fid"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="hint" select="string($hint) != ''"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="$error">
        <xsl:with-param name="id" select="concat($fid, '-error')"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template name="articles-field-attrs">
    <xsl:param name="fid"/>
    <xsl:param name="error"/>
    <xsl:param name="required"/>
    <xsl:param name="hint"/>
    <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
    <xsl:if test="$error"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
    <xsl:if test="$error or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$hint"><xsl:value-of select="concat($fid, '-hint')"/></xsl:if>
        <xsl:if test="$hint and $error"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$error"><xsl:value-of select="concat($fid, '-error')"/></xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- A choice: options are the <option> elements, the selected one marked. -->
  <xsl:template name="articles-select">
    <xsl:param name="id"/>
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="options"/>
    <xsl:variable name="fid" select="concat($id, '-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$fid}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint != ''"><p class="hint" id="{$fid}-hint"><xsl:value-of select="$hint"/></p></xsl:if>
      <select id="{$fid}" name="{$name}">
        <xsl:call-template name="articles-field-attrs">
          <xsl:with-param name="fid" select="$fid"/>
          <xsl:with-param name="error" select="$error"/>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="hint" select="$hint != ''"/>
        </xsl:call-template>
        <xsl:copy-of select="$options"/>
      </select>
      <xsl:apply-templates select="$error">
        <xsl:with-param name="id" select="concat($fid, '-error')"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- What is wrong, more precisely than the shared messages. -->
  <xsl:template match="form[starts-with(@name, 'articles-')]/error">
    <xsl:param name="id" select="concat(../@name, '-', @field, '-error')"/>
    <p class="field-error" id="{$id}">
      <xsl:choose>
        <xsl:when test="@field = 'slug' and @code = 'invalid'"><xsl:value-of select="sc:t('articles.error.slug')"/></xsl:when>
        <xsl:when test="@field = 'slug' and @code = 'exists'"><xsl:value-of select="sc:t('articles.error.slug-exists')"/></xsl:when>
        <xsl:when test="@field = 'code' and @code = 'invalid'"><xsl:value-of select="sc:t('articles.error.code')"/></xsl:when>
        <xsl:when test="@field = 'code' and @code = 'exists'"><xsl:value-of select="sc:t('articles.error.code-exists')"/></xsl:when>
        <xsl:when test="@field = 'category' and @code = 'invalid'"><xsl:value-of select="sc:t('articles.error.category')"/></xsl:when>
        <xsl:when test="@field = 'status' and @code = 'required'"><xsl:value-of select="sc:t('articles.error.publish-empty')"/></xsl:when>
        <xsl:when test="@field = 'position' and @code = 'invalid'"><xsl:value-of select="sc:t('articles.error.position')"/></xsl:when>
        <xsl:when test="@field = 'pages' and @code = 'invalid'"><xsl:value-of select="sc:t('articles.error.pages')"/></xsl:when>
        <xsl:when test="@field = 'pages' and @code = 'too-many'"><xsl:value-of select="sc:t('articles.error.pages-too-many')"/></xsl:when>
        <xsl:when test="starts-with(@field, 'title-') and @code = 'required'"><xsl:value-of select="sc:t('articles.error.title-required')"/></xsl:when>
        <xsl:when test="starts-with(@field, 'body-') and @code = 'required'"><xsl:value-of select="sc:t('articles.error.body-required')"/></xsl:when>
        <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
        <xsl:when test="@code = 'too-long'"><xsl:value-of select="sc:t('error.too-long')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('error.invalid')"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

</xsl:stylesheet>
