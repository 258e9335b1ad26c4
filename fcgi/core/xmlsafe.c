/* Safe XML input; see xmlsafe.h. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "core/log.h"
#include "core/util.h"
#include "core/xmlsafe.h"

static char *allowed[2];
static xmlExternalEntityLoader default_loader;

static int
under(const char *path, const char *dir)
{
	size_t n;

	if (dir == NULL)
		return 0;
	n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static xmlParserInputPtr
loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	char real[PATH_MAX];
	const char *p = url;

	if (p != NULL && strncmp(p, "file://", 7) == 0)
		p += 7;
	/* Only plain paths that resolve inside our own directories. */
	if (p != NULL && strstr(p, "://") == NULL && realpath(p, real) != NULL &&
	    (under(real, allowed[0]) || under(real, allowed[1])))
		return default_loader(real, id, ctxt);
	log_warn("xml: refused to load external resource");
	return NULL;
}

void
xmlsafe_init(const char *xsl_dir, const char *schema_dir)
{
	char real[PATH_MAX];

	free(allowed[0]);
	free(allowed[1]);
	allowed[0] = realpath(xsl_dir, real) ? estrdup(real) : NULL;
	allowed[1] = realpath(schema_dir, real) ? estrdup(real) : NULL;
	if (default_loader == NULL)
		default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(loader);
}

static int
too_deep(xmlNodePtr n, int depth)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (depth > XML_MAX_DEPTH || too_deep(n->children, depth + 1)))
			return 1;
	return 0;
}

/*
 * libxml2 2.9 checks each new attribute against all earlier ones of the
 * element: 100 000 attributes in one tag cost half a minute. A cheap scan
 * refuses tags with more than XML_MAX_ATTRS '=' signs outside quotes.
 */
static int
too_many_attributes(const char *p, size_t n)
{
	int in_tag = 0, count = 0;
	char quote = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (!in_tag) {
			if (ch == '<') {
				in_tag = 1;
				count = 0;
			}
		} else if (ch == '"' || ch == '\'')
			quote = ch;
		else if (ch == '>')
			in_tag = 0;
		else if (ch == '=' && ++count > XML_MAX_ATTRS)
			return 1;
	}
	return 0;
}

xmlDocPtr
xml_read_untrusted(const char *data, size_t len)
{
	return xml_read_untrusted_max(data, len, XML_MAX_INPUT);
}

xmlDocPtr
xml_read_untrusted_max(const char *data, size_t len, size_t max)
{
	xmlDocPtr doc;

	if (len == 0 || len > max || len > INT_MAX || too_many_attributes(data, len))
		return NULL;
	doc = xmlReadMemory(data, (int)len, "input.xml", NULL,
	    XML_SAFE_OPTIONS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return NULL;
	if (doc->intSubset != NULL || doc->extSubset != NULL ||
	    too_deep(doc->children, 1)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

xmlDocPtr
xml_read_file(const char *path)
{
	return xmlReadFile(path, NULL, XML_SAFE_OPTIONS);
}
