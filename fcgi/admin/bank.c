/*
 * Payments in the back office (role "billing"): a payment registered by
 * hand, a bank file uploaded, the queue of credits that paid no invoice,
 * and the payments of an invoice or a company.
 *
 * Nothing here knows the rules of a payment: a payment by hand goes
 * through billing_pay_number or billing_pay_kid (billing.c), as `selfcare
 * pay` does, and a file through bank_import (payments.c), as `selfcare
 * import-payments` does: the same checks, the same over- and underpayment
 * (more than what remains is refused, less leaves the invoice partly
 * paid), the same bank references that make a file imported twice pay
 * nothing twice. A credit of the queue is paired with an invoice through
 * the same path again, under a lock on its row, once.
 *
 * Every change is audited under the staff member and in the audit log of
 * the company whose invoice it touches.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "billing/billing.h"
#include "billing/payments.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define LIST_MAX	100		/* payments listed */
#define QUEUE_MAX	200		/* credits of the queue listed */
#define UPLOAD_MAX	(512 * 1024)	/* a bank file sent through the browser */
#define NOTE_CHARS	500		/* unmatched_payments.note */
#define REF_CHARS	64		/* payments.reference */

/* ---- statements ---- */

#define DAY(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

enum { PL_ID, PL_DATE, PL_AMOUNT, PL_CURRENCY, PL_REFERENCE, PL_NUMBER, PL_STATUS,
	PL_COMPANY, PL_COMPANY_NAME, PL_SOURCE, PL_FILE, PL__COLS };
enum { OPEN_COUNT, OPEN__COLS };
enum { UQ_ID, UQ_REASON, UQ_RESOLUTION, UQ_NOTE, UQ_AMOUNT, UQ_CURRENCY, UQ_DATE,
	UQ_KID, UQ_PAYER, UQ_REF, UQ_SOURCE, UQ_FILE, UQ_KID_NUMBER, UQ_PAID_NUMBER,
	UQ_BY, UQ_AT, UQ__COLS };
enum { UL_RESOLUTION, UL_REASON, UL_TXN, UL_AMOUNT, UL_CURRENCY, UL_DATE, UL_KID,
	UL_REF, UL_COMPANY, UL__COLS };

enum { Q_LIST, Q_OPEN, Q_QUEUE, Q_LOCK, Q_TXN_PAID, Q_SETTLE };
static struct stmt stmts[] = {
	/* The latest payments, of one invoice (its number; 0: any) and of
	 * the companies whose name has the search or whose organisation
	 * number it is ("": any). */
	[Q_LIST] = STMT("bank.list", "iisssi", PL__COLS,
	    "SELECT p.id, " DAY("p.paid_on") ", p.amount, i.currency, p.reference,"
	    " i.number, i.status, c.id, c.name, t.source, t.file_name"
	    " FROM payments p JOIN invoices i ON i.id = p.invoice_id"
	    " JOIN companies c ON c.id = i.company_id"
	    " LEFT JOIN bank_transactions t ON t.payment_id = p.id"
	    " WHERE (? = 0 OR i.number = ?)"
	    " AND (? = '' OR c.name LIKE ? OR c.orgnr = ?)"
	    " ORDER BY p.paid_on DESC, p.id DESC LIMIT ?"),
	[Q_OPEN] = STMT("bank.open", "", OPEN__COLS,
	    "SELECT COUNT(*) FROM unmatched_payments WHERE resolution IS NULL"),
	/* The queue, oldest first; with 1 the settled too, newest first, and
	 * the one whose form is re-shown whatever it is. */
	[Q_QUEUE] = STMT("bank.queue", "iii", UQ__COLS,
	    "SELECT u.id, u.reason, u.resolution, u.note, t.amount, t.currency,"
	    " " DAY("t.paid_on") ", t.kid, t.payer, t.bank_ref, t.source, t.file_name,"
	    " k.number, pi.number, s.name, u.resolved_at"
	    " FROM unmatched_payments u"
	    " JOIN bank_transactions t ON t.id = u.bank_transaction_id"
	    " LEFT JOIN invoices k ON k.id = u.invoice_id"
	    " LEFT JOIN invoices pi ON pi.id = t.invoice_id"
	    " LEFT JOIN staff s ON s.id = u.resolved_by"
	    " WHERE (u.resolution IS NULL OR ? = 1 OR u.id = ?)"
	    " ORDER BY u.resolution IS NOT NULL, u.resolved_at DESC, u.created_at, u.id"
	    " LIMIT ?"),
	/* One credit of the queue and its transaction, locked: whoever
	 * settles it first settles it. */
	[Q_LOCK] = STMT("bank.lock", "i", UL__COLS,
	    "SELECT u.resolution, u.reason, t.id, t.amount, t.currency, " DAY("t.paid_on") ","
	    " t.kid, t.bank_ref, k.company_id"
	    " FROM unmatched_payments u"
	    " JOIN bank_transactions t ON t.id = u.bank_transaction_id"
	    " LEFT JOIN invoices k ON k.id = u.invoice_id"
	    " WHERE u.id = ? FOR UPDATE"),
	[Q_TXN_PAID] = STMT("bank.txn_paid", "iii", 0,
	    "UPDATE bank_transactions SET invoice_id = ?, payment_id = ?"
	    " WHERE id = ? AND payment_id IS NULL"),
	[Q_SETTLE] = STMT("bank.settle", "sIsii", 0,
	    "UPDATE unmatched_payments SET resolution = ?,"
	    " invoice_id = COALESCE(?, invoice_id), note = ?, resolved_by = ?,"
	    " resolved_at = UTC_TIMESTAMP()"
	    " WHERE id = ? AND resolution IS NULL"),
};

