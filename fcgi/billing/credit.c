/* Credit notes (see credit.h; the rounding rules are billing.h's). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "billing/billing.h"
#include "billing/credit.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/money.h"
#include "core/util.h"

/* What the credit note takes from its invoice besides the locked row. */
enum { CINV_ACCOUNT_NUMBER, CINV_PERIOD, CINV_ISSUER_COUNTRY, CINV__COLS };
/* A line of the invoice, with the credit note that credited it (NULL: none). */
enum { CL_ID, CL_NO, CL_SUBSCRIPTION, CL_SUBSCRIPTION_REF, CL_LOCATION, CL_USER,
	CL_COST_CENTRE, CL_DESCRIPTION, CL_FROM, CL_TO, CL_QUANTITY, CL_BASE_QUANTITY,
	CL_UNIT_PRICE, CL_UNIT, CL_NET, CL_VAT_RATE, CL_VAT, CL_AMOUNT, CL_CREDITED_BY,
	CL__COLS };
enum { Q_CREDIT_INVOICE, Q_CREDIT_LINES, Q_CREDIT_NOTE_ADD, Q_CREDIT_LINE_ADD,
	Q_CREDIT_INVOICE_SET };
static struct stmt stmts[] = {
	[Q_CREDIT_INVOICE] = STMT("credit.invoice", "i", CINV__COLS,
	    "SELECT a.number, i.period, s.country FROM invoices i"
	    " JOIN billing_accounts a ON a.id = i.billing_account_id"
	    " JOIN issuers s ON s.id = i.issuer_id WHERE i.id = ?"),
	[Q_CREDIT_LINES] = STMT("credit.lines", "i", CL__COLS,
	    "SELECT l.id, l.line_no, l.subscription_id, l.subscription_ref, l.location_id,"
	    " l.user_name, l.cost_centre, l.description, l.period_from, l.period_to,"
	    " l.quantity, l.base_quantity, l.unit_price, l.unit, l.net, l.vat_rate, l.vat,"
	    " l.amount, (SELECT MIN(n.number) FROM invoice_lines c"
	    "  JOIN invoices n ON n.id = c.invoice_id WHERE c.credits_line_id = l.id)"
	    " FROM invoice_lines l WHERE l.invoice_id = ? ORDER BY l.line_no"),
	/* The customer as the invoice showed it; due on its own date. */
	[Q_CREDIT_NOTE_ADD] = STMT("credit.note_add", "issssssi", 0,
	    "INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id,"
	    " period, period_key, credits_id, invoice_date, due_date, currency, net, vat,"
	    " total, status, payment_ref, customer_name, customer_orgnr, customer_street,"
	    " customer_postcode, customer_city, customer_country)"
	    " SELECT issuer_id, ?, 'credit_note', company_id, billing_account_id, period,"
	    " NULL, id, ?, ?, currency, ?, ?, ?, 'credit', ?, customer_name, customer_orgnr,"
	    " customer_street, customer_postcode, customer_city, customer_country"
	    " FROM invoices WHERE id = ?"),
	[Q_CREDIT_LINE_ADD] = STMT("credit.line_add", "iiIsIssssssiisssssI", 0,
	    "INSERT INTO invoice_lines (invoice_id, line_no, subscription_id,"
	    " subscription_ref, location_id, user_name, cost_centre, description,"
	    " period_from, period_to, unit, quantity, base_quantity, unit_price, net,"
	    " vat_rate, vat, amount, credits_line_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_CREDIT_INVOICE_SET] = STMT("credit.invoice_set", "ssi", 0,
	    "UPDATE invoices SET credited = ?, status = ? WHERE id = ?"),
};

/* A line of the invoice as read, and whether this credit note takes it. */
struct cline {
	char		*v[CL__COLS];
	long long	 id, no, net, vat, amount, rate;
	int		 chosen;
};

struct credit {
	struct db		*db;
	const struct credit_req	*req;
	struct credit_res	*res;
	struct cline		*l;
	size_t			 n;
};

static void
free_lines(struct credit *k)
{
	size_t i;
	int j;

	for (i = 0; i < k->n; i++)
		for (j = 0; j < CL__COLS; j++)
			free(k->l[i].v[j]);
	free(k->l);
	k->l = NULL;
	k->n = 0;
}

