/*
 * Labels at compile time, one stylesheet for every language. A literal
 * label sc:t('key') becomes a marker only where its value goes nowhere but
 * into the page; everywhere else (compared, cut, counted, sorted, a key of
 * its own, a {placeholder} filled) it stays a call at transform time. The
 * rule, checked on the stylesheets' tree:
 *
 *  - an element's value is output when no xsl:variable, xsl:param,
 *    xsl:with-param, xsl:sort, xsl:key, xsl:comment, xsl:message or
 *    xsl:processing-instruction holds it, or the nearest that does is a
 *    local variable or a named template's parameter that is output
 *    (below), and that one's own value is output in turn;
 *  - a variable or parameter is output when every use of it, $name, is the
 *    whole of an xsl:value-of's select, of a literal element's attribute
 *    ({$name}), or of an xsl:with-param of an xsl:call-template whose
 *    template's parameter of that name is output, each one's value output
 *    within the variable's scope (a template's name defined twice: never);
 *  - a template's value is output unless an element whose value is not
 *    output calls it (by name) or applies templates of its mode (no mode:
 *    every template without one), or such a template does in turn;
 *  - then, inside templates whose value is output, <xsl:value-of select="sc:t('k')"/>, a literal element's attribute
 *    {sc:t('k')}, and select="sc:t('k')" of such a variable or of an
 *    xsl:with-param for such a parameter, all whose values are output,
 *    hold the marker.
 * Every other literal call becomes sc:t(N), the key's number: the string
 * by its number at transform time, without the key's lookup.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>

#include "core/i18n.h"
#include "core/labels.h"
#include "core/util.h"
#include "core/xmlsafe.h"

#define SC_NS		BAD_CAST "urn:selfcare:fn"
#define MAX_DEPTH	8		/* calls followed from a parameter */

/* A named template of the scan; twice: its name is defined again. */
struct tmpl {
	xmlChar		*name;
	xmlNodePtr	 node;
	int		 twice;
};

static struct tmpl *tmpls;		/* during labels_scan */
static size_t ntmpls;
static int scanning;
static char **outs;			/* "template param" of those output */
static size_t nouts;
static char **held;			/* "name N" and "mode M" of templates */
static size_t nheld;			/* whose value is not output */

static const char *const value_kept[] = { "variable", "param", "with-param",
	"sort", "key", "comment", "message", "processing-instruction", NULL };

static int param_output(const xmlChar *, const xmlChar *, int);
static int has_pair(char **, size_t, const char *, const char *);

static int
is_xsl(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, XSLT_NAMESPACE);
}

static int
xsl_is(const xmlNode *n, const char *name)
{
	return is_xsl(n) && strcmp((const char *)n->name, name) == 0;
}

static int
name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
	    ch == ':';
}

/* An attribute's value when it is one text node, else NULL. */
static const char *
attr_text(const xmlAttr *a)
{
	if (a == NULL || a->children == NULL || a->children->next != NULL ||
	    a->children->type != XML_TEXT_NODE)
		return NULL;
	return (const char *)a->children->content;
}

static const char *
prop(const xmlNode *n, const char *name)
{
	return attr_text(xmlHasProp(n, BAD_CAST name));
}

/* The nearest element above n (up to, not with, stop) that takes the value
 * of what it holds, or NULL. */
static xmlNodePtr
holder(xmlNodePtr n, xmlNodePtr stop)
{
	const char *const *k;

	for (n = n->parent; n != NULL && n != stop && n->type == XML_ELEMENT_NODE;
	    n = n->parent)
		for (k = value_kept; is_xsl(n) && *k != NULL; k++)
			if (strcmp((const char *)n->name, *k) == 0)
				return n;
	return NULL;
}

static int uses_output(xmlNodePtr, const char *, xmlNodePtr, int);

/* Whether n's value (what it makes) ends in the page. */
static int
output(xmlNodePtr n, int depth)
{
	xmlNodePtr h = holder(n, NULL), p;
	const char *name = h ? prop(h, "name") : NULL;

	if (h == NULL)
		return 1;
	if (name == NULL || depth > MAX_DEPTH)
		return 0;
	p = h->parent;
	if (xsl_is(h, "with-param") && xsl_is(p, "call-template"))
		return param_output(BAD_CAST prop(p, "name"), BAD_CAST name, depth + 1) &&
		    output(p, depth + 1);
	if (xsl_is(h, "variable") && !xsl_is(p, "stylesheet"))
		return uses_output(h->next, name, p, depth + 1) && output(h, depth + 1);
	if (xsl_is(h, "param") && xsl_is(p, "template") && prop(p, "name") != NULL)
		return param_output(BAD_CAST prop(p, "name"), BAD_CAST name, depth + 1);
	return 0;
}