/* Why a payment was refused, as the page says it (pay_refusal's order). */
static const char *const refusal_codes[] = {
	[PAY_OK] = "",
	[PAY_NOT_FOUND] = "not-found",
	[PAY_AMBIGUOUS] = "ambiguous",
	[PAY_CREDIT_NOTE] = "credit-note",
	[PAY_CREDITED] = "credited",
	[PAY_CURRENCY] = "currency",
	[PAY_OVER] = "over",
};

/* What staff may do with a credit of the queue. */
static const char *const actions[] = { "pair", "refunded", "ignored", NULL };

/* ---- fields ---- */

static const struct field list_fields[] = {
	{ "invoice", V_TEXT, 24 },
	{ "company", V_TEXT, 100 },
	{ NULL, V_TEXT, 0 },
};

static const struct field pay_fields[] = {
	{ "invoice", V_TEXT, 40 },	/* its number or its KID */
	{ "amount", V_TEXT, 32 },
	{ "date", V_DATE, 0 },
	{ "reference", V_TEXT, REF_CHARS * 4 },
	{ NULL, V_TEXT, 0 },
};

/* The file travels as a file part (ctx->req->files), not as text. */
static const struct field upload_fields[] = {
	{ "file", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field queue_fields[] = {
	{ "all", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field settle_fields[] = {
	{ "credit", V_ID, 0 },
	{ "action", V_WORD, 0 },
	{ "invoice", V_TEXT, 24 },
	{ "note", V_TEXT, NOTE_CHARS * 4 },
	{ NULL, V_TEXT, 0 },
};

/* ---- small things ---- */

/* The text of a field, blanks around it dropped ("": none), into out. */
static void
field_trimmed(const struct ctx *c, const char *name, char *out, size_t len)
{
	const char *v = in_get(c, name);
	size_t n;

	if (v == NULL)
		v = "";
	while (*v == ' ' || *v == '\t')
		v++;
	snprintf(out, len, "%s", v);
	for (n = strlen(out); n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'); n--)
		out[n - 1] = '\0';
}

static int
is_action(const char *a)
{
	size_t i;

	for (i = 0; actions[i] != NULL; i++)
		if (strcmp(actions[i], a) == 0)
			return 1;
	return 0;
}

static void
money_el(xmlNodePtr parent, const char *name, const char *amount, const char *currency)
{
	x_attr(x_text(parent, name, amount), "currency", currency);
}

static void
money_el_minor(xmlNodePtr parent, const char *name, long long minor,
    const char *currency)
{
	char s[32];

	money_canonical(s, sizeof(s), minor);
	money_el(parent, name, s, currency);
}

/* An invoice's number with its status, as the pages spell it ("partly-paid"). */
static void
invoice_el(xmlNodePtr parent, const char *number, const char *status)
{
	char s[16], *p;

	snprintf(s, sizeof(s), "%s", status);
	for (p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	x_attr(x_text(parent, "invoice", number), "status", s);
}

/* A payment refused: <refused code> with what remains of the invoice. */
static void
refused_el(xmlNodePtr parent, const struct payment *p)
{
	xmlNodePtr r = x_el(parent, "refused");

	x_attr(r, "code", refusal_codes[p->refused]);
	/* What remains is worth saying where the amount was the trouble. */
	if (p->number[0] && (p->refused == PAY_OVER || p->refused == PAY_CURRENCY)) {
		x_attr(r, "invoice", p->number);
		money_el_minor(r, "remaining", p->remaining, p->invoice_currency);
	}
}

/* ---- the payments page ---- */

static int
open_count(struct ctx *c, xmlNodePtr parent)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_OPEN], &row)) <= 0)
		return rc < 0 ? page_db_status(rc) : 500;
	x_text(parent, "unmatched-open", row.col[OPEN_COUNT]);
	return 0;
}

/* The payments of an invoice or a company, latest first. */
static int
payments_list(struct ctx *c)
{
	char invoice[32], company[128], pat[300];
	long long number = 0;
	struct dbrow row;
	xmlNodePtr list, e;
	int rc;

	field_trimmed(c, "invoice", invoice, sizeof(invoice));
	field_trimmed(c, "company", company, sizeof(company));
	list = x_el(c->root, "payments");
	x_attr(list, "invoice", invoice);
	x_attr(list, "company", company);
	x_attr_int(list, "max", LIST_MAX);
	if (invoice[0] && parse_int(invoice, 1, INT64_MAX, &number) == -1) {
		/* Not a number: no invoice has it. */
		x_attr(list, "bad", "invoice");
		return 0;
	}
	db_like(company, pat, sizeof(pat));
	if ((rc = db_run(c->db, &stmts[Q_LIST], number, number, company, pat,
	    company, (long long)LIST_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		e = x_el(list, "payment");
		x_attr(e, "id", row.col[PL_ID]);
		x_text(e, "date", row.col[PL_DATE]);
		money_el(e, "amount", row.col[PL_AMOUNT], row.col[PL_CURRENCY]);
		if (row.col[PL_REFERENCE][0])
			x_text(e, "reference", row.col[PL_REFERENCE]);
		invoice_el(e, row.col[PL_NUMBER], row.col[PL_STATUS]);
		x_attr(x_text(e, "company", row.col[PL_COMPANY_NAME]), "id",
		    row.col[PL_COMPANY]);
		/* A bank file's, or by hand (the back office or `selfcare pay`). */
		if (row.col[PL_SOURCE] != NULL)
			x_attr(x_text(e, "file", row.col[PL_FILE]), "source",
			    row.col[PL_SOURCE]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The page with its forms; form: the one re-shown (NULL: none). */
static int
payments_page(struct ctx *c, xmlNodePtr *form)
{
	char today[11];
	xmlNodePtr f;
	int rc;

	page_begin(c, "admin-payments");
	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	x_text(c->root, "today", today);
	x_attr_int(c->root, "upload-max", UPLOAD_MAX);
	if ((rc = open_count(c, c->root)) != 0)
		return rc;
	f = form_el(c->root, "pay");
	if (form != NULL)
		*form = f;
	return payments_list(c);
}

static int
payments_get(struct ctx *c)
{
	return payments_page(c, NULL);
}

/* A payment by hand, as typed. */
struct by_hand {
	char		 invoice[48];
	char		 date[11];
	char		 reference[REF_CHARS * 4 + 1];
	struct payment	 pay;
};

static int
pay_txn(struct ctx *c, void *arg)
{
	struct by_hand *h = arg;
	char why[256], amount[32], detail[200];
	int rc;

	if ((rc = billing_pay_number(c->db, h->invoice, &h->pay, why, sizeof(why))) < 0)
		return rc;
	/* Not an invoice's number: a KID, as a giro slip gives it. */
	if (rc == 0 && pay_kid_check(h->invoice) == KID_OK) {
		if ((rc = billing_pay_kid(c->db, h->invoice, &h->pay)) < 0)
			return rc;
	} else if (rc == 0)
		h->pay.refused = PAY_NOT_FOUND;
	if (h->pay.refused != PAY_OK)
		return 1;
	c->co.id = h->pay.company;
	money_canonical(amount, sizeof(amount), h->pay.amount);
	snprintf(detail, sizeof(detail), "%s %s %s, %s", h->pay.number, amount,
	    h->pay.invoice_currency, h->pay.status);
	if ((rc = page_audit(c, "payment-register", "invoice", h->pay.invoice,
	    detail)) < 0)
		return rc;
	return page_redirectf(c, "/admin/payments?invoice=%s&done=payment-registered",
	    h->pay.number) == 303 ? DB_OK : DB_ERROR;
}

static int
payments_post(struct ctx *c)
{
	struct by_hand h;
	char today[11], amount[40];
	const char *date = in_get(c, "date");
	xmlNodePtr form;
	int rc, bad = 0;

	memset(&h, 0, sizeof(h));
	field_trimmed(c, "invoice", h.invoice, sizeof(h.invoice));
	field_trimmed(c, "amount", amount, sizeof(amount));
	field_trimmed(c, "reference", h.reference, sizeof(h.reference));
	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	snprintf(h.date, sizeof(h.date), "%s", date ? date : today);
	if ((rc = payments_page(c, &form)) != 0)
		return rc;
	/* Re-shown as typed, should anything be refused. */
	form_keep(c, form, "invoice");
	form_keep(c, form, "amount");
	form_keep(c, form, "date");
	form_keep(c, form, "reference");
	if (h.invoice[0] == '\0') {
		form_error(form, "invoice", "required");
		bad = 1;
	}
	if (amount[0] == '\0' || money_parse_typed(amount, &h.pay.amount) == -1 ||
	    h.pay.amount <= 0 || h.pay.amount > PAY_MAX_AMOUNT) {
		form_error(form, "amount", amount[0] ? "invalid" : "required");
		bad = 1;
	}
	/* A payment is registered on the day it was made: never a later one. */
	if (in_bad(c, "date") || strcmp(h.date, today) > 0) {
		form_error(form, "date", "invalid");
		bad = 1;
	}
	if (in_bad(c, "reference") || utf8_chars(h.reference) > REF_CHARS) {
		form_error(form, "reference", "too-long");
		bad = 1;
	}
	if (!bad) {
		h.pay.date = h.date;
		h.pay.reference = h.reference[0] ? h.reference : NULL;
		if ((rc = page_change(c, pay_txn, &h)) != 1)
			return rc;
		form_error(form, "invoice", "invalid");
		refused_el(c->root, &h.pay);
	}
	c->status = 400;
	return 0;
}

/* ---- a bank file ---- */

/* Inside each transaction's own: the audit row of a credit imported. */
static int
import_audit(void *arg, const struct bank_line *l)
{
	struct ctx *c = arg;
	char amount[32], detail[400];

	money_canonical(amount, sizeof(amount), l->t->amount);
	c->co.id = l->pay.company;
	if (l->outcome == BANK_PAID) {
		snprintf(detail, sizeof(detail), "%s: %s %s, invoice %s %s", l->t->ref, amount,
		    l->t->currency, l->pay.number, l->pay.status);
		return page_audit(c, "payment-import", "invoice", l->pay.invoice, detail);
	}
	snprintf(detail, sizeof(detail), "%s: %s %s, %s", l->t->ref, amount,
	    l->t->currency, l->reason);
	return page_audit(c, "payment-unmatched", "bank-transaction", l->txn_id, detail);
}

struct file_done {
	const char		*name;
	const struct bank_import *im;
};

static int
file_audit_txn(void *arg)
{
	struct file_done *d = ((void **)arg)[1];
	struct ctx *c = ((void **)arg)[0];
	char detail[400];

	c->co.id = 0;
	snprintf(detail, sizeof(detail), "%s (%s): %zu transactions: %zu paid, "
	    "%zu unmatched, %zu imported before, %zu skipped", d->name, d->im->format,
	    d->im->file.n, d->im->paid, d->im->unmatched, d->im->before, d->im->skipped);
	return page_audit(c, "bank-file-import", "bank-file", 0, detail);
}

static void
line_el(xmlNodePtr list, const struct bank_line *l)
{
	static const char *const outcomes[] = {
		[BANK_PAID] = "paid", [BANK_UNMATCHED] = "unmatched",
		[BANK_BEFORE] = "before", [BANK_SKIPPED] = "skipped",
	};
	const struct bank_txn *t = l->t;
	xmlNodePtr e = x_el(list, "line");

	x_attr(e, "outcome", outcomes[l->outcome]);
	if (l->outcome == BANK_UNMATCHED)
		x_attr(e, "reason", l->reason);
	x_text(e, "ref", t->ref[0] ? t->ref : "-");
	x_text(e, "date", t->date);
	money_el_minor(e, "amount", t->amount, t->currency);
	if (t->kid[0])
		x_text(e, "kid", t->kid);
	if (t->payer[0])
		x_text(e, "payer", t->payer);
	if (l->pay.number[0]) {
		invoice_el(e, l->pay.number, l->pay.status);
		money_el_minor(e, "remaining", l->pay.remaining, l->pay.invoice_currency);
	}
}

/* The result page: the lines, or why the file was refused. */
static xmlNodePtr
import_page(struct ctx *c, const char *name, const char *refused, const char *why)
{
	xmlNodePtr r;

	page_begin(c, "admin-payments-import");
	x_attr_int(c->root, "upload-max", UPLOAD_MAX);
	r = x_el(c->root, "import");
	if (name != NULL && name[0])
		x_attr(r, "file", name);
	if (refused != NULL) {
		xmlNodePtr e = x_el(r, "refused");

		x_attr(e, "code", refused);
		if (why != NULL)
			x_text(e, "why", why);
		c->status = 400;
	}
	return r;
}

static int
upload_post(struct ctx *c)
{
	const struct upload *u = upload_get(&c->req->files, "file");
	struct bank_import im;
	struct file_done d;
	void *args[2];
	char xsd[1100], why[600];
	xmlNodePtr r, list;
	size_t i;
	int rc, arc;

	if (u == NULL || u->len == 0) {
		import_page(c, u ? u->filename : NULL, "no-file", NULL);
		return 0;
	}
	if (u->len > UPLOAD_MAX) {
		import_page(c, u->filename, "too-large", NULL);
		return 0;
	}
	bank_xsd(c->conf, xsd, sizeof(xsd));
	rc = bank_import(c->db, xsd, u->data, u->len, u->filename, import_audit, c, &im,
	    why, sizeof(why));
	if (rc == BANK_REFUSED || rc == BANK_NO_SCHEMA) {
		bank_import_free(&im);
		if (rc == BANK_NO_SCHEMA)
			return 500;
		import_page(c, u->filename, "not-bank-file", why);
		return 0;
	}
	/* The file's own row, whatever became of its transactions. */
	d = (struct file_done){ u->filename, &im };
	args[0] = c;
	args[1] = &d;
	arc = rc < 0 ? rc : db_txn(c->db, file_audit_txn, args);
	r = import_page(c, u->filename, NULL, NULL);
	x_attr(r, "format", im.format);
	x_attr_int(r, "transactions", (long long)im.file.n);
	x_attr_int(r, "paid", (long long)im.paid);
	x_attr_int(r, "unmatched", (long long)im.unmatched);
	x_attr_int(r, "before", (long long)im.before);
	x_attr_int(r, "skipped", (long long)im.skipped);
	if (rc < 0 || arc < 0) {
		/* What was imported stays; the rest waits for the file again. */
		x_attr(r, "stopped", "yes");
		c->status = page_db_status(rc < 0 ? rc : arc);
	}
	list = x_el(r, "lines");
	for (i = 0; i < im.n; i++)
		line_el(list, &im.line[i]);
	bank_import_free(&im);
	return 0;
}

/* ---- the queue of unmatched payments ---- */

static int
queue_page(struct ctx *c, long long failed_id, xmlNodePtr *form)
{
	const char *all = in_get(c, "all");
	int settled = all != NULL && strcmp(all, "yes") == 0;
	struct dbrow row;
	xmlNodePtr q, e, s;
	long long id;
	int rc;

	page_begin(c, "admin-unmatched");
	q = x_el(c->root, "queue");
	x_attr(q, "all", settled ? "yes" : "no");
	x_attr_int(q, "max", QUEUE_MAX);
	if ((rc = open_count(c, q)) != 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_QUEUE], (long long)settled, failed_id,
	    (long long)QUEUE_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_QUEUE], &row)) == 1) {
		e = x_el(q, "credit");
		x_attr(e, "id", row.col[UQ_ID]);
		x_attr(e, "reason", row.col[UQ_REASON]);
		x_attr(e, "source", row.col[UQ_SOURCE]);
		money_el(e, "amount", row.col[UQ_AMOUNT], row.col[UQ_CURRENCY]);
		x_text(e, "date", row.col[UQ_DATE]);
		if (row.col[UQ_KID][0])
			x_text(e, "kid", row.col[UQ_KID]);
		x_text(e, "ref", row.col[UQ_REF]);
		if (row.col[UQ_PAYER][0])
			x_text(e, "payer", row.col[UQ_PAYER]);
		if (row.col[UQ_FILE][0])
			x_text(e, "file", row.col[UQ_FILE]);
		if (row.col[UQ_KID_NUMBER] != NULL)
			x_text(e, "kid-invoice", row.col[UQ_KID_NUMBER]);
		if (row.col[UQ_RESOLUTION] != NULL) {
			s = x_el(e, "settled");
			x_attr(s, "as", row.col[UQ_RESOLUTION]);
			if (row.col[UQ_PAID_NUMBER] != NULL)
				x_text(s, "invoice", row.col[UQ_PAID_NUMBER]);
			if (row.col[UQ_NOTE][0])
				x_text(s, "note", row.col[UQ_NOTE]);
			x_text(s, "by", row.col[UQ_BY] ? row.col[UQ_BY] : "?");
			x_time(s, "at", NULL, row.col[UQ_AT]);
		}
		parse_int(row.col[UQ_ID], 1, INT64_MAX, &id);
		if (id == failed_id && form != NULL)
			*form = form_el(e, "settle");
	}
	if (rc < 0)
		return page_db_status(rc);
	return 0;
}

static int
queue_get(struct ctx *c)
{
	return queue_page(c, 0, NULL);
}

/* What staff asked of a credit, and what came of it. */
struct settle {
	long long	 credit;		/* unmatched_payments.id */
	const char	*action;
	char		 invoice[32];
	char		 note[NOTE_CHARS * 4 + 1];
	const char	*error;		/* the field refused (settle_txn), or NULL */
	const char	*code;
	struct payment	 pay;
};

static int
settle_txn(struct ctx *c, void *arg)
{
	struct settle *s = arg;
	struct dbrow row;
	char why[256], amount[32], detail[200], kid[144], ref[REF_CHARS + 1];
	long long txn, company = 0, paid_invoice = 0;
	int rc, pair = strcmp(s->action, "pair") == 0;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, s->credit)) <= 0)
		return rc < 0 ? rc : 404;
	if (row.col[UL_RESOLUTION] != NULL) {
		s->error = "action";
		s->code = "closed";
		return 409;
	}
	parse_int(row.col[UL_TXN], 1, INT64_MAX, &txn);
	if (row.col[UL_COMPANY] != NULL)
		parse_int(row.col[UL_COMPANY], 1, INT64_MAX, &company);
	snprintf(kid, sizeof(kid), "%s", row.col[UL_KID]);
	if (pair) {
		/* The bank took money back: there is nothing to pay with. */
		if (strcmp(row.col[UL_REASON], "reversal") == 0) {
			s->error = "action";
			s->code = "not-allowed";
			return 409;
		}
		money_parse(row.col[UL_AMOUNT], &s->pay.amount);
		s->pay.currency = row.col[UL_CURRENCY];
		s->pay.date = row.col[UL_DATE];
		/* The payment keeps what the bank called it: the KID, else its
		 * reference (cut to what the column holds; references are ASCII). */
		snprintf(ref, sizeof(ref), "%.64s", kid[0] ? kid : row.col[UL_REF]);
		s->pay.reference = utf8_valid(ref, strlen(ref)) ? ref : NULL;
		if ((rc = billing_pay_number(c->db, s->invoice, &s->pay, why,
		    sizeof(why))) < 0)
			return rc;
		if (rc == 0)
			s->pay.refused = PAY_NOT_FOUND;
		if (s->pay.refused != PAY_OK) {
			s->error = "invoice";
			s->code = "invalid";
			return 409;
		}
		if ((rc = db_run(c->db, &stmts[Q_TXN_PAID], s->pay.invoice, s->pay.id,
		    txn)) < 0)
			return rc;
		if (db_affected(c->db, &stmts[Q_TXN_PAID]) != 1)
			return DB_ERROR;
		company = s->pay.company;
		paid_invoice = s->pay.invoice;
	}
	if ((rc = db_run(c->db, &stmts[Q_SETTLE], pair ? "paired" : s->action,
	    paid_invoice, s->note, c->staff.id, s->credit)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_SETTLE]) != 1)
		return DB_ERROR;
	c->co.id = company;
	money_canonical(amount, sizeof(amount), s->pay.amount);
	if (pair)
		snprintf(detail, sizeof(detail), "%s: %s %s, invoice %s %s", row.col[UL_REF],
		    amount, row.col[UL_CURRENCY], s->pay.number, s->pay.status);
	else
		snprintf(detail, sizeof(detail), "%s: %s %s %s", row.col[UL_REF],
		    row.col[UL_AMOUNT], row.col[UL_CURRENCY], s->action);
	if ((rc = page_audit(c, pair ? "payment-pair" : "payment-settle",
	    "bank-transaction", txn, detail)) < 0)
		return rc;
	return page_redirectf(c, "/admin/payments/unmatched?done=unmatched-%s",
	    pair ? "paired" : s->action) == 303 ? DB_OK : DB_ERROR;
}