static int
read_lines(struct credit *k, long long invoice)
{
	struct dbrow row;
	struct cline *l;
	int rc, i;

	if ((rc = db_run(k->db, &stmts[Q_CREDIT_LINES], invoice)) < 0)
		return rc;
	while ((rc = db_fetch(k->db, &stmts[Q_CREDIT_LINES], &row)) == 1) {
		k->l = erealloc(k->l, (k->n + 1) * sizeof(*k->l));
		l = &k->l[k->n++];
		memset(l, 0, sizeof(*l));
		for (i = 0; i < CL__COLS; i++)
			l->v[i] = row.col[i] ? estrdup(row.col[i]) : NULL;
		parse_int(l->v[CL_ID], 1, INT64_MAX, &l->id);
		parse_int(l->v[CL_NO], 1, INT64_MAX, &l->no);
		money_parse(l->v[CL_NET], &l->net);
		money_parse(l->v[CL_VAT], &l->vat);
		money_parse(l->v[CL_AMOUNT], &l->amount);
		money_parse(l->v[CL_VAT_RATE], &l->rate);
	}
	return rc;
}

/* The lines asked for: each of this invoice, once, not credited yet. */
static int
choose_lines(struct credit *k)
{
	const struct credit_req *q = k->req;
	char *why = k->res->why;
	size_t len = sizeof(k->res->why), i, j;

	for (i = 0; i < q->nlines; i++) {
		for (j = 0; j < k->n && k->l[j].no != q->lines[i]; j++)
			;
		if (j == k->n)
			snprintf(why, len, "invoice %s has no line %lld", q->number,
			    q->lines[i]);
		else if (k->l[j].chosen)
			snprintf(why, len, "line %lld is named twice", q->lines[i]);
		else if (k->l[j].v[CL_CREDITED_BY] != NULL)
			snprintf(why, len, "invoice %s: line %lld is credited already "
			    "(credit note %s)", q->number, q->lines[i],
			    k->l[j].v[CL_CREDITED_BY]);
		else {
			k->l[j].chosen = 1;
			continue;
		}
		return 0;
	}
	return 1;
}

/* The invoice's VAT rate, that of all its lines; -1 when they differ. */
static long long
one_rate(const struct credit *k)
{
	size_t i;

	for (i = 1; i < k->n; i++)
		if (k->l[i].rate != k->l[0].rate)
			return -1;
	return k->n > 0 ? k->l[0].rate : -1;
}

/* All that remains: the lines not credited yet, or, once an amount has
 * been credited, what remains uncredited as an amount (0: the lines). */
static long long
choose_rest(struct credit *k, long long credited, long long uncredited)
{
	long long sum = 0;
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->l[i].v[CL_CREDITED_BY] == NULL) {
			k->l[i].chosen = 1;
			sum += k->l[i].amount;
		}
	if (credited == 0 || sum == uncredited)
		return 0;
	for (i = 0; i < k->n; i++)
		k->l[i].chosen = 0;
	return uncredited;
}

/* A credited line: the invoice's with the signs turned, naming it. */
static int
copy_line(struct credit *k, long long note, long long no, const struct cline *l)
{
	char *const *v = l->v;
	long long q = 0, sub = 0, loc = 0, base = 1;
	char s_net[32], s_vat[32], s_amount[32];

	parse_int(v[CL_QUANTITY], -1000000, 1000000, &q);
	if (v[CL_SUBSCRIPTION] != NULL)
		parse_int(v[CL_SUBSCRIPTION], 1, INT64_MAX, &sub);
	if (v[CL_LOCATION] != NULL)
		parse_int(v[CL_LOCATION], 1, INT64_MAX, &loc);
	parse_int(v[CL_BASE_QUANTITY], 1, 1000000, &base);
	money_canonical(s_net, sizeof(s_net), -l->net);
	money_canonical(s_vat, sizeof(s_vat), -l->vat);
	money_canonical(s_amount, sizeof(s_amount), -l->amount);
	return db_run(k->db, &stmts[Q_CREDIT_LINE_ADD], note, no, sub,
	    v[CL_SUBSCRIPTION_REF], loc, v[CL_USER], v[CL_COST_CENTRE], v[CL_DESCRIPTION],
	    v[CL_FROM], v[CL_TO], v[CL_UNIT], -q, base, v[CL_UNIT_PRICE], s_net,
	    v[CL_VAT_RATE], s_vat, s_amount, l->id);
}

/* An amount credited: one line over the invoice's period, described as a
 * credit of the invoice in the invoice's language. */
