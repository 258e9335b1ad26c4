<?xml version="1.0" encoding="UTF-8"?>
<!-- The partner API's HTML reference, made from api.xsd and error.xsd (make
     api-reference): each resource with its paths, its fields and their types,
     and its example from examples/ (which the tests validate). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="xs">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="types" select="/xs:schema/xs:complexType | /xs:schema/xs:simpleType"/>
  <xsl:variable name="errors" select="document('error.xsd')/xs:schema"/>

  <xsl:template match="/xs:schema">
    <html lang="en">
      <head>
        <title>selfcare partner API v1 — reference</title>
        <link rel="stylesheet" href="/static/selfcare.css"/>
      </head>
      <body>
        <main class="api-reference">
          <h1>selfcare partner API v1</h1>
          <p>Every request carries a key: <code>Authorization: Bearer sck_…</code>.
            Answers are <code>application/xml</code>; lists take <code>offset</code>,
            <code>limit</code> (1–100, 20 if not given), <code>state</code>,
            <code>createdFrom</code> and <code>createdTo</code> (YYYY-MM-DD) and
            <code>updatedSince</code> (YYYY-MM-DDTHH:MM:SSZ), and say their size in
            <code>X-Total-Count</code>. Each answer has an <code>ETag</code>; with
            <code>If-None-Match</code> an unchanged one is <code>304</code>.</p>
          <nav>
            <ul>
              <xsl:for-each select="xs:element[not(contains(@name, 'List'))]">
                <li><a href="#{@name}"><xsl:value-of select="@name"/></a></li>
              </xsl:for-each>
              <li><a href="#writes">writes</a></li>
              <li><a href="#events">events</a></li>
              <li><a href="#error">error</a></li>
            </ul>
          </nav>
          <xsl:apply-templates select="xs:element[not(contains(@name, 'List'))]"/>
          <xsl:call-template name="writes"/>
          <xsl:call-template name="events"/>
          <xsl:apply-templates select="$errors/xs:element" mode="error"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="xs:element">
    <xsl:variable name="t" select="$types[@name = current()/@type]"/>
    <section id="{@name}">
      <h2><xsl:value-of select="@name"/></h2>
      <p><xsl:value-of select="$t/xs:annotation/xs:documentation"/></p>
      <p><code>GET /api/v1/<xsl:value-of select="@name"/></code> (a
        <code><xsl:value-of select="@name"/>List</code>) and
        <code>GET /api/v1/<xsl:value-of select="@name"/>/{id}</code>.</p>
      <table>
        <thead><tr><th>Field</th><th>Type</th><th>Occurs</th><th>Meaning</th></tr></thead>
        <tbody>
          <tr><td><code>@id</code></td><td>positive integer</td><td>1</td><td>Its id.</td></tr>
          <tr><td><code>@href</code></td><td>path</td><td>1</td><td>Where to read it.</td></tr>
          <xsl:for-each select="$t/xs:sequence/xs:element">
            <tr>
              <td><code><xsl:value-of select="@name"/></code></td>
              <td><xsl:apply-templates select="." mode="type"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@minOccurs = '0'">0–1</xsl:when>
                  <xsl:when test="@maxOccurs"><xsl:value-of select="@minOccurs"/>–<xsl:value-of select="@maxOccurs"/></xsl:when>
                  <xsl:otherwise>1</xsl:otherwise>
                </xsl:choose>
              </td>
              <td><xsl:value-of select="xs:annotation/xs:documentation"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <h3>Example</h3>
      <pre><xsl:apply-templates select="document(concat('examples/', @name, '.xml'))/*" mode="show"/></pre>
    </section>
  </xsl:template>

  <!-- A field's type: an enumeration's values, a reference, or the type's name. -->
  <xsl:template match="xs:element" mode="type">
    <xsl:variable name="st" select="$types[@name = current()/@type]"/>
    <xsl:choose>
      <xsl:when test="$st/xs:restriction/xs:enumeration">
        <xsl:for-each select="$st/xs:restriction/xs:enumeration">
          <xsl:if test="position() &gt; 1"> | </xsl:if><code><xsl:value-of select="@value"/></code>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="@type = 'ref'">a reference (<code>@id</code>, <code>@href</code>)</xsl:when>
      <xsl:when test="@type = 'document'">a document link (<code>@type</code> pdf or ubl, <code>@href</code>)</xsl:when>
      <xsl:when test="@type = 'utcTime'">UTC time, YYYY-MM-DDTHH:MM:SSZ</xsl:when>
      <xsl:when test="@type = 'money'">decimal, two places</xsl:when>
      <xsl:when test="starts-with(@type, 'xs:')"><xsl:value-of select="substring-after(@type, 'xs:')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@type"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The writes: how a body is read, Idempotency-Key and If-Match, then each
       write with its body's schema (NAME.xsd) and example. -->
  <xsl:template name="writes">
    <section id="writes">
      <h2>writes</h2>
      <p>A write's body is <code>application/xml</code> (else <code>415</code>), read
        without a DOCTYPE, entities or more than 64 levels (else <code>400</code>) and
        checked against its schema before anything is written (else <code>422</code>
        with the element at fault in <code>field</code>). It answers the resource as
        its read shows it.</p>
      <p>A write that makes a resource needs an <code>Idempotency-Key</code> header (1
        to 64 printable ASCII characters, else <code>400</code>): the same key and
        body again answer with the resource made the first time, and make nothing;
        the same key with another body is <code>422</code> with
        <code>field</code> <code>Idempotency-Key</code>.</p>
      <p>A write that changes a resource takes <code>If-Match</code> with the ETag its
        <code>GET</code> gave (or <code>*</code>): when the resource has changed since,
        it is <code>412</code> (<code>preconditionFailed</code>) and nothing is
        written. Without <code>If-Match</code> the write is made on the resource as
        it is.</p>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/productOrder</xsl:with-param>
        <xsl:with-param name="body">productOrderCreate</xsl:with-param>
        <xsl:with-param name="does">An order (area orders; Idempotency-Key); 201 with the productOrder.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/productOrder/{id}/cancel</xsl:with-param>
        <xsl:with-param name="does">Cancels an order the customer may still cancel, with no body (area orders; If-Match); 200 with the productOrder, 409 when its state does not allow it.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/troubleTicket</xsl:with-param>
        <xsl:with-param name="body">troubleTicketCreate</xsl:with-param>
        <xsl:with-param name="does">A support case or change request (area support; Idempotency-Key); 201 with the troubleTicket.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/troubleTicket/{id}/note</xsl:with-param>
        <xsl:with-param name="body">noteCreate</xsl:with-param>
        <xsl:with-param name="does">A note on a ticket (area support; If-Match); 201 with the troubleTicket, 409 when it is closed.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/payment</xsl:with-param>
        <xsl:with-param name="body">paymentCreate</xsl:with-param>
        <xsl:with-param name="does">A payment a billing partner received (a key of kind billing, which uses nothing but payment; Idempotency-Key), matched by its KID as a bank file's is; 201 with the payment, matched or kept unmatched with the reason; 409 with field reference when its reference was posted before under another Idempotency-Key.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/usage</xsl:with-param>
        <xsl:with-param name="does">A batch of the mediation system's usage records (a key of kind mediation only), up to 10 000, in the format of the import (namespace urn:selfcare:usage-batch:1, schema/xsd/usage-batch.xsd); 200 with a usageBatchResult: a result per record. A record id sent before adds nothing.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="write">
        <xsl:with-param name="path">POST /api/v1/hub</xsl:with-param>
        <xsl:with-param name="body">hubCreate</xsl:with-param>
        <xsl:with-param name="does">A subscription of a callback to events (each event type needs the key to hold its area); 201 with the hub and its secret, shown this once. GET /api/v1/hub lists the key's own; GET /api/v1/hub/{id} reads one; DELETE /api/v1/hub/{id} ends it (204); GET /api/v1/hub/{id}/delivery is its delivery log.</xsl:with-param>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- What a webhook posts: event.xsd's fields, the headers and the signature. -->
  <xsl:template name="events">
    <xsl:variable name="ev" select="document('event.xsd')/xs:schema"/>
    <section id="events">
      <h2>events</h2>
      <p><xsl:value-of select="normalize-space(document('event.xsd')/comment()[1])"/></p>
      <p>A delivery is a <code>POST</code> of the event to the callback with the headers
        <code>X-Selfcare-Event</code>, <code>X-Selfcare-Delivery</code>,
        <code>X-Selfcare-Timestamp</code> and <code>X-Selfcare-Signature: sha256=HEX</code>,
        the HMAC-SHA256 of the timestamp, a full stop and the body under the hub's
        secret. A 2xx answer delivers it; any other answer, or none within the time
        limit, is tried again later, waiting longer each time, up to a number of tries;
        each try is in the hub's delivery log.</p>
      <table id="event">
        <thead><tr><th>Field</th><th>Meaning</th></tr></thead>
        <tbody>
          <xsl:for-each select="$ev/xs:element/xs:complexType/xs:sequence/xs:element">
            <tr>
              <td><code><xsl:value-of select="@name"/></code></td>
              <td>
                <xsl:value-of select="xs:annotation/xs:documentation"/>
                <xsl:text> </xsl:text>
                <xsl:for-each select=".//xs:enumeration | .//xs:choice/xs:element">
                  <xsl:if test="position() &gt; 1"> | </xsl:if><code><xsl:value-of select="@value | @name"/></code>
                </xsl:for-each>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <pre><xsl:apply-templates select="document('examples/event.xml')/*" mode="show"/></pre>
    </section>
  </xsl:template>

  <xsl:template name="write">
    <xsl:param name="path"/>
    <xsl:param name="body"/>
    <xsl:param name="does"/>
    <h3><code><xsl:value-of select="$path"/></code></h3>
    <p><xsl:value-of select="$does"/></p>
    <xsl:if test="$body != ''">
      <xsl:variable name="root" select="document(concat($body, '.xsd'))/xs:schema/xs:element"/>
      <p>The body: <code>&lt;<xsl:value-of select="$root/@name"/>&gt;</code>
        (<code><xsl:value-of select="$body"/>.xsd</code>).</p>
      <table id="{$body}">
        <thead><tr><th>Field</th><th>Type</th><th>Occurs</th><th>Meaning</th></tr></thead>
        <tbody>
          <xsl:for-each select="$root/xs:complexType/xs:sequence/xs:element">
            <tr>
              <td><code><xsl:value-of select="@name"/></code></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@type = 'ref'">a reference (<code>@id</code>)</xsl:when>
                  <xsl:when test=".//xs:enumeration">
                    <xsl:for-each select=".//xs:enumeration">
                      <xsl:if test="position() &gt; 1"> | </xsl:if><code><xsl:value-of select="@value"/></code>
                    </xsl:for-each>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:variable name="t" select="(@type | .//xs:restriction/@base)[1]"/>
                    <xsl:value-of select="substring-after($t, 'xs:')"/>
                    <xsl:if test="not(contains($t, ':'))"><xsl:value-of select="$t"/></xsl:if>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
              <td><xsl:choose><xsl:when test="@minOccurs = '0'">0–1</xsl:when><xsl:otherwise>1</xsl:otherwise></xsl:choose></td>
              <td><xsl:value-of select="xs:annotation/xs:documentation"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <pre><xsl:apply-templates select="document(concat('examples/', $body, '.xml'))/*" mode="show"/></pre>
    </xsl:if>
  </xsl:template>

  <xsl:template match="xs:element" mode="error">
    <section id="error">
      <h2>error</h2>
      <p><xsl:value-of select="xs:annotation/xs:documentation"/></p>
      <table>
        <thead><tr><th>Field</th><th>Meaning</th></tr></thead>
        <tbody>
          <tr><td><code>@status</code></td><td>The HTTP status.</td></tr>
          <xsl:for-each select="xs:complexType/xs:sequence/xs:element">
            <tr><td><code><xsl:value-of select="@name"/></code></td><td><xsl:value-of select="xs:annotation/xs:documentation"/></td></tr>
          </xsl:for-each>
        </tbody>
      </table>
      <h3>Example</h3>
      <pre><xsl:apply-templates select="document('examples/error.xml')/*" mode="show"/></pre>
    </section>
  </xsl:template>

  <!-- An example as text, indented by depth. -->
  <xsl:template match="*" mode="show">
    <xsl:param name="indent" select="''"/>
    <xsl:value-of select="$indent"/>&lt;<xsl:value-of select="name()"/>
    <xsl:for-each select="@*"><xsl:text> </xsl:text><xsl:value-of select="name()"/>="<xsl:value-of select="."/>"</xsl:for-each>
    <xsl:choose>
      <xsl:when test="*">&gt;<xsl:text>&#10;</xsl:text>
        <xsl:apply-templates select="*" mode="show"><xsl:with-param name="indent" select="concat($indent, '  ')"/></xsl:apply-templates>
        <xsl:value-of select="$indent"/>&lt;/<xsl:value-of select="name()"/>&gt;<xsl:text>&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="string(.) != ''">&gt;<xsl:value-of select="."/>&lt;/<xsl:value-of select="name()"/>&gt;<xsl:text>&#10;</xsl:text></xsl:when>
      <xsl:otherwise>/&gt;<xsl:text>&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
