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

#include "api/hub.h"
#include "core/auth.h"
#include "billing/billing.h"
#include "core/conf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "core/module.h"
#include "core/money.h"
#include "core/util.h"
#include "orders/payroll.h"

/* ---- the statements ---- */

/* A subscription's share of the period or a charge, with its account. */
enum { ITEM_ACCOUNT, ITEM_KIND, ITEM_ID, ITEM_SUBSCRIPTION, ITEM_REF, ITEM_LOCATION,
	ITEM_USER, ITEM_COST_CENTRE, ITEM_DESCRIPTION, ITEM_CURRENCY, ITEM_PRICE,
	ITEM_FROM, ITEM_TO, ITEM_VAT_RATE, ITEM_QUANTITY, ITEM_COMPANY, ITEM_VAT_CLASS,
	ITEM_SUSPENDED_FROM, ITEM_SUSPENDED_TO, ITEM__COLS };
/* The account billed, its issuer and its company as the invoice names it. */
enum { ACC_COMPANY, ACC_CURRENCY, ACC_VAT_RATE, ACC_NUMBER, ACC_ISSUER, ACC_DUE_DAYS,
	ACC_NEXT_NUMBER, ACC_NAME, ACC_ORGNR, ACC_STREET, ACC_POSTCODE, ACC_CITY,
	ACC_COUNTRY, ACC_ISSUER_COUNTRY, ACC_REDUCED_RATE, ACC__COLS };
enum { BILLED_ID, BILLED__COLS };
enum { RCPT_ID, RCPT_EMAIL, RCPT__COLS };
enum { ISSUER_NEXT_NUMBER, ISSUER__COLS };
/* An invoice named by its number or its KID, as a payment or a credit note
 * needs it; USES: how many invoices that number or KID names. */
enum { LOCKED_ID, LOCKED_USES, LOCKED_KIND, LOCKED_STATUS, LOCKED_TOTAL,
	LOCKED_PAID, LOCKED_CURRENCY, LOCKED_ISSUER, LOCKED_CREDITED, LOCKED_NUMBER,
	LOCKED_COMPANY, LOCKED__COLS };
enum { UNPAID_NUMBER, UNPAID_TOTAL, UNPAID_DUE, UNPAID__COLS };
enum { DEMO_NUMBER, DEMO__COLS };
enum { CO_STATUS, CO__COLS };

enum { Q_BILL_ITEMS, Q_BILL_ACCOUNT, Q_BILL_EXISTS, Q_INVOICE_ADD, Q_INVOICE_LINE_ADD,
	Q_INVOICE_SET_TOTALS, Q_ISSUER_NEXT, Q_ISSUER_LOCK, Q_CHARGE_BILL,
	Q_EINVOICE_EMAILS, Q_MAIL_ENQUEUE_INVOICE, Q_INVOICE_LOCK, Q_PAYMENT_ADD,
	Q_INVOICE_SET_PAID, Q_DEMO_UNPAID, Q_DEMO_INVOICE_OF, Q_INVOICE_LOCK_KID,
	Q_COMPANY_STATUS };

/* What a period bills: each subscription's days in it, and the charges not
 * billed yet, with the billing account each belongs to (the charge's own,
 * as a reminder fee has, else its subscription's, else the company's first
 * in its currency; NULL: none), for the accounts not billed for the period
 * yet, of the companies not closed; a subscription with its product's VAT
 * class. Parameters: first, last, last, last, first, last day of the
 * period, the period, the companies billed (a comma list, twice; NULL:
 * all). */
#define ACCOUNT_OF(company, currency, explicit) \
	"COALESCE(" explicit ", (SELECT MIN(b.id) FROM billing_accounts b" \
	" WHERE b.company_id = " company " AND b.currency = " currency "))"
