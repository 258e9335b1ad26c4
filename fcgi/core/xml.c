/* Small builders of libxml2 trees: the page document, the invoice's. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/xml.h"

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

	if (text == NULL)
		return NULL;
	n = x_el(parent, name);
	/* A text node, not xmlNewDocNode's content argument, which would parse entities. */
	xmlAddChild(n, xmlNewDocTextLen(parent->doc, BAD_CAST text, (int)strlen(text)));
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
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
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
