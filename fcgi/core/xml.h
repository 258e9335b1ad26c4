/*
 * Building and reading XML trees (libxml2 only): an element, an element
 * with text, attributes, the first child of a name. Text is always a text
 * node, never parsed.
 */
#ifndef SELFCARE_XML_H
#define SELFCARE_XML_H

#include <libxml/tree.h>

xmlNodePtr	 x_el(xmlNodePtr parent, const char *name);
/* An element holding text (NULL text: the element is left out). */
xmlNodePtr	 x_text(xmlNodePtr parent, const char *name, const char *text);
/* The first child element called name (NULL: none, or no parent). */
xmlNodePtr	 x_child(const xmlNode *parent, const char *name);
void		 x_attr(xmlNodePtr, const char *name, const char *value);
/* <name currency="…">amount</name> under parent (nothing when amount is NULL). */
xmlNodePtr	 x_price(xmlNodePtr parent, const char *name, const char *amount,
		    const char *currency);
void		 x_attr_int(xmlNodePtr, const char *name, long long);

#endif