static int
settle_post(struct ctx *c)
{
	struct settle s;
	xmlNodePtr form = NULL;
	int rc;

	memset(&s, 0, sizeof(s));
	if (in_get(c, "credit") != NULL)
		parse_int(in_get(c, "credit"), 1, INT64_MAX, &s.credit);
	s.action = in_get(c, "action");
	field_trimmed(c, "invoice", s.invoice, sizeof(s.invoice));
	field_trimmed(c, "note", s.note, sizeof(s.note));
	if (s.credit == 0) {
		s.error = "credit";
		s.code = "required";
	} else if (s.action == NULL || !is_action(s.action)) {
		s.error = "action";
		s.code = "required";
	} else if (strcmp(s.action, "pair") == 0 && s.invoice[0] == '\0') {
		s.error = "invoice";
		s.code = "required";
	} else if (strcmp(s.action, "pair") != 0 && s.note[0] == '\0') {
		/* A credit set aside says why, for whoever asks later. */
		s.error = "note";
		s.code = "required";
	} else if (in_bad(c, "note") || utf8_chars(s.note) > NOTE_CHARS) {
		s.error = "note";
		s.code = "too-long";
	} else if ((rc = page_change(c, settle_txn, &s)) != 409)
		return rc;
	if ((rc = queue_page(c, s.credit, &form)) != 0)
		return rc;
	/* No such credit: the input is what is answered. */
	c->status = strcmp(s.code, "closed") == 0 ? 409 : 400;
	if (form == NULL)
		return 0;
	form_keep(c, form, "action");
	form_keep(c, form, "invoice");
	form_keep(c, form, "note");
	form_error(form, s.error, s.code);
	if (s.pay.refused != PAY_OK)
		refused_el(form->parent, &s.pay);
	return 0;
}

/* ---- the module ---- */

static const struct route routes[] = {
	{ "/admin/payments", R_STAFF | R_ONCE, "admin-payments", payments_get, list_fields,
	    payments_post, pay_fields, "billing" },
	{ "/admin/payments/upload", R_STAFF | R_UPLOAD, "admin-payments-import", NULL,
	    NULL, upload_post, upload_fields, "billing" },
	{ "/admin/payments/unmatched", R_STAFF | R_ONCE, "admin-unmatched", queue_get,
	    queue_fields, settle_post, settle_fields, "billing" },
};

static const char *const pages[] = { "admin-payments", "admin-payments-import",
	"admin-unmatched", NULL };
static const char *const flashes[] = { "payment-registered", "unmatched-paired",
	"unmatched-refunded", "unmatched-ignored", NULL };
static const struct menu_item menu[] = {
	{ "/admin/payments", "admin.nav.payments", "billing" },
	{ "/admin/payments/unmatched", "admin.nav.unmatched", "billing" },
	{ NULL, NULL, NULL },
};

const struct module bank_module = {
	.name = "bank", .door = DOOR_ADMIN,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