static int
amount_line(struct credit *k, long long note, const char *period, const char *lang,
    long long net, long long vat, long long rate)
{
	const char *vars[] = { "number", k->req->number, NULL };
	char from[11], to[11], s_price[32], s_net[32], s_vat[32], s_amount[32];
	char s_rate[32];
	struct buf d = { 0 };
	int y, m, days, rc;

	if (bill_period(period, &y, &m, &days) == -1)
		return DB_ERROR;
	snprintf(from, sizeof(from), "%s-01", period);
	snprintf(to, sizeof(to), "%s-%02d", period, days);
	money_canonical(s_price, sizeof(s_price), net);
	money_canonical(s_net, sizeof(s_net), -net);
	money_canonical(s_vat, sizeof(s_vat), -vat);
	money_canonical(s_amount, sizeof(s_amount), -(net + vat));
	money_canonical(s_rate, sizeof(s_rate), rate);
	i18n_fill(&d, i18n_get(lang, "credit.line"), vars);
	rc = db_run(k->db, &stmts[Q_CREDIT_LINE_ADD], note, 1LL, 0LL, NULL, 0LL, NULL,
	    NULL, d.p, from, to, "piece", -1LL, 1LL, s_price, s_net, s_rate, s_vat,
	    s_amount, 0LL);
	buf_free(&d);
	return rc;
}

/* What a credit note credits, øre. */
struct sums {
	long long	 total, net, vat;
};

/* The sums of the lines chosen or of the amount (at the invoice's one VAT
 * rate, into *rate); 1, or 0 refused. */
static int
credit_sums(struct credit *k, const char *currency, long long uncredited,
    long long amount, long long *rate, struct sums *s)
{
	char *why = k->res->why, a[32], b[32];
	size_t len = sizeof(k->res->why), i;

	memset(s, 0, sizeof(*s));
	if (amount != 0) {
		if ((*rate = one_rate(k)) < 0) {
			snprintf(why, len, "invoice %s: its lines have different VAT rates, "
			    "credit it by line (--line)", k->req->number);
			return 0;
		}
		bill_split_gross(amount, *rate, &s->net, &s->vat);
		s->total = amount;
	} else
		for (i = 0; i < k->n; i++)
			if (k->l[i].chosen) {
				s->total += k->l[i].amount;
				s->net += k->l[i].net;
				s->vat += k->l[i].vat;
			}
	/* Crediting all that remains is never more; a part must fit. */
	if (k->req->nlines == 0 && k->req->amount == 0)
		return 1;
	money_canonical(a, sizeof(a), s->total);
	money_canonical(b, sizeof(b), uncredited);
	if (s->total <= 0)
		snprintf(why, len, "invoice %s: the lines named add up to %s %s, "
		    "nothing to credit", k->req->number, a, currency);
	else if (s->total > uncredited)
		snprintf(why, len, "invoice %s: %s %s is more than the %s %s it has "
		    "uncredited", k->req->number, a, currency, b, currency);
	else
		return 1;
	return 0;
}

