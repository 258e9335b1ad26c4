/*
 * Invoices: the company's and a location's invoices by year,
 * one invoice specified per subscription, its CSV, PDF and EHF (UBL 2.1),
 * and the e-invoice addresses with their unsubscribe link. Every query
 * carries the active company: another company's invoice is 404 whatever
 * the URL asks for.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "billing/billing.h"
#include "core/conf.h"
#include "core/csv.h"
#include "core/clock.h"
#include "core/db.h"
#include "billing/invoice.h"
#include "core/page.h"
#include "portal/portal.h"
#include "billing/pdf.h"
#include "core/render.h"
#include "core/route.h"
#include "core/util.h"
#include "core/module.h"

#define EINVOICE_MAX	20	/* addresses per company */

enum { YEARS_YEAR, YEARS__COLS };
enum { LOC_ID, LOC_NUMBER, LOC_NAME, LOC__COLS };
/* A row of the lists; a location's list adds the location's share. */
enum { INVS_ID, INVS_NUMBER, INVS_KIND, INVS_STATUS, INVS_OVERDUE, INVS_REMAINING,
	INVS_PERIOD, INVS_DATE, INVS_DUE, INVS_CURRENCY, INVS_TOTAL, INVS__COLS };
enum { LOCINVS_AMOUNT = INVS__COLS, LOCINVS__COLS };
enum { RCPT_ID, RCPT_EMAIL, RCPT_ADDED, RCPT_ADDED_BY, RCPT__COLS };
/* The address an unsubscribe link names, with its company. */
enum { UNSUB_ID, UNSUB_EMAIL, UNSUB_COMPANY_NAME, UNSUB_COMPANY, UNSUB__COLS };
enum { Q_INVOICE_YEARS, Q_LOCATION_OF_COMPANY, Q_INVOICES_OF_COMPANY,
	Q_INVOICES_OF_LOCATION, Q_EINVOICE_LIST, Q_EINVOICE_ADD, Q_EINVOICE_DEL,
	Q_EINVOICE_GET, Q_EINVOICE_DEL_ID, Q_INVOICES_LATEST };
static struct stmt stmts[] = {
	[Q_INVOICE_YEARS] = STMT("invoices.years", "i", YEARS__COLS,
	    "SELECT DISTINCT YEAR(invoice_date) FROM invoices WHERE company_id = ?"
	    " ORDER BY 1 DESC"),
	[Q_LOCATION_OF_COMPANY] = STMT("invoices.location", "ii", LOC__COLS,
	    "SELECT id, number, name FROM locations WHERE id = ? AND company_id = ?"),
	[Q_INVOICES_OF_COMPANY] = STMT("invoices.of_company", "iss", INVS__COLS,
	    "SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	    " i.invoice_date, i.due_date, i.currency, i.total"
	    " FROM invoices i WHERE i.company_id = ? AND i.invoice_date >= ?"
	    " AND i.invoice_date < ? ORDER BY i.invoice_date DESC, i.id DESC LIMIT 1000"),
	/* The location's share is the sum of its lines. */
	[Q_INVOICES_OF_LOCATION] = STMT("invoices.of_location", "iiss", LOCINVS__COLS,
	    "SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	    " i.invoice_date, i.due_date, i.currency, i.total, SUM(l.amount)"
	    " FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id"
	    " WHERE l.location_id = ? AND i.company_id = ? AND i.invoice_date >= ?"
	    " AND i.invoice_date < ? GROUP BY i.id"
	    " ORDER BY i.invoice_date DESC, i.id DESC LIMIT 1000"),
	[Q_EINVOICE_LIST] = STMT("invoices.einvoice_list", "i", RCPT__COLS,
	    "SELECT r.id, r.email, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%s'), u.name"
	    " FROM einvoice_recipients r LEFT JOIN users u ON u.id = r.added_by"
	    " WHERE r.company_id = ? ORDER BY r.email"),
	[Q_EINVOICE_ADD] = STMT("invoices.einvoice_add", "isI", 0,
	    "INSERT INTO einvoice_recipients (company_id, email, added_by) VALUES (?, ?, ?)"),
	[Q_EINVOICE_DEL] = STMT("invoices.einvoice_remove", "ii", 0,
	    "DELETE FROM einvoice_recipients WHERE id = ? AND company_id = ?"),
	[Q_EINVOICE_GET] = STMT("invoices.einvoice_get", "i", UNSUB__COLS,
	    "SELECT r.id, r.email, c.name, r.company_id FROM einvoice_recipients r"
	    " JOIN companies c ON c.id = r.company_id WHERE r.id = ?"),
	[Q_EINVOICE_DEL_ID] = STMT("invoices.einvoice_unsubscribe", "i", 0,
	    "DELETE FROM einvoice_recipients WHERE id = ?"),
	[Q_INVOICES_LATEST] = STMT("invoices.latest", "ii", INVS__COLS,
	    "SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	    " i.invoice_date, i.due_date, i.currency, i.total"
	    " FROM invoices i WHERE i.company_id = ?"
	    " ORDER BY i.invoice_date DESC, i.id DESC LIMIT ?"),
};

