<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <!-- One case: what it is about, its thread, status history, a comment form. -->
  <xsl:template match="page" mode="title.case">
    <xsl:value-of select="case/subject"/>
  </xsl:template>

  <xsl:template match="page" mode="content.case">
    <xsl:variable name="f" select="form"/>
    <p class="back"><a class="back-link" href="/companies/{context/company/@id}/cases"><xsl:value-of select="sc:t('cases.back')"/></a></p>
    <h1><xsl:value-of select="case/subject"/></h1>
    <dl class="details">
      <dt><xsl:value-of select="sc:t('case.col.id')"/></dt><dd><xsl:value-of select="case/@id"/></dd>
      <dt><xsl:value-of select="sc:t('case.col.kind')"/></dt>
      <dd><xsl:for-each select="case"><xsl:call-template name="case-kind"/></xsl:for-each>: <xsl:call-template name="case-category"><xsl:with-param name="code" select="case/category"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('case.col.status')"/></dt>
      <dd><xsl:call-template name="case-status"><xsl:with-param name="code" select="case/status"/></xsl:call-template></dd>
      <dt><xsl:value-of select="sc:t('case.col.created')"/></dt>
      <dd><time datetime="{case/created}"><xsl:value-of select="sc:datetime(case/created)"/></time></dd>
      <xsl:if test="case/location">
        <dt><xsl:value-of select="sc:t('case.location')"/></dt>
        <dd><xsl:value-of select="case/location/number"/><xsl:text> </xsl:text><xsl:value-of select="case/location/name"/></dd>
      </xsl:if>
      <xsl:if test="case/service">
        <dt><xsl:value-of select="sc:t('case.service')"/></dt>
        <dd><xsl:value-of select="case/service/name"/> (<xsl:value-of select="case/service/ref"/>)</dd>
      </xsl:if>
    </dl>
    <h2><xsl:value-of select="sc:t('case.thread')"/></h2>
    <ol class="thread">
      <xsl:for-each select="case/comments/comment">
        <li class="comment comment-{@author}">
          <p class="meta">
            <xsl:choose>
              <!-- The operator's staff member by first name, and who they are. -->
              <xsl:when test="@author = 'operator' and name"><xsl:value-of select="name"/><xsl:text> (</xsl:text><xsl:value-of select="sc:t('case.operator')"/><xsl:text>)</xsl:text></xsl:when>
              <xsl:when test="@author = 'operator'"><xsl:value-of select="sc:t('case.operator')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="name"/></xsl:otherwise>
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
      <xsl:for-each select="case/history/change">
        <li>
          <time datetime="{at}"><xsl:value-of select="sc:datetime(at)"/></time>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="case-status"><xsl:with-param name="code" select="to"/></xsl:call-template>
        </li>
      </xsl:for-each>
    </ol>
    <xsl:if test="case/status != 'closed'">
      <h2 id="comment-title"><xsl:value-of select="sc:t('case.comment.title')"/></h2>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
      <form method="post" action="{context/path}" class="form" aria-labelledby="comment-title">
        <xsl:call-template name="hidden-fields"/>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'body'"/>
          <xsl:with-param name="label" select="sc:t('case.comment.label')"/>
          <xsl:with-param name="type" select="'textarea'"/>
          <xsl:with-param name="max" select="5000"/>
        </xsl:call-template>
        <p><button type="submit" class="button"><xsl:value-of select="sc:t('case.comment.submit')"/></button></p>
      </form>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
