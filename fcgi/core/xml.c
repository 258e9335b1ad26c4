/* Small builders of libxml2 trees: the page document, the invoice's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/util.h"
#include "core/xml.h"

/*
 * What a document may hold of a string: without the C0 controls other than
 * TAB, LF and CR (not XML characters: the raw XML would not parse) and
 * without U+FDD0 to U+FDEF (noncharacters: the site stylesheet's label
 * markers, labels.h).
 */
static int
x_dropped(const unsigned char *p)
{
	if (*p < 0x20)
		return *p != '\t' && *p != '\n' && *p != '\r' ? 1 : 0;
	return p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf ? 3 : 0;
}

/* The bytes that end x_clean's fast pass: NUL, C0 controls, U+FDxx's first. */
static const unsigned char stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xef] = 1
};

/* s as a document may hold it, its length in *len: s itself, or a copy in
 * *copy (to be freed). */
static const char *
x_clean(const char *s, size_t *len, char **copy)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	char *o;
	int d;

	*copy = NULL;
	/* Most strings hold neither: one pass to their end, four bytes a turn. */
	for (;; p++) {
		while (!stop[p[0]] && !stop[p[1]] && !stop[p[2]] && !stop[p[3]])
			p += 4;
		while (!stop[*p])
			p++;
		if (*p == '\0') {
			*len = (size_t)(p - (const unsigned char *)s);
			return s;
		}
		if (x_dropped(p))
			break;
	}
	if ((*copy = malloc(strlen(s) + 1)) == NULL) {
		*len = 0;
		return "";
	}
	memcpy(*copy, s, (size_t)(p - (const unsigned char *)s));
	o = *copy + (p - (const unsigned char *)s);
	for (q = p; *q; ) {
		if ((*q < 0x20 || *q == 0xef) && (d = x_dropped(q)) != 0) {
			q += d;
			continue;
		}
		*o++ = (char)*q++;
	}
	*o = '\0';
	*len = (size_t)(o - *copy);
	return *copy;
}

xmlNodePtr
x_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);

	return xmlAddChild(parent, n);
}

xmlNodePtr
x_text(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n;
	size_t len;
	char *copy;

	if (text == NULL)
		return NULL;
	n = x_el(parent, name);
	text = x_clean(text, &len, &copy);
	/* A text node, not xmlNewDocNode's content argument, which would parse entities. */
	xmlAddChild(n, xmlNewDocTextLen(parent->doc, BAD_CAST text, (int)len));
	free(copy);
	return n;
}

xmlNodePtr
x_child(const xmlNode *parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent ? parent->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

void
x_attr(xmlNodePtr n, const char *name, const char *value)
{
	size_t len;
	char *copy;

	if (value == NULL) {
		xmlNewProp(n, BAD_CAST name, NULL);
		return;
	}
	xmlNewProp(n, BAD_CAST name, BAD_CAST x_clean(value, &len, &copy));
	free(copy);
}

xmlNodePtr
x_price(xmlNodePtr parent, const char *name, const char *amount, const char *currency)
{
	xmlNodePtr e = x_text(parent, name, amount);

	if (e != NULL)
		x_attr(e, "currency", currency);
	return e;
}

void
x_attr_int(xmlNodePtr n, const char *name, long long v)
{
	char num[24];
	struct fixbuf f;

	fix_init(&f, num, sizeof(num));
	fix_int(&f, v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST num);
}