const struct field invoices_fields[] = {
	{ "year", V_YEAR, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field einvoice_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ NULL, V_TEXT, 0 },
};

static const struct field unsubscribe_fields[] = {
	{ "r", V_ID, 0 },
	{ "t", V_TOKEN, 0 },
	{ NULL, V_TEXT, 0 },
};

/* ---- the lists ---- */

/* <years> with every year that has invoices; the year shown (the asked
 * one, else the newest, else this one) in *year. */
static int
years(struct ctx *c, xmlNodePtr list, long long *year)
{
	const char *asked = in_get(c, "year");
	xmlNodePtr ys = x_el(list, "years");
	struct dbrow row;
	long long y = 0;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_INVOICE_YEARS], c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_INVOICE_YEARS], &row)) == 1) {
		x_text(ys, "year", row.col[YEARS_YEAR]);
		if (y == 0)
			parse_int(row.col[YEARS_YEAR], 2000, 2100, &y);
	}
	if (rc < 0)
		return rc;
	if (asked != NULL)
		parse_int(asked, 2000, 2100, &y);
	if (y == 0) {
		char today[11];

		if ((rc = clock_today(c->db, today)) < 0)
			return rc;
		today[4] = '\0';	/* the year */
		parse_int(today, 2000, 2100, &y);
	}
	*year = y;
	x_attr_int(list, "year", y);
	return DB_OK;
}

static void
invoice_row(xmlNodePtr list, struct dbrow *row)
{
	xmlNodePtr e = x_el(list, "invoice");

	x_attr(e, "id", row->col[INVS_ID]);
	x_attr(e, "kind", strcmp(row->col[INVS_KIND], "credit_note") == 0 ?
	    "credit-note" : "invoice");
	x_attr(e, "status", strcmp(row->col[INVS_STATUS], "partly_paid") == 0 ?
	    "partly-paid" : row->col[INVS_STATUS]);
	x_attr(e, "overdue", strcmp(row->col[INVS_OVERDUE], "1") == 0 ? "yes" : "no");
	x_text(e, "number", row->col[INVS_NUMBER]);
	x_text(e, "period", row->col[INVS_PERIOD]);
	x_text(e, "date", row->col[INVS_DATE]);
	x_text(e, "due", row->col[INVS_DUE]);
	x_text(e, "currency", row->col[INVS_CURRENCY]);
	x_text(e, "total", row->col[INVS_TOTAL]);
	x_text(e, "remaining", row->col[INVS_REMAINING]);
	if (row->n == LOCINVS__COLS)
		x_text(e, "location-amount", row->col[LOCINVS_AMOUNT]);
}

static int
list_page(struct ctx *c, struct stmt *st, long long location)
{
	xmlNodePtr list, e;
	struct dbrow row;
	long long year;
	char from[32], to[32];
	int rc;

	page_begin(c, "invoices");
	list = x_el(c->root, "invoices");
	if (location != 0) {
		/* The location, of this company (the dispatcher checked). */
		if ((rc = db_one(c->db, &stmts[Q_LOCATION_OF_COMPANY], &row, location,
		    c->co.id)) <= 0)
			return rc < 0 ? page_db_status(rc) : 404;
		e = x_el(list, "location");
		x_attr_int(e, "id", location);
		x_text(e, "number", row.col[LOC_NUMBER]);
		x_text(e, "name", row.col[LOC_NAME]);
	}
	if ((rc = years(c, list, &year)) < 0)
		return page_db_status(rc);
	snprintf(from, sizeof(from), "%lld-01-01", year);
	snprintf(to, sizeof(to), "%lld-01-01", year + 1);
	rc = location ? db_run(c->db, st, location, c->co.id, from, to) :
	    db_run(c->db, st, c->co.id, from, to);
	if (rc < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, st, &row)) == 1)
		invoice_row(list, &row);
	return rc < 0 ? page_db_status(rc) : 0;
}

