/*
 * The page builders keep out of a document what is not an XML character
 * (C0 controls but TAB, LF, CR) and the label markers' noncharacters
 * (U+FDD0–U+FDEF), so raw XML parses and no data shows a label; and the
 * labels' numbers (i18n_intern, i18n_label) the markers carry.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "core/i18n.h"
#include "core/xml.h"

static void
test_builders(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "Anne Berg", "Anne Berg" },
		{ "", "" },
		{ "Ærlig Åse – 799,00 kr", "Ærlig Åse – 799,00 kr" },
		{ "tab\there\nline\r", "tab\there\nline\r" },
		{ "bell\a esc\x1b nul-less\x01\x1f end", "bell esc nul-less end" },
		/* the markers' characters, alone and as a whole marker */
		{ "\xef\xb7\x90" "12" "\xef\xb7\x91", "12" },
		{ "a\xef\xb7\x90z", "az" },
		{ "last \xef\xb7\xaf", "last " },
		/* their neighbours stay: U+FDCF, U+FDF0, U+FEFF */
		{ "\xef\xb7\x8f\xef\xb7\xb0\xef\xbb\xbf", "\xef\xb7\x8f\xef\xb7\xb0\xef\xbb\xbf" },
		/* a cut-off sequence at the end is not read past */
		{ "x\xef\xb7", "x\xef\xb7" },
	};
	xmlDocPtr doc, back;
	xmlNodePtr root, e;
	xmlChar *v, *raw;
	size_t i;
	int n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		doc = xmlNewDoc(BAD_CAST "1.0");
		root = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
		xmlDocSetRootElement(doc, root);
		e = x_text(root, "v", t[i].in);
		x_attr(e, "a", t[i].in);
		v = xmlNodeGetContent(e);
		CHECK(v && strcmp((char *)v, t[i].out) == 0, "x_text case %zu: [%s]",
		    i, v ? (char *)v : "(null)");
		xmlFree(v);
		v = xmlGetProp(e, BAD_CAST "a");
		CHECK(v && strcmp((char *)v, t[i].out) == 0, "x_attr case %zu: [%s]",
		    i, v ? (char *)v : "(null)");
		xmlFree(v);
		/* The raw XML (what ?xml=1 sends) parses again, when valid UTF-8. */
		xmlDocDumpMemoryEnc(doc, &raw, &n, "UTF-8");
		back = xmlReadMemory((const char *)raw, n, NULL, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		CHECK(back != NULL || i == sizeof(t) / sizeof(t[0]) - 1,
		    "case %zu: the raw XML does not parse", i);
		xmlFreeDoc(back);
		xmlFree(raw);
		xmlFreeDoc(doc);
	}
}

static void
test_numbers(const char *srcdir)
{
	char dir[1024], err[256];
	const char *const *l;
	int a, b, c;

	snprintf(dir, sizeof(dir), "%s/xsl", srcdir);
	if (i18n_load(dir, err, sizeof(err)) == -1) {
		CHECK(0, "i18n_load: %s", err);
		return;
	}
	a = i18n_intern("login.title");
	b = i18n_intern("nav.language");
	c = i18n_intern("no.such.label");
	CHECK(a >= 0 && b >= 0 && c >= 0 && a != b && b != c && a != c,
	    "numbers %d %d %d", a, b, c);
	CHECK(i18n_intern("login.title") == a, "a key's number twice");
	for (l = i18n_langs; *l != NULL; l++) {
		CHECK(strcmp(i18n_label(*l, (unsigned)a), i18n_get(*l, "login.title")) == 0,
		    "%s: login.title", *l);
		CHECK(strcmp(i18n_label(*l, (unsigned)c), "no.such.label") == 0,
		    "%s: a missing label is its key", *l);
	}
	CHECK(strcmp(i18n_label("nb", (unsigned)b), i18n_label("en", (unsigned)b)) != 0,
	    "nb and en differ");
	CHECK(i18n_label("nb", (unsigned)c + 1) == NULL, "a number never given");
	CHECK(i18n_label("nb", 4000000000u) == NULL, "a number far out");
	i18n_free();
	CHECK(i18n_label("nb", 0) == NULL, "nothing after i18n_free");
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	test_builders();
	test_numbers(srcdir);
	xmlCleanupParser();
	return check_status("test_xml");
}