/* One use of $name, the attribute a of e, whose whole value is v. */
static int
use_output(xmlNodePtr e, const xmlAttr *a, const char *v, const char *name,
    xmlNodePtr scope, int depth)
{
	const char *an = (const char *)a->name;
	size_t n = strlen(name);

	if (!is_xsl(e))
		return a->ns == NULL && v[0] == '{' && v[1] == '$' &&
		    strncmp(v + 2, name, n) == 0 && strcmp(v + 2 + n, "}") == 0 &&
		    holder(e, scope) == NULL;
	if (v[0] != '$' || strcmp(v + 1, name) != 0 || strcmp(an, "select") != 0)
		return 0;
	if (xsl_is(e, "value-of"))
		return holder(e, scope) == NULL;
	if (xsl_is(e, "with-param") && xsl_is(e->parent, "call-template") &&
	    prop(e, "name") != NULL)
		return param_output(BAD_CAST prop(e->parent, "name"),
		    BAD_CAST prop(e, "name"), depth + 1) &&
		    holder(e->parent, scope) == NULL;
	return 0;
}

/* Every use of $name from n on (siblings and what they hold) is output. */
static int
uses_output(xmlNodePtr n, const char *name, xmlNodePtr scope, int depth)
{
	const xmlAttr *a;
	const char *v, *p;
	size_t len = strlen(name);

	if (depth > MAX_DEPTH)
		return 0;
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next) {
			if ((v = attr_text(a)) == NULL)
				return 0;
			for (p = v; (p = strchr(p, '$')) != NULL; p++)
				if (strncmp(p + 1, name, len) == 0 && !name_char(p[1 + len]) &&
				    !use_output(n, a, v, name, scope, depth))
					return 0;
		}
		if (!uses_output(n->children, name, scope, depth))
			return 0;
	}
	return 1;
}

/* Whether the named template's parameter is output (while scanning: found
 * out; after: as the scan found). */
static int
param_output(const xmlChar *tname, const xmlChar *pname, int depth)
{
	xmlNodePtr k;
	size_t i;

	if (tname == NULL || pname == NULL)
		return 0;
	if (!scanning)
		return has_pair(outs, nouts, (const char *)tname, (const char *)pname);
	if (depth > MAX_DEPTH)
		return 0;
	for (i = 0; i < ntmpls; i++)
		if (xmlStrEqual(tmpls[i].name, tname))
			break;
	if (i == ntmpls || tmpls[i].twice)
		return 0;
	for (k = tmpls[i].node->children; k != NULL; k = k->next)
		if (xsl_is(k, "param") && xmlStrEqual(BAD_CAST prop(k, "name"), pname))
			return uses_output(k->next, (const char *)pname,
			    tmpls[i].node, depth + 1);
	return 0;
}

static int
add_tmpl(xmlNodePtr t)
{
	const char *name = prop(t, "name");
	struct tmpl *m;
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; i < ntmpls; i++)
		if (strcmp((const char *)tmpls[i].name, name) == 0) {
			tmpls[i].twice = 1;
			return 0;
		}
	if ((m = realloc(tmpls, (ntmpls + 1) * sizeof(*m))) == NULL)
		return -1;
	tmpls = m;
	tmpls[ntmpls].name = xmlStrdup(BAD_CAST name);
	tmpls[ntmpls].node = t;
	tmpls[ntmpls++].twice = 0;
	return 0;
}

/* "a b" in the list, or -1 when memory ran out. */
static int
add_pair(char ***list, size_t *n, const char *a, const char *b)
{
	char **o, *s;
	size_t len = strlen(a) + strlen(b) + 2;

	if ((s = malloc(len)) == NULL || (o = realloc(*list, (*n + 1) * sizeof(*o))) == NULL) {
		free(s);
		return -1;
	}
	snprintf(s, len, "%s %s", a, b);
	*list = o;
	(*list)[(*n)++] = s;
	return 0;
}

static int
has_pair(char **list, size_t n, const char *a, const char *b)
{
	size_t i, len = strlen(a);

	for (i = 0; i < n; i++)
		if (strncmp(list[i], a, len) == 0 && list[i][len] == ' ' &&
		    strcmp(list[i] + len + 1, b) == 0)
			return 1;
	return 0;
}

