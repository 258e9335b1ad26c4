/*
 * Untrusted XML: xml_read_untrusted must never crash, never return a
 * document with a DOCTYPE (or anything from one), never return one deeper
 * than XML_MAX_DEPTH, and never load an external resource -- not even one
 * inside the directories the entity loader admits for our own files.
 *
 * The admitted directories are fixed paths so that seeds can name files in
 * them: /tmp/selfcare-fuzz-xml/{xsl,schema}, holding secret.ent, ext.dtd
 * and common.xsd. Every external load goes through the entity loader, so
 * the check is that xmlsafe's loader never hands the parser a resource
 * while it reads untrusted input (being asked and refusing is fine).
 */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "core/xmlsafe.h"
#include "fuzz.h"

#define BASE	"/tmp/selfcare-fuzz-xml"
#define SECRET	"SELFCARE-FUZZ-SECRET-7f3a"

static xmlExternalEntityLoader inner;
static int loads, opened;

/* Around xmlsafe's loader: counts what it is asked for and what it opens. */
static xmlParserInputPtr
spy(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in = inner(url, id, ctxt);

	loads++;
	if (in != NULL)
		opened++;
	return in;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(path);
		abort();
	}
}

static int
own_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return 0;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == geteuid() && (st.st_mode & 022) == 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char base[64] = BASE, xsl[96], schema[96], path[160];

	(void)argc;
	(void)argv;
	xmlInitParser();
	/* Someone else's /tmp/selfcare-fuzz-xml: use a private one. */
	if (!own_dir(base)) {
		strcpy(base, "/tmp/selfcare-fuzz-xml.XXXXXX");
		if (mkdtemp(base) == NULL)
			abort();
	}
	snprintf(xsl, sizeof(xsl), "%s/xsl", base);
	snprintf(schema, sizeof(schema), "%s/schema", base);
	if (!own_dir(xsl) || !own_dir(schema))
		abort();
	snprintf(path, sizeof(path), "%s/secret.ent", xsl);
	put(path, SECRET "\n");
	snprintf(path, sizeof(path), "%s/ext.dtd", xsl);
	put(path, "<!ENTITY leak \"" SECRET "\">\n"
	    "<!ENTITY % pe \"<!ENTITY leak2 '" SECRET "'>\">\n%pe;\n"
	    "<!ATTLIST r a CDATA \"" SECRET "\">\n");
	snprintf(path, sizeof(path), "%s/common.xsd", schema);
	put(path, "<x>" SECRET "</x>\n");

	xmlsafe_init(xsl, schema);
	inner = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(spy);

	/* Self-test of the harness: the spy sees what the loader opens, and
	 * the loader does admit our own files (so an untrusted document that
	 * reached it would be noticed) but nothing else. */
	{
		xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
		xmlParserInputPtr in;

		CHECK(ctxt != NULL);
		snprintf(path, sizeof(path), "%s/secret.ent", xsl);
		in = xmlLoadExternalEntity(path, NULL, ctxt);
		CHECK(in != NULL && loads == 1 && opened == 1);
		xmlFreeInputStream(in);
		in = xmlLoadExternalEntity("/etc/passwd", NULL, ctxt);
		CHECK(in == NULL && loads == 2 && opened == 1);
		xmlFreeParserCtxt(ctxt);
		loads = opened = 0;
	}
	return 0;
}

/* Walks the tree without recursion; returns the deepest element level. */
static int
walk(xmlNodePtr root)
{
	xmlNodePtr n = root;
	int depth = 1, max = 0;

	while (n != NULL) {
		CHECK(n->type != XML_DTD_NODE && n->type != XML_ENTITY_DECL &&
		    n->type != XML_ELEMENT_DECL && n->type != XML_ATTRIBUTE_DECL &&
		    n->type != XML_XINCLUDE_START && n->type != XML_XINCLUDE_END &&
		    n->type != XML_DOCUMENT_TYPE_NODE);
		if (n->type == XML_ELEMENT_NODE && depth > max)
			max = depth;
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == NULL || n->type == XML_DOCUMENT_NODE || depth == 0)
				return max;
		}
		if (n != NULL)
			n = n->next;
	}
	return max;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_memdup(data, size);
	xmlDocPtr doc;

	loads = opened = 0;
	doc = xml_read_untrusted(copy, size);
	CHECK(opened == 0);
	if (doc != NULL) {
		xmlChar *out = NULL;
		int outlen = 0;

		CHECK(size > 0 && size <= XML_MAX_INPUT);
		CHECK(doc->intSubset == NULL && doc->extSubset == NULL);
		CHECK(xmlDocGetRootElement(doc) != NULL);
		CHECK(walk(doc->children) <= XML_MAX_DEPTH);
		/* Serialising must work on whatever was accepted. */
		xmlDocDumpMemory(doc, &out, &outlen);
		CHECK(out != NULL && outlen > 0);
		xmlFree(out);
		xmlFreeDoc(doc);
	}
	free(copy);
	return 0;
}
