/* The invoice document (see invoice.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "billing/invoice.h"
#include "core/log.h"
#include "billing/pdf.h"
#include "core/module.h"
#include "core/money.h"
#include "core/xml.h"
#include "core/util.h"

/* The invoice with its issuer, its customer and the invoice it credits
 * (the company in the WHERE: another's is not found). */
enum { INV_ID, INV_NUMBER, INV_KIND, INV_STATUS, INV_OVERDUE, INV_REMAINING,
	INV_PERIOD, INV_DATE, INV_DUE, INV_CURRENCY, INV_PAYMENT_REF, INV_NET, INV_VAT,
	INV_TOTAL, INV_PAID, INV_ISSUER_NAME, INV_ISSUER_ORGNR, INV_ISSUER_VAT_ID,
	INV_ISSUER_STREET, INV_ISSUER_POSTCODE, INV_ISSUER_CITY, INV_ISSUER_COUNTRY,
	INV_ISSUER_BANK_ACCOUNT, INV_ISSUER_IBAN, INV_ISSUER_BIC, INV_ISSUER_EMAIL,
	INV_ACCOUNT, INV_CUSTOMER_NAME, INV_CUSTOMER_ORGNR, INV_CUSTOMER_STREET,
	INV_CUSTOMER_POSTCODE, INV_CUSTOMER_CITY, INV_CUSTOMER_COUNTRY, INV_CREDITS_ID,
	INV_CREDITS_NUMBER, INV_CREDITS_DATE, INV_CREDITED, INV__COLS };
/* The credit notes of an invoice. */
enum { CN_ID, CN_NUMBER, CN_DATE, CN_TOTAL, CN__COLS };
enum { LINE_NO, LINE_DESCRIPTION, LINE_SUBSCRIPTION, LINE_SUBSCRIPTION_REF,
	LINE_LOCATION, LINE_LOCATION_NUMBER, LINE_LOCATION_NAME, LINE_USER,
	LINE_COST_CENTRE, LINE_FROM, LINE_TO, LINE_UNIT, LINE_QUANTITY,
	LINE_BASE_QUANTITY, LINE_UNIT_PRICE, LINE_NET, LINE_VAT_RATE, LINE_VAT,
	LINE_AMOUNT, LINE__COLS };
