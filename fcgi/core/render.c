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
#include <libxslt/pattern.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "core/i18n.h"
#include "core/labels.h"
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

/* The site's pages in one stylesheet (xsl/site.xsl), compiled once for
 * every language (its labels markers, labels.c), and the sheets that make
 * documents of their own (the EHF invoice) one each. */
static xsltStylesheetPtr site;
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

/* sc:t('key'): the string in the page's language; sc:t(N), a literal
 * key's number (labels.c): the same by number. */
static void
fn_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	const char *v;
	xmlChar *key;
	double n;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (ctxt->value != NULL && ctxt->value->type == XPATH_NUMBER) {
		n = xmlXPathPopNumber(ctxt);
		v = n >= 0 && n < UINT_MAX ? i18n_label(lang_of(ctxt), (unsigned)n) : NULL;
		xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST (v ? v : "")));
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

/* An attribute's text as the parser left it (one text child), or NULL. */
static const xmlChar *
attr_text(xmlNodePtr e, const char *name)
{
	xmlAttrPtr a = xmlHasProp(e, BAD_CAST name);

	return a != NULL && a->children != NULL && a->children->next == NULL ?
	    a->children->content : NULL;
}

/*
 * <sc:apply-page mode="M"/>: the page element's template of mode M.NAME
 * (NAME its name attribute), or the layout's of mode M when the page has
 * none, applied as xsl:apply-templates select="/page" would. libxslt finds
 * the templates of a mode through a hash; with one mode "content" shared
 * by every page, it tried each page's pattern in turn (~2 000 instructions
 * each) before it found the one that matched.
 */