static struct stmt stmts[] = {
	[Q_BILL_ITEMS] = STMT("bill.items", "sssssssss", ITEM__COLS,
	    "SELECT x.account, x.kind, x.id, x.sub, x.ref, x.location, x.uname, x.cc,"
	    " x.descr, x.currency, x.price, x.dfrom, x.dto, x.rate, x.qty, x.company,"
	    " x.vat_class, x.sfrom, x.sto"
	    " FROM ("
	    "  SELECT " ACCOUNT_OF("s.company_id", "s.currency", "s.billing_account_id")
	    "   AS account, 's' AS kind, s.id AS id, s.id AS sub, s.ref AS ref,"
	    "   s.location_id AS location, u.name AS uname, s.cost_centre AS cc,"
	    "   p.name AS descr, s.currency AS currency, s.monthly_price AS price,"
	    "   GREATEST(s.started_on, ?) AS dfrom, LEAST(COALESCE(s.ends_on, ?), ?) AS dto,"
	    "   NULL AS rate, 1 AS qty, s.company_id AS company, p.vat_class AS vat_class,"
	    "   s.suspended_from AS sfrom, s.suspended_to AS sto"
	    "  FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    "  LEFT JOIN users u ON u.id = s.user_id"
	    "  WHERE s.started_on <= ? AND (s.ends_on IS NULL OR s.ends_on >= ?)"
	    "  AND (s.status <> 'terminated' OR s.ends_on IS NOT NULL)"
	    "  UNION ALL"
	    "  SELECT " ACCOUNT_OF("c.company_id", "c.currency",
	    "COALESCE(c.billing_account_id, s.billing_account_id)")
	    "   , 'c', c.id, c.subscription_id, s.ref, COALESCE(c.location_id, s.location_id),"
	    "   NULL, s.cost_centre, c.description, c.currency, c.unit_price, c.charged_on,"
	    "   c.charged_on, c.vat_rate, c.quantity, c.company_id, NULL, NULL, NULL"
	    "  FROM charges c LEFT JOIN subscriptions s ON s.id = c.subscription_id"
	    "  WHERE c.invoice_id IS NULL AND c.charged_on <= ?"
	    " ) x JOIN companies co ON co.id = x.company AND co.status = 'active'"
	    " WHERE (x.account IS NULL OR NOT EXISTS (SELECT 1 FROM invoices i"
	    "  WHERE i.billing_account_id = x.account AND i.period_key = ?))"
	    " AND (? IS NULL OR FIND_IN_SET(x.company, ?) > 0)"
	    " ORDER BY x.account, x.kind DESC, x.location, x.ref, x.id"),
	/* Locks the account and its issuer's number series. */
	[Q_BILL_ACCOUNT] = STMT("bill.account", "i", ACC__COLS,
	    "SELECT a.company_id, a.currency, a.vat_rate, a.number, a.issuer_id, i.due_days,"
	    " i.next_number, c.name, c.orgnr, c.street, c.postcode, c.city, c.country,"
	    " i.country, i.reduced_vat_rate"
	    " FROM billing_accounts a JOIN issuers i ON i.id = a.issuer_id"
	    " JOIN companies c ON c.id = a.company_id WHERE a.id = ? FOR UPDATE"),
	[Q_BILL_EXISTS] = STMT("bill.exists", "is", BILLED__COLS,
	    "SELECT id FROM invoices WHERE billing_account_id = ? AND period_key = ?"),
	[Q_INVOICE_ADD] = STMT("bill.invoice_add", "iisiissIssssssssssssssI", 0,
	    "INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id,"
	    " period, period_key, credits_id, invoice_date, due_date, currency, net, vat,"
	    " total, status, payment_ref, customer_name, customer_orgnr, customer_street,"
	    " customer_postcode, customer_city, customer_country, billing_run_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_INVOICE_LINE_ADD] = STMT("bill.line_add", "iiIsIssssssiisssss", 0,
	    "INSERT INTO invoice_lines (invoice_id, line_no, subscription_id,"
	    " subscription_ref, location_id, user_name, cost_centre, description,"
	    " period_from, period_to, unit, quantity, base_quantity, unit_price, net,"
	    " vat_rate, vat, amount)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_INVOICE_SET_TOTALS] = STMT("bill.set_totals", "ssssi", 0,
	    "UPDATE invoices SET net = ?, vat = ?, total = ?, status = ? WHERE id = ?"),
	[Q_ISSUER_NEXT] = STMT("bill.issuer_next", "i", 0,
	    "UPDATE issuers SET next_number = next_number + 1 WHERE id = ?"),
	[Q_ISSUER_LOCK] = STMT("bill.issuer_lock", "i", ISSUER__COLS,
	    "SELECT next_number FROM issuers WHERE id = ? FOR UPDATE"),
	[Q_CHARGE_BILL] = STMT("bill.charge_bill", "ii", 0,
	    "UPDATE charges SET invoice_id = ? WHERE id = ? AND invoice_id IS NULL"),
	[Q_EINVOICE_EMAILS] = STMT("bill.einvoice_emails", "i", RCPT__COLS,
	    "SELECT id, email FROM einvoice_recipients WHERE company_id = ? ORDER BY id"),
	[Q_MAIL_ENQUEUE_INVOICE] = STMT("bill.mail_enqueue", "sssis", 0,
	    "INSERT INTO mail_outbox (recipient, subject, body, invoice_id, unsubscribe_url)"
	    " VALUES (?, ?, ?, ?, ?)"),
	/* By number; the count tells when two issuers' series share the number. */
	[Q_INVOICE_LOCK] = STMT("bill.invoice_lock", "i", LOCKED__COLS,
	    "SELECT i.id, (SELECT COUNT(*) FROM invoices x WHERE x.number = i.number),"
	    " i.kind, i.status, i.total, i.paid, i.currency, i.issuer_id, i.credited,"
	    " i.number, i.company_id"
	    " FROM invoices i WHERE i.number = ? ORDER BY i.id LIMIT 1 FOR UPDATE"),
	[Q_PAYMENT_ADD] = STMT("bill.payment_add", "isss", 0,
	    "INSERT INTO payments (invoice_id, amount, paid_on, reference) VALUES (?, ?, ?, ?)"),
	[Q_INVOICE_SET_PAID] = STMT("bill.set_paid", "ssi", 0,
	    "UPDATE invoices SET paid = ?, status = ? WHERE id = ?"),
	[Q_DEMO_UNPAID] = STMT("bill.demo_unpaid", "s", UNPAID__COLS,
	    "SELECT number, total, due_date FROM invoices WHERE kind = 'invoice'"
	    " AND status = 'unpaid' AND due_date < ? ORDER BY due_date DESC, id"),
	[Q_DEMO_INVOICE_OF] = STMT("bill.demo_invoice_of", "is", DEMO__COLS,
	    "SELECT number FROM invoices WHERE company_id = ? AND period_key = ?"),
	/* By KID, as a bank file names the invoice it pays. */
	[Q_INVOICE_LOCK_KID] = STMT("bill.invoice_lock_kid", "s", LOCKED__COLS,
	    "SELECT i.id, (SELECT COUNT(*) FROM invoices x WHERE x.payment_ref = i.payment_ref),"
	    " i.kind, i.status, i.total, i.paid, i.currency, i.issuer_id, i.credited,"
	    " i.number, i.company_id"
	    " FROM invoices i WHERE i.payment_ref = ? ORDER BY i.id LIMIT 1 FOR UPDATE"),
	/* A company a billing run is limited to: there, and not closed. */
	[Q_COMPANY_STATUS] = STMT("bill.company_status", "i", CO__COLS,
	    "SELECT status FROM companies WHERE id = ?"),
};
#undef ACCOUNT_OF

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