int
invoices_get(struct ctx *c)
{
	return list_page(c, &stmts[Q_INVOICES_OF_COMPANY], 0);
}

int
invoices_latest(struct ctx *c, xmlNodePtr parent, long long limit)
{
	xmlNodePtr list = x_el(parent, "invoices");
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_INVOICES_LATEST], c->co.id, limit)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_INVOICES_LATEST], &row)) == 1)
		invoice_row(list, &row);
	return rc;
}

static int
invoices_of_location_get(struct ctx *c)
{
	return list_page(c, &stmts[Q_INVOICES_OF_LOCATION], c->ids[0]);
}

/* ---- one invoice ---- */

/* The invoice page's document; number gets the invoice's number. */
static int
invoice_page(struct ctx *c, char *number, size_t len)
{
	int rc;

	page_begin(c, "invoice");
	rc = invoice_el(c->db, c->root, c->co.id, c->ids[1], number, len);
	return rc < 0 ? page_db_status(rc) : rc == 0 ? 404 : 0;
}

static int
invoices_invoice_get(struct ctx *c)
{
	char number[24];

	return invoice_page(c, number, sizeof(number));
}

/* The text of child name of n ("" if none). */
static const char *
child(xmlNodePtr n, const char *name, char *out, size_t len)
{
	xmlNodePtr e;

	out[0] = '\0';
	for (e = n ? n->children : NULL; e != NULL; e = e->next)
		if (e->type == XML_ELEMENT_NODE && strcmp((const char *)e->name, name) == 0) {
			xmlChar *t = xmlNodeGetContent(e);

			snprintf(out, len, "%s", t ? (const char *)t : "");
			xmlFree(t);
			break;
		}
	return out;
}

/* The specification as CSV (csv.h): one row per line, the quantities and
 * amounts numbers, the dates ISO text (a date to every spreadsheet). */
static int
invoices_csv_get(struct ctx *c)
{
	static const char *const head[] = { "invoice", "line", "subscription", "user",
	    "location", "location_name", "cost_centre", "description", "from", "to",
	    "quantity", "unit", "base_quantity", "unit_price", "net", "vat_rate", "vat",
	    "amount", "currency", NULL };
	static const char *const texts[] = { "description", "from", "to", NULL };
	static const char *const numbers[] = { "base-quantity", "unit-price", "net",
	    "vat-rate", "vat", "amount", NULL };
	char number[24], v[256], name[64];
	struct buf b = { 0 };
	struct csv csv;
	xmlNodePtr inv, l, q;
	xmlChar *no, *unit;
	size_t i;
	int rc;

	if ((rc = invoice_page(c, number, sizeof(number))) != 0)
		return rc;
	inv = x_child(c->root, "invoice");
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	for (l = x_child(x_child(inv, "lines"), "line"); l != NULL; l = l->next) {
		no = xmlGetProp(l, BAD_CAST "no");
		q = x_child(l, "quantity");
		unit = q ? xmlGetProp(q, BAD_CAST "unit") : NULL;
		csv_text(&csv, number);
		csv_number(&csv, (const char *)no);
		csv_text(&csv, child(x_child(l, "subscription"), "ref", v, sizeof(v)));
		csv_text(&csv, child(l, "user", v, sizeof(v)));
		csv_text(&csv, child(x_child(l, "location"), "number", v, sizeof(v)));
		csv_text(&csv, child(x_child(l, "location"), "name", v, sizeof(v)));
		csv_text(&csv, child(l, "cost-centre", v, sizeof(v)));
		for (i = 0; texts[i] != NULL; i++)
			csv_text(&csv, child(l, texts[i], v, sizeof(v)));
		csv_number(&csv, child(l, "quantity", v, sizeof(v)));
		csv_text(&csv, (const char *)unit);
		for (i = 0; numbers[i] != NULL; i++)
			csv_number(&csv, child(l, numbers[i], v, sizeof(v)));
		csv_text(&csv, child(inv, "currency", v, sizeof(v)));
		csv_end(&csv);
		xmlFree(no);
		xmlFree(unit);
	}
	snprintf(name, sizeof(name), "invoice-%s.csv", number);
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

static int
invoices_pdf_get(struct ctx *c)
{
	char number[24], name[64];
	struct buf b = { 0 };
	int rc;

	if ((rc = invoice_page(c, number, sizeof(number))) != 0)
		return rc;
	if (pdf_invoice_child(c->doc, c->lang, &b) == -1) {
		buf_free(&b);
		return 500;
	}
	snprintf(name, sizeof(name), "invoice-%s.pdf", number);
	rc = page_send(c, 200, "application/pdf", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

static int
invoices_ehf_get(struct ctx *c)
{
	char number[24], name[64];
	int rc;

	if ((rc = invoice_page(c, number, sizeof(number))) != 0)
		return rc;
	snprintf(name, sizeof(name), "ehf-%s.xml", number);
	return render_sheet(c, "ehf", "application/xml; charset=utf-8", name);
}

/* ---- e-invoice addresses ---- */

static int
einvoice_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_EINVOICE_LIST], c->co.id)) < 0)
		return page_db_status(rc);
	page_begin(c, "einvoice");
	list = x_el(c->root, "einvoice");
	x_attr_int(list, "max", EINVOICE_MAX);
	while ((rc = db_fetch(c->db, &stmts[Q_EINVOICE_LIST], &row)) == 1) {
		e = x_el(list, "recipient");
		x_attr(e, "id", row.col[RCPT_ID]);
		x_text(e, "email", row.col[RCPT_EMAIL]);
		x_time(e, "added", c->co.time_zone, row.col[RCPT_ADDED]);
		x_text(e, "added-by", row.col[RCPT_ADDED_BY]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "add");
	return 0;
}

