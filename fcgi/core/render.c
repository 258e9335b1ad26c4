/*
 * Rendering, after nginx's xslt module: stylesheets compiled once per
 * process, one transform context per request, security prefs that forbid
 * every file and network access at transform time. A page's XML goes
 * straight into the FastCGI stream; its HTML is the transform's result
 * written as XHTML by write_html into a buffer the process keeps, then sent
 * in one piece (so a failed transform sends nothing but the error page).
 * Strings and local formats come from extension
 * functions (sc:t, sc:money, sc:date, sc:datetime) so the document stays
 * canonical.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <libexslt/exslt.h>
#include <libxml/xmlsave.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/money.h"
#include "core/pool.h"
#include "core/page.h"
#include "core/module.h"
#include "core/render.h"
#include "core/response.h"
#include "core/scoreboard.h"
#include "core/util.h"

#define SC_NS BAD_CAST "urn:selfcare:fn"

/* The site's pages in one stylesheet (xsl/site.xsl), compiled once per
 * language (i18n_langs' order), and the sheets that make documents of
 * their own (the EHF invoice) one each. */
static xsltStylesheetPtr site[3];
static const char *const doc_names[] = { "ehf", NULL };
static xsltStylesheetPtr docs[4];
static xsltSecurityPrefsPtr prefs;
static char xsl_root[PATH_MAX];

static const char *
lang_of(xmlXPathParserContextPtr ctxt)
{
	xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);

	return tc && tc->_private ? tc->_private : "nb";
}

/* sc:t('key'): the string in the page's language. */
static void
fn_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *key;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	key = xmlXPathPopString(ctxt);
	xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST i18n_get(lang_of(ctxt),
	    (const char *)key)));
	xmlFree(key);
}

/* sc:languages(): the languages offered, "nb da en" (the picker's). */
static void
fn_languages(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST i18n_offered_list()));
}

/* sc:money('799.00', 'NOK'): "799,00 kr". */
static void
fn_money(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *amount, *cur;
	long long minor;
	char out[96];

	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	cur = xmlXPathPopString(ctxt);
	amount = xmlXPathPopString(ctxt);
	if (money_parse((const char *)amount, &minor) == 0)
		money_local(out, sizeof(out), lang_of(ctxt), minor, (const char *)cur);
	else
		snprintf(out, sizeof(out), "%s", (const char *)amount);
	xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST out));
	xmlFree(amount);
	xmlFree(cur);
}

/* sc:date and sc:datetime: one string through fmt; a value it does not
 * take is shown as it is. */
static void
date_fn(xmlXPathParserContextPtr ctxt, int nargs,
    int (*fmt)(char *, size_t, const char *, const char *))
{
	xmlChar *iso;
	char out[40];

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	iso = xmlXPathPopString(ctxt);
	if (fmt(out, sizeof(out), lang_of(ctxt), (const char *)iso) == -1)
		snprintf(out, sizeof(out), "%.39s", (const char *)iso);
	xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST out));
	xmlFree(iso);
}

/* sc:date('2025-12-29') or of a time: "29.12.2025". */
static void
fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	date_fn(ctxt, nargs, date_local);
}

/* sc:datetime('2026-01-13T09:30:00+01:00'): the wall time, "13.01.2026 09:30". */
static void
fn_datetime(xmlXPathParserContextPtr ctxt, int nargs)
{
	date_fn(ctxt, nargs, datetime_local);
}

/*
 * Reading files is allowed only while compiling our own stylesheets
 * (xsl:import of layout.xsl); during a transform document() reads nothing.
 */
static int
check_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tctxt,
    const char *value)
{
	char real[PATH_MAX];
	const char *p = value;
	size_t n = strlen(xsl_root);

	(void)sec;
	if (tctxt != NULL || p == NULL)
		return 0;
	if (strncmp(p, "file://", 7) == 0)
		p += 7;
	return realpath(p, real) != NULL && strncmp(real, xsl_root, n) == 0 &&
	    real[n] == '/';
}

