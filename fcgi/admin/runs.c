/*
 * The back office's billing (role "billing", admin/roles.c): the periods
 * billed and the billing runs started here; a period's preview, worked out
 * by the billing run's own code without writing (billing_period, dry); a
 * run started from it, queued for a process outside the request
 * (billing/queue.h) and followed on its page, with the invoices it made
 * and the mails they went out with; an invoice as staff see it, with its
 * lines, payments and credit notes, its PDF as the customer gets it, and
 * a credit note of all of it, of chosen lines or of an amount
 * (billing/credit.c, with its checks: never more than is left).
 *
 * Every change is audited in the company it touches (c->co.id); a run
 * touches many, and is audited as the staff member's.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "billing/billing.h"
#include "billing/credit.h"
#include "billing/invoice.h"
#include "billing/pdf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define RUNS_SHOWN	50	/* the latest runs on the billing page */
#define PERIODS_SHOWN	36	/* and the latest periods billed */
#define CURRENCIES	4	/* a preview's totals, one per currency */

#define TIME(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%s')"
enum { RUN_ID, RUN_PERIOD, RUN_DATE, RUN_STATE, RUN_ACCOUNTS, RUN_DONE, RUN_FAILED,
	RUN_STAFF, RUN_CREATED, RUN_STARTED, RUN_FINISHED, RUN_INVOICES, RUN__COLS };
enum { BILLED_PERIOD, BILLED_CURRENCY, BILLED_INVOICES, BILLED_TOTAL, BILLED__COLS };
enum { RI_ID, RI_NUMBER, RI_COMPANY, RI_NAME, RI_TOTAL, RI_CURRENCY, RI_MAILS,
	RI_SENT, RI__COLS };
enum { INV_COMPANY, INV_NUMBER, INV_KIND, INV__COLS };
enum { PAY_AMOUNT, PAY_DATE, PAY_REF, PAY__COLS };

enum { Q_RUNS, Q_RUN, Q_BILLED, Q_RUN_ADD, Q_RUN_INVOICES, Q_INVOICE, Q_PAYMENTS };
#define RUN_COLS \
	"SELECT r.id, r.period, DATE_FORMAT(r.invoice_date, '%Y-%m-%d'), r.state," \
	" r.accounts, r.accounts_done, r.accounts_failed, s.name, " TIME("r.created_at") \
	", " TIME("r.started_at") ", " TIME("r.finished_at") "," \
	" (SELECT COUNT(*) FROM invoices i WHERE i.billing_run_id = r.id)" \
	" FROM billing_runs r LEFT JOIN staff s ON s.id = r.staff_id"
static struct stmt stmts[] = {
	[Q_RUNS] = STMT("runs.list", "i", RUN__COLS,
	    RUN_COLS " ORDER BY r.id DESC LIMIT ?"),
	[Q_RUN] = STMT("runs.get", "i", RUN__COLS, RUN_COLS " WHERE r.id = ?"),
	[Q_BILLED] = STMT("runs.billed", "i", BILLED__COLS,
	    "SELECT period_key, currency, COUNT(*), SUM(total) FROM invoices"
	    " WHERE kind = 'invoice' AND period_key IS NOT NULL"
	    " GROUP BY period_key, currency ORDER BY period_key DESC, currency LIMIT ?"),
	/* The unique key on active_period refuses a second run of a period
	 * while one is queued or running. */
	[Q_RUN_ADD] = STMT("runs.add", "sssi", 0,
	    "INSERT INTO billing_runs (period, invoice_date, active_period, staff_id)"
	    " VALUES (?, ?, ?, ?)"),
	[Q_RUN_INVOICES] = STMT("runs.invoices", "i", RI__COLS,
	    "SELECT i.id, i.number, i.company_id, i.customer_name, i.total, i.currency,"
	    " (SELECT COUNT(*) FROM mail_outbox m WHERE m.invoice_id = i.id),"
	    " (SELECT COUNT(*) FROM mail_outbox m WHERE m.invoice_id = i.id"
	    "  AND m.sent_at IS NOT NULL)"
	    " FROM invoices i WHERE i.billing_run_id = ? ORDER BY i.number, i.id"),
	[Q_INVOICE] = STMT("runs.invoice", "i", INV__COLS,
	    "SELECT company_id, number, kind FROM invoices WHERE id = ?"),
	[Q_PAYMENTS] = STMT("runs.payments", "i", PAY__COLS,
	    "SELECT amount, DATE_FORMAT(paid_on, '%Y-%m-%d'), reference FROM payments"
	    " WHERE invoice_id = ? ORDER BY paid_on, id"),
};
#undef RUN_COLS
#undef TIME

