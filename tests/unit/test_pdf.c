/*
 * Invoice PDF: the example invoice in nb, da and en, a credit note, an
 * invoice of 60 lines over several pages and one with the optional parts
 * missing. Each is written to test_pdf-*.pdf in the build directory; when
 * pdftotext (poppler-utils) is installed its text must hold the figures as
 * rendered, else only the PDF header is checked.
 *
 * The strings are read from $srcdir/xsl (automake sets srcdir for tests).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "core/i18n.h"
#include "billing/pdf.h"
#include "core/util.h"

#define NBSP "\xc2\xa0"

static int have_pdftotext;

static xmlNode *
child(xmlNode *parent, const char *name)
{
	xmlNode *n;

	for (n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

static xmlNode *
invoice_of(xmlDoc *doc)
{
	return child(xmlDocGetRootElement(doc), "invoice");
}

/* Renders doc into name.pdf; returns pdftotext's text (or "" without it), NULL on failure. */
static char *
render(xmlDoc *doc, const char *lang, const char *name)
{
	struct buf out = { 0 }, txt = { 0 };
	char pdf[256], cmd[600], tf[256], chunk[4096];
	FILE *f;
	size_t n;
	int rc;

	rc = pdf_invoice(doc, lang, &out);
	CHECK(rc == 0, "%s: pdf_invoice returned %d", name, rc);
	if (rc != 0) {
		buf_free(&out);
		return NULL;
	}
	CHECK(out.len > 1000 && memcmp(out.p, "%PDF-", 5) == 0, "%s: not a PDF (%zu bytes)",
	    name, out.len);
	CHECK(out.len > 10 && strstr(out.p + out.len - 10, "%%EOF") != NULL, "%s: no %%%%EOF", name);
	snprintf(pdf, sizeof(pdf), "test_pdf-%s.pdf", name);
	snprintf(tf, sizeof(tf), "test_pdf-%s.txt", name);
	f = fopen(pdf, "wb");
	CHECK(f != NULL, "%s: cannot write", pdf);
	if (f) {
		CHECK(fwrite(out.p, 1, out.len, f) == out.len, "%s: short write", pdf);
		fclose(f);
	}
	buf_free(&out);
	buf_puts(&txt, "");
	if (!have_pdftotext || f == NULL)
		return txt.p;
	snprintf(cmd, sizeof(cmd), "pdftotext -layout -enc UTF-8 '%s' '%s'", pdf, tf);
	rc = system(cmd);
	CHECK(rc == 0, "%s: pdftotext failed (%d)", pdf, rc);
	if ((f = fopen(tf, "rb")) != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&txt, chunk, n);
		fclose(f);
	}
	return txt.p;
}

/* Whether text holds want; pdftotext -layout may give a no-break space as a space. */
static int
has(const char *text, const char *want)
{
	struct buf a = { 0 };
	const char *s;
	int found;

	if (text == NULL)
		return 0;
	if (strstr(text, want))
		return 1;
	for (s = want; *s; s++) {
		if (strncmp(s, NBSP, 2) == 0) {
			buf_add(&a, " ", 1);
			s++;
		} else
			buf_add(&a, s, 1);
	}
	found = a.p != NULL && strstr(text, a.p) != NULL;
	buf_free(&a);
	return found;
}

static int
count(const char *text, const char *want)
{
	int n = 0;

	while (text && (text = strstr(text, want)) != NULL) {
		n++;
		text += strlen(want);
	}
	return n;
}

#define HAS(t, s, name) CHECK(!have_pdftotext || has(t, s), "%s: \"%s\" not in the text", name, s)
#define HASNT(t, s, name) CHECK(!have_pdftotext || !has(t, s), "%s: \"%s\" in the text", name, s)