static int
credit_txn(void *arg)
{
	struct credit *k = arg;
	const struct credit_req *q = k->req;
	struct credit_res *res = k->res;
	struct bill_invoice inv;
	struct dbrow row;
	struct sums sum;
	long long amount = 0, rate = -1, credited, no = 0;
	char accno[24], period[8], lang[3], kid[48], s_net[32], s_vat[32], s_total[32];
	int rc, whole = q->nlines == 0 && q->amount == 0;
	size_t i;

	free_lines(k);
	memset(res, 0, sizeof(*res));
	if ((rc = billing_invoice_lock(k->db, q->number, &inv, res->why,
	    sizeof(res->why))) <= 0)
		return rc < 0 ? rc : 1;
	snprintf(res->currency, sizeof(res->currency), "%s", inv.currency);
	if (inv.credit_note || strcmp(inv.status, "credited") == 0) {
		snprintf(res->why, sizeof(res->why), "invoice %s: %s", q->number,
		    inv.credit_note ? "is a credit note" : "is credited already");
		return 1;
	}
	if ((rc = db_one(k->db, &stmts[Q_CREDIT_INVOICE], &row, inv.id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	snprintf(accno, sizeof(accno), "%s", row.col[CINV_ACCOUNT_NUMBER]);
	snprintf(period, sizeof(period), "%s", row.col[CINV_PERIOD]);
	snprintf(lang, sizeof(lang), "%s", billing_lang(row.col[CINV_ISSUER_COUNTRY]));
	if ((rc = read_lines(k, inv.id)) < 0)
		return rc;

	if (q->nlines > 0 && !choose_lines(k))
		return 1;
	if (q->amount > 0)
		amount = q->amount;
	else if (whole)
		amount = choose_rest(k, inv.credited, inv.total - inv.credited);
	if (!credit_sums(k, inv.currency, inv.total - inv.credited, amount, &rate, &sum))
		return 1;

	/* Refusals are behind us: the number is taken only now. */
	if ((rc = billing_number_take(k->db, inv.issuer, &res->number)) < 0)
		return rc;
	bill_payment_ref(accno, res->number, kid, sizeof(kid));
	money_canonical(s_total, sizeof(s_total), -sum.total);
	money_canonical(s_net, sizeof(s_net), -sum.net);
	money_canonical(s_vat, sizeof(s_vat), -sum.vat);
	if ((rc = db_run(k->db, &stmts[Q_CREDIT_NOTE_ADD], res->number, q->date, q->date,
	    s_net, s_vat, s_total, kid, inv.id)) < 0)
		return rc;
	res->id = db_insert_id(k->db, &stmts[Q_CREDIT_NOTE_ADD]);
	if (amount != 0)
		rc = amount_line(k, res->id, period, lang, sum.net, sum.vat, rate);
	else
		for (i = 0; i < k->n && rc == 0; i++)
			if (k->l[i].chosen)
				rc = copy_line(k, res->id, ++no, &k->l[i]);
	if (rc < 0)
		return rc;

	credited = inv.credited + sum.total;
	snprintf(res->status, sizeof(res->status), "%s", whole ? "credited" :
	    bill_status(inv.total, inv.paid, credited));
	money_canonical(s_total, sizeof(s_total), credited);
	if ((rc = db_run(k->db, &stmts[Q_CREDIT_INVOICE_SET], s_total, res->status,
	    inv.id)) < 0)
		return rc;
	res->total = sum.total;
	res->uncredited = inv.total - credited;
	return DB_OK;
}

int
credit_note_make(struct db *db, const struct credit_req *q, struct credit_res *res)
{
	struct credit k = { db, q, res, NULL, 0 };
	long d;
	int rc;

	memset(res, 0, sizeof(*res));
	if (q->date == NULL || bill_date_days(q->date, &d) == -1) {
		snprintf(res->why, sizeof(res->why), "date %s: not a date (YYYY-MM-DD)",
		    q->date ? q->date : "");
		return 1;
	}
	if (q->amount < 0 || (q->amount > 0 && q->nlines > 0)) {
		snprintf(res->why, sizeof(res->why), "credit lines or an amount, "
		    "not both, and an amount above zero");
		return 1;
	}
	rc = db_txn(db, credit_txn, &k);
	free_lines(&k);
	return rc;
}

int
billing_credit(struct db *db, const char *number, const char *date,
    const char *const *lines, size_t nlines, const char *amount, FILE *out, FILE *err)
{
	struct credit_req q = { number, NULL, NULL, 0, 0 };
	struct credit_res res;
	long long *no = NULL;
	char day[11], result[256] = "", total[32], rest[32], status[12], *u;
	size_t i;
	int rc;

	if (nlines > 0 && amount != NULL) {
		fprintf(err, "credit: --line and --amount do not go together\n");
		return EX_USAGE;
	}
	if (amount != NULL && (money_parse(amount, &q.amount) == -1 || q.amount <= 0)) {
		fprintf(err, "credit: amount %s: not a positive amount (e.g. 100.00)\n",
		    amount);
		return EX_USAGE;
	}
	if (nlines > 0)
		no = ecalloc(nlines, sizeof(*no));
	for (i = 0; i < nlines; i++)
		if (parse_int(lines[i], 1, 1000000, &no[i]) == -1) {
			fprintf(err, "credit: line %s: not a line number\n", lines[i]);
			free(no);
			return EX_USAGE;
		}
	if ((rc = billing_today(db, date, day, sizeof(day), err)) != 0) {
		free(no);
		return rc;
	}
	q.date = day;
	q.lines = no;
	q.nlines = nlines;
	rc = credit_note_make(db, &q, &res);
	free(no);
	if (rc == 0) {
		money_canonical(total, sizeof(total), res.total);
		money_canonical(rest, sizeof(rest), res.uncredited);
		snprintf(status, sizeof(status), "%s", res.status);
		for (u = status; (u = strchr(u, '_')) != NULL; )
			*u = ' ';
		snprintf(result, sizeof(result), "credit note %lld for invoice %s: %s %s "
		    "credited, %s %s uncredited, the invoice is %s", res.number, number, total,
		    res.currency, rest, res.currency, status);
	}
	return billing_report(rc, "credit", result, res.why, out, err);
}

const struct module credit_module = {
	.name = "credit", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
