/* Small builders of libxml2 trees: the page document, the invoice's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/xml.h"

/*
 * What a document may hold of a string: without the C0 controls other than
 * TAB, LF and CR (not XML characters: the raw XML would not parse) and
 * without U+FDD0 to U+FDEF (noncharacters: the site stylesheet's label
 * markers, render.c). The length of what is dropped, 0 when nothing.
 */
static size_t
x_dropped(const unsigned char *s, size_t *len)
{
	const unsigned char *p;
	size_t drop = 0;

	for (p = s; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			drop++;
		else if (p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf)
			drop += 3, p += 2;
	}
	*len = (size_t)(p - s);
	return drop;
}

/* s as x_dropped wants it: s itself, or a copy in *copy (to be freed). */
static const char *
x_clean(const char *s, char **copy)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, drop;
	char *o;

	*copy = NULL;
	if ((drop = x_dropped(p, &len)) == 0 || (*copy = malloc(len - drop + 1)) == NULL)
		return drop == 0 ? s : "";
	for (o = *copy; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			continue;
		if (p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf) {
			p += 2;
			continue;
		}
		*o++ = (char)*p;
	}
	*o = '\0';
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
	char *copy;

	if (text == NULL)
		return NULL;
	n = x_el(parent, name);
	text = x_clean(text, &copy);
	/* A text node, not xmlNewDocNode's content argument, which would parse entities. */
	xmlAddChild(n, xmlNewDocTextLen(parent->doc, BAD_CAST text, (int)strlen(text)));
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
	char *copy;

	if (value == NULL) {
		xmlNewProp(n, BAD_CAST name, NULL);
		return;
	}
	xmlNewProp(n, BAD_CAST name, BAD_CAST x_clean(value, &copy));
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

	snprintf(num, sizeof(num), "%lld", v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST num);
}