static void
free_pairs(char ***list, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

void
labels_free(void)
{
	free_pairs(&outs, &nouts);
	free_pairs(&held, &nheld);
}

/* Whether template t's value is held (as the scan found). */
static int
template_held(const xmlNode *t)
{
	const char *name = prop(t, "name"), *mode = prop(t, "mode");

	return (name != NULL && has_pair(held, nheld, "name", name)) ||
	    (prop(t, "match") != NULL && has_pair(held, nheld, "mode", mode ? mode : ""));
}

/* The templates n and what it holds call or apply held; 1 if one was not yet. */
static int
hold_called(xmlNodePtr n, int *oom)
{
	const char *v;
	int more = 0;

	for (; n != NULL; n = n->next) {
		if (xsl_is(n, "call-template") && (v = prop(n, "name")) != NULL &&
		    !has_pair(held, nheld, "name", v)) {
			*oom |= add_pair(&held, &nheld, "name", v);
			more = 1;
		}
		if ((xsl_is(n, "apply-templates") || xsl_is(n, "apply-imports")) &&
		    !has_pair(held, nheld, "mode", (v = prop(n, "mode")) ? v : "")) {
			*oom |= add_pair(&held, &nheld, "mode", v ? v : "");
			more = 1;
		}
		if (n->type == XML_ELEMENT_NODE)
			more |= hold_called(n->children, oom);
	}
	return more;
}

static int
is_holder(const xmlNode *n)
{
	const char *const *k;

	for (k = value_kept; is_xsl(n) && *k != NULL; k++)
		if (strcmp((const char *)n->name, *k) == 0)
			return 1;
	return 0;
}

/* The templates whose value an element from n on takes when that one's
 * value is not output. */
static void
hold_from(xmlNodePtr n, int *oom)
{
	xmlNodePtr c;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (c = n->children; c != NULL && c->type != XML_ELEMENT_NODE; c = c->next)
			;
		if (is_holder(n) && c != NULL && !output(c, 0))
			hold_called(n->children, oom);
		hold_from(n->children, oom);
	}
}

/* The held templates among the documents', and those they call or apply. */
static int
find_held(xmlDocPtr *docs, size_t ndocs)
{
	xmlNodePtr t;
	size_t i;
	int oom = 0, more = 1;

	for (i = 0; i < ndocs; i++)
		hold_from(xmlDocGetRootElement(docs[i]), &oom);
	while (more && !oom) {
		more = 0;
		for (i = 0; i < ndocs; i++)
			for (t = xmlDocGetRootElement(docs[i])->children; t; t = t->next)
				if (xsl_is(t, "template") && template_held(t))
					more |= hold_called(t->children, &oom);
	}
	return oom ? -1 : 0;
}