/*
 * Labels resolved at compile time: while the site stylesheet compiles for
 * a language, every stylesheet document it reads (site.xsl and what it
 * includes) has its literal labels, sc:t('key'), replaced by that
 * language's string, so a transform makes no call per label. A key the
 * language lacks becomes the key itself, as sc:t() answers. A computed key
 * (sc:t(concat('area.', .))) stays a call.
 */
static const char *compiling;		/* the language being compiled */
static xsltDocLoaderFunc plain_loader;

/* v as an XPath string literal (concat() when it holds both quotes). */
static void
xpath_literal(struct buf *b, const char *v)
{
	const char *q;

	if (strchr(v, '\'') == NULL || strchr(v, '"') == NULL) {
		q = strchr(v, '\'') == NULL ? "'" : "\"";
		buf_printf(b, "%s%s%s", q, v, q);
		return;
	}
	buf_puts(b, "concat(");
	while ((q = strchr(v, '\'')) != NULL) {
		buf_printf(b, "'%.*s', \"'\", ", (int)(q - v), v);
		v = q + 1;
	}
	buf_printf(b, "'%s')", v);
}

/* A literal call sc:t('key') or sc:t("key") at p: its key and length. */
static size_t
label_call(const char *p, char *key, size_t keylen)
{
	const char *e;
	size_t n;

	if (strncmp(p, "sc:t(", 5) != 0 || (p[5] != '\'' && p[5] != '"') ||
	    (e = strchr(p + 6, p[5])) == NULL || e[1] != ')' ||
	    (n = (size_t)(e - p - 6)) >= keylen)
		return 0;
	memcpy(key, p + 6, n);
	key[n] = '\0';
	return n + 8;
}

static int
name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == ':';
}

/*
 * An attribute's labels: the whole value {sc:t('k')} of a literal result
 * element becomes the string (braces doubled), any other call in an
 * expression or a value template a string literal.
 */
static void
resolve_attr(xmlAttrPtr a, int literal_element)
{
	xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
	struct buf b = { 0 };
	char key[128];
	const char *p, *s;
	size_t n;
	int changed = 0;

	if (v == NULL)
		return;
	p = (const char *)v;
	if (literal_element && p[0] == '{' && (n = label_call(p + 1, key, sizeof(key))) &&
	    p[n + 1] == '}' && p[n + 2] == '\0') {
		buf_add(&b, NULL, 0);
		for (s = i18n_get(compiling, key); *s; s++) {
			if (*s == '{' || *s == '}')
				buf_add(&b, s, 1);	/* a brace doubled */
			buf_add(&b, s, 1);
		}
		changed = 1;
	} else {
		buf_add(&b, NULL, 0);
		for (; *p; p++) {
			if ((p == (const char *)v || !name_char(p[-1])) &&
			    (n = label_call(p, key, sizeof(key))) != 0) {
				xpath_literal(&b, i18n_get(compiling, key));
				p += n - 1;
				changed = 1;
			} else
				buf_add(&b, p, 1);
		}
	}
	if (changed)
		xmlSetNsProp(a->parent, a->ns, a->name, BAD_CAST b.p);
	buf_free(&b);
	xmlFree(v);
}

/* <xsl:value-of select="sc:t('k')"/>: the string as an xsl:text, or NULL. */
static xmlNodePtr
label_text(xmlNodePtr n)
{
	xmlAttrPtr a = n->properties;
	xmlNodePtr t;
	char key[128];
	size_t len;

	if (strcmp((const char *)n->name, "value-of") != 0 || a == NULL ||
	    a->next != NULL || a->ns != NULL ||
	    strcmp((const char *)a->name, "select") != 0 || a->children == NULL ||
	    a->children->next != NULL || a->children->content == NULL ||
	    (len = label_call((const char *)a->children->content, key, sizeof(key))) == 0 ||
	    a->children->content[len] != '\0')
		return NULL;
	t = xmlNewDocNode(n->doc, n->ns, BAD_CAST "text", NULL);
	xmlAddChild(t, xmlNewDocText(n->doc, BAD_CAST i18n_get(compiling, key)));
	return t;
}