int
main(void)
{
	const char *srcdir = getenv("srcdir");
	char path[1024], err[512];
	xmlDoc *doc, *copy;
	xmlNode *inv, *lines, *line, *n;
	struct buf out = { 0 };
	char *t;
	int i;

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	have_pdftotext = system("command -v pdftotext >/dev/null 2>&1") == 0;
	if (!have_pdftotext)
		printf("pdf: pdftotext not found, checking the PDF headers only\n");

	snprintf(path, sizeof(path), "%s/xsl", srcdir);
	if (i18n_load(path, err, sizeof(err)) == -1) {
		fprintf(stderr, "i18n_load: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/tests/data/xml/invoice.xml", srcdir);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (doc == NULL) {
		fprintf(stderr, "%s: cannot read\n", path);
		return 1;
	}

	/* The example invoice, Norwegian. */
	t = render(doc, "nb", "nb");
	HAS(t, "FAKTURA", "nb");
	HAS(t, "Nordnett Telekom AS", "nb");
	HAS(t, "Org.nr. 987654321", "nb");
	HAS(t, "Bitpro Demo AS", "nb");
	HAS(t, "7011 Trondheim", "nb");
	HAS(t, "Kundenummer 10000001", "nb");
	HAS(t, "100001", "nb");
	HAS(t, "29.12.2025", "nb");
	HAS(t, "13.01.2026", "nb");
	HAS(t, "desember 2025", "nb");
	HAS(t, "KID", "nb");
	HAS(t, "10000010000014", "nb");
	HAS(t, "1503.12.34567", "nb");
	HAS(t, "Påfyll 10 GB – Ærlig, Øystein & Åse", "nb");
	HAS(t, "TSN-75606716", "nb");
	HAS(t, "Kostnadssted IT-drift", "nb");
	HAS(t, "17/31 dager", "nb");
	HAS(t, "1 mnd", "nb");
	HAS(t, "2 stk", "nb");
	HAS(t, "25" NBSP "%", "nb");
	HAS(t, "799,00", "nb");
	HAS(t, "163,97", "nb");
	HAS(t, "1" NBSP "260,97", "nb");
	HAS(t, "315,24", "nb");
	HAS(t, "1" NBSP "576,21 kr", "nb");
	HAS(t, "Å betale", "nb");
	HAS(t, "Side 1 av 1", "nb");
	HASNT(t, "Gjenstår", "nb");
	HAS(t, "998,75", "nb");
	HAS(t, "204,96", "nb");
	free(t);

	/* English and Danish labels and numbers. */
	t = render(doc, "en", "en");
	HAS(t, "INVOICE", "en");
	HAS(t, "Invoice number", "en");
	HAS(t, "13/01/2026", "en");
	HAS(t, "December 2025", "en");
	HAS(t, "1,576.21", "en");
	HAS(t, "1,260.97", "en");
	HAS(t, "998.75", "en");
	HAS(t, "17/31 days", "en");
	HAS(t, "Page 1 of 1", "en");
	HAS(t, "Påfyll 10 GB – Ærlig, Øystein & Åse", "en");
	free(t);
	t = render(doc, "da", "da");
	HAS(t, "Forfaldsdato", "da");
	HAS(t, "1.576,21 NOK", "da");
	HAS(t, "Side 1 af 1", "da");
	free(t);
	/* No language given: the page's. */
	t = render(doc, NULL, "default");
	HAS(t, "Forfallsdato", "default");
	free(t);

	/* Partly paid and overdue: what remains is what to pay. */
	copy = xmlCopyDoc(doc, 1);
	inv = invoice_of(copy);
	xmlSetProp(inv, BAD_CAST "overdue", BAD_CAST "yes");
	xmlNodeSetContent(child(inv, "paid"), BAD_CAST "576.21");
	xmlNodeSetContent(child(inv, "remaining"), BAD_CAST "1000.00");
	t = render(copy, "nb", "partly-paid");
	HAS(t, "Fakturabeløp", "partly-paid");
	HAS(t, "Innbetalt", "partly-paid");
	HAS(t, "Gjenstår å betale", "partly-paid");
	HAS(t, "1" NBSP "000,00 kr", "partly-paid");
	HAS(t, "forfalt", "partly-paid");
	free(t);
	xmlFreeDoc(copy);

	/* A credit note. */
	copy = xmlCopyDoc(doc, 1);
	inv = invoice_of(copy);
	xmlSetProp(inv, BAD_CAST "kind", BAD_CAST "credit-note");
	xmlNodeSetContent(child(inv, "number"), BAD_CAST "100002");
	xmlNodeSetContent(child(inv, "total"), BAD_CAST "-1576.21");
	n = xmlNewChild(inv, NULL, BAD_CAST "credits", BAD_CAST "100001");
	xmlSetProp(n, BAD_CAST "id", BAD_CAST "1");
	t = render(copy, "nb", "credit-note");
	HAS(t, "KREDITNOTA", "credit-note");
	HAS(t, "Kreditnotanummer", "credit-note");
	HAS(t, "Krediterer faktura", "credit-note");
	HAS(t, "-1" NBSP "576,21 kr", "credit-note");
	HAS(t, "Til gode", "credit-note");
	HASNT(t, "Betalingsinformasjon", "credit-note");
	free(t);
	xmlFreeDoc(copy);

	/* 60 lines: further pages, each with the table header again. */
	copy = xmlCopyDoc(doc, 1);
	lines = child(invoice_of(copy), "lines");
	line = child(lines, "line");
	for (i = 3; i < 60; i++) {
		char no[16];

		n = xmlAddChild(lines, xmlCopyNode(line, 1));
		snprintf(no, sizeof(no), "%d", i + 1);
		xmlSetProp(n, BAD_CAST "no", BAD_CAST no);
		line = line->next ? line->next : child(lines, "line");
	}
	t = render(copy, "nb", "long");
	HAS(t, "Side 1 av ", "long");
	HAS(t, "Side 2 av ", "long");
	CHECK(!have_pdftotext || count(t, "Beskrivelse") >= 2,
	    "long: table header %d times", count(t, "Beskrivelse"));
	CHECK(!have_pdftotext || count(t, "Påfyll 10 GB") == 20,
	    "long: %d of 20 \"Påfyll\" lines", count(t, "Påfyll 10 GB"));
	HAS(t, "1" NBSP "576,21 kr", "long");
	free(t);
	xmlFreeDoc(copy);

	/* The optional parts missing: still a PDF. */
	copy = xmlCopyDoc(doc, 1);
	inv = invoice_of(copy);
	for (i = 0; i < 5; i++) {
		static const char *const drop[] = { "issuer", "customer", "vat-summary",
		    "payment-ref", "period" };

		if ((n = child(inv, drop[i])) != NULL) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	xmlNodeSetContent(child(inv, "due"), BAD_CAST "not a date");
	t = render(copy, "en", "sparse");
	HAS(t, "not a date", "sparse");
	HAS(t, "1,576.21", "sparse");
	HASNT(t, "KID", "sparse");
	free(t);
	xmlFreeDoc(copy);

	/* No invoice in the page: -1 and the buffer as it was. */
	copy = xmlReadMemory("<page name=\"x\"/>", 16, "x.xml", NULL, 0);
	buf_puts(&out, "kept");
	CHECK(pdf_invoice(copy, "nb", &out) == -1, "no invoice: not -1");
	CHECK(out.len == 4 && strcmp(out.p, "kept") == 0, "no invoice: buffer changed");
	buf_free(&out);
	xmlFreeDoc(copy);

	xmlFreeDoc(doc);
	i18n_free();
	/* Drop pango's and cairo's caches so leak checkers see only ours. */
	pdf_cleanup();
	xmlCleanupParser();
	return check_status("pdf");
}
