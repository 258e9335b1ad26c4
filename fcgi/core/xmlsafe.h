/*
 * Reading XML safely (ASVS V5.5.2): no network, no entity substitution, no
 * DTD loading, no XInclude, bounded size; documents with a DOCTYPE are
 * refused. An external entity loader admits only our own installed files.
 */
#ifndef SELFCARE_XMLSAFE_H
#define SELFCARE_XMLSAFE_H

#include <stddef.h>
#include <libxml/tree.h>

#define XML_MAX_INPUT	(1024 * 1024)
#define XML_MAX_DEPTH	64
#define XML_MAX_ATTRS	256	/* per element */

#define XML_SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS)

/* Installs the entity loader: only files under these directories may be opened. */
void	 xmlsafe_init(const char *xsl_dir, const char *schema_dir);
/* Parses untrusted bytes; NULL if malformed, too large, too deep or with a DOCTYPE. */
xmlDocPtr xml_read_untrusted(const char *, size_t);
/* The same with another bound than XML_MAX_INPUT (a bank's files). */
xmlDocPtr xml_read_untrusted_max(const char *, size_t, size_t max);
/* Parses one of our own files (stylesheets, strings), via the same loader. */
xmlDocPtr xml_read_file(const char *path);

#endif