static void
resolve_labels(xmlNodePtr n)
{
	xmlNodePtr next, t;
	xmlAttrPtr a;
	xmlNsPtr sc;
	int xsl;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		sc = xmlSearchNs(n->doc, n, BAD_CAST "sc");
		if (sc != NULL && xmlStrEqual(sc->href, SC_NS)) {
			xsl = n->ns != NULL && xmlStrEqual(n->ns->href, XSLT_NAMESPACE);
			if (xsl && (t = label_text(n)) != NULL) {
				xmlReplaceNode(n, t);
				xmlFreeNode(n);
				continue;
			}
			for (a = n->properties; a != NULL; a = a->next)
				if (a->children != NULL && a->children->content != NULL &&
				    strstr((const char *)a->children->content, "sc:t(") != NULL)
					resolve_attr(a, !xsl);
		}
		resolve_labels(n->children);
	}
}

/* The stylesheet documents of a compile, their labels resolved. */
static xmlDocPtr
load_labelled(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
    xsltLoadType type)
{
	xmlDocPtr doc = plain_loader(uri, dict, options, ctxt, type);

	if (doc != NULL && compiling != NULL && type != XSLT_LOAD_DOCUMENT)
		resolve_labels(doc->children);
	return doc;
}

void
render_free(void)
{
	size_t i;

	for (i = 0; i < COUNTOF(site); i++) {
		if (site[i])
			xsltFreeStylesheet(site[i]);
		site[i] = NULL;
	}
	for (i = 0; i < COUNTOF(docs); i++) {
		if (docs[i])
			xsltFreeStylesheet(docs[i]);
		docs[i] = NULL;
	}
	if (prefs) {
		xsltSetDefaultSecurityPrefs(NULL);
		xsltFreeSecurityPrefs(prefs);
		prefs = NULL;
	}
	i18n_free();
}

static xsltStylesheetPtr
compile(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX + 64];
	xsltStylesheetPtr sheet;

	snprintf(path, sizeof(path), "%s/%s.xsl", dir, name);
	if ((sheet = xsltParseStylesheetFile(BAD_CAST path)) == NULL ||
	    sheet->errors != 0) {
		snprintf(err, errlen, "%s: stylesheet does not compile", path);
		if (sheet)
			xsltFreeStylesheet(sheet);
		return NULL;
	}
	return sheet;
}

int
render_init(const char *xsl_dir, char *err, size_t errlen)
{
	size_t i;

	render_free();
	if (realpath(xsl_dir, xsl_root) == NULL) {
		snprintf(err, errlen, "xsl_dir %s: not found", xsl_dir);
		return -1;
	}
	if (i18n_load(xsl_root, err, errlen) == -1)
		return -1;
	xsltRegisterExtModuleFunction(BAD_CAST "t", SC_NS, fn_t);
	xsltRegisterExtModuleFunction(BAD_CAST "money", SC_NS, fn_money);
	xsltRegisterExtModuleFunction(BAD_CAST "date", SC_NS, fn_date);
	xsltRegisterExtModuleFunction(BAD_CAST "datetime", SC_NS, fn_datetime);
	xsltRegisterExtModuleFunction(BAD_CAST "languages", SC_NS, fn_languages);
	/* EXSLT's strings (str:split: a help article's paragraphs), which
	 * touch no file or network. */
	exsltStrRegister();

	prefs = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE, check_read);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetDefaultSecurityPrefs(prefs);

	if (plain_loader == NULL)
		plain_loader = xsltDocDefaultLoader;
	xsltSetLoaderFunc(load_labelled);
	for (i = 0; i18n_langs[i] != NULL && i < COUNTOF(site); i++) {
		/* Only the languages offered: each copy is ~10 MB. */
		if (i18n_offered(i18n_langs[i]) == NULL)
			continue;
		compiling = i18n_langs[i];
		site[i] = compile(xsl_root, "site", err, errlen);
		compiling = NULL;
		if (site[i] == NULL)
			return -1;
	}
	for (i = 0; doc_names[i] != NULL && i < COUNTOF(docs); i++)
		if ((docs[i] = compile(xsl_root, doc_names[i], err, errlen)) == NULL)
			return -1;
	return 0;
}