static void
apply_page(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
    xsltElemPreCompPtr comp)
{
	xmlXPathContextPtr xp = tc->xpathCtxt;
	xmlNodePtr page, old_node = tc->node;
	const xmlChar *mode = attr_text(inst, "mode"), *name, *m = NULL;
	const xmlChar *old_mode = tc->mode, *old_uri = tc->modeURI;
	xmlDocPtr old_doc = xp->doc;
	int old_size = xp->contextSize, old_pos = xp->proximityPosition;
	char key[128];

	(void)comp;
	page = xmlDocGetRootElement(node->type == XML_DOCUMENT_NODE ? (xmlDocPtr)node :
	    node->doc);
	if (mode == NULL || page == NULL) {
		xsltTransformError(tc, NULL, inst, "sc:apply-page: no mode or no page\n");
		return;
	}
	tc->modeURI = NULL;
	if ((name = attr_text(page, "name")) != NULL &&
	    snprintf(key, sizeof(key), "%s.%s", mode, name) < (int)sizeof(key))
		m = xmlDictExists(tc->style->dict, BAD_CAST key, -1);
	if (m == NULL || (tc->mode = m, xsltGetTemplate(tc, page, NULL) == NULL))
		tc->mode = xmlDictExists(tc->style->dict, mode, -1);
	if (tc->mode != NULL) {
		tc->node = page;
		xp->doc = page->doc;
		xp->contextSize = xp->proximityPosition = 1;
		xsltProcessOneNode(tc, page, NULL);
	}
	tc->node = old_node;
	tc->mode = old_mode;
	tc->modeURI = old_uri;
	xp->doc = old_doc;
	xp->contextSize = old_size;
	xp->proximityPosition = old_pos;
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

/* While the site stylesheet compiles, its documents' labels are marked
 * (labels.c); the sheets of documents of their own have none. */
static int labelling;
static xsltDocLoaderFunc plain_loader;

/* The stylesheet documents of the site's compile, their labels marked. */
static xmlDocPtr
load_labelled(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
    xsltLoadType type)
{
	xmlDocPtr doc = plain_loader(uri, dict, options, ctxt, type);

	if (doc != NULL && labelling && type != XSLT_LOAD_DOCUMENT)
		labels_mark(doc);
	return doc;
}

void
render_free(void)
{
	size_t i;

	if (site)
		xsltFreeStylesheet(site);
	site = NULL;
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
	labels_free();
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
	if (i18n_load(xsl_root, err, errlen) == -1 ||
	    labels_scan(xsl_root, err, errlen) == -1)
		return -1;
	xsltRegisterExtModuleFunction(BAD_CAST "t", SC_NS, fn_t);
	xsltRegisterExtModuleFunction(BAD_CAST "money", SC_NS, fn_money);
	xsltRegisterExtModuleFunction(BAD_CAST "date", SC_NS, fn_date);
	xsltRegisterExtModuleFunction(BAD_CAST "datetime", SC_NS, fn_datetime);
	xsltRegisterExtModuleFunction(BAD_CAST "languages", SC_NS, fn_languages);
	xsltRegisterExtModuleElement(BAD_CAST "apply-page", SC_NS, NULL, apply_page);
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
	labelling = 1;
	site = compile(xsl_root, "site", err, errlen);
	labelling = 0;
	if (site == NULL)
		return -1;
	for (i = 0; doc_names[i] != NULL && i < COUNTOF(docs); i++)
		if ((docs[i] = compile(xsl_root, doc_names[i], err, errlen)) == NULL)
			return -1;
	return 0;
}

static xsltStylesheetPtr
sheet_for(const char *name)
{
	size_t i;

	for (i = 0; doc_names[i] != NULL && i < COUNTOF(docs); i++)
		if (strcmp(doc_names[i], name) == 0)
			return docs[i];
	return page_known(name) ? site : NULL;
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

/* The request language's labels, by the markers' numbers. */
static const struct i18n_label *out_labels;
static size_t out_nlabels;

static void escape(struct buf *, const xmlChar *, int, int);

/*
 * The marker at s (U+FDD0 already seen): its label, escaped, into b; the
 * bytes it took. A malformed one or a number never given is written as
 * nothing.
 */
static size_t
put_label(struct buf *b, const xmlChar *s, int attr)
{
	static int told;
	const xmlChar *p = s + 3;
	const struct i18n_label *l;
	size_t idx = 0;

	while (*p >= '0' && *p <= '9' && p - s < 12)
		idx = idx * 10 + (size_t)(*p++ - '0');
	if (p == s + 3 || p[0] != 0xef || p[1] != 0xb7 || p[2] != 0x91 ||
	    idx >= out_nlabels) {
		if (!told)
			log_info("render: a malformed label marker left out");
		told = 1;
		return (size_t)(p - s);
	}
	l = &out_labels[idx];
	if (l->plain)
		buf_add(b, l->s, l->len);
	else	/* a string holding a marker's bytes is not expanded again */
		escape(b, BAD_CAST l->s, attr, 0);
	return (size_t)(p - s) + 3;
}

/* s escaped for text or (attr) an attribute's value, its markers expanded
 * when expand. */
static void
escape(struct buf *b, const xmlChar *s, int attr, int expand)
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
		case 0xef:
			if (!expand || s[1] != 0xb7 || s[2] != 0x90)
				continue;
			buf_add(b, run, (size_t)(s - run));
			s += put_label(b, s, attr) - 1;
			run = s + 1;
			continue;
		default:
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

static void
put_escaped(struct buf *b, const xmlChar *s, int attr)
{
	escape(b, s, attr, 1);
}

/* Serialized markup with its markers made labels. */
static void
expand_markers(struct buf *b, const xmlChar *s)
{
	const xmlChar *m;

	while ((m = (const xmlChar *)strstr((const char *)s, LABEL_OPEN)) != NULL) {
		buf_add(b, s, (size_t)(m - s));
		s = m + put_label(b, m, 1);
	}
	buf_puts(b, (const char *)s);
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
	xmlBufferPtr xb;
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
	style = name ? sheet_for((const char *)name) : NULL;
	xmlFree(name);
	if (style == NULL || (res = transform(c, style, &tc)) == NULL)
		return -1;
	resp_head(c, status, "text/html; charset=utf-8");
	out_labels = i18n_labels(c->lang, &out_nlabels);
	if (write_html(res) == 0) {
		resp_write(c, html.p, html.len);
		/* A rare huge page does not keep its buffer. */
		if (html.cap > 1024 * 1024)
			buf_free(&html);
		pool_free_doc(res);
		xsltFreeTransformContext(tc);
		return 0;
	}
	/* The stylesheets build XML; the XHTML rules of libxml2's serializer
	 * write it as HTML a browser parses right (<br />, <p></p>), and
	 * faster than the HTML serializer, which looks up every tag. Into a
	 * buffer first, whose markers become labels, escaped as in an
	 * attribute (right in text too). */
	html.len = 0;
	buf_add(&html, "<!DOCTYPE html>\n", 16);
	if ((xb = xmlBufferCreate()) != NULL &&
	    (save = xmlSaveToBuffer(xb, "UTF-8", XML_SAVE_XHTML | XML_SAVE_NO_DECL)) != NULL) {
		xmlSaveDoc(save, res);
		xmlSaveClose(save);
		expand_markers(&html, xmlBufferContent(xb));
	}
	xmlBufferFree(xb);
	resp_write(c, html.p, html.len);
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
	xsltStylesheetPtr style = sheet_for(sheet);
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
