/* The invoice document (see invoice.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "billing/invoice.h"
#include "core/log.h"
#include "billing/pdf.h"
#include "core/money.h"
#include "core/xml.h"
#include "core/util.h"

/* A column that may be NULL: the element is left out then. */
static void
opt(xmlNodePtr parent, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		x_text(parent, name, value);
}

static int
lines(struct db *db, xmlNodePtr inv, long long id)
{
	xmlNodePtr list = x_el(inv, "lines"), l, e;
	struct dbrow row;
	int rc;

	if ((rc = dbe_run(db, ST_INVOICE_LINES, "i", id)) < 0)
		return rc;
	while ((rc = dbe_fetch(db, ST_INVOICE_LINES, &row)) == 1) {
		l = x_el(list, "line");
		x_attr(l, "no", row.col[0]);
		x_text(l, "description", row.col[1]);
		if (row.col[3] != NULL) {
			e = x_el(l, "subscription");
			if (row.col[2] != NULL)
				x_attr(e, "id", row.col[2]);
			x_text(e, "ref", row.col[3]);
		}
		if (row.col[4] != NULL && row.col[5] != NULL) {
			e = x_el(l, "location");
			x_attr(e, "id", row.col[4]);
			x_text(e, "number", row.col[5]);
			x_text(e, "name", row.col[6]);
		}
		opt(l, "user", row.col[7]);
		opt(l, "cost-centre", row.col[8]);
		x_text(l, "from", row.col[9]);
		x_text(l, "to", row.col[10]);
		e = x_text(l, "quantity", row.col[12]);
		x_attr(e, "unit", row.col[11]);
		x_text(l, "base-quantity", row.col[13]);
		x_text(l, "unit-price", row.col[14]);
		x_text(l, "net", row.col[15]);
		x_text(l, "vat-rate", row.col[16]);
		x_text(l, "vat", row.col[17]);
		x_text(l, "amount", row.col[18]);
	}
	return rc;
}

/* The VAT summary from the lines just written: base and VAT per rate, in
 * the order the rates first appear. */
static void
vat_summary(xmlNodePtr inv, xmlNodePtr list)
{
	struct { char rate[16]; long long base, vat; } r[8];
	size_t n = 0, i;
	xmlNodePtr l, e, sum = x_el(inv, "vat-summary");

	for (l = list->children; l != NULL; l = l->next) {
		char rate[16] = "", net[32] = "", vat[32] = "";
		long long a, b;
		xmlNodePtr c;

		for (c = l->children; c != NULL; c = c->next) {
			xmlChar *t = xmlNodeGetContent(c);
			const char *name = (const char *)c->name;

			if (strcmp(name, "vat-rate") == 0)
				snprintf(rate, sizeof(rate), "%s", (char *)t);
			else if (strcmp(name, "net") == 0)
				snprintf(net, sizeof(net), "%s", (char *)t);
			else if (strcmp(name, "vat") == 0)
				snprintf(vat, sizeof(vat), "%s", (char *)t);
			xmlFree(t);
		}
		if (money_parse(net, &a) == -1 || money_parse(vat, &b) == -1)
			continue;
		for (i = 0; i < n && strcmp(r[i].rate, rate) != 0; i++)
			;
		if (i == n) {
			if (n == COUNTOF(r))
				continue;
			snprintf(r[n].rate, sizeof(r[n].rate), "%s", rate);
			r[n].base = r[n].vat = 0;
			n++;
		}
		r[i].base += a;
		r[i].vat += b;
	}
	for (i = 0; i < n; i++) {
		char s[32];

		e = x_el(sum, "rate");
		x_attr(e, "percent", r[i].rate);
		money_canonical(s, sizeof(s), r[i].base);
		x_text(e, "base", s);
		money_canonical(s, sizeof(s), r[i].vat);
		x_text(e, "vat", s);
	}
}