static xsltStylesheetPtr
sheet_for(const char *name, const char *lang)
{
	size_t i;

	for (i = 0; doc_names[i] != NULL && i < COUNTOF(docs); i++)
		if (strcmp(doc_names[i], name) == 0)
			return docs[i];
	if (!page_known(name))
		return NULL;
	for (i = 0; i18n_langs[i] != NULL && i < COUNTOF(site); i++)
		if (lang != NULL && strcmp(lang, i18n_langs[i]) == 0 && site[i])
			return site[i];
	/* A page's language is one offered (dispatch.c); else the first. */
	for (i = 0; i < COUNTOF(site); i++)
		if (site[i])
			return site[i];
	return NULL;
}

static int
out_write(void *arg, const char *p, int n)
{
	struct ctx *c = arg;

	resp_write(c, p, (size_t)n);
	return n;
}

static int
out_close(void *arg)
{
	(void)arg;
	return 0;
}

/*
 * The HTML writer. The stylesheets build an XML result tree without
 * namespaces; this writes it the way libxml2's XHTML serializer does
 * (XML_SAVE_XHTML: <br />, <p></p>, xmlns on <html>, xml:lang next to
 * lang, the charset <meta> in <head>, boolean attributes spelled out) into
 * one buffer kept between requests, sent in one piece. It is the
 * serializer's work without its per-node generality (xmlStrEqual against
 * tag lists, small writes through an output buffer and an encoder): about
 * a fifth of a page's instructions before. Anything it does not know (a
 * namespace, an entity reference, a DTD) makes it give up, and the page
 * goes through libxml2's serializer as before.
 */
static struct buf html;

static void
put_escaped(struct buf *b, const xmlChar *s, int attr)
{
	const xmlChar *run = s;
	const char *rep;

	for (; *s; s++) {
		switch (*s) {
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '&':
			rep = "&amp;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '"':
			if (!attr)
				continue;
			rep = "&quot;";
			break;
		case '\n':
			if (!attr)
				continue;
			rep = "&#10;";
			break;
		case '\t':
			if (!attr)
				continue;
			rep = "&#9;";
			break;
		default:
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

static int
name_in(const xmlChar *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp((const char *)name, *list) == 0)
			return 1;
	return 0;
}

/* libxml2's xhtmlIsEmpty and htmlIsBooleanAttr lists. */
static const char *const empty_tags[] = { "area", "base", "basefont", "br", "col",
	"frame", "hr", "img", "input", "isindex", "link", "meta", "param", NULL };
static const char *const boolean_attrs[] = { "checked", "compact", "declare",
	"defer", "disabled", "ismap", "multiple", "nohref", "noresize", "noshade",
	"nowrap", "readonly", "selected", NULL };
static const char charset_meta[] =
	"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />";

static int write_nodes(struct buf *, xmlNodePtr);

static int
write_attr_value(struct buf *b, xmlAttrPtr a)
{
	xmlNodePtr t;

	for (t = a->children; t != NULL; t = t->next) {
		if (t->type != XML_TEXT_NODE)
			return -1;
		if (t->content)
			put_escaped(b, t->content, 1);
	}
	return 0;
}

/* <head> directly under the root <html> without a Content-Type <meta>. */
static int
wants_meta(xmlNodePtr n)
{
	xmlNodePtr p = n->parent, k;
	xmlChar *v;
	int found = 0;

	if (p == NULL || p->parent != (xmlNodePtr)n->doc ||
	    strcmp((const char *)n->name, "head") != 0 ||
	    strcmp((const char *)p->name, "html") != 0)
		return 0;
	for (k = n->children; k != NULL && !found; k = k->next) {
		if (k->name == NULL || strcmp((const char *)k->name, "meta") != 0)
			continue;
		if ((v = xmlGetProp(k, BAD_CAST "http-equiv")) != NULL) {
			found = xmlStrcasecmp(v, BAD_CAST "Content-Type") == 0;
			xmlFree(v);
		}
	}
	return !found;
}

static int
write_element(struct buf *b, xmlNodePtr n)
{
	size_t len = strlen((const char *)n->name);
	xmlAttrPtr a, lang = NULL;
	int meta;

	if (n->ns != NULL || n->nsDef != NULL)
		return -1;
	buf_add(b, "<", 1);
	buf_add(b, n->name, len);
	if (strcmp((const char *)n->name, "html") == 0)
		buf_puts(b, " xmlns=\"http://www.w3.org/1999/xhtml\"");
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL)
			return -1;
		buf_add(b, " ", 1);
		buf_puts(b, (const char *)a->name);
		buf_add(b, "=\"", 2);
		if (strcmp((const char *)a->name, "lang") == 0)
			lang = a;
		if ((a->children == NULL || a->children->content == NULL ||
		    a->children->content[0] == '\0') && name_in(a->name, boolean_attrs))
			buf_puts(b, (const char *)a->name);
		else if (write_attr_value(b, a) == -1)
			return -1;
		buf_add(b, "\"", 1);
	}
	if (lang != NULL) {
		buf_puts(b, " xml:lang=\"");
		if (write_attr_value(b, lang) == -1)
			return -1;
		buf_add(b, "\"", 1);
	}
	meta = wants_meta(n);
	if (n->children == NULL && !meta && name_in(n->name, empty_tags)) {
		buf_add(b, " />", 3);
		return 0;
	}
	buf_add(b, ">", 1);
	if (meta)
		buf_add(b, charset_meta, sizeof(charset_meta) - 1);
	if (write_nodes(b, n->children) == -1)
		return -1;
	buf_add(b, "</", 2);
	buf_add(b, n->name, len);
	buf_add(b, ">", 1);
	return 0;
}