static const struct field period_fields[] = {
	{ "period", V_TEXT, 7 },
	{ NULL, V_TEXT, 0 },
};

static const struct field credit_fields[] = {
	{ "what", V_WORD, 0 },
	{ "lines", V_TEXT, 200 },
	{ "amount", V_TEXT, 20 },
	{ NULL, V_TEXT, 0 },
};

/* A money column as the pages have it: canonical, "799.00". */
static void
x_amount(xmlNodePtr parent, const char *name, long long minor)
{
	char s[32];

	money_canonical(s, sizeof(s), minor);
	x_text(parent, name, s);
}

/* The period asked for: a real month, or why not (NULL: none asked). */
static const char *
period_of(const struct ctx *c, const char **period)
{
	int y, m, days;

	*period = in_get(c, "period");
	if (*period == NULL && form_raw(c, "period") == NULL)
		return NULL;
	if (*period == NULL || (*period)[0] == '\0')
		return "required";
	if (bill_period(*period, &y, &m, &days) == -1)
		return "invalid";
	return NULL;
}

/* ---- the billing page: periods billed, runs, a period's preview ---- */

static void
run_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, "run");

	x_attr(e, "id", row->col[RUN_ID]);
	x_attr(e, "state", row->col[RUN_STATE]);
	x_text(e, "period", row->col[RUN_PERIOD]);
	x_text(e, "invoice-date", row->col[RUN_DATE]);
	x_text(e, "accounts", row->col[RUN_ACCOUNTS]);
	x_text(e, "accounts-done", row->col[RUN_DONE]);
	x_text(e, "accounts-failed", row->col[RUN_FAILED]);
	x_text(e, "invoices", row->col[RUN_INVOICES]);
	x_text(e, "staff", row->col[RUN_STAFF]);
	x_time(e, "created", NULL, row->col[RUN_CREATED]);
	x_time(e, "started", NULL, row->col[RUN_STARTED]);
	x_time(e, "finished", NULL, row->col[RUN_FINISHED]);
}

/* The preview's figures: an <account> each, totals per currency. */
struct preview {
	xmlNodePtr	 list;
	struct {
		char		 currency[4];
		long long	 accounts, lines, net, vat, total;
	}		 sum[CURRENCIES];
	size_t		 nsum;
};

static void
preview_account(void *arg, const struct bill_account *a)
{
	struct preview *p = arg;
	xmlNodePtr e;
	size_t i;

	if (a->lines == 0 && !a->failed)
		return;		/* billed already, or nothing in its currency */
	e = x_el(p->list, "account");
	x_attr_int(e, "id", a->account);
	if (a->failed) {
		x_attr(e, "failed", "yes");
		return;
	}
	x_attr_int(e, "company", a->company);
	x_text(e, "company-name", a->name);
	x_text(e, "currency", a->currency);
	x_attr_int(x_el(e, "lines"), "n", a->lines);
	x_amount(e, "net", a->net);
	x_amount(e, "vat", a->vat);
	x_amount(e, "total", a->total);
	for (i = 0; i < p->nsum && strcmp(p->sum[i].currency, a->currency) != 0; i++)
		;
	if (i == p->nsum) {
		if (p->nsum == CURRENCIES)
			return;
		snprintf(p->sum[p->nsum++].currency, 4, "%s", a->currency);
	}
	p->sum[i].accounts++;
	p->sum[i].lines += a->lines;
	p->sum[i].net += a->net;
	p->sum[i].vat += a->vat;
	p->sum[i].total += a->total;
}