int
labels_scan(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	xmlDocPtr *docs = NULL, *d;
	xmlNodePtr t, k;
	struct dirent *de;
	size_t ndocs = 0, i, len;
	DIR *dp;
	int rc = -1;

	labels_free();
	err[0] = '\0';
	if ((dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: cannot read", dir);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".xsl") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((d = realloc(docs, (ndocs + 1) * sizeof(*d))) == NULL)
			goto done;
		docs = d;
		if ((docs[ndocs] = xml_read_file(path)) == NULL) {
			snprintf(err, errlen, "%s: cannot read or parse", path);
			goto done;
		}
		for (t = xmlDocGetRootElement(docs[ndocs++])->children; t; t = t->next)
			if (xsl_is(t, "template") && add_tmpl(t) == -1)
				goto done;
	}
	scanning = 1;
	for (i = 0; i < ntmpls; i++)
		for (k = tmpls[i].node->children; !tmpls[i].twice && k; k = k->next)
			if (xsl_is(k, "param") && prop(k, "name") != NULL &&
			    uses_output(k->next, prop(k, "name"), tmpls[i].node, 0) &&
			    add_pair(&outs, &nouts, (const char *)tmpls[i].name,
			    prop(k, "name")) == -1)
				goto done;
	scanning = 0;
	if (find_held(docs, ndocs) == -1)
		goto done;
	rc = 0;
done:
	scanning = 0;
	if (rc == -1 && err[0] == '\0')
		snprintf(err, errlen, "%s: out of memory", dir);
	closedir(dp);
	for (i = 0; i < ntmpls; i++)
		xmlFree(tmpls[i].name);
	free(tmpls);
	tmpls = NULL;
	ntmpls = 0;
	for (i = 0; i < ndocs; i++)
		xmlFreeDoc(docs[i]);
	free(docs);
	return rc;
}

/* A literal call sc:t('key') or sc:t("key") and nothing else: the key. */
static int
label_key(const char *v, char *key, size_t keylen)
{
	const char *e;
	size_t n;

	if (v == NULL || strncmp(v, "sc:t(", 5) != 0 || (v[5] != '\'' && v[5] != '"') ||
	    (e = strchr(v + 6, v[5])) == NULL || strcmp(e + 1, ")") != 0 ||
	    (n = (size_t)(e - v - 6)) >= keylen)
		return 0;
	memcpy(key, v + 6, n);
	key[n] = '\0';
	return 1;
}

/* key's marker in out (quoted as an XPath literal: q), or -1. */
static int
marker(const char *key, char *out, size_t outlen, const char *q)
{
	int idx = i18n_intern(key);

	if (idx < 0)
		return -1;
	snprintf(out, outlen, "%s" LABEL_OPEN "%d" LABEL_CLOSE "%s", q, idx, q);
	return 0;
}

/* What n's select="sc:t('k')" may become: 0 a call, 1 a marker as text
 * (xsl:value-of), 2 a marker as a literal (a variable, a parameter). */
static int
select_form(xmlNodePtr n)
{
	const char *name = prop(n, "name");

	if (xsl_is(n, "value-of"))
		return n->properties->next == NULL && output(n, 0);
	if (name == NULL)
		return 0;
	if (xsl_is(n, "with-param") && xsl_is(n->parent, "call-template"))
		return param_output(BAD_CAST prop(n->parent, "name"), BAD_CAST name, 0) &&
		    output(n->parent, 0) ? 2 : 0;
	if (xsl_is(n, "variable") && !xsl_is(n->parent, "stylesheet"))
		return uses_output(n->next, name, n->parent, 0) && output(n, 0) ? 2 : 0;
	return 0;
}

/* The literal calls in a's value as sc:t(N). */
static void
number_calls(xmlAttrPtr a)
{
	const char *v = attr_text(a), *p, *e;
	struct buf b = { 0 };
	char key[128];
	size_t n;
	int idx, changed = 0;

	if (v == NULL || strstr(v, "sc:t(") == NULL)
		return;
	buf_add(&b, NULL, 0);
	for (p = v; *p; p++) {
		if (strncmp(p, "sc:t(", 5) == 0 && (p == v || !name_char(p[-1])) &&
		    (p[5] == '\'' || p[5] == '"') && (e = strchr(p + 6, p[5])) != NULL &&
		    e[1] == ')' && (n = (size_t)(e - p - 6)) < sizeof(key)) {
			memcpy(key, p + 6, n);
			key[n] = '\0';
			if ((idx = i18n_intern(key)) >= 0) {
				buf_printf(&b, "sc:t(%d)", idx);
				p = e + 1;
				changed = 1;
				continue;
			}
		}
		buf_add(&b, p, 1);
	}
	if (changed)
		xmlSetNsProp(a->parent, a->ns, a->name, BAD_CAST b.p);
	buf_free(&b);
}

static void
mark(xmlNodePtr n)
{
	xmlNodePtr next, t;
	xmlAttrPtr a;
	xmlNsPtr sc;
	char key[128], m[40];
	int form;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xsl_is(n, "template") && template_held(n))
			continue;
		sc = xmlSearchNs(n->doc, n, BAD_CAST "sc");
		if (sc == NULL || !xmlStrEqual(sc->href, SC_NS)) {
			mark(n->children);
			continue;
		}
		if (is_xsl(n) && label_key(prop(n, "select"), key, sizeof(key)) &&
		    (form = select_form(n)) != 0 &&
		    marker(key, m, sizeof(m), form == 1 ? "" : "'") == 0) {
			if (form == 2) {
				xmlSetProp(n, BAD_CAST "select", BAD_CAST m);
				continue;
			}
			t = xmlNewDocNode(n->doc, n->ns, BAD_CAST "text", NULL);
			xmlAddChild(t, xmlNewDocText(n->doc, BAD_CAST m));
			xmlReplaceNode(n, t);
			xmlFreeNode(n);
			continue;
		}
		for (a = n->properties; a != NULL; a = a->next) {
			const char *v = attr_text(a);

			if (!is_xsl(n) && v != NULL && v[0] == '{' && strlen(v) < sizeof(key) &&
			    v[strlen(v) - 1] == '}') {
				char inner[128];

				snprintf(inner, sizeof(inner), "%.*s", (int)strlen(v) - 2, v + 1);
				if (label_key(inner, key, sizeof(key)) && output(n, 0) &&
				    marker(key, m, sizeof(m), "") == 0) {
					xmlSetNsProp(n, a->ns, a->name, BAD_CAST m);
					continue;
				}
			}
			number_calls(a);
		}
		mark(n->children);
	}
}

void
labels_mark(xmlDocPtr doc)
{
	mark(doc->children);
}