static int
write_nodes(struct buf *b, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			if (write_element(b, n) == -1)
				return -1;
			break;
		case XML_TEXT_NODE:
			if (n->content == NULL)
				break;
			/* disable-output-escaping (xmlStringTextNoenc): not ours. */
			if (n->name != NULL &&
			    strcmp((const char *)n->name, "textnoenc") == 0)
				return -1;
			put_escaped(b, n->content, 0);
			break;
		case XML_COMMENT_NODE:
			buf_add(b, "<!--", 4);
			if (n->content)
				buf_puts(b, (const char *)n->content);
			buf_add(b, "-->", 3);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* The result document as HTML in html.p; -1: use libxml2's serializer. */
static int
write_html(xmlDocPtr res)
{
	xmlNodePtr n;

	html.len = 0;
	if (res->encoding == NULL ||
	    xmlStrcasecmp(res->encoding, BAD_CAST "UTF-8") != 0)
		return -1;
	buf_add(&html, "<!DOCTYPE html>\n", 16);
	/* Each top-level node followed by a newline, as xmlSaveDoc does. */
	for (n = res->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			if (write_element(&html, n) == -1)
				return -1;
		} else if (n->type == XML_COMMENT_NODE) {
			buf_add(&html, "<!--", 4);
			if (n->content)
				buf_puts(&html, (const char *)n->content);
			buf_add(&html, "-->", 3);
		} else
			return -1;
		buf_add(&html, "\n", 1);
	}
	return 0;
}

/*
 * c->doc through style, in the request's language, under the security
 * prefs; the result and its transform context (*tc, freed by the caller
 * with the result), or NULL when it failed (logged, nothing left over).
 */
static xmlDocPtr
transform(struct ctx *c, xsltStylesheetPtr style, xsltTransformContextPtr *tc)
{
	xmlDocPtr res;

	if ((*tc = xsltNewTransformContext(style, c->doc)) == NULL)
		return NULL;
	(*tc)->_private = (void *)(uintptr_t)c->lang;
	xsltSetCtxtSecurityPrefs(prefs, *tc);
	sb_phase(SB_PHASE(PH_TRANSFORM, 0));
	res = xsltApplyStylesheetUser(style, c->doc, NULL, NULL, NULL, *tc);
	sb_phase(SB_PHASE(PH_RENDER, 0));
	if (res == NULL || (*tc)->state == XSLT_STATE_ERROR) {
		log_error("request %s: transform failed", c->req->id);
		pool_free_doc(res);
		xsltFreeTransformContext(*tc);
		*tc = NULL;
		return NULL;
	}
	return res;
}

