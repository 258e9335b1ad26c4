<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="sc str">

  <!-- One help article and "was this article helpful?". -->
  <xsl:template match="page" mode="title.help-article">
    <xsl:value-of select="article/title"/>
  </xsl:template>

  <xsl:template match="page" mode="content.help-article">
    <xsl:variable name="a" select="article"/>
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/help"><xsl:value-of select="sc:t('help.back')"/></a></p>
    <p class="meta"><xsl:value-of select="$a/category"/></p>
    <h1><xsl:value-of select="$a/title"/></h1>
    <p class="meta">
      <xsl:value-of select="sc:t('help.updated')"/><xsl:text> </xsl:text>
      <time datetime="{$a/updated}"><xsl:value-of select="sc:date($a/updated)"/></time>
    </p>
    <xsl:call-template name="help-body"><xsl:with-param name="body" select="$a/body"/></xsl:call-template>
    <section class="help-feedback" aria-labelledby="help-feedback-title">
      <h2 id="help-feedback-title"><xsl:value-of select="sc:t('help.feedback.title')"/></h2>
      <xsl:for-each select="$a/vote">
        <p class="meta">
          <xsl:choose>
            <xsl:when test="@helpful = 'yes'"><xsl:value-of select="sc:t('help.feedback.voted-yes')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('help.feedback.voted-no')"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text> (</xsl:text><time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time><xsl:text>) </xsl:text>
          <xsl:value-of select="sc:t('help.feedback.again')"/>
        </p>
      </xsl:for-each>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
      <form method="post" action="{context/path}" class="form" aria-labelledby="help-feedback-title">
        <xsl:call-template name="hidden-fields"/>
        <!-- A new vote replaces the last one: its comment is offered again. -->
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'comment'"/>
          <xsl:with-param name="label" select="sc:t('help.feedback.comment')"/>
          <xsl:with-param name="type" select="'textarea'"/>
          <xsl:with-param name="max" select="1000"/>
          <xsl:with-param name="required" select="false()"/>
          <xsl:with-param name="value" select="$f/value[@name = 'comment'] | $a/vote/comment[not($f/value)]"/>
        </xsl:call-template>
        <xsl:if test="$f/error[@field = 'helpful']">
          <p class="field-error" id="feedback-helpful-error"><xsl:value-of select="sc:t('help.feedback.required')"/></p>
        </xsl:if>
        <p class="buttons">
          <button type="submit" name="helpful" value="yes" class="button"><xsl:value-of select="sc:t('help.feedback.yes')"/></button>
          <xsl:text> </xsl:text>
          <button type="submit" name="helpful" value="no" class="button"><xsl:value-of select="sc:t('help.feedback.no')"/></button>
        </p>
      </form>
    </section>
  </xsl:template>

  <!-- An article's body as readers see it (the back office's preview too).
       Plain text: a paragraph per blank line, a line break per line
       (str:split leaves out the empty pieces). Never markup. -->
  <xsl:template name="help-body">
    <xsl:param name="body"/>
    <div class="help-body">
      <xsl:for-each select="str:split(translate($body, '&#13;', ''), '&#10;&#10;')">
        <xsl:if test="normalize-space(.) != ''">
          <p>
            <xsl:for-each select="str:split(., '&#10;')">
              <xsl:if test="position() &gt; 1"><br/></xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </p>
        </xsl:if>
      </xsl:for-each>
    </div>
  </xsl:template>

</xsl:stylesheet>