/* What the period would bill, as the run would make it, nothing written. */
static int
preview_el(struct ctx *c, xmlNodePtr parent, const char *period)
{
	struct preview p;
	struct bill_how how = { 1, 0, preview_account, &p, NULL, 0 };
	FILE *quiet = fopen("/dev/null", "w");
	char today[11];
	xmlNodePtr e, t;
	size_t i;
	int rc;

	if (quiet == NULL)
		return 500;
	if ((rc = clock_today(c->db, today)) != DB_OK) {
		fclose(quiet);
		return page_db_status(rc);
	}
	memset(&p, 0, sizeof(p));
	e = x_el(parent, "preview");
	x_attr(e, "period", period);
	x_attr(e, "invoice-date", today);
	p.list = x_el(e, "accounts");
	rc = billing_period(c->db, c->conf, period, today, &how, quiet);
	fclose(quiet);
	if (rc > 1)
		return rc == EX_TEMPFAIL ? 503 : 500;
	t = x_el(e, "totals");
	for (i = 0; i < p.nsum; i++) {
		xmlNodePtr s = x_el(t, "total");

		x_attr(s, "currency", p.sum[i].currency);
		x_attr_int(s, "accounts", p.sum[i].accounts);
		x_attr_int(s, "lines", p.sum[i].lines);
		x_amount(s, "net", p.sum[i].net);
		x_amount(s, "vat", p.sum[i].vat);
		x_amount(s, "total", p.sum[i].total);
	}
	return 0;
}

static int
billing_page(struct ctx *c, xmlNodePtr *form)
{
	struct dbrow row;
	xmlNodePtr list, e;
	int rc;

	page_begin(c, "admin-billing");
	list = x_el(c->root, "periods");
	if ((rc = db_run(c->db, &stmts[Q_BILLED], (long long)PERIODS_SHOWN)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_BILLED], &row)) == 1) {
		e = x_el(list, "period");
		x_attr(e, "period", row.col[BILLED_PERIOD]);
		x_attr(e, "currency", row.col[BILLED_CURRENCY]);
		x_attr(e, "invoices", row.col[BILLED_INVOICES]);
		x_text(e, "total", row.col[BILLED_TOTAL]);
	}
	if (rc < 0)
		return page_db_status(rc);
	list = x_el(c->root, "runs");
	if ((rc = db_run(c->db, &stmts[Q_RUNS], (long long)RUNS_SHOWN)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_RUNS], &row)) == 1)
		run_el(list, &row);
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "billing");
	return 0;
}

static int
billing_get(struct ctx *c)
{
	const char *period, *why = period_of(c, &period);
	xmlNodePtr f;
	int rc;

	if ((rc = billing_page(c, &f)) != 0)
		return rc;
	if (why != NULL) {
		form_value(f, "period", in_get(c, "period") ? in_get(c, "period") : "");
		form_error(f, "period", why);
		c->status = 400;
		return 0;
	}
	if (period == NULL)
		return 0;
	form_value(f, "period", period);
	return preview_el(c, c->root, period);
}

struct start {
	const char	*period;
	char		 today[11];
};

static int
run_start_txn(struct ctx *c, void *arg)
{
	struct start *s = arg;
	long long id;
	int rc;

	rc = db_run(c->db, &stmts[Q_RUN_ADD], s->period, s->today, s->period, c->staff.id);
	if (rc == DB_DUPLICATE)
		return 409;	/* a run of the period is queued or running */
	if (rc < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_RUN_ADD]);
	if ((rc = page_audit(c, "billing-run-start", "billing-run", id, s->period)) < 0)
		return rc;
	page_redirectf(c, "/admin/billing/runs/%lld?done=billing-run-queued", id);
	return DB_OK;
}