int
invoice_el(struct db *db, xmlNodePtr parent, long long company, long long id,
    char *number, size_t len)
{
	xmlNodePtr inv, e;
	struct dbrow row;
	int rc;

	if ((rc = dbe_one(db, ST_INVOICE_GET, &row, "ii", id, company)) <= 0)
		return rc;
	snprintf(number, len, "%s", row.col[1]);
	inv = x_el(parent, "invoice");
	x_attr(inv, "id", row.col[0]);
	x_attr(inv, "kind", strcmp(row.col[2], "credit_note") == 0 ? "credit-note" :
	    "invoice");
	x_attr(inv, "status", strcmp(row.col[3], "partly_paid") == 0 ? "partly-paid" :
	    row.col[3]);
	x_attr(inv, "overdue", strcmp(row.col[4], "1") == 0 ? "yes" : "no");
	x_text(inv, "number", row.col[1]);
	x_text(inv, "period", row.col[6]);
	x_text(inv, "date", row.col[7]);
	x_text(inv, "due", row.col[8]);
	x_text(inv, "currency", row.col[9]);
	x_text(inv, "payment-ref", row.col[10]);
	if (row.col[33] != NULL) {
		e = x_text(inv, "credits", row.col[34]);
		x_attr(e, "id", row.col[33]);
	}
	e = x_el(inv, "issuer");
	x_text(e, "name", row.col[15]);
	x_text(e, "orgnr", row.col[16]);
	x_text(e, "vat-id", row.col[17]);
	x_text(e, "street", row.col[18]);
	x_text(e, "postcode", row.col[19]);
	x_text(e, "city", row.col[20]);
	x_text(e, "country", row.col[21]);
	opt(e, "bank-account", row.col[22]);
	opt(e, "iban", row.col[23]);
	opt(e, "bic", row.col[24]);
	opt(e, "email", row.col[25]);
	e = x_el(inv, "customer");
	x_attr(e, "account", row.col[26]);
	x_text(e, "name", row.col[27]);
	x_text(e, "orgnr", row.col[28]);
	x_text(e, "street", row.col[29]);
	x_text(e, "postcode", row.col[30]);
	x_text(e, "city", row.col[31]);
	x_text(e, "country", row.col[32]);
	/* The header's sums and the credit note of a credited invoice, kept
	 * before the lines' statement runs. */
	{
		char net[32], vat[32], total[32], paid[32], rest[32];
		char cn_id[24] = "", cn_number[24] = "";

		if (row.col[35] != NULL) {
			snprintf(cn_id, sizeof(cn_id), "%s", row.col[35]);
			snprintf(cn_number, sizeof(cn_number), "%s", row.col[36]);
		}

		snprintf(net, sizeof(net), "%s", row.col[11]);
		snprintf(vat, sizeof(vat), "%s", row.col[12]);
		snprintf(total, sizeof(total), "%s", row.col[13]);
		snprintf(paid, sizeof(paid), "%s", row.col[14]);
		snprintf(rest, sizeof(rest), "%s", row.col[5]);
		if ((rc = lines(db, inv, id)) < 0)
			return rc;
		vat_summary(inv, xmlGetLastChild(inv));
		x_text(inv, "net", net);
		x_text(inv, "vat", vat);
		x_text(inv, "total", total);
		x_text(inv, "paid", paid);
		x_text(inv, "remaining", rest);
		/* A credited invoice names its credit note. */
		if (cn_id[0] != '\0') {
			e = x_text(inv, "credited-by", cn_number);
			x_attr(e, "id", cn_id);
		}
	}
	return 1;
}

int
invoice_doc(struct db *db, long long id, xmlDocPtr *out, const char **lang)
{
	struct dbrow row;
	long long company;
	xmlDocPtr doc;
	xmlNodePtr root;
	char number[24];
	int rc;

	if ((rc = dbe_one(db, ST_INVOICE_COMPANY, &row, "i", id)) <= 0)
		return rc;
	parse_int(row.col[0], 1, INT64_MAX, &company);
	/* The issuer's language: a Danish invoice is in Danish. */
	*lang = strcmp(row.col[1], "NO") == 0 ? "nb" : strcmp(row.col[1], "DK") == 0 ?
	    "da" : "en";
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(doc, root);
	x_attr(root, "name", "invoice");
	x_attr(root, "lang", *lang);
	if ((rc = invoice_el(db, root, company, id, number, sizeof(number))) <= 0) {
		xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return 1;
}

/* The e-invoice mail's file (mail_set_attacher): the PDF of invoice id,
 * made at delivery from the invoice as issued. */
int
invoice_mail_pdf(struct db *db, long long id, struct buf *pdf, char *name,
    size_t len)
{
	const char *lang;
	xmlDocPtr doc;
	int rc;

	if ((rc = invoice_doc(db, id, &doc, &lang)) <= 0)
		return rc;
	rc = pdf_invoice(doc, lang, pdf) == 0;
	if (rc) {
		xmlNodePtr e = x_child(x_child(xmlDocGetRootElement(doc), "invoice"), "number");

		if (e != NULL) {
			xmlChar *t = xmlNodeGetContent(e);

			snprintf(name, len, "%s-%s.pdf", strcmp(lang, "en") == 0 ?
			    "invoice" : "faktura", (const char *)t);
			xmlFree(t);
		}
	} else
		log_error("mail: the PDF of invoice %lld could not be made", id);
	xmlFreeDoc(doc);
	return rc;
}