static int
invoices_einvoice_get(struct ctx *c)
{
	xmlNodePtr f;

	return einvoice_page(c, &f);
}

struct einvoice_add {
	const char	*email;
	long long	 count;
};

static int
einvoice_add_txn(struct ctx *c, void *arg)
{
	struct einvoice_add *a = arg;
	xmlNodePtr list = x_child(c->root, "einvoice"), e;
	int rc;

	/* Counted from the page just built, inside the transaction's view. */
	a->count = 0;
	for (e = list ? list->children : NULL; e != NULL; e = e->next)
		a->count++;
	if (a->count >= EINVOICE_MAX)
		return 422;
	rc = db_run(c->db, &stmts[Q_EINVOICE_ADD], c->co.id, a->email, c->sess.user_id);
	if (rc == DB_DUPLICATE)
		return 409;
	if (rc < 0 || (rc = page_audit(c, "einvoice-add", "einvoice",
	    db_insert_id(c->db, &stmts[Q_EINVOICE_ADD]), a->email)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/einvoice?done=einvoice-added", c->co.id);
	return DB_OK;
}

static int
invoices_einvoice_post(struct ctx *c)
{
	struct einvoice_add a = { in_get(c, "email"), 0 };
	const char *raw = form_raw(c, "email");
	xmlNodePtr f;
	int rc;

	if ((rc = einvoice_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "email");
	if (a.email == NULL) {
		form_error(f, "email", raw && *raw ? "invalid" : "required");
		c->status = 400;
		return 0;
	}
	rc = page_change(c, einvoice_add_txn, &a);
	if (rc == 409 || rc == 422) {
		form_error(f, "email", rc == 409 ? "duplicate" : "too-many");
		c->status = rc;
		return 0;
	}
	return rc;
}

static int
einvoice_remove_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = db_run(c->db, &stmts[Q_EINVOICE_DEL], c->ids[1], c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_EINVOICE_DEL]) != 1)
		return 404;
	if ((rc = page_audit(c, "einvoice-remove", "einvoice", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/einvoice?done=einvoice-removed", c->co.id);
	return DB_OK;
}

static int
invoices_einvoice_remove_post(struct ctx *c)
{
	return page_change(c, einvoice_remove_txn, NULL);
}

/*
 * Unsubscribe from the link in an e-invoice mail, without logging in: the
 * link's token is checked; GET shows what will stop, POST stops it and
 * redirects to the confirmation. A mail client's one-click POST to the link
 * itself (List-Unsubscribe-Post, RFC 8058) stops it at once and gets the
 * confirmation. A bad or used link says so, without telling whether the
 * address exists.
 */
struct unsubscribe {
	long long	 id, company;
	char		 email[255];
};

static int
unsubscribe_page(struct ctx *c, struct unsubscribe *u)
{
	const char *r = in_get(c, "r"), *t = in_get(c, "t"), *done = in_get(c, "done");
	xmlNodePtr e;
	struct dbrow row;
	char token[44];
	int rc;

	page_begin(c, "einvoice-unsubscribe");
	e = x_el(c->root, "unsubscribe");
	u->id = 0;
	if (r == NULL && t == NULL && done != NULL &&
	    strcmp(done, "einvoice-unsubscribed") == 0) {
		x_attr(e, "state", "unsubscribed");
		return 0;
	}
	if (r == NULL || t == NULL || parse_int(r, 1, INT64_MAX, &u->id) == -1) {
		x_attr(e, "state", "invalid");
		c->status = 404;
		return 0;
	}
	if ((rc = db_one(c->db, &stmts[Q_EINVOICE_GET], &row, u->id)) < 0)
		return page_db_status(rc);
	if (rc == 1)
		einvoice_token(c->conf->secret, u->id, row.col[UNSUB_EMAIL], token);
	if (rc == 0 || !auth_token_equal(token, t)) {
		x_attr(e, "state", "invalid");
		c->status = 404;
		u->id = 0;
		return 0;
	}
	snprintf(u->email, sizeof(u->email), "%s", row.col[UNSUB_EMAIL]);
	parse_int(row.col[UNSUB_COMPANY], 1, INT64_MAX, &u->company);
	x_attr(e, "state", "subscribed");
	x_text(e, "email", row.col[UNSUB_EMAIL]);
	x_text(e, "company", row.col[UNSUB_COMPANY_NAME]);
	x_text(e, "r", r);
	x_text(e, "t", t);
	return 0;
}

static int
invoices_unsubscribe_get(struct ctx *c)
{
	struct unsubscribe u;

	return unsubscribe_page(c, &u);
}

static int
unsubscribe_txn(struct ctx *c, void *arg)
{
	struct unsubscribe *u = arg;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_EINVOICE_DEL_ID], u->id)) < 0)
		return rc;
	/* The company's audit log shows who stopped the mails (no user). */
	c->co.id = u->company;
	rc = page_audit(c, "einvoice-unsubscribe", "einvoice", u->id, u->email);
	c->co.id = 0;
	if (rc < 0)
		return rc;
	page_redirect(c, "/einvoice/unsubscribe?done=einvoice-unsubscribed");
	return DB_OK;
}

