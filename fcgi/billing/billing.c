/*
 * Billing (see billing.h for the rounding rules): the billing run makes one
 * invoice per billing account and period, one transaction per account, so
 * a run that stops half-way is simply run again; payments and credit notes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <sodium.h>

#include "core/auth.h"
#include "billing/billing.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "core/money.h"
#include "core/util.h"

/* ---- arithmetic ---- */

long long
bill_div_round(long long num, long long den)
{
	long long q = num / den, r = num % den;

	/* |r| >= den/2 rounds away from zero (half away from zero). */
	if (r < 0 ? -r * 2 >= den : r * 2 >= den)
		q += num < 0 ? -1 : 1;
	return q;
}

long long
bill_net(long long quantity, long long unit_price, long long base)
{
	return bill_div_round(quantity * unit_price, base);
}

long long
bill_vat(long long net, long long rate_bp)
{
	return bill_div_round(net * rate_bp, 10000);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

int
bill_period(const char *s, int *year, int *month, int *days)
{
	long long y, m;
	char ys[5], ms[3];

	if (s == NULL || strlen(s) != 7 || s[4] != '-')
		return -1;
	memcpy(ys, s, 4);
	ys[4] = '\0';
	memcpy(ms, s + 5, 2);
	ms[2] = '\0';
	if (parse_int(ys, 2000, 9999, &y) == -1 || parse_int(ms, 1, 12, &m) == -1 ||
	    ms[0] == '-' || ys[0] == '-')
		return -1;
	*year = (int)y;
	*month = (int)m;
	*days = month_days(*year, *month);
	return 0;
}

/* Days from civil (H. Hinnant's algorithm): exact for the Gregorian calendar. */
static long
civil_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
bill_date_days(const char *s, long *days)
{
	int y, m, n;
	long long d;
	char ds[3], period[8];

	if (s == NULL || strlen(s) != 10 || s[7] != '-')
		return -1;
	memcpy(period, s, 7);
	period[7] = '\0';
	memcpy(ds, s + 8, 2);
	ds[2] = '\0';
	if (bill_period(period, &y, &m, &n) == -1 || ds[0] == '-' ||
	    parse_int(ds, 1, n, &d) == -1)
		return -1;
	*days = civil_days(y, m, (long)d);
	return 0;
}

void
bill_days_date(long z, char *out, size_t len)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, len, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

int
bill_kid(const char *digits, char *out, size_t len)
{
	size_t n = strlen(digits), i;
	int sum = 0, dbl = 1;

	if (n == 0 || n + 2 > len || n > 24)
		return -1;
	/* MOD10 (Luhn): from the right, every other digit doubled. */
	for (i = n; i-- > 0; dbl = !dbl) {
		int v;

		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		v = (digits[i] - '0') * (dbl ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	snprintf(out, len, "%s%d", digits, (10 - sum % 10) % 10);
	return 0;
}

void
einvoice_token(const unsigned char key[32], long long id, const char *email,
    char out[44])
{
	unsigned char h[AUTH_HASH_LEN];
	char data[300];
	int n = snprintf(data, sizeof(data), "%lld:%s", id, email);

	auth_hash(key, "einvoice-unsubscribe", data, (size_t)n, h);
	sodium_bin2base64(out, 44, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* ---- the billing run ---- */

/* One thing to bill: a subscription's share of the period or a charge. */
struct item {
	long long	 account;
	int		 charge;		/* 0: subscription, 1: charge */
	long long	 id;			/* subscription or charge id */
	long long	 subscription;		/* the subscription (0: none) */
	char		 ref[41];
	long long	 location;
	char		 user[201];
	char		 cost_centre[65];
	char		 description[201];
	long long	 price;			/* øre */
	char		 currency[4];
	char		 from[11], to[11];
	long long	 rate;			/* -1: the account's */
	long long	 quantity;
};

struct run {
	struct db	*db;
	const struct conf *conf;
	FILE		*out, *err;
	const char	*period, *first, *last, *date;
	int		 month_days;
	struct item	*items;
	size_t		 nitems;
	/* the account being billed: items[lo..hi) */
	size_t		 lo, hi;
	long long	 invoice;		/* the invoice made (0: none) */
	char		 number[24];
	long long	 total;
	char		 currency[4];
	int		 mails;
};

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static int
load_items(struct run *r)
{
	struct dbrow row;
	size_t cap = 0;
	int rc;

	rc = dbe_run(r->db, ST_BILL_ITEMS, "sssssss", r->first, r->last, r->last,
	    r->last, r->first, r->last, r->period);
	if (rc < 0)
		return rc;
	while ((rc = dbe_fetch(r->db, ST_BILL_ITEMS, &row)) == 1) {
		struct item *it;

		if (row.col[0] == NULL) {
			fprintf(r->err, "bill: %s %s of company %s has no billing account "
			    "in %s: not billed\n", strcmp(row.col[1], "c") == 0 ?
			    "charge" : "subscription", row.col[2], row.col[15], row.col[9]);
			continue;
		}
		if (r->nitems == cap) {
			cap = cap ? cap * 2 : 256;
			r->items = xrealloc(r->items, cap * sizeof(*r->items));
		}
		it = &r->items[r->nitems++];
		memset(it, 0, sizeof(*it));
		parse_int(row.col[0], 1, INT64_MAX, &it->account);
		it->charge = strcmp(row.col[1], "c") == 0;
		parse_int(row.col[2], 1, INT64_MAX, &it->id);
		if (row.col[3] != NULL)
			parse_int(row.col[3], 1, INT64_MAX, &it->subscription);
		copy(it->ref, sizeof(it->ref), row.col[4]);
		if (row.col[5] != NULL)
			parse_int(row.col[5], 1, INT64_MAX, &it->location);
		copy(it->user, sizeof(it->user), row.col[6]);
		copy(it->cost_centre, sizeof(it->cost_centre), row.col[7]);
		copy(it->description, sizeof(it->description), row.col[8]);
		money_parse(row.col[10], &it->price);
		copy(it->currency, sizeof(it->currency), row.col[9]);
		copy(it->from, sizeof(it->from), row.col[11]);
		copy(it->to, sizeof(it->to), row.col[12]);
		it->rate = -1;
		if (row.col[13] != NULL)
			money_parse(row.col[13], &it->rate);
		parse_int(row.col[14], -1000000, 1000000, &it->quantity);
	}
	return rc < 0 ? rc : DB_OK;
}

/* The invoice's language: the issuer's country's. */
static const char *
country_lang(const char *country)
{
	if (strcmp(country, "NO") == 0)
		return "nb";
	if (strcmp(country, "DK") == 0)
		return "da";
	return "en";
}

/* Queues the e-invoice mail (the PDF is made at delivery) for each address
 * of the company, each with its own unsubscribe link. */
static int
mail_invoice(struct run *r, long long company, const char *lang, const char *total,
    const char *due)
{
	struct dbrow row;
	struct { long long id; char *email; } *to = NULL;
	size_t n = 0, i;
	char money[64], date[16];
	long long minor = 0;
	int rc;

	money_parse(total, &minor);
	money_local(money, sizeof(money), lang, minor, r->currency);
	date_local(date, sizeof(date), lang, due);
	/* Collected first: the enqueue statement must not run mid-fetch. */
	if ((rc = dbe_run(r->db, ST_EINVOICE_EMAILS, "i", company)) < 0)
		return rc;
	while ((rc = dbe_fetch(r->db, ST_EINVOICE_EMAILS, &row)) == 1) {
		to = xrealloc(to, (n + 1) * sizeof(*to));
		parse_int(row.col[0], 1, INT64_MAX, &to[n].id);
		to[n++].email = xstrdup(row.col[1]);
	}
	for (i = 0; i < n; i++) {
		char token[44], url[400];
		const char *vars[] = { "number", r->number, "total", money, "due", date,
		    "url", url, NULL };
		struct buf subject = { 0 }, body = { 0 };

		einvoice_token(r->conf->secret, to[i].id, to[i].email, token);
		snprintf(url, sizeof(url), "%s/einvoice/unsubscribe?r=%lld&t=%s",
		    r->conf->base_url, to[i].id, token);
		if (rc == 0) {
			i18n_fill(&subject, i18n_get(lang, "einvoice.mail.subject"), vars);
			i18n_fill(&body, i18n_get(lang, "einvoice.mail.body"), vars);
			rc = dbe_run(r->db, ST_MAIL_ENQUEUE_INVOICE, "sssis", to[i].email,
			    subject.p, body.p, r->invoice, url);
			if (rc == 0)
				r->mails++;
		}
		buf_free(&subject);
		buf_free(&body);
		free(to[i].email);
	}
	free(to);
	return rc;
}

static int
bill_account_txn(void *arg)
{
	struct run *r = arg;
	struct item *it;
	struct dbrow row;
	long long account = r->items[r->lo].account, company, issuer, next, rate, due_days;
	long long net = 0, vat = 0, line_no = 0;
	char currency[4], accno[21], lang[3], ref[32], kid[32], due[11];
	char name[201], orgnr[21], street[201], postcode[11], city[101], country[3];
	char s_net[32], s_vat[32], s_total[32];
	long d;
	int rc;
	size_t i;

	r->invoice = 0;
	r->mails = 0;
	/* Locks the account and its issuer (the number series). */
	if ((rc = dbe_one(r->db, ST_BILL_ACCOUNT, &row, "i", account)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	parse_int(row.col[0], 1, INT64_MAX, &company);
	copy(currency, sizeof(currency), row.col[1]);
	money_parse(row.col[2], &rate);
	copy(accno, sizeof(accno), row.col[3]);
	parse_int(row.col[4], 1, INT64_MAX, &issuer);
	parse_int(row.col[5], 0, 3650, &due_days);
	parse_int(row.col[6], 1, INT64_MAX, &next);
	copy(name, sizeof(name), row.col[7]);
	copy(orgnr, sizeof(orgnr), row.col[8]);
	copy(street, sizeof(street), row.col[9]);
	copy(postcode, sizeof(postcode), row.col[10]);
	copy(city, sizeof(city), row.col[11]);
	copy(country, sizeof(country), row.col[12]);
	copy(lang, sizeof(lang), country_lang(row.col[13]));

	/* Billed already (a second run, or a run beside this one): nothing to do. */
	if ((rc = dbe_one(r->db, ST_BILL_EXISTS, &row, "is", account, r->period)) != 0)
		return rc < 0 ? rc : DB_OK;

	for (i = r->lo; i < r->hi; i++) {
		it = &r->items[i];
		if (strcmp(it->currency, currency) != 0) {
			fprintf(r->err, "bill: %s %lld is in %s, its account %s in %s: "
			    "not billed\n", it->charge ? "charge" : "subscription", it->id,
			    it->currency, accno, currency);
			continue;
		}
	}
	bill_date_days(r->date, &d);
	bill_days_date(d + (long)due_days, due, sizeof(due));
	snprintf(ref, sizeof(ref), "%s%lld", accno, next);
	if (bill_kid(ref, kid, sizeof(kid)) == -1)
		copy(kid, sizeof(kid), ref);

	/* The invoice row first (totals are set once the lines are in). */
	rc = dbe_run(r->db, ST_INVOICE_ADD, "iisiissIssssssssssssss", issuer, next,
	    "invoice", company, account, r->period, r->period, 0LL, r->date, due,
	    currency, "0.00", "0.00", "0.00", "unpaid", kid, name, orgnr, street,
	    postcode, city, country);
	if (rc < 0)
		return rc;
	r->invoice = dbe_insert_id(r->db, ST_INVOICE_ADD);

	for (i = r->lo; i < r->hi; i++) {
		long long q, base, l_net, l_vat, l_rate;
		const char *unit;
		char s_price[32], s_lnet[32], s_lvat[32], s_amount[32], s_rate[32];
		long from, to;

		it = &r->items[i];
		if (strcmp(it->currency, currency) != 0)
			continue;
		if (it->charge) {
			unit = "piece";
			q = it->quantity;
			base = 1;
		} else {
			bill_date_days(it->from, &from);
			bill_date_days(it->to, &to);
			q = to - from + 1;
			if (q == r->month_days) {
				unit = "month";
				q = base = 1;
			} else {
				unit = "day";
				base = r->month_days;
			}
		}
		l_rate = it->rate >= 0 ? it->rate : rate;
		l_net = bill_net(q, it->price, base);
		l_vat = bill_vat(l_net, l_rate);
		net += l_net;
		vat += l_vat;
		money_canonical(s_price, sizeof(s_price), it->price);
		money_canonical(s_lnet, sizeof(s_lnet), l_net);
		money_canonical(s_lvat, sizeof(s_lvat), l_vat);
		money_canonical(s_amount, sizeof(s_amount), l_net + l_vat);
		money_canonical(s_rate, sizeof(s_rate), l_rate);
		rc = dbe_run(r->db, ST_INVOICE_LINE_ADD, "iiIsIssssssiisssss", r->invoice,
		    ++line_no, it->subscription, it->ref[0] ? it->ref : NULL, it->location,
		    it->user[0] ? it->user : NULL,
		    it->cost_centre[0] ? it->cost_centre : NULL, it->description,
		    it->from, it->to, unit, q, base, s_price, s_lnet, s_rate, s_lvat,
		    s_amount);
		if (rc < 0)
			return rc;
		if (it->charge) {
			if ((rc = dbe_run(r->db, ST_CHARGE_BILL, "ii", r->invoice, it->id)) < 0)
				return rc;
			if (dbe_affected(r->db, ST_CHARGE_BILL) != 1)
				return DB_RETRY;	/* billed by a run beside us */
		}
	}
	if (line_no == 0) {
		r->invoice = 0;
		return 1;	/* nothing in the account's currency: roll back */
	}
	money_canonical(s_net, sizeof(s_net), net);
	money_canonical(s_vat, sizeof(s_vat), vat);
	money_canonical(s_total, sizeof(s_total), net + vat);
	rc = dbe_run(r->db, ST_INVOICE_SET_TOTALS, "ssssi", s_net, s_vat, s_total,
	    net + vat <= 0 ? "paid" : "unpaid", r->invoice);
	if (rc < 0 || (rc = dbe_run(r->db, ST_ISSUER_NEXT, "i", issuer)) < 0)
		return rc;
	snprintf(r->number, sizeof(r->number), "%lld", next);
	r->total = net + vat;
	copy(r->currency, sizeof(r->currency), currency);
	return mail_invoice(r, company, lang, s_total, due);
}

/* date if given (checked), else today, into out; 0, or the exit status
 * after saying why. */
static int
today_or(struct db *db, const char *date, char *out, size_t len, FILE *err)
{
	struct dbrow row;
	long d;

	if (date == NULL) {
		if (dbe_one(db, ST_TODAY, &row, "") != 1) {
			fprintf(err, "selfcare: the database cannot be reached\n");
			return EX_TEMPFAIL;
		}
		date = row.col[0];
	}
	if (bill_date_days(date, &d) == -1) {
		fprintf(err, "selfcare: date %s: not a date (YYYY-MM-DD)\n", date);
		return EX_USAGE;
	}
	copy(out, len, date);
	return 0;
}

int
billing_run(struct db *db, const struct conf *conf, const char *period, const char *date, FILE *out, FILE *err)
{
	struct run r;
	char first[11], last[11], today[11];
	int y, m, rc, failed = 0, made = 0, mails = 0;

	memset(&r, 0, sizeof(r));
	if (bill_period(period, &y, &m, &r.month_days) == -1) {
		fprintf(err, "bill: period %s: not a month (YYYY-MM)\n", period ? period : "");
		return EX_USAGE;
	}
	if ((rc = today_or(db, date, today, sizeof(today), err)) != 0)
		return rc;
	date = today;
	snprintf(first, sizeof(first), "%s-01", period);
	snprintf(last, sizeof(last), "%s-%02d", period, r.month_days);
	r.db = db;
	r.conf = conf;
	r.out = out;
	r.err = err;
	r.period = period;
	r.first = first;
	r.last = last;
	r.date = date;
	if ((rc = load_items(&r)) < 0) {
		fprintf(err, "bill: reading what to bill failed (%s)\n",
		    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
		free(r.items);
		return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
	}
	for (r.lo = 0; r.lo < r.nitems; r.lo = r.hi) {
		for (r.hi = r.lo; r.hi < r.nitems &&
		    r.items[r.hi].account == r.items[r.lo].account; r.hi++)
			;
		rc = db_txn(db, bill_account_txn, &r);
		if (rc < 0) {
			fprintf(err, "bill: account %lld: failed (%s), nothing billed for it\n",
			    r.items[r.lo].account, rc == DB_UNAVAILABLE ?
			    "database unavailable" : "database error");
			failed++;
		} else if (rc == 0 && r.invoice != 0) {
			char total[32];

			money_canonical(total, sizeof(total), r.total);
			fprintf(out, "invoice %s: account %lld, %s %s, %d e-mail(s)\n",
			    r.number, r.items[r.lo].account, total, r.currency, r.mails);
			made++;
			mails += r.mails;
		}
	}
	fprintf(out, "bill %s: %d invoice(s) made, %d e-mail(s) queued, %d failed\n",
	    period, made, mails, failed);
	free(r.items);
	return failed ? 1 : 0;
}

/* ---- payments and credit notes ---- */

struct invoice_ref {
	struct db	*db;
	FILE		*out, *err;
	const char	*number, *date, *reference;
	long long	 amount;
	char		 msg[256];	/* why it was refused */
	char		 result[128];
};

/* Locks the invoice named by number: 1 found, 0 not (msg says why), <0 db_rc. */
static int
lock_invoice(struct invoice_ref *p, struct dbrow *row)
{
	long long number;
	int rc;

	if (parse_int(p->number, 1, INT64_MAX, &number) == -1) {
		snprintf(p->msg, sizeof(p->msg), "%s: not an invoice number", p->number);
		return 0;
	}
	if ((rc = dbe_one(p->db, ST_INVOICE_LOCK, row, "i", number)) == 0)
		snprintf(p->msg, sizeof(p->msg), "invoice %s: not found", p->number);
	else if (rc > 0 && strcmp(row->col[1], "1") != 0) {
		snprintf(p->msg, sizeof(p->msg), "invoice %s: the number is used by %s "
		    "issuers; register it in the operator's pages", p->number, row->col[1]);
		return 0;
	}
	return rc;
}

static int
pay_txn(void *arg)
{
	struct invoice_ref *p = arg;
	struct dbrow row;
	long long id, total, paid;
	char s_paid[32], s_amount[32], s_rest[32];
	int rc;

	if ((rc = lock_invoice(p, &row)) <= 0)
		return rc < 0 ? rc : 1;
	parse_int(row.col[0], 1, INT64_MAX, &id);
	money_parse(row.col[4], &total);
	money_parse(row.col[5], &paid);
	if (strcmp(row.col[2], "invoice") != 0 || strcmp(row.col[3], "credited") == 0) {
		snprintf(p->msg, sizeof(p->msg), "invoice %s: %s, no payment can be "
		    "registered", p->number, strcmp(row.col[2], "invoice") != 0 ?
		    "a credit note" : "credited");
		return 1;
	}
	if (paid + p->amount > total) {
		money_canonical(s_rest, sizeof(s_rest), total - paid);
		snprintf(p->msg, sizeof(p->msg), "invoice %s: the payment is more than "
		    "the remaining %s %s", p->number, s_rest, row.col[6]);
		return 1;
	}
	paid += p->amount;
	money_canonical(s_paid, sizeof(s_paid), paid);
	money_canonical(s_amount, sizeof(s_amount), p->amount);
	if ((rc = dbe_run(p->db, ST_PAYMENT_ADD, "isss", id, s_amount, p->date,
	    p->reference ? p->reference : "")) < 0)
		return rc;
	if ((rc = dbe_run(p->db, ST_INVOICE_SET_PAID, "ssi", s_paid,
	    paid == total ? "paid" : "partly_paid", id)) < 0)
		return rc;
	money_canonical(s_rest, sizeof(s_rest), total - paid);
	snprintf(p->result, sizeof(p->result), "invoice %s: %s %s paid, %s remaining",
	    p->number, s_amount, row.col[6], s_rest);
	return DB_OK;
}


static int
finish(struct invoice_ref *p, int rc, const char *what)
{
	if (rc == 0) {
		fprintf(p->out, "%s\n", p->result);
		return 0;
	}
	if (rc > 0) {
		fprintf(p->err, "%s: %s\n", what, p->msg);
		return 1;
	}
	fprintf(p->err, "%s: failed (%s), nothing changed\n", what,
	    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
	return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
}

int
billing_pay(struct db *db, const char *number, const char *amount, const char *date,
    const char *reference, FILE *out, FILE *err)
{
	struct invoice_ref p = { db, out, err, number, NULL, reference, 0, "", "" };
	char day[11];
	int rc;

	if (amount == NULL || money_parse(amount, &p.amount) == -1 || p.amount <= 0) {
		fprintf(err, "pay: amount %s: not a positive amount (e.g. 998.75)\n",
		    amount ? amount : "");
		return EX_USAGE;
	}
	if (reference != NULL && (strlen(reference) > 64 ||
	    !utf8_valid(reference, strlen(reference)))) {
		fprintf(err, "pay: the reference is longer than 64 characters or not text\n");
		return EX_USAGE;
	}
	if ((rc = today_or(db, date, day, sizeof(day), err)) != 0)
		return rc;
	p.date = day;
	return finish(&p, db_txn(db, pay_txn, &p), "pay");
}

static int
credit_txn(void *arg)
{
	struct invoice_ref *p = arg;
	struct dbrow row;
	long long id, issuer, next, credit;
	char kid[32], ref[32], s[3][32];
	int rc, i;
	struct {
		char *v[18];
	} *lines = NULL;
	size_t n = 0, j;

	if ((rc = lock_invoice(p, &row)) <= 0)
		return rc < 0 ? rc : 1;
	parse_int(row.col[0], 1, INT64_MAX, &id);
	if (strcmp(row.col[2], "invoice") != 0 || strcmp(row.col[3], "credited") == 0) {
		snprintf(p->msg, sizeof(p->msg), "invoice %s: %s", p->number,
		    strcmp(row.col[2], "invoice") != 0 ? "is a credit note" :
		    "is credited already");
		return 1;
	}
	parse_int(row.col[7], 1, INT64_MAX, &issuer);
	/* The issuer's series (locked) numbers the credit note. */
	if ((rc = dbe_one(p->db, ST_ISSUER_LOCK, &row, "i", issuer)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	parse_int(row.col[0], 1, INT64_MAX, &next);
	if ((rc = dbe_one(p->db, ST_INVOICE_ACCOUNT_NO, &row, "i", id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	snprintf(ref, sizeof(ref), "%s%lld", row.col[0], next);
	if (bill_kid(ref, kid, sizeof(kid)) == -1)
		copy(kid, sizeof(kid), ref);
	if ((rc = dbe_run(p->db, ST_CREDIT_NOTE_ADD, "isssi", next, p->date, p->date,
	    kid, id)) < 0)
		return rc;
	credit = dbe_insert_id(p->db, ST_CREDIT_NOTE_ADD);
	/* The lines, read first, then written back with the signs turned. */
	if ((rc = dbe_run(p->db, ST_INVOICE_LINES_RAW, "i", id)) < 0)
		return rc;
	while ((rc = dbe_fetch(p->db, ST_INVOICE_LINES_RAW, &row)) == 1) {
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		for (i = 0; i < 18; i++)
			lines[n].v[i] = row.col[i] ? xstrdup(row.col[i]) : NULL;
		n++;
	}
	for (j = 0; j < n && rc == 0; j++) {
		char **v = lines[j].v;
		long long q = 0, sub = 0, loc = 0, base = 1, a;
		const int signed_cols[] = { 14, 16, 17 };

		parse_int(v[10], -1000000, 1000000, &q);
		if (v[2] != NULL)
			parse_int(v[2], 1, INT64_MAX, &sub);
		if (v[4] != NULL)
			parse_int(v[4], 1, INT64_MAX, &loc);
		parse_int(v[11], 1, 1000000, &base);
		for (i = 0; i < 3; i++) {
			money_parse(v[signed_cols[i]], &a);
			money_canonical(s[i], sizeof(s[i]), -a);
		}
		rc = dbe_run(p->db, ST_INVOICE_LINE_ADD, "iiIsIssssssiisssss", credit,
		    (long long)(j + 1), sub, v[3], loc, v[5], v[6], v[7], v[8], v[9],
		    v[13], -q, base, v[12], s[0], v[15], s[1], s[2]);
	}
	for (j = 0; j < n; j++)
		for (i = 0; i < 18; i++)
			free(lines[j].v[i]);
	free(lines);
	if (rc < 0)
		return rc;
	if ((rc = dbe_run(p->db, ST_CREDIT_NOTE_TOTALS, "ii", id, credit)) < 0 ||
	    (rc = dbe_run(p->db, ST_INVOICE_SET_CREDITED, "i", id)) < 0 ||
	    (rc = dbe_run(p->db, ST_ISSUER_NEXT, "i", issuer)) < 0)
		return rc;
	snprintf(p->result, sizeof(p->result), "credit note %lld for invoice %s",
	    next, p->number);
	return DB_OK;
}

int
billing_credit(struct db *db, const char *number, const char *date, FILE *out,
    FILE *err)
{
	struct invoice_ref p = { db, out, err, number, NULL, NULL, 0, "", "" };
	char day[11];
	int rc;

	if ((rc = today_or(db, date, day, sizeof(day), err)) != 0)
		return rc;
	p.date = day;
	return finish(&p, db_txn(db, credit_txn, &p), "credit");
}

/* ---- the demo's invoice history ---- */

int
billing_demo(struct db *db, const struct conf *conf)
{
	/* The seed's invoice dates: 26.11.2025 (due 11.12.2025) and 29.12.2025
	 * (due 13.01.2026); then the 28th of each month. */
	static const char *const runs[][2] = {
		{ "2025-11", "2025-11-26" }, { "2025-12", "2025-12-29" },
		{ "2026-01", "2026-01-28" }, { "2026-02", "2026-02-28" },
		{ "2026-03", "2026-03-28" }, { "2026-04", "2026-04-28" },
		{ "2026-05", "2026-05-28" }, { "2026-06", "2026-06-28" },
		{ "2026-07", "2026-07-28" }, { "2026-08", "2026-08-28" },
		{ "2026-09", "2026-09-28" }, { "2026-10", "2026-10-28" },
	};
	FILE *quiet = fopen("/dev/null", "w");
	struct dbrow row;
	char (*due)[3][32] = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (quiet == NULL)
		return 1;
	for (i = 0; i < COUNTOF(runs) && rc == 0; i++)
		rc = billing_run(db, conf, runs[i][0], runs[i][1], quiet, stderr);
	/* Everything due before October is paid, two days early; September's
	 * first invoice only in part; October's stays open (overdue by now). */
	if (rc == 0 && dbe_run(db, ST_DEMO_UNPAID, "s", "2026-11-01") == 0)
		while (dbe_fetch(db, ST_DEMO_UNPAID, &row) == 1) {
			due = xrealloc(due, (n + 1) * sizeof(*due));
			snprintf(due[n][0], 32, "%s", row.col[0]);
			snprintf(due[n][1], 32, "%s", row.col[1]);
			snprintf(due[n][2], 32, "%s", row.col[2]);
			n++;
		}
	for (i = 0; i < n && rc == 0; i++) {
		long d;
		char day[11];

		bill_date_days(due[i][2], &d);
		bill_days_date(d - 2, day, sizeof(day));
		rc = billing_pay(db, due[i][0], strncmp(due[i][2], "2026-10", 7) == 0 &&
		    i == 0 ? "500.00" : due[i][1], day, "demo", quiet, stderr);
	}
	free(due);
	/* One credit note: Nordlys Eiendom's March invoice, disputed. */
	if (rc == 0 && dbe_one(db, ST_DEMO_INVOICE_OF, &row, "is", 2LL, "2026-03") == 1) {
		char number[32];

		snprintf(number, sizeof(number), "%s", row.col[0]);
		rc = billing_credit(db, number, "2026-04-15", quiet, stderr);
	}
	fclose(quiet);
	return rc;
}