/* Sends c->doc with the given status; -1 if the transform failed (nothing sent). */
static int
send_doc(struct ctx *c, int status)
{
	xsltTransformContextPtr tc = NULL;
	xsltStylesheetPtr style;
	xmlOutputBufferPtr ob;
	xmlSaveCtxtPtr save;
	xmlDocPtr res;
	xmlChar *name;

	if (c->req->want_xml) {
		sb_phase(SB_PHASE(PH_RENDER, 0));
		resp_head(c, status, "application/xml; charset=utf-8");
		ob = xmlOutputBufferCreateIO(out_write, out_close, c, NULL);
		xmlSaveFormatFileTo(ob, c->doc, "UTF-8", 0);
		return 0;
	}
	name = xmlGetProp(c->root, BAD_CAST "name");
	style = name ? sheet_for((const char *)name, c->lang) : NULL;
	xmlFree(name);
	if (style == NULL || (res = transform(c, style, &tc)) == NULL)
		return -1;
	resp_head(c, status, "text/html; charset=utf-8");
	if (write_html(res) == 0) {
		resp_write(c, html.p, html.len);
		/* A rare huge page does not keep its buffer. */
		if (html.cap > 1024 * 1024)
			buf_free(&html);
		pool_free_doc(res);
		xsltFreeTransformContext(tc);
		return 0;
	}
	resp_write(c, "<!DOCTYPE html>\n", 16);
	/* The stylesheets build XML; the XHTML rules of libxml2's serializer
	 * write it as HTML a browser parses right (<br />, <p></p>), and
	 * faster than the HTML serializer, which looks up every tag. */
	save = xmlSaveToIO(out_write, out_close, c, "UTF-8",
	    XML_SAVE_XHTML | XML_SAVE_NO_DECL);
	xmlSaveDoc(save, res);
	xmlSaveClose(save);
	pool_free_doc(res);
	xsltFreeTransformContext(tc);
	return 0;
}

int
render_page(struct ctx *c)
{
	if (c->doc == NULL)
		return render_error(c, 500);
	if (send_doc(c, c->status) == -1)
		return render_error(c, 500);
	return c->status;
}

int
render_sheet(struct ctx *c, const char *sheet, const char *content_type,
    const char *filename)
{
	xsltTransformContextPtr tc;
	xsltStylesheetPtr style = sheet_for(sheet, c->lang);
	xmlDocPtr res;
	xmlSaveCtxtPtr save;

	if (style == NULL || (res = transform(c, style, &tc)) == NULL)
		return 500;
	if (filename != NULL)
		buf_printf(&c->headers,
		    "Content-Disposition: attachment; filename=\"%s\"\r\n", filename);
	resp_head(c, 200, content_type);
	save = xmlSaveToIO(out_write, out_close, c, "UTF-8", 0);
	xmlSaveDoc(save, res);
	xmlSaveClose(save);
	pool_free_doc(res);
	xsltFreeTransformContext(tc);
	c->sent = 1;
	return 200;
}

int
render_error(struct ctx *c, int status)
{
	static const char fallback[] = "The service could not answer this request.\n";
	xmlNodePtr e;

	if (c->lang == NULL)
		c->lang = "nb";
	page_begin(c, "error");
	e = x_el(c->root, "error");
	x_attr_int(e, "status", status);
	if (c->why != NULL)
		x_attr(e, "reason", c->why);
	if (send_doc(c, status) == -1) {
		resp_head(c, status, "text/plain; charset=utf-8");
		resp_write(c, fallback, sizeof(fallback) - 1);
	}
	return status;
}

int
render_redirect(struct ctx *c, const char *location)
{
	buf_printf(&c->headers, "Location: %s\r\n", location);
	resp_head(c, 303, NULL);
	return 303;
}