static int
billing_post(struct ctx *c)
{
	struct start s;
	const char *why = period_of(c, &s.period);
	xmlNodePtr f;
	int rc;

	if ((rc = billing_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "period");
	if (why != NULL || s.period == NULL) {
		form_error(f, "period", why ? why : "required");
		c->status = 400;
		return 0;
	}
	if ((rc = clock_today(c->db, s.today)) != DB_OK)
		return page_db_status(rc);
	if ((rc = page_change(c, run_start_txn, &s)) == 409) {
		form_error(f, "period", "exists");
		c->status = 409;
		return 0;
	}
	return rc;
}

/* ---- a run: its progress, then its invoices and their mails ---- */

static int
run_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr list, e;
	int rc;

	page_begin(c, "admin-billing-run");
	if ((rc = db_one(c->db, &stmts[Q_RUN], &row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	run_el(c->root, &row);
	list = x_el(c->root, "invoices");
	if ((rc = db_run(c->db, &stmts[Q_RUN_INVOICES], c->ids[0])) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_RUN_INVOICES], &row)) == 1) {
		e = x_el(list, "invoice");
		x_attr(e, "id", row.col[RI_ID]);
		x_attr(e, "company", row.col[RI_COMPANY]);
		x_text(e, "number", row.col[RI_NUMBER]);
		x_text(e, "company-name", row.col[RI_NAME]);
		x_text(e, "total", row.col[RI_TOTAL]);
		x_text(e, "currency", row.col[RI_CURRENCY]);
		x_attr(x_el(e, "mails"), "queued", row.col[RI_MAILS]);
		x_attr(x_child(e, "mails"), "sent", row.col[RI_SENT]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- an invoice: lines, payments, credit notes; a credit note of it ---- */

/* The invoice of the path in c->co (its company) and the page with it;
 * number gets its number. */
static int
invoice_page(struct ctx *c, char *number, size_t len, xmlNodePtr *form)
{
	struct dbrow row;
	xmlNodePtr list, e;
	int rc, credit_note;

	page_begin(c, "admin-invoice");
	if ((rc = db_one(c->db, &stmts[Q_INVOICE], &row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	parse_int(row.col[INV_COMPANY], 1, INT64_MAX, &c->co.id);
	credit_note = strcmp(row.col[INV_KIND], "invoice") != 0;
	if ((rc = invoice_el(c->db, c->root, c->co.id, c->ids[0], number, len)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	list = x_el(c->root, "payments");
	if ((rc = db_run(c->db, &stmts[Q_PAYMENTS], c->ids[0])) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_PAYMENTS], &row)) == 1) {
		e = x_el(list, "payment");
		x_text(e, "date", row.col[PAY_DATE]);
		x_text(e, "amount", row.col[PAY_AMOUNT]);
		x_text(e, "reference", row.col[PAY_REF][0] ? row.col[PAY_REF] : NULL);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = credit_note ? NULL : form_el(c->root, "credit");
	return 0;
}

static int
invoice_get(struct ctx *c)
{
	char number[24];
	xmlNodePtr f;
	int rc;

	if ((rc = invoice_page(c, number, sizeof(number), &f)) != 0)
		return rc;
	if (f != NULL)
		form_value(f, "what", "all");
	return 0;
}

/* The PDF as the customer gets it: in its issuer's language. */
static int
invoice_pdf_get(struct ctx *c)
{
	struct dbrow row;
	struct buf b = { 0 };
	const char *lang;
	xmlDocPtr doc;
	char name[64];
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_INVOICE], &row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	snprintf(name, sizeof(name), "invoice-%s.pdf", row.col[INV_NUMBER]);
	if ((rc = invoice_doc(c->db, c->ids[0], &doc, &lang)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	rc = pdf_invoice_child(doc, lang, &b);
	xmlFreeDoc(doc);
	if (rc == -1) {
		buf_free(&b);
		return 500;
	}
	rc = page_send(c, 200, "application/pdf", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

/* The line numbers typed ("1 3", "1, 3"): at most max, each a number. */
static int
line_numbers(const char *s, long long *no, size_t max, size_t *n)
{
	char word[16];
	size_t len;

	*n = 0;
	while (s != NULL && *s != '\0') {
		s += strspn(s, " ,");
		if ((len = strcspn(s, " ,")) == 0)
			break;
		if (len >= sizeof(word) || *n == max)
			return -1;
		memcpy(word, s, len);
		word[len] = '\0';
		if (parse_int(word, 1, 1000000, &no[(*n)++]) == -1)
			return -1;
		s += len;
	}
	return *n > 0 ? 0 : -1;
}

struct credit_form {
	struct credit_req	 q;
	struct credit_res	 res;
	long long		 lines[64];
	char			 today[11];
	char			 number[24];
	const char		*what;
};

static int
credit_txn(struct ctx *c, void *arg)
{
	struct credit_form *k = arg;
	char detail[64];
	int rc;

	/* The command's credit note, in page_change's transaction. */
	if ((rc = credit_note_add(c->db, &k->q, &k->res)) != 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %lld", k->what, k->res.number);
	if ((rc = page_audit(c, "invoice-credit", "invoice", c->ids[0], detail)) < 0)
		return rc;
	page_redirectf(c, "/admin/invoices/%lld?done=invoice-credited", c->ids[0]);
	return DB_OK;
}

static int
credit_post(struct ctx *c)
{
	struct credit_form k;
	const char *amount = in_get(c, "amount");
	xmlNodePtr f, e;
	int rc;

	memset(&k, 0, sizeof(k));
	if ((rc = invoice_page(c, k.number, sizeof(k.number), &f)) != 0)
		return rc;
	if (f == NULL)
		return 404;	/* a credit note is not credited */
	form_keep(c, f, "what");
	form_keep(c, f, "lines");
	form_keep(c, f, "amount");
	c->status = 400;
	k.what = in_get(c, "what");
	if (k.what == NULL) {
		form_error(f, "what", form_raw(c, "what") ? "invalid" : "required");
		return 0;
	}
	if (strcmp(k.what, "lines") == 0) {
		if (line_numbers(in_get(c, "lines"), k.lines, COUNTOF(k.lines),
		    &k.q.nlines) == -1) {
			form_error(f, "lines", form_raw(c, "lines") && form_raw(c,
			    "lines")[0] ? "invalid" : "required");
			return 0;
		}
		k.q.lines = k.lines;
	} else if (strcmp(k.what, "amount") == 0) {
		if (amount == NULL || money_parse(amount, &k.q.amount) == -1 ||
		    k.q.amount <= 0) {
			form_error(f, "amount", form_raw(c, "amount") && form_raw(c,
			    "amount")[0] ? "invalid" : "required");
			return 0;
		}
	} else if (strcmp(k.what, "all") != 0) {
		form_error(f, "what", "invalid");
		return 0;
	}
	if ((rc = clock_today(c->db, k.today)) != DB_OK)
		return page_db_status(rc);
	k.q.number = k.number;
	k.q.date = k.today;
	c->status = 0;
	if ((rc = page_change(c, credit_txn, &k)) == 1) {
		/* Refused by credit.c's checks: nothing written. */
		e = x_el(c->root, "refused");
		x_attr(e, "code", k.res.code ? k.res.code : "number");
		c->status = 409;
		return 0;
	}
	return rc;
}

static const struct route routes[] = {
	{ "/admin/billing", R_STAFF | R_ONCE, "admin-billing", billing_get, period_fields,
	    billing_post, period_fields, "billing" },
	{ "/admin/billing/runs/#", R_STAFF, "admin-billing-run", run_get, NULL, NULL,
	    NULL, "billing" },
	{ "/admin/invoices/#", R_STAFF | R_ONCE, "admin-invoice", invoice_get, NULL,
	    credit_post, credit_fields, "billing" },
	{ "/admin/invoices/#/invoice.pdf", R_STAFF, NULL, invoice_pdf_get, NULL, NULL,
	    NULL, "billing" },
};

static const char *const pages[] = { "admin-billing", "admin-billing-run",
	"admin-invoice", NULL };
static const char *const flashes[] = { "billing-run-queued", "invoice-credited", NULL };
static const struct menu_item menu[] = {
	{ "/admin/billing", "admin.nav.billing", "billing" },
	{ NULL, NULL, NULL },
};

const struct module runs_module = {
	.name = "runs", .door = DOOR_ADMIN,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