void
bill_split_gross(long long amount, long long rate_bp, long long *net, long long *vat)
{
	*net = bill_div_round(amount * 10000, 10000 + rate_bp);
	*vat = amount - *net;
}

const char *
bill_status(long long total, long long paid, long long credited)
{
	if (total > 0 && credited >= total)
		return "credited";
	if (total - credited - paid <= 0)
		return "paid";
	return paid > 0 ? "partly_paid" : "unpaid";
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
bill_payment_ref(const char *account, long long number, char *out, size_t len)
{
	char ref[48];

	/* An account number that is not digits gets a reference without KID. */
	snprintf(ref, sizeof(ref), "%s%lld", account, number);
	if (bill_kid(ref, out, len) == -1)
		snprintf(out, len, "%s", ref);
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
	char		 susp_from[11], susp_to[11];	/* its suspension ("": none) */
	long long	 rate;			/* -1: the account's */
	int		 vat_class;		/* a subscription's product's */
	long long	 quantity;
};

/* The catalogue's VAT classes (products.vat_class): the standard one is
 * the account's rate, which a charge without a rate of its own has too. */
enum { VAT_STANDARD, VAT_REDUCED, VAT_EXEMPT };
static const char *const vat_classes[] = { "standard", "reduced", "exempt", NULL };

struct run {
	struct db	*db;
	const struct conf *conf;
	const struct bill_how *how;
	FILE		*err;
	const char	*period, *first, *last, *date;
	const char	*scope;			/* the companies billed; NULL: all */
	int		 month_days;
	struct item	*items;
	size_t		 nitems;
	/* the account being billed: items[lo..hi), and its invoice */
	size_t		 lo, hi;
	struct bill_account acct;
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

	rc = db_run(r->db, &stmts[Q_BILL_ITEMS], r->first, r->last, r->last, r->last,
	    r->first, r->last, r->period, r->scope, r->scope);
	if (rc < 0)
		return rc;
	while ((rc = db_fetch(r->db, &stmts[Q_BILL_ITEMS], &row)) == 1) {
		struct item *it;

		if (row.col[ITEM_ACCOUNT] == NULL) {
			fprintf(r->err, "bill: %s %s of company %s has no billing account "
			    "in %s: not billed\n", strcmp(row.col[ITEM_KIND], "c") == 0 ?
			    "charge" : "subscription", row.col[ITEM_ID],
			    row.col[ITEM_COMPANY], row.col[ITEM_CURRENCY]);
			continue;
		}
		if (r->nitems == cap) {
			cap = cap ? cap * 2 : 256;
			r->items = erealloc(r->items, cap * sizeof(*r->items));
		}
		it = &r->items[r->nitems++];
		memset(it, 0, sizeof(*it));
		parse_int(row.col[ITEM_ACCOUNT], 1, INT64_MAX, &it->account);
		it->charge = strcmp(row.col[ITEM_KIND], "c") == 0;
		parse_int(row.col[ITEM_ID], 1, INT64_MAX, &it->id);
		if (row.col[ITEM_SUBSCRIPTION] != NULL)
			parse_int(row.col[ITEM_SUBSCRIPTION], 1, INT64_MAX, &it->subscription);
		copy(it->ref, sizeof(it->ref), row.col[ITEM_REF]);
		if (row.col[ITEM_LOCATION] != NULL)
			parse_int(row.col[ITEM_LOCATION], 1, INT64_MAX, &it->location);
		copy(it->user, sizeof(it->user), row.col[ITEM_USER]);
		copy(it->cost_centre, sizeof(it->cost_centre), row.col[ITEM_COST_CENTRE]);
		copy(it->description, sizeof(it->description), row.col[ITEM_DESCRIPTION]);
		money_parse(row.col[ITEM_PRICE], &it->price);
		copy(it->currency, sizeof(it->currency), row.col[ITEM_CURRENCY]);
		copy(it->from, sizeof(it->from), row.col[ITEM_FROM]);
		copy(it->to, sizeof(it->to), row.col[ITEM_TO]);
		copy(it->susp_from, sizeof(it->susp_from), row.col[ITEM_SUSPENDED_FROM]);
		copy(it->susp_to, sizeof(it->susp_to), row.col[ITEM_SUSPENDED_TO]);
		it->rate = -1;
		if (row.col[ITEM_VAT_RATE] != NULL)
			money_parse(row.col[ITEM_VAT_RATE], &it->rate);
		for (it->vat_class = 0; row.col[ITEM_VAT_CLASS] != NULL &&
		    vat_classes[it->vat_class] != NULL &&
		    strcmp(vat_classes[it->vat_class], row.col[ITEM_VAT_CLASS]) != 0;
		    it->vat_class++)
			;
		if (vat_classes[it->vat_class] == NULL)
			it->vat_class = VAT_STANDARD;	/* a class unknown here */
		parse_int(row.col[ITEM_QUANTITY], -1000000, 1000000, &it->quantity);
	}
	return rc < 0 ? rc : DB_OK;
}

const char *
billing_lang(const char *country)
{
	if (strcmp(country, "NO") == 0)
		return "nb";
	if (strcmp(country, "DK") == 0)
		return "da";
	return "en";
}

int
billing_mail(struct db *db, const char *to, const char *subject, const char *body,
    long long invoice, const char *unsubscribe)
{
	return db_run(db, &stmts[Q_MAIL_ENQUEUE_INVOICE], to, subject, body, invoice,
	    unsubscribe);
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
	money_local(money, sizeof(money), lang, minor, r->acct.currency);
	date_local(date, sizeof(date), lang, due);
	/* Collected first: the enqueue statement must not run mid-fetch. */
	if ((rc = db_run(r->db, &stmts[Q_EINVOICE_EMAILS], company)) < 0)
		return rc;
	while ((rc = db_fetch(r->db, &stmts[Q_EINVOICE_EMAILS], &row)) == 1) {
		to = erealloc(to, (n + 1) * sizeof(*to));
		parse_int(row.col[RCPT_ID], 1, INT64_MAX, &to[n].id);
		to[n++].email = estrdup(row.col[RCPT_EMAIL]);
	}
	for (i = 0; i < n; i++) {
		char token[44], url[400];
		const char *vars[] = { "number", r->acct.number, "total", money, "due", date,
		    "url", url, NULL };
		struct buf subject = { 0 }, body = { 0 };

		einvoice_token(r->conf->secret, to[i].id, to[i].email, token);
		snprintf(url, sizeof(url), "%s/einvoice/unsubscribe?r=%lld&t=%s",
		    r->conf->base_url, to[i].id, token);
		if (rc == 0) {
			i18n_fill(&subject, i18n_get(lang, "einvoice.mail.subject"), vars);
			i18n_fill(&body, i18n_get(lang, "einvoice.mail.body"), vars);
			rc = billing_mail(r->db, to[i].email, subject.p, body.p,
			    r->acct.invoice, url);
			if (rc == 0)
				r->acct.mails++;
		}
		buf_free(&subject);
		buf_free(&body);
		free(to[i].email);
	}
	free(to);
	return rc;
}

/* The item's VAT rate (hundredths of a per cent) on an account of rate
 * whose issuer's reduced rate is reduced (-1: none); -1 when there is no
 * rate to bill it at. */
static long long
item_rate(const struct item *it, long long rate, long long reduced)
{
	if (it->rate >= 0)
		return it->rate;
	if (it->vat_class == VAT_EXEMPT)
		return 0;
	return it->vat_class == VAT_REDUCED ? reduced : rate;
}

/* One line of an invoice: its days (or a charge's pieces) and rate. */
struct line {
	const char	*from, *to, *unit;
	long long	 q, base, rate;
};

/* The line's net and VAT added to the account's; written unless a preview. */
static int
bill_line(struct run *r, const struct item *it, const struct line *l, long long *net,
    long long *vat)
{
	struct bill_account *a = &r->acct;
	long long l_net = bill_net(l->q, it->price, l->base), l_vat = bill_vat(l_net, l->rate);
	char s_price[32], s_lnet[32], s_lvat[32], s_amount[32], s_rate[32];
	int rc;

	*net += l_net;
	*vat += l_vat;
	a->lines++;
	if (r->how->dry)
		return DB_OK;
	money_canonical(s_price, sizeof(s_price), it->price);
	money_canonical(s_lnet, sizeof(s_lnet), l_net);
	money_canonical(s_lvat, sizeof(s_lvat), l_vat);
	money_canonical(s_amount, sizeof(s_amount), l_net + l_vat);
	money_canonical(s_rate, sizeof(s_rate), l->rate);
	rc = db_run(r->db, &stmts[Q_INVOICE_LINE_ADD], a->invoice,
	    (long long)a->lines, it->subscription, it->ref[0] ? it->ref : NULL,
	    it->location, it->user[0] ? it->user : NULL,
	    it->cost_centre[0] ? it->cost_centre : NULL, it->description,
	    l->from, l->to, l->unit, l->q, l->base, s_price, s_lnet, s_rate, s_lvat,
	    s_amount);
	return rc < 0 ? rc : DB_OK;
}

/*
 * A subscription's billed days in the period, [from, to] less the days it
 * is suspended: at most two runs of days (before and after), as day
 * numbers; how many (0: suspended all the period).
 */
static int
billed_days(const struct item *it, long days[2][2])
{
	long from, to, sf, st;
	int n = 0;

	bill_date_days(it->from, &from);
	bill_date_days(it->to, &to);
	if (it->susp_from[0] == '\0' || bill_date_days(it->susp_from, &sf) == -1 ||
	    bill_date_days(it->susp_to, &st) == -1 || st < from || sf > to) {
		days[0][0] = from, days[0][1] = to;
		return 1;
	}
	if (sf > from)
		days[n][0] = from, days[n][1] = sf - 1, n++;
	if (st < to)
		days[n][0] = st + 1, days[n][1] = to, n++;
	return n;
}

/*
 * One account's invoice for the period, in one transaction: its lines and
 * figures worked out from the items, then (unless a preview, which rolls
 * back having written nothing) the invoice, its lines, its number and its
 * mails. 0 made or billed already, 1 nothing to make (or a preview), <0 a
 * db_rc.
 */
static int
bill_account_txn(void *arg)
{
	struct run *r = arg;
	struct bill_account *a = &r->acct;
	int dry = r->how->dry;
	struct item *it;
	struct dbrow row;
	long long account = r->items[r->lo].account, issuer, next, rate, due_days;
	long long reduced = -1;
	long long net = 0, vat = 0;
	char accno[21], lang[3], kid[48], due[11];
	char orgnr[21], street[201], postcode[11], city[101], country[3];
	char s_net[32], s_vat[32], s_total[32];
	long d;
	int rc;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->account = account;
	/* Locks the account and its issuer (the number series). */
	if ((rc = db_one(r->db, &stmts[Q_BILL_ACCOUNT], &row, account)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	parse_int(row.col[ACC_COMPANY], 1, INT64_MAX, &a->company);
	copy(a->currency, sizeof(a->currency), row.col[ACC_CURRENCY]);
	money_parse(row.col[ACC_VAT_RATE], &rate);
	copy(accno, sizeof(accno), row.col[ACC_NUMBER]);
	parse_int(row.col[ACC_ISSUER], 1, INT64_MAX, &issuer);
	parse_int(row.col[ACC_DUE_DAYS], 0, 3650, &due_days);
	parse_int(row.col[ACC_NEXT_NUMBER], 1, INT64_MAX, &next);
	copy(a->name, sizeof(a->name), row.col[ACC_NAME]);
	copy(orgnr, sizeof(orgnr), row.col[ACC_ORGNR]);
	copy(street, sizeof(street), row.col[ACC_STREET]);
	copy(postcode, sizeof(postcode), row.col[ACC_POSTCODE]);
	copy(city, sizeof(city), row.col[ACC_CITY]);
	copy(country, sizeof(country), row.col[ACC_COUNTRY]);
	copy(lang, sizeof(lang), billing_lang(row.col[ACC_ISSUER_COUNTRY]));
	if (row.col[ACC_REDUCED_RATE] != NULL)
		money_parse(row.col[ACC_REDUCED_RATE], &reduced);

	/* Billed already (a second run, or a run beside this one): nothing to do. */
	if ((rc = db_one(r->db, &stmts[Q_BILL_EXISTS], &row, account, r->period)) != 0)
		return rc < 0 ? rc : DB_OK;

	for (i = r->lo; i < r->hi; i++) {
		it = &r->items[i];
		if (strcmp(it->currency, a->currency) != 0) {
			fprintf(r->err, "bill: %s %lld is in %s, its account %s in %s: "
			    "not billed\n", it->charge ? "charge" : "subscription", it->id,
			    it->currency, accno, a->currency);
			continue;
		}
		if (item_rate(it, rate, reduced) < 0)
			fprintf(r->err, "bill: subscription %lld of company %lld has a "
			    "product of the reduced VAT class and its issuer no reduced "
			    "rate: not billed\n", it->id, a->company);
	}
	bill_date_days(r->date, &d);
	bill_days_date(d + (long)due_days, due, sizeof(due));
	bill_payment_ref(accno, next, kid, sizeof(kid));

	/* The invoice row first (totals are set once the lines are in). */
	if (!dry) {
		rc = db_run(r->db, &stmts[Q_INVOICE_ADD], issuer, next, "invoice",
		    a->company, account, r->period, r->period, 0LL, r->date, due,
		    a->currency, "0.00", "0.00", "0.00", "unpaid", kid, a->name, orgnr,
		    street, postcode, city, country, r->how->run);
		if (rc < 0)
			return rc;
		a->invoice = db_insert_id(r->db, &stmts[Q_INVOICE_ADD]);
		if ((rc = hub_emit(r->db, HUB_BILL, a->company, a->invoice, "sent")) < 0)
			return rc;
	}

	for (i = r->lo; i < r->hi; i++) {
		struct line l = { 0 };
		long days[2][2];
		int k, n;

		it = &r->items[i];
		if (strcmp(it->currency, a->currency) != 0 ||
		    (l.rate = item_rate(it, rate, reduced)) < 0)
			continue;
		if (it->charge) {
			l.from = it->from, l.to = it->to, l.unit = "piece";
			l.q = it->quantity, l.base = 1;
			if ((rc = bill_line(r, it, &l, &net, &vat)) < 0)
				return rc;
			if (dry)
				continue;
			if ((rc = db_run(r->db, &stmts[Q_CHARGE_BILL], a->invoice,
			    it->id)) < 0)
				return rc;
			if (db_affected(r->db, &stmts[Q_CHARGE_BILL]) != 1)
				return DB_RETRY;	/* billed by a run beside us */
			continue;
		}
		/* A subscription: its days in the period, its suspension left out. */
		n = billed_days(it, days);
		for (k = 0; k < n; k++) {
			char from[11], to[11];

			bill_days_date(days[k][0], from, sizeof(from));
			bill_days_date(days[k][1], to, sizeof(to));
			l.from = from, l.to = to;
			l.q = days[k][1] - days[k][0] + 1;
			if (l.q == r->month_days) {
				l.unit = "month";
				l.q = l.base = 1;
			} else {
				l.unit = "day";
				l.base = r->month_days;
			}
			if ((rc = bill_line(r, it, &l, &net, &vat)) < 0)
				return rc;
		}
	}
	a->net = net;
	a->vat = vat;
	a->total = net + vat;
	if (a->lines == 0 || dry) {
		a->invoice = 0;
		return 1;	/* nothing in the account's currency, or a preview: roll back */
	}
	money_canonical(s_net, sizeof(s_net), net);
	money_canonical(s_vat, sizeof(s_vat), vat);
	money_canonical(s_total, sizeof(s_total), net + vat);
	rc = db_run(r->db, &stmts[Q_INVOICE_SET_TOTALS], s_net, s_vat, s_total,
	    net + vat <= 0 ? "paid" : "unpaid", a->invoice);
	if (rc < 0 || (rc = db_run(r->db, &stmts[Q_ISSUER_NEXT], issuer)) < 0)
		return rc;
	snprintf(a->number, sizeof(a->number), "%lld", next);
	return mail_invoice(r, a->company, lang, s_total, due);
}

int
billing_today(struct db *db, const char *date, char *out, size_t len, FILE *err)
{
	char today[11];
	long d;

	if (date == NULL) {
		if (clock_today(db, today) != DB_OK) {
			fprintf(err, "selfcare: the database cannot be reached\n");
			return EX_TEMPFAIL;
		}
		date = today;
	}
	if (bill_date_days(date, &d) == -1) {
		fprintf(err, "selfcare: date %s: not a date (YYYY-MM-DD)\n", date);
		return EX_USAGE;
	}
	copy(out, len, date);
	return 0;
}

int
billing_period(struct db *db, const struct conf *conf, const char *period,
    const char *date, const struct bill_how *how, FILE *err)
{
	struct run r;
	struct buf scope = { 0 };
	char first[11], last[11], today[11];
	size_t of = 0, nth = 0, i;
	long long made = 0;
	int y, m, rc, failed = 0;

	memset(&r, 0, sizeof(r));
	if (bill_period(period, &y, &m, &r.month_days) == -1) {
		fprintf(err, "bill: period %s: not a month (YYYY-MM)\n", period ? period : "");
		return EX_USAGE;
	}
	if ((rc = billing_today(db, date, today, sizeof(today), err)) != 0)
		return rc;
	snprintf(first, sizeof(first), "%s-01", period);
	snprintf(last, sizeof(last), "%s-%02d", period, r.month_days);
	r.db = db;
	r.conf = conf;
	r.how = how;
	r.err = err;
	r.period = period;
	r.first = first;
	r.last = last;
	r.date = today;
	/* FIND_IN_SET's list: the ids as the database prints them. */
	for (i = 0; i < how->ncompanies; i++)
		buf_printf(&scope, "%s%lld", i ? "," : "", how->companies[i]);
	r.scope = scope.p;
	if ((rc = load_items(&r)) < 0) {
		fprintf(err, "bill: reading what to bill failed (%s)\n",
		    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
		free(r.items);
		buf_free(&scope);
		return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
	}
	/* The employees' deductions of the month, once (not in a preview). */
	if (!how->dry && (rc = payroll_month(db, period, first, last, r.scope,
	    &made)) < 0) {
		fprintf(err, "bill: the payroll deductions of %s failed (%s)\n", period,
		    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
		failed++;
	}
	/* The items come by account: one account's are items[lo..hi). */
	for (i = 0; i < r.nitems; i++)
		of += i == 0 || r.items[i].account != r.items[i - 1].account;
	for (r.lo = 0; r.lo < r.nitems; r.lo = r.hi) {
		for (r.hi = r.lo; r.hi < r.nitems &&
		    r.items[r.hi].account == r.items[r.lo].account; r.hi++)
			;
		rc = db_txn(db, bill_account_txn, &r);
		r.acct.nth = ++nth;
		r.acct.of = of;
		if (rc < 0) {
			fprintf(err, "bill: account %lld: failed (%s), nothing billed for it\n",
			    r.items[r.lo].account, rc == DB_UNAVAILABLE ?
			    "database unavailable" : "database error");
			memset(&r.acct, 0, sizeof(r.acct));
			r.acct.account = r.items[r.lo].account;
			r.acct.failed = 1;
			failed++;
		}
		if (how->each != NULL)
			how->each(how->arg, &r.acct);
	}
	free(r.items);
	buf_free(&scope);
	return failed ? 1 : 0;
}

/* The command's report: a line per invoice made. */
struct run_report {
	FILE	*out;
	int	 made, mails, failed;
};

static void
run_report(void *arg, const struct bill_account *a)
{
	struct run_report *p = arg;
	char total[32];

	if (a->failed)
		p->failed++;
	if (a->invoice == 0)
		return;
	money_canonical(total, sizeof(total), a->total);
	fprintf(p->out, "invoice %s: account %lld, %s %s, %d e-mail(s)\n",
	    a->number, a->account, total, a->currency, a->mails);
	p->made++;
	p->mails += a->mails;
}

int
billing_run(struct db *db, const struct conf *conf, const char *period, const char *date,
    FILE *out, FILE *err)
{
	return billing_run_companies(db, conf, period, date, NULL, 0, out, err);
}

/* Each company of a scoped run there and not closed: 0, 1 refused (err
 * says which), or an exit status when the database failed. */
static int
companies_open(struct db *db, const long long *companies, size_t n, FILE *err)
{
	struct dbrow row;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = db_one(db, &stmts[Q_COMPANY_STATUS], &row, companies[i])) < 0) {
			fprintf(err, "bill: reading company %lld failed (%s)\n", companies[i],
			    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
			return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
		}
		if (rc == 0 || strcmp(row.col[CO_STATUS], "active") != 0) {
			fprintf(err, "bill: company %lld %s: nothing billed\n", companies[i],
			    rc == 0 ? "does not exist" : "is closed");
			return 1;
		}
	}
	return 0;
}

int
billing_run_companies(struct db *db, const struct conf *conf, const char *period,
    const char *date, const long long *companies, size_t n, FILE *out, FILE *err)
{
	struct run_report p = { out, 0, 0, 0 };
	struct bill_how how = { 0, 0, run_report, &p, companies, n };
	int rc;

	if ((rc = companies_open(db, companies, n, err)) != 0)
		return rc;
	if ((rc = billing_period(db, conf, period, date, &how, err)) > 1)
		return rc;
	if (n > 0)
		fprintf(out, "bill %s, %zu company(ies): ", period, n);
	else
		fprintf(out, "bill %s: ", period);
	fprintf(out, "%d invoice(s) made, %d e-mail(s) queued, %d failed\n", p.made,
	    p.mails, p.failed);
	return rc;
}

/* ---- payments; what credit notes and reminders share ---- */

int
billing_number_take(struct db *db, long long issuer, long long *number)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(db, &stmts[Q_ISSUER_LOCK], &row, issuer)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	parse_int(row.col[ISSUER_NEXT_NUMBER], 1, INT64_MAX, number);
	return db_run(db, &stmts[Q_ISSUER_NEXT], issuer);
}

/* The locked invoice's row (LOCKED__COLS) as the callers read it. */
static void
locked_invoice(char **col, struct bill_invoice *inv)
{
	memset(inv, 0, sizeof(*inv));
	parse_int(col[LOCKED_ID], 1, INT64_MAX, &inv->id);
	parse_int(col[LOCKED_ISSUER], 1, INT64_MAX, &inv->issuer);
	parse_int(col[LOCKED_COMPANY], 1, INT64_MAX, &inv->company);
	money_parse(col[LOCKED_TOTAL], &inv->total);
	money_parse(col[LOCKED_PAID], &inv->paid);
	money_parse(col[LOCKED_CREDITED], &inv->credited);
	inv->credit_note = strcmp(col[LOCKED_KIND], "invoice") != 0;
	copy(inv->status, sizeof(inv->status), col[LOCKED_STATUS]);
	copy(inv->currency, sizeof(inv->currency), col[LOCKED_CURRENCY]);
	copy(inv->number, sizeof(inv->number), col[LOCKED_NUMBER]);
}

int
billing_invoice_lock(struct db *db, const char *number, struct bill_invoice *inv,
    char *why, size_t len)
{
	struct dbrow row;
	long long n;
	int rc;

	if (number == NULL || parse_int(number, 1, INT64_MAX, &n) == -1) {
		snprintf(why, len, "%s: not an invoice number", number ? number : "");
		return 0;
	}
	if ((rc = db_one(db, &stmts[Q_INVOICE_LOCK], &row, n)) <= 0) {
		if (rc == 0)
			snprintf(why, len, "invoice %s: not found", number);
		return rc;
	}
	if (strcmp(row.col[LOCKED_USES], "1") != 0) {
		snprintf(why, len, "invoice %s: the number is used by %s issuers; "
		    "register it in the operator's pages", number,
		    row.col[LOCKED_USES]);
		return 0;
	}
	locked_invoice(row.col, inv);
	return 1;
}

int
billing_report(int rc, const char *what, const char *result, const char *why,
    FILE *out, FILE *err)
{
	if (rc == 0) {
		fprintf(out, "%s\n", result);
		return 0;
	}
	if (rc > 0) {
		fprintf(err, "%s: %s\n", what, why);
		return 1;
	}
	fprintf(err, "%s: failed (%s), nothing changed\n", what,
	    rc == DB_UNAVAILABLE ? "database unavailable" : "database error");
	return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
}

/*
 * The payment of the locked invoice inv, by whichever door it came: refused
 * (p->refused says why) or registered, with the invoice paid or partly
 * paid. What remains to pay is what is neither paid nor credited. <0 a db_rc.
 */
static int
pay_locked(struct db *db, struct bill_invoice *inv, struct payment *p)
{
	char s_paid[32], s_amount[32];
	int rc;

	p->invoice = inv->id;
	p->company = inv->company;
	copy(p->number, sizeof(p->number), inv->number);
	copy(p->status, sizeof(p->status), inv->status);
	copy(p->invoice_currency, sizeof(p->invoice_currency), inv->currency);
	p->remaining = inv->total - inv->credited - inv->paid;
	if (inv->credit_note)
		p->refused = PAY_CREDIT_NOTE;
	else if (strcmp(inv->status, "credited") == 0)
		p->refused = PAY_CREDITED;
	else if (p->currency != NULL && strcmp(p->currency, inv->currency) != 0)
		p->refused = PAY_CURRENCY;
	else if (p->amount > p->remaining)
		p->refused = PAY_OVER;
	if (p->refused != PAY_OK)
		return DB_OK;
	inv->paid += p->amount;
	money_canonical(s_paid, sizeof(s_paid), inv->paid);
	money_canonical(s_amount, sizeof(s_amount), p->amount);
	if ((rc = db_run(db, &stmts[Q_PAYMENT_ADD], inv->id, s_amount, p->date,
	    p->reference ? p->reference : "")) < 0)
		return rc;
	p->id = db_insert_id(db, &stmts[Q_PAYMENT_ADD]);
	copy(p->status, sizeof(p->status),
	    bill_status(inv->total, inv->paid, inv->credited));
	p->remaining -= p->amount;
	return db_run(db, &stmts[Q_INVOICE_SET_PAID], s_paid, p->status, inv->id);
}

int
billing_pay_kid(struct db *db, const char *kid, struct payment *p)
{
	struct bill_invoice inv;
	struct dbrow row;
	int rc;

	p->refused = PAY_OK;
	p->invoice = p->id = 0;
	if ((rc = db_one(db, &stmts[Q_INVOICE_LOCK_KID], &row, kid)) < 0)
		return rc;
	if (rc == 0) {
		p->refused = PAY_NOT_FOUND;
		return DB_OK;
	}
	if (strcmp(row.col[LOCKED_USES], "1") != 0) {
		p->refused = PAY_AMBIGUOUS;
		return DB_OK;
	}
	locked_invoice(row.col, &inv);
	return pay_locked(db, &inv, p);
}

int
billing_pay_number(struct db *db, const char *number, struct payment *p, char *why,
    size_t len)
{
	struct bill_invoice inv;
	int rc;

	p->refused = PAY_OK;
	p->invoice = p->id = 0;
	if ((rc = billing_invoice_lock(db, number, &inv, why, len)) <= 0)
		return rc;
	return (rc = pay_locked(db, &inv, p)) < 0 ? rc : 1;
}

/* The pay command: the invoice by its number. */
struct pay_cmd {
	struct db	*db;
	const char	*number;
	struct payment	 pay;
	char		 why[256];	/* why it was refused */
	char		 result[128];
};

static int
pay_txn(void *arg)
{
	struct pay_cmd *p = arg;
	char s_amount[32], s_rest[32];
	int rc;

	if ((rc = billing_pay_number(p->db, p->number, &p->pay, p->why,
	    sizeof(p->why))) <= 0)
		return rc < 0 ? rc : 1;
	money_canonical(s_rest, sizeof(s_rest), p->pay.remaining);
	switch (p->pay.refused) {
	case PAY_OK:
		break;
	case PAY_CREDIT_NOTE:
	case PAY_CREDITED:
		snprintf(p->why, sizeof(p->why), "invoice %s: %s, no payment can be "
		    "registered", p->number, p->pay.refused == PAY_CREDIT_NOTE ?
		    "a credit note" : "credited");
		return 1;
	default:
		snprintf(p->why, sizeof(p->why), "invoice %s: the payment is more than "
		    "the remaining %s %s", p->number, s_rest, p->pay.invoice_currency);
		return 1;
	}
	money_canonical(s_amount, sizeof(s_amount), p->pay.amount);
	snprintf(p->result, sizeof(p->result), "invoice %s: %s %s paid, %s remaining",
	    p->number, s_amount, p->pay.invoice_currency, s_rest);
	return DB_OK;
}

int
billing_pay(struct db *db, const char *number, const char *amount, const char *date,
    const char *reference, FILE *out, FILE *err)
{
	struct pay_cmd p = { .db = db, .number = number };
	char day[11];
	int rc;

	if (amount == NULL || money_parse(amount, &p.pay.amount) == -1 ||
	    p.pay.amount <= 0) {
		fprintf(err, "pay: amount %s: not a positive amount (e.g. 998.75)\n",
		    amount ? amount : "");
		return EX_USAGE;
	}
	if (reference != NULL && (strlen(reference) > 64 ||
	    !utf8_valid(reference, strlen(reference)))) {
		fprintf(err, "pay: the reference is longer than 64 characters or not text\n");
		return EX_USAGE;
	}
	if ((rc = billing_today(db, date, day, sizeof(day), err)) != 0)
		return rc;
	p.pay.date = day;
	p.pay.reference = reference;
	return billing_report(db_txn(db, pay_txn, &p), "pay", p.result, p.why, out, err);
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
	char (*due)[UNPAID__COLS][32] = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (quiet == NULL)
		return 1;
	for (i = 0; i < COUNTOF(runs) && rc == 0; i++)
		rc = billing_run(db, conf, runs[i][0], runs[i][1], quiet, stderr);
	/* Everything due before October is paid, two days early; September's
	 * first invoice only in part; October's stays open (overdue by now). */
	if (rc == 0 && db_run(db, &stmts[Q_DEMO_UNPAID], "2026-11-01") == 0)
		while (db_fetch(db, &stmts[Q_DEMO_UNPAID], &row) == 1) {
			due = erealloc(due, (n + 1) * sizeof(*due));
			snprintf(due[n][UNPAID_NUMBER], 32, "%s", row.col[UNPAID_NUMBER]);
			snprintf(due[n][UNPAID_TOTAL], 32, "%s", row.col[UNPAID_TOTAL]);
			snprintf(due[n][UNPAID_DUE], 32, "%s", row.col[UNPAID_DUE]);
			n++;
		}
	for (i = 0; i < n && rc == 0; i++) {
		long d;
		char day[11];

		bill_date_days(due[i][UNPAID_DUE], &d);
		bill_days_date(d - 2, day, sizeof(day));
		rc = billing_pay(db, due[i][UNPAID_NUMBER],
		    strncmp(due[i][UNPAID_DUE], "2026-10", 7) == 0 && i == 0 ? "500.00" :
		    due[i][UNPAID_TOTAL], day, "demo", quiet, stderr);
	}
	free(due);
	/* One credit note: Nordlys Eiendom's March invoice, disputed. */
	if (rc == 0 && db_one(db, &stmts[Q_DEMO_INVOICE_OF], &row, 2LL, "2026-03") == 1) {
		char number[32];

		snprintf(number, sizeof(number), "%s", row.col[DEMO_NUMBER]);
		rc = billing_credit(db, number, "2026-04-15", NULL, 0, NULL, quiet, stderr);
	}
	fclose(quiet);
	return rc;
}

const struct module bill_module = {
	.name = "bill", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