enum { OWNER_COMPANY, OWNER_ISSUER_COUNTRY, OWNER__COLS };
enum { Q_INVOICE_COMPANY, Q_INVOICE_GET, Q_INVOICE_LINES, Q_INVOICE_CREDIT_NOTES };
static struct stmt stmts[] = {
	[Q_INVOICE_COMPANY] = STMT("invoice.company", "i", OWNER__COLS,
	    "SELECT i.company_id, s.country FROM invoices i JOIN issuers s"
	    " ON s.id = i.issuer_id WHERE i.id = ?"),
	[Q_INVOICE_GET] = STMT("invoice.get", "ii", INV__COLS,
	    "SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	    " i.invoice_date, i.due_date, i.currency, i.payment_ref, i.net, i.vat, i.total,"
	    " i.paid, s.name, s.orgnr, s.vat_id, s.street, s.postcode, s.city, s.country,"
	    " s.bank_account, s.iban, s.bic, s.email, a.number, i.customer_name,"
	    " i.customer_orgnr, i.customer_street, i.customer_postcode, i.customer_city,"
	    " i.customer_country, i.credits_id, o.number, o.invoice_date, i.credited"
	    " FROM invoices i JOIN issuers s ON s.id = i.issuer_id"
	    " JOIN billing_accounts a ON a.id = i.billing_account_id"
	    " LEFT JOIN invoices o ON o.id = i.credits_id"
	    " WHERE i.id = ? AND i.company_id = ?"),
	[Q_INVOICE_LINES] = STMT("invoice.lines", "i", LINE__COLS,
	    "SELECT l.line_no, l.description, l.subscription_id, l.subscription_ref,"
	    " l.location_id, loc.number, loc.name, l.user_name, l.cost_centre,"
	    " l.period_from, l.period_to, l.unit, l.quantity, l.base_quantity, l.unit_price,"
	    " l.net, l.vat_rate, l.vat, l.amount"
	    " FROM invoice_lines l LEFT JOIN locations loc ON loc.id = l.location_id"
	    " WHERE l.invoice_id = ? ORDER BY l.line_no"),
	[Q_INVOICE_CREDIT_NOTES] = STMT("invoice.credit_notes", "ii", CN__COLS,
	    "SELECT id, number, invoice_date, total FROM invoices"
	    " WHERE credits_id = ? AND company_id = ? ORDER BY id"),
};

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

	if ((rc = db_run(db, &stmts[Q_INVOICE_LINES], id)) < 0)
		return rc;
	while ((rc = db_fetch(db, &stmts[Q_INVOICE_LINES], &row)) == 1) {
		l = x_el(list, "line");
		x_attr(l, "no", row.col[LINE_NO]);
		x_text(l, "description", row.col[LINE_DESCRIPTION]);
		if (row.col[LINE_SUBSCRIPTION_REF] != NULL) {
			e = x_el(l, "subscription");
			if (row.col[LINE_SUBSCRIPTION] != NULL)
				x_attr(e, "id", row.col[LINE_SUBSCRIPTION]);
			x_text(e, "ref", row.col[LINE_SUBSCRIPTION_REF]);
		}
		if (row.col[LINE_LOCATION] != NULL && row.col[LINE_LOCATION_NUMBER] != NULL) {
			e = x_el(l, "location");
			x_attr(e, "id", row.col[LINE_LOCATION]);
			x_text(e, "number", row.col[LINE_LOCATION_NUMBER]);
			x_text(e, "name", row.col[LINE_LOCATION_NAME]);
		}
		opt(l, "user", row.col[LINE_USER]);
		opt(l, "cost-centre", row.col[LINE_COST_CENTRE]);
		x_text(l, "from", row.col[LINE_FROM]);
		x_text(l, "to", row.col[LINE_TO]);
		e = x_text(l, "quantity", row.col[LINE_QUANTITY]);
		x_attr(e, "unit", row.col[LINE_UNIT]);
		x_text(l, "base-quantity", row.col[LINE_BASE_QUANTITY]);
		x_text(l, "unit-price", row.col[LINE_UNIT_PRICE]);
		x_text(l, "net", row.col[LINE_NET]);
		x_text(l, "vat-rate", row.col[LINE_VAT_RATE]);
		x_text(l, "vat", row.col[LINE_VAT]);
		x_text(l, "amount", row.col[LINE_AMOUNT]);
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

/* An invoice names its credit notes, each with its date and total. */
static int
credit_notes(struct db *db, xmlNodePtr inv, long long company, long long id)
{
	struct dbrow row;
	xmlNodePtr e;
	int rc;

	if ((rc = db_run(db, &stmts[Q_INVOICE_CREDIT_NOTES], id, company)) < 0)
		return rc;
	while ((rc = db_fetch(db, &stmts[Q_INVOICE_CREDIT_NOTES], &row)) == 1) {
		e = x_text(inv, "credited-by", row.col[CN_NUMBER]);
		x_attr(e, "id", row.col[CN_ID]);
		x_attr(e, "date", row.col[CN_DATE]);
		x_attr(e, "total", row.col[CN_TOTAL]);
	}
	return rc < 0 ? rc : 1;
}

int
invoice_el(struct db *db, xmlNodePtr parent, long long company, long long id,
    char *number, size_t len)
{
	xmlNodePtr inv, e;
	struct dbrow row;
	int rc;

	if ((rc = db_one(db, &stmts[Q_INVOICE_GET], &row, id, company)) <= 0)
		return rc;
	snprintf(number, len, "%s", row.col[INV_NUMBER]);
	inv = x_el(parent, "invoice");
	x_attr(inv, "id", row.col[INV_ID]);
	x_attr(inv, "kind", strcmp(row.col[INV_KIND], "credit_note") == 0 ?
	    "credit-note" : "invoice");
	x_attr(inv, "status", strcmp(row.col[INV_STATUS], "partly_paid") == 0 ?
	    "partly-paid" : row.col[INV_STATUS]);
	x_attr(inv, "overdue", strcmp(row.col[INV_OVERDUE], "1") == 0 ? "yes" : "no");
	x_text(inv, "number", row.col[INV_NUMBER]);
	x_text(inv, "period", row.col[INV_PERIOD]);
	x_text(inv, "date", row.col[INV_DATE]);
	x_text(inv, "due", row.col[INV_DUE]);
	x_text(inv, "currency", row.col[INV_CURRENCY]);
	x_text(inv, "payment-ref", row.col[INV_PAYMENT_REF]);
	if (row.col[INV_CREDITS_ID] != NULL) {
		e = x_text(inv, "credits", row.col[INV_CREDITS_NUMBER]);
		x_attr(e, "id", row.col[INV_CREDITS_ID]);
		x_attr(e, "date", row.col[INV_CREDITS_DATE]);
	}
	e = x_el(inv, "issuer");
	x_text(e, "name", row.col[INV_ISSUER_NAME]);
	x_text(e, "orgnr", row.col[INV_ISSUER_ORGNR]);
	x_text(e, "vat-id", row.col[INV_ISSUER_VAT_ID]);
	x_text(e, "street", row.col[INV_ISSUER_STREET]);
	x_text(e, "postcode", row.col[INV_ISSUER_POSTCODE]);
	x_text(e, "city", row.col[INV_ISSUER_CITY]);
	x_text(e, "country", row.col[INV_ISSUER_COUNTRY]);
	opt(e, "bank-account", row.col[INV_ISSUER_BANK_ACCOUNT]);
	opt(e, "iban", row.col[INV_ISSUER_IBAN]);
	opt(e, "bic", row.col[INV_ISSUER_BIC]);
	opt(e, "email", row.col[INV_ISSUER_EMAIL]);
	e = x_el(inv, "customer");
	x_attr(e, "account", row.col[INV_ACCOUNT]);
	x_text(e, "name", row.col[INV_CUSTOMER_NAME]);
	x_text(e, "orgnr", row.col[INV_CUSTOMER_ORGNR]);
	x_text(e, "street", row.col[INV_CUSTOMER_STREET]);
	x_text(e, "postcode", row.col[INV_CUSTOMER_POSTCODE]);
	x_text(e, "city", row.col[INV_CUSTOMER_CITY]);
	x_text(e, "country", row.col[INV_CUSTOMER_COUNTRY]);
	/* The header's sums, kept before the lines' statement runs. */
	{
		char net[32], vat[32], total[32], paid[32], rest[32], credited[32] = "";

		snprintf(net, sizeof(net), "%s", row.col[INV_NET]);
		snprintf(vat, sizeof(vat), "%s", row.col[INV_VAT]);
		snprintf(total, sizeof(total), "%s", row.col[INV_TOTAL]);
		snprintf(paid, sizeof(paid), "%s", row.col[INV_PAID]);
		snprintf(rest, sizeof(rest), "%s", row.col[INV_REMAINING]);
		if (row.col[INV_CREDITS_ID] == NULL)
			snprintf(credited, sizeof(credited), "%s", row.col[INV_CREDITED]);
		if ((rc = lines(db, inv, id)) < 0)
			return rc;
		vat_summary(inv, xmlGetLastChild(inv));
		x_text(inv, "net", net);
		x_text(inv, "vat", vat);
		x_text(inv, "total", total);
		x_text(inv, "paid", paid);
		opt(inv, "credited", credited);
		x_text(inv, "remaining", rest);
	}
	return credit_notes(db, inv, company, id);
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

	if ((rc = db_one(db, &stmts[Q_INVOICE_COMPANY], &row, id)) <= 0)
		return rc;
	parse_int(row.col[OWNER_COMPANY], 1, INT64_MAX, &company);
	/* The issuer's language: a Danish invoice is in Danish. */
	*lang = strcmp(row.col[OWNER_ISSUER_COUNTRY], "NO") == 0 ? "nb" :
	    strcmp(row.col[OWNER_ISSUER_COUNTRY], "DK") == 0 ? "da" : "en";
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

/* The invoice document's statements (its pages are the invoices area's). */
const struct module invoice_module = {
	.name = "invoice", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