static int
invoices_unsubscribe_post(struct ctx *c)
{
	struct unsubscribe u;
	int rc;

	if ((rc = unsubscribe_page(c, &u)) != 0 || u.id == 0)
		return rc;
	rc = page_change(c, unsubscribe_txn, &u);
	/* One click (RFC 8058): the mail client gets the confirmation itself,
	 * never a redirect. */
	if (rc == 303 && c->one_click) {
		page_begin(c, "einvoice-unsubscribe");
		x_attr(x_el(c->root, "unsubscribe"), "state", "unsubscribed");
		return 0;
	}
	return rc;
}

static const struct route routes[] = {
	{ "/companies/#/invoices", R_COMPANY, "invoices", invoices_get, invoices_fields,
	    NULL, NULL, "invoices" },
	{ "/locations/#/invoices", R_LOCATION, "invoices", invoices_of_location_get,
	    invoices_fields, NULL, NULL, "invoices" },
	{ "/companies/#/invoices/#", R_COMPANY, "invoice", invoices_invoice_get, NULL,
	    NULL, NULL, "invoices" },
	{ "/companies/#/invoices/#/specification.csv", R_COMPANY, NULL, invoices_csv_get,
	    NULL, NULL, NULL, "invoices" },
	{ "/companies/#/invoices/#/invoice.pdf", R_COMPANY, NULL, invoices_pdf_get, NULL,
	    NULL, NULL, "invoices" },
	{ "/companies/#/invoices/#/ehf", R_COMPANY, NULL, invoices_ehf_get, NULL, NULL,
	    NULL, "invoices" },
	{ "/companies/#/einvoice", R_COMPANY | R_ONCE, "einvoice", invoices_einvoice_get,
	    NULL, invoices_einvoice_post, einvoice_fields, "invoices" },
	{ "/companies/#/einvoice/#/remove", R_COMPANY, "einvoice", NULL, NULL,
	    invoices_einvoice_remove_post, NULL, "invoices" },
	/* The link in every e-invoice mail: no login, its keyed hash decides. */
	{ "/einvoice/unsubscribe", R_ANON_CSRF | R_ONE_CLICK, "einvoice-unsubscribe",
	    invoices_unsubscribe_get, unsubscribe_fields, invoices_unsubscribe_post,
	    unsubscribe_fields, NULL },
};

static const char *const pages[] = { "invoices", "invoice", "einvoice",
	"einvoice-unsubscribe", NULL };
static const char *const flashes[] = { "einvoice-added", "einvoice-removed",
	"einvoice-unsubscribed", NULL };
static const struct menu_item menu[] = {
	{ "/invoices", "nav.invoices", "invoices" },
	{ NULL, NULL, NULL },
};

const struct module invoices_module = {
	.name = "invoices", .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
