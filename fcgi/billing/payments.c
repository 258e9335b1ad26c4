/*
 * Payments from bank files (see payments.h): the two formats' readers,
 * the KID rules and `selfcare import-payments`.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>

#include "billing/billing.h"
#include "billing/payments.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/util.h"
#include "core/xmlsafe.h"

/* ---- the statements ---- */

/* What an earlier import did with a transaction. */
enum { SEEN_INVOICE, SEEN_NUMBER, SEEN_REASON, SEEN__COLS };

enum { Q_SEEN, Q_TXN_ADD, Q_TXN_PAID, Q_UNMATCHED_ADD };

static struct stmt stmts[] = {
	[Q_SEEN] = STMT("payments.seen", "ss", SEEN__COLS,
	    "SELECT t.invoice_id, i.number, u.reason FROM bank_transactions t"
	    " LEFT JOIN invoices i ON i.id = t.invoice_id"
	    " LEFT JOIN unmatched_payments u ON u.bank_transaction_id = t.id"
	    " WHERE t.source = ? AND t.bank_ref = ?"),
	/* The unique key (source, bank_ref) is what makes an import idempotent. */
	[Q_TXN_ADD] = STMT("payments.add", "ssssssss", 0,
	    "INSERT INTO bank_transactions (source, bank_ref, kid, payer, amount, currency,"
	    " paid_on, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_TXN_PAID] = STMT("payments.paid", "iii", 0,
	    "UPDATE bank_transactions SET invoice_id = ?, payment_id = ? WHERE id = ?"),
	[Q_UNMATCHED_ADD] = STMT("payments.unmatched_add", "isI", 0,
	    "INSERT INTO unmatched_payments (bank_transaction_id, reason, invoice_id)"
	    " VALUES (?, ?, ?)"),
};

/* ---- what became of a transaction ---- */

enum reason {
	R_PAID,
	R_NO_KID,
	R_INVALID_KID,
	R_UNKNOWN_KID,
	R_AMBIGUOUS_KID,
	R_CREDIT_NOTE,
	R_CREDITED,
	R_CURRENCY,
	R_OVERPAID,
	R_REVERSAL
};

/* code: unmatched_payments.reason; rest: the line shows what remains. */
static const struct {
	const char	*code, *text;
	int		 rest;
} reasons[] = {
	[R_PAID] = { "", "", 1 },
	[R_NO_KID] = { "no_kid", "no KID", 0 },
	[R_INVALID_KID] = { "invalid_kid", "not a valid KID (MOD10)", 0 },
	[R_UNKNOWN_KID] = { "unknown_kid", "no invoice has this KID", 0 },
	[R_AMBIGUOUS_KID] = { "ambiguous_kid", "more than one invoice has this KID", 0 },
	[R_CREDIT_NOTE] = { "credit_note", "the KID is a credit note's", 0 },
	[R_CREDITED] = { "credited", "the invoice is credited", 0 },
	[R_CURRENCY] = { "currency", "the invoice is in another currency", 1 },
	[R_OVERPAID] = { "overpaid", "more than what remains of the invoice", 1 },
	[R_REVERSAL] = { "reversal", "the bank took a payment back", 0 },
};

/* What billing's refusal of a payment means here. */
static const enum reason refusals[] = {
	[PAY_OK] = R_PAID,
	[PAY_NOT_FOUND] = R_UNKNOWN_KID,
	[PAY_AMBIGUOUS] = R_AMBIGUOUS_KID,
	[PAY_CREDIT_NOTE] = R_CREDIT_NOTE,
	[PAY_CREDITED] = R_CREDITED,
	[PAY_CURRENCY] = R_CURRENCY,
	[PAY_OVER] = R_OVERPAID,
};

/* source: bank_transactions.source. */
static const struct {
	const char	*source, *name;
} formats[] = {
	[BANK_CAMT054] = { "camt054", "camt.054" },
	[BANK_OCR] = { "ocr", "OCR giro" },
};

/* ---- small things ---- */

void
bank_file_free(struct bank_file *f)
{
	free(f->txn);
	f->txn = NULL;
	f->n = 0;
}

static struct bank_txn *
txn_new(struct bank_file *f, int line)
{
	struct bank_txn *t;

	f->txn = erealloc(f->txn, (f->n + 1) * sizeof(*f->txn));
	t = &f->txn[f->n++];
	memset(t, 0, sizeof(*t));
	t->line = line;
	return t;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[0..n) without blanks at either end into out; -1 if it does not fit. */
static int
trimmed(const char *s, size_t n, char *out, size_t len)
{
	while (n > 0 && blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && blank(s[n - 1]))
		n--;
	if (n >= len)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

enum kid_check
pay_kid_check(const char *kid)
{
	char body[26], want[28];
	size_t n = strlen(kid), i;

	if (n == 0)
		return KID_NONE;
	if (n < 2 || n > 25)
		return KID_INVALID;
	for (i = 0; i < n; i++)
		if (kid[i] < '0' || kid[i] > '9')
			return KID_INVALID;
	/* The check digit is made again from the others, as billing makes it. */
	memcpy(body, kid, n - 1);
	body[n - 1] = '\0';
	if (bill_kid(body, want, sizeof(want)) == -1 || strcmp(want, kid) != 0)
		return KID_INVALID;
	return KID_OK;
}

/* ---- the OCR giro file ---- */

/* n (<= 18) digits at p; -1 if any is not one. */
static int
digits(const char *p, size_t n, long long *out)
{
	long long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Where a record's fields are: the first column (from 1, as Nets' tables
 * count) and the width; at 0 the record has no such field.
 */
struct ocr_col {
	int		 at, width;
};

enum { F_NUMBER, F_DATE, F_SIGN, F_AMOUNT, F_KID, F_ARCHIVE, F_COUNT, F_RECORDS,
	F__MAX };

static const char *const ocr_field_names[] = {
	[F_NUMBER] = "transaction number", [F_DATE] = "settlement date",
	[F_SIGN] = "sign", [F_AMOUNT] = "amount", [F_KID] = "KID",
	[F_ARCHIVE] = "archive reference", [F_COUNT] = "number of transactions",
	[F_RECORDS] = "number of records",
};

static const struct ocr_layout {
	int		 type;
	int		 service;	/* the service code it must have */
	int		 kinds;		/* 1: a transaction type (10-21), 0: 00 */
	struct ocr_col	 col[F__MAX];
} ocr_layouts[] = {
	{ OCR_TRANSMISSION_START, 0, 0, { { 0, 0 } } },
	{ OCR_ASSIGNMENT_START, 9, 0, { { 0, 0 } } },
	{ OCR_AMOUNT_1, 9, 1, { [F_NUMBER] = { 9, 7 }, [F_DATE] = { 16, 6 },
	    [F_SIGN] = { 32, 1 }, [F_AMOUNT] = { 33, 17 }, [F_KID] = { 50, 25 } } },
	{ OCR_AMOUNT_2, 9, 1, { [F_NUMBER] = { 9, 7 }, [F_ARCHIVE] = { 26, 9 } } },
	{ OCR_AMOUNT_3, 9, 1, { [F_NUMBER] = { 9, 7 } } },
	{ OCR_ASSIGNMENT_END, 9, 0, { [F_COUNT] = { 9, 8 }, [F_RECORDS] = { 17, 8 },
	    [F_AMOUNT] = { 25, 17 } } },
	{ OCR_TRANSMISSION_END, 0, 0, { [F_COUNT] = { 9, 8 }, [F_RECORDS] = { 17, 8 },
	    [F_AMOUNT] = { 25, 17 } } },
};

static int
ocr_bad(char *why, size_t wlen, const struct ocr_col *c, int field, const char *what)
{
	if (c->width == 1)
		snprintf(why, wlen, "column %d (%s): %s", c->at, ocr_field_names[field],
		    what);
	else
		snprintf(why, wlen, "columns %d-%d (%s): %s", c->at, c->at + c->width - 1,
		    ocr_field_names[field], what);
	return -1;
}

/* DDMMYY as YYYY-MM-DD: Nets writes two-digit years, of this century. */
static int
ocr_date(const char *p, char out[11])
{
	long long d, m, y;
	long days;

	if (digits(p, 2, &d) == -1 || digits(p + 2, 2, &m) == -1 ||
	    digits(p + 4, 2, &y) == -1)
		return -1;
	snprintf(out, 11, "20%02lld-%02lld-%02lld", y, m, d);
	return bill_date_days(out, &days);
}

int
ocr_record_parse(const char *s, size_t len, struct ocr_record *r, char *why, size_t wlen)
{
	const struct ocr_layout *l = NULL;
	const struct ocr_col *c;
	long long service, kind, type;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (len != 80) {
		snprintf(why, wlen, "%zu characters: an OCR record has 80", len);
		return -1;
	}
	if (memcmp(s, "NY", 2) != 0 || digits(s + 2, 2, &service) == -1 ||
	    digits(s + 4, 2, &kind) == -1 || digits(s + 6, 2, &type) == -1) {
		snprintf(why, wlen, "not an OCR record (NY, then three two-digit codes)");
		return -1;
	}
	for (i = 0; i < COUNTOF(ocr_layouts) && l == NULL; i++)
		if (ocr_layouts[i].type == type)
			l = &ocr_layouts[i];
	if (l == NULL) {
		snprintf(why, wlen, "record type %02lld is not one of an OCR giro file",
		    type);
		return -1;
	}
	if (service != l->service) {
		snprintf(why, wlen, "service code %02lld: an OCR giro file has %02d here%s",
		    service, l->service, service == 21 ? " (21 is AvtaleGiro)" : "");
		return -1;
	}
	if (l->kinds ? kind < 10 || kind > 21 : kind != 0) {
		snprintf(why, wlen, "columns 5-6: type %02lld is not %s", kind,
		    l->kinds ? "an OCR giro transaction type (10-21)" : "00");
		return -1;
	}
	r->type = (int)type;
	r->service = (int)service;
	r->kind = l->kinds ? (int)kind : 0;
	c = &l->col[F_NUMBER];
	if (c->at && digits(s + c->at - 1, c->width, &r->number) == -1)
		return ocr_bad(why, wlen, c, F_NUMBER, "not digits");
	c = &l->col[F_DATE];
	if (c->at && ocr_date(s + c->at - 1, r->date) == -1)
		return ocr_bad(why, wlen, c, F_DATE, "not a date (DDMMYY)");
	c = &l->col[F_SIGN];
	if (c->at && s[c->at - 1] != '0' && s[c->at - 1] != '-')
		return ocr_bad(why, wlen, c, F_SIGN, "neither 0 nor -");
	r->negative = c->at && s[c->at - 1] == '-';
	c = &l->col[F_AMOUNT];
	if (c->at && digits(s + c->at - 1, c->width, &r->amount) == -1)
		return ocr_bad(why, wlen, c, F_AMOUNT, "not digits");
	c = &l->col[F_COUNT];
	if (c->at && digits(s + c->at - 1, c->width, &r->count) == -1)
		return ocr_bad(why, wlen, c, F_COUNT, "not digits");
	c = &l->col[F_RECORDS];
	if (c->at && digits(s + c->at - 1, c->width, &r->records) == -1)
		return ocr_bad(why, wlen, c, F_RECORDS, "not digits");
	/* The KID is right-aligned, blank in front; what it is, is for the
	 * KID rules to say, but only digits and blanks belong here. */
	c = &l->col[F_KID];
	for (i = 0; c->at && i < (size_t)c->width; i++)
		if (s[c->at - 1 + i] != ' ' && (s[c->at - 1 + i] < '0' ||
		    s[c->at - 1 + i] > '9'))
			return ocr_bad(why, wlen, c, F_KID, "not digits and blanks");
	if (c->at)
		trimmed(s + c->at - 1, (size_t)c->width, r->kid, sizeof(r->kid));
	c = &l->col[F_ARCHIVE];
	if (c->at) {
		trimmed(s + c->at - 1, (size_t)c->width, r->archive, sizeof(r->archive));
		for (i = 0; r->archive[i]; i++)
			if (r->archive[i] < '0' || r->archive[i] > '9')
				return ocr_bad(why, wlen, c, F_ARCHIVE, "not digits");
	}
	return 0;
}

/* Which record may follow which: 10 (20 (30 31 [32])* 88)* 89. */
static const struct {
	int		 after;		/* 0: the file's start */
	int		 next[3];	/* 0-terminated; none: the end */
} ocr_order[] = {
	{ 0, { OCR_TRANSMISSION_START } },
	{ OCR_TRANSMISSION_START, { OCR_ASSIGNMENT_START, OCR_TRANSMISSION_END } },
	{ OCR_ASSIGNMENT_START, { OCR_AMOUNT_1, OCR_ASSIGNMENT_END } },
	{ OCR_AMOUNT_1, { OCR_AMOUNT_2 } },
	{ OCR_AMOUNT_2, { OCR_AMOUNT_1, OCR_AMOUNT_3, OCR_ASSIGNMENT_END } },
	{ OCR_AMOUNT_3, { OCR_AMOUNT_1, OCR_ASSIGNMENT_END } },
	{ OCR_ASSIGNMENT_END, { OCR_ASSIGNMENT_START, OCR_TRANSMISSION_END } },
	{ OCR_TRANSMISSION_END, { 0 } },
};

/* Whether next may follow after; else the records that may, in want. */
static int
ocr_follows(int after, int next, char *want, size_t len)
{
	size_t i, j, n = 0;

	want[0] = '\0';
	for (i = 0; i < COUNTOF(ocr_order); i++) {
		if (ocr_order[i].after != after)
			continue;
		for (j = 0; j < COUNTOF(ocr_order[i].next) && ocr_order[i].next[j]; j++) {
			if (ocr_order[i].next[j] == next)
				return 1;
			n += snprintf(want + n, n < len ? len - n : 0, "%s%d",
			    j ? " or " : "", ocr_order[i].next[j]);
		}
	}
	return 0;
}

/*
 * The counts an end record (88, 89) states, and those of the records. Nets'
 * tables do not say whether a reversal (sign '-') counts negative in the
 * sum: the sum of the amounts as written (gross) or with the signs (net)
 * passes; either is evidence enough of a file neither cut nor garbled.
 */
struct ocr_tally {
	long long	 count, records, sum, net;
};

static int
ocr_tally_check(const struct ocr_record *r, const struct ocr_tally *t, char *why,
    size_t wlen)
{
	const char *what = r->type == OCR_ASSIGNMENT_END ? "assignment" : "transmission";

	if (r->count != t->count)
		snprintf(why, wlen, "the %s end record (%d) counts %lld transactions, the "
		    "%s has %lld", what, r->type, r->count, what, t->count);
	else if (r->records != t->records)
		snprintf(why, wlen, "the %s end record (%d) counts %lld records, the %s "
		    "has %lld", what, r->type, r->records, what, t->records);
	else if (r->amount != t->sum && r->amount != t->net)
		snprintf(why, wlen, "the %s end record (%d) sums its amounts to %lld øre, "
		    "they add up to %lld", what, r->type, r->amount, t->sum);
	else
		return 0;
	return -1;
}

int
ocr_parse(const char *data, size_t len, struct bank_file *f, char *why, size_t wlen)
{
	struct ocr_record r, item1 = { 0 };
	struct ocr_tally file = { 0 }, assignment = { 0 };
	struct bank_txn *t;
	const char *p = data, *end = data + len, *nl;
	int line = 0, prev = 0, item1_line = 0;
	char msg[200], want[32];
	size_t n;

	f->format = BANK_OCR;
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (prev == OCR_TRANSMISSION_END) {
			/* After the end only blank lines. */
			while (n > 0 && blank(p[n - 1]))
				n--;
			if (n == 0)
				continue;
			snprintf(why, wlen, "line %d: more after the transmission end record "
			    "(89)", line);
			return -1;
		}
		if (ocr_record_parse(p, n, &r, msg, sizeof(msg)) == -1) {
			snprintf(why, wlen, "line %d: %s", line, msg);
			return -1;
		}
		if (!ocr_follows(prev, r.type, want, sizeof(want))) {
			snprintf(why, wlen, "line %d: record %d where the OCR giro order has %s",
			    line, r.type, want);
			return -1;
		}
		file.records++;
		assignment.records++;
		if (r.type == OCR_ASSIGNMENT_START) {
			memset(&assignment, 0, sizeof(assignment));
			assignment.records = 1;
		} else if (r.type == OCR_AMOUNT_1) {
			if (r.amount > PAY_MAX_AMOUNT) {
				snprintf(why, wlen, "line %d: the amount is larger than %lld øre",
				    line, PAY_MAX_AMOUNT);
				return -1;
			}
			file.count++;
			assignment.count++;
			file.sum += r.amount;
			assignment.sum += r.amount;
			file.net += r.negative ? -r.amount : r.amount;
			assignment.net += r.negative ? -r.amount : r.amount;
			item1 = r;
			item1_line = line;
		} else if ((r.type == OCR_AMOUNT_2 || r.type == OCR_AMOUNT_3) &&
		    (r.number != item1.number || r.kind != item1.kind)) {
			snprintf(why, wlen, "line %d: transaction %07lld of type %02d, the "
			    "amount item before it is transaction %07lld of type %02d", line,
			    r.number, r.kind, item1.number, item1.kind);
			return -1;
		} else if (r.type == OCR_AMOUNT_2) {
			/* Known by its day, archive reference and transaction number. */
			t = txn_new(f, item1_line);
			snprintf(t->ref, sizeof(t->ref), "%s/%s/%07lld", item1.date,
			    r.archive, item1.number);
			snprintf(t->kid, sizeof(t->kid), "%s", item1.kid);
			t->amount = item1.amount;
			snprintf(t->currency, sizeof(t->currency), "NOK");
			snprintf(t->date, sizeof(t->date), "%s", item1.date);
			t->reversal = item1.negative;
			t->skip = item1.amount == 0 ? "no amount" : NULL;
		} else if ((r.type == OCR_ASSIGNMENT_END &&
		    ocr_tally_check(&r, &assignment, msg, sizeof(msg)) == -1) ||
		    (r.type == OCR_TRANSMISSION_END &&
		    ocr_tally_check(&r, &file, msg, sizeof(msg)) == -1)) {
			snprintf(why, wlen, "line %d: %s", line, msg);
			return -1;
		}
		prev = r.type;
	}
	if (prev != OCR_TRANSMISSION_END) {
		snprintf(why, wlen, "the file ends after line %d without the transmission "
		    "end record (89): cut short?", line);
		return -1;
	}
	return 0;
}

/* ---- the camt.054 notification ---- */

#define CAMT054_NS	"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"

/* The line p is on in data. */
static int
line_of(const char *data, const char *p)
{
	int line = 1;

	for (; data < p; data++)
		line += *data == '\n';
	return line;
}

/* The first element named name in the camt.054 namespace from n on. */
static xmlNodePtr
camt_el(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		    xmlStrEqual(n->ns->href, BAD_CAST CAMT054_NS) &&
		    xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

/* The element at the path ("Refs/AcctSvcrRef") under n, or NULL. */
static xmlNodePtr
camt_path(xmlNodePtr n, const char *path)
{
	char name[32];
	const char *p = path, *slash;

	while (n != NULL && *p) {
		slash = strchr(p, '/');
		snprintf(name, sizeof(name), "%.*s", (int)(slash ? slash - p : (long)strlen(p)),
		    p);
		n = camt_el(n->children, name);
		p = slash ? slash + 1 : p + strlen(p);
	}
	return n;
}

/* The text of the element at path under n, trimmed ("" if none). */
static void
camt_text(xmlNodePtr n, const char *path, char *out, size_t len)
{
	xmlChar *s;

	out[0] = '\0';
	if ((n = camt_path(n, path)) == NULL || (s = xmlNodeGetContent(n)) == NULL)
		return;
	if (trimmed((const char *)s, strlen((const char *)s), out, len) == -1)
		out[0] = '\0';
	xmlFree(s);
}

/* The day of an ISO date or date-time, as YYYY-MM-DD; -1 if not one of ours. */
static int
camt_day(const char *s, char out[11])
{
	long days;

	/* A time zone or a time after the date is not the day's business. */
	snprintf(out, 11, "%.10s", s);
	return bill_date_days(out, &days);
}

/* A date choice (Dt or DtTm) under n at path, as YYYY-MM-DD; 0 if there. */
static int
camt_date(xmlNodePtr n, const char *path, char out[11])
{
	char s[64];

	if ((n = camt_path(n, path)) == NULL)
		return -1;
	camt_text(n, "Dt", s, sizeof(s));
	if (s[0] == '\0')
		camt_text(n, "DtTm", s, sizeof(s));
	return camt_day(s, out);
}

/*
 * An amount as ISO 20022 writes it (xs:decimal, up to five decimals) in
 * øre; -1 if it has a fraction of an øre or does not fit the database.
 */
static int
camt_amount(xmlNodePtr n, long long *minor, char *ccy, size_t ccylen)
{
	char s[48], *dot;
	xmlChar *c;
	size_t len;

	camt_text(n, "", s, sizeof(s));
	ccy[0] = '\0';
	if (n != NULL && (c = xmlGetProp(n, BAD_CAST "Ccy")) != NULL) {
		snprintf(ccy, ccylen, "%s", (const char *)c);
		xmlFree(c);
	}
	if (s[0] == '+')
		memmove(s, s + 1, strlen(s));
	if (s[0] == '.' && strlen(s) + 1 < sizeof(s)) {
		memmove(s + 1, s, strlen(s) + 1);
		s[0] = '0';
	}
	if ((dot = strchr(s, '.')) != NULL) {
		/* Zeros past the øre say nothing: 998.750 is 998.75. */
		for (len = strlen(s); len > (size_t)(dot - s) + 3 && s[len - 1] == '0'; len--)
			s[len - 1] = '\0';
		if (dot[1] == '\0')
			*dot = '\0';
	}
	return money_parse(s, minor) == -1 || *minor < 0 || *minor > PAY_MAX_AMOUNT ?
	    -1 : 0;
}

/* What an entry says of itself. */
struct camt_ntry {
	char		 ref[144];
	long long	 amount;
	char		 currency[4];
	char		 date[11];
	int		 reversal;
	const char	*skip;
	int		 line;
};

/* The transaction details of an entry, in order (at most max). */
static size_t
camt_details(xmlNodePtr ntry, xmlNodePtr *tx, size_t max)
{
	xmlNodePtr d, x;
	size_t n = 0;

	for (d = camt_el(ntry->children, "NtryDtls"); d; d = camt_el(d->next, "NtryDtls"))
		for (x = camt_el(d->children, "TxDtls"); x; x = camt_el(x->next, "TxDtls")) {
			if (n < max)
				tx[n] = x;
			n++;
		}
	return n;
}

/* The payer of a transaction as the bank names it: the debtor, else the
 * ultimate debtor; "" when neither is given. */
static void
camt_payer(xmlNodePtr tx, char *out, size_t len)
{
	camt_text(tx, "RltdPties/Dbtr/Nm", out, len);
	if (out[0] == '\0')
		camt_text(tx, "RltdPties/UltmtDbtr/Nm", out, len);
}

/* The KID of a transaction: the first structured creditor reference. */
static void
camt_kid(xmlNodePtr tx, char *out, size_t len)
{
	xmlNodePtr rmt = camt_path(tx, "RmtInf"), s;

	out[0] = '\0';
	for (s = rmt ? camt_el(rmt->children, "Strd") : NULL; s && !out[0];
	    s = camt_el(s->next, "Strd"))
		camt_text(s, "CdtrRefInf/Ref", out, len);
}

#define CAMT_MAX_DETAILS	10000	/* transactions in one entry */

static int
camt_entry(xmlNodePtr ntry, const char *created, struct bank_file *f, char *why,
    size_t wlen)
{
	struct camt_ntry e = { .line = (int)xmlGetLineNo(ntry) };
	struct bank_txn *t;
	xmlNodePtr *tx = NULL;
	char s[64], txref[144];
	long long sum = 0;
	size_t n, i;
	int rc = -1;

	camt_text(ntry, "NtryRef", e.ref, sizeof(e.ref));
	if (e.ref[0] == '\0')
		camt_text(ntry, "AcctSvcrRef", e.ref, sizeof(e.ref));
	if (camt_amount(camt_el(ntry->children, "Amt"), &e.amount, e.currency,
	    sizeof(e.currency)) == -1) {
		snprintf(why, wlen, "line %d: the entry's amount (Amt) has a fraction of "
		    "an øre or is larger than %lld øre", e.line, PAY_MAX_AMOUNT);
		return -1;
	}
	if (camt_date(ntry, "ValDt", e.date) == -1 &&
	    camt_date(ntry, "BookgDt", e.date) == -1)
		snprintf(e.date, sizeof(e.date), "%s", created);
	camt_text(ntry, "RvslInd", s, sizeof(s));
	e.reversal = strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
	camt_text(ntry, "Sts", s, sizeof(s));
	if (strcmp(s, "BOOK") != 0)
		e.skip = "not booked";
	else if (!e.reversal) {
		camt_text(ntry, "CdtDbtInd", s, sizeof(s));
		if (strcmp(s, "CRDT") != 0)
			e.skip = "a debit, not a payment";
		else if (e.amount == 0)
			e.skip = "no amount";
	}
	if (e.skip == NULL && e.ref[0] == '\0') {
		snprintf(why, wlen, "line %d: an entry with neither NtryRef nor AcctSvcrRef: "
		    "it could not be told from the same payment in another file", e.line);
		return -1;
	}
	if ((n = camt_details(ntry, NULL, 0)) > CAMT_MAX_DETAILS) {
		snprintf(why, wlen, "line %d: more than %d transactions in one entry",
		    e.line, CAMT_MAX_DETAILS);
		return -1;
	}
	tx = ecalloc(n ? n : 1, sizeof(*tx));
	camt_details(ntry, tx, n);
	if (e.skip != NULL || n <= 1) {
		/* One payment: the entry's booked amount. */
		t = txn_new(f, e.line);
		snprintf(t->ref, sizeof(t->ref), "%s", e.ref);
		if (n == 1) {
			camt_kid(tx[0], t->kid, sizeof(t->kid));
			camt_payer(tx[0], t->payer, sizeof(t->payer));
		}
		t->amount = e.amount;
		snprintf(t->currency, sizeof(t->currency), "%s", e.currency);
		snprintf(t->date, sizeof(t->date), "%s", e.date);
		t->reversal = e.reversal;
		t->skip = e.skip;
		rc = 0;
		goto done;
	}
	/* A batch booked as one entry: each transaction with its own amount. */
	for (i = 0; i < n; i++) {
		t = txn_new(f, (int)xmlGetLineNo(tx[i]));
		camt_text(tx[i], "Refs/AcctSvcrRef", txref, sizeof(txref));
		if (txref[0])
			snprintf(t->ref, sizeof(t->ref), "%s/%s", e.ref, txref);
		else
			snprintf(t->ref, sizeof(t->ref), "%s/%zu", e.ref, i + 1);
		camt_kid(tx[i], t->kid, sizeof(t->kid));
		camt_payer(tx[i], t->payer, sizeof(t->payer));
		if (camt_amount(camt_path(tx[i], "AmtDtls/TxAmt/Amt"), &t->amount,
		    t->currency, sizeof(t->currency)) == -1) {
			snprintf(why, wlen, "line %d: a transaction of an entry of several "
			    "without an amount of whole øre (AmtDtls/TxAmt/Amt)", t->line);
			goto done;
		}
		if (strcmp(t->currency, e.currency) != 0) {
			snprintf(why, wlen, "line %d: the transaction is in %s, its entry in %s",
			    t->line, t->currency, e.currency);
			goto done;
		}
		snprintf(t->date, sizeof(t->date), "%s", e.date);
		t->reversal = e.reversal;
		t->skip = t->amount == 0 ? "no amount" : NULL;
		sum += t->amount;
	}
	if (sum != e.amount) {
		snprintf(why, wlen, "line %d: the entry's %lld transactions add up to %lld "
		    "øre, its amount is %lld", e.line, (long long)n, sum, e.amount);
		goto done;
	}
	rc = 0;
done:
	free(tx);
	return rc;
}

#define CAMT_ERROR_LEN	512

/* The first error of a validation, with its line, into arg. */
static void
camt_schema_error(void *arg, xmlErrorPtr e)
{
	char *why = arg, msg[400];
	const char *ns = "{" CAMT054_NS "}";
	char *p;
	size_t n;

	if (why[0] != '\0' || e == NULL || e->message == NULL)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message);
	/* Element names without the namespace every one of them has. */
	while ((p = strstr(msg, ns)) != NULL)
		memmove(p, p + strlen(ns), strlen(p + strlen(ns)) + 1);
	n = strlen(msg);
	while (n > 0 && (blank(msg[n - 1]) || msg[n - 1] == '.'))
		msg[--n] = '\0';
	snprintf(why, CAMT_ERROR_LEN, "line %d: %s (camt.054.001.02 schema)", e->line,
	    msg);
}

/* libxml2's own reports (encoding errors): the message here says it once. */
static void
camt_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static int
camt_read(const char *data, size_t len, const char *xsd, struct bank_file *f,
    char *why, size_t wlen)
{
	xmlSchemaParserCtxtPtr pc = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlSchemaPtr schema = NULL;
	xmlDocPtr doc;
	xmlNodePtr root, msg, ntf, ntry;
	xmlErrorPtr e;
	const char *dtd;
	char created[11], stamp[64], first[CAMT_ERROR_LEN] = "";
	int rc = -1;

	f->format = BANK_CAMT054;
	xmlResetLastError();
	if ((doc = xml_read_untrusted_max(data, len, PAY_MAX_FILE)) == NULL) {
		e = xmlGetLastError();
		if ((dtd = memmem(data, len, "<!DOCTYPE", 9)) != NULL)
			snprintf(why, wlen, "line %d: a DOCTYPE: a bank file may not declare "
			    "a DTD or entities", line_of(data, dtd));
		else if (e != NULL && e->message != NULL)
			snprintf(why, wlen, "line %d: not well-formed XML: %.*s", e->line,
			    (int)strcspn(e->message, "\n"), e->message);
		else
			snprintf(why, wlen, "not XML that may be read: nested deeper than %d "
			    "elements or with more than %d attributes in one", XML_MAX_DEPTH,
			    XML_MAX_ATTRS);
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || camt_el(root, "Document") != root) {
		snprintf(why, wlen, "line %d: the document is not a camt.054.001.02 "
		    "notification (its root is not Document in %s)",
		    root ? (int)xmlGetLineNo(root) : 1, CAMT054_NS);
		goto done;
	}
	if ((pc = xmlSchemaNewParserCtxt(xsd)) == NULL ||
	    (xmlSchemaSetParserStructuredErrors(pc, camt_schema_error, first),
	    schema = xmlSchemaParse(pc)) == NULL ||
	    (vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		snprintf(why, wlen, "the schema %s cannot be used%s%s", xsd,
		    first[0] ? ": " : "", first);
		rc = -2;
		goto done;
	}
	xmlSchemaSetValidStructuredErrors(vc, camt_schema_error, first);
	if (xmlSchemaValidateDoc(vc, doc) != 0) {
		snprintf(why, wlen, "%s", first[0] ? first : "not valid against the "
		    "camt.054.001.02 schema");
		goto done;
	}
	msg = camt_el(root->children, "BkToCstmrDbtCdtNtfctn");
	for (ntf = camt_el(msg->children, "Ntfctn"); ntf; ntf = camt_el(ntf->next, "Ntfctn")) {
		camt_text(ntf, "CreDtTm", stamp, sizeof(stamp));
		if (camt_day(stamp, created) == -1) {
			snprintf(why, wlen, "line %d: the notification's CreDtTm %s is not a "
			    "date from 2000 to 9999", (int)xmlGetLineNo(ntf), stamp);
			goto done;
		}
		for (ntry = camt_el(ntf->children, "Ntry"); ntry;
		    ntry = camt_el(ntry->next, "Ntry"))
			if (camt_entry(ntry, created, f, why, wlen) == -1)
				goto done;
	}
	rc = 0;
done:
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xmlFreeDoc(doc);
	return rc;
}

int
camt_parse(const char *data, size_t len, const char *xsd, struct bank_file *f,
    char *why, size_t wlen)
{
	xmlGenericErrorFunc said = xmlGenericError;
	void *said_ctx = xmlGenericErrorContext;
	int rc;

	xmlSetGenericErrorFunc(NULL, camt_quiet);
	rc = camt_read(data, len, xsd, f, why, wlen);
	xmlSetGenericErrorFunc(said_ctx, said);
	return rc;
}

int
bank_parse(const char *data, size_t len, const char *xsd, struct bank_file *f,
    char *why, size_t wlen)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && blank(data[i]))
		i++;
	if (i < len && data[i] == '<')
		return camt_parse(data, len, xsd, f, why, wlen);
	if (len >= 2 && memcmp(data, "NY", 2) == 0)
		return ocr_parse(data, len, f, why, wlen);
	snprintf(why, wlen, "neither a camt.054 notification (XML) nor an OCR giro "
	    "file (80-character records from NY000010)");
	return -1;
}

/* ---- importing a file ---- */

struct import {
	struct db		*db;
	const char		*source, *file;
	bank_hook		 each;
	void			*arg;
	struct bank_line	*l;
};

static const char *
reason_text(const char *code)
{
	size_t i;

	for (i = 1; i < COUNTOF(reasons); i++)
		if (code != NULL && strcmp(reasons[i].code, code) == 0)
			return reasons[i].text;
	return "?";
}

static int
import_txn(void *arg)
{
	struct import *im = arg;
	struct bank_line *l = im->l;
	const struct bank_txn *t = l->t;
	struct dbrow row;
	enum reason reason = R_PAID;
	char amount[32];
	int rc;

	memset(l, 0, sizeof(*l));
	l->t = t;
	if ((rc = db_one(im->db, &stmts[Q_SEEN], &row, im->source, t->ref)) < 0)
		return rc;
	if (rc == 1) {
		l->outcome = BANK_BEFORE;
		if (row.col[SEEN_INVOICE] != NULL)
			snprintf(l->before, sizeof(l->before), "invoice %s",
			    row.col[SEEN_NUMBER] ? row.col[SEEN_NUMBER] : "?");
		else
			snprintf(l->before, sizeof(l->before), "unmatched, %s",
			    reason_text(row.col[SEEN_REASON]));
		return DB_OK;
	}
	money_canonical(amount, sizeof(amount), t->amount);
	rc = db_run(im->db, &stmts[Q_TXN_ADD], im->source, t->ref, t->kid, t->payer,
	    amount, t->currency, t->date, im->file);
	if (rc == DB_DUPLICATE) {
		l->outcome = BANK_BEFORE;
		snprintf(l->before, sizeof(l->before), "by an import beside this one");
		return DB_OK;
	}
	if (rc < 0)
		return rc;
	l->txn_id = db_insert_id(im->db, &stmts[Q_TXN_ADD]);
	l->pay.amount = t->amount;
	l->pay.currency = t->currency;
	l->pay.date = t->date;
	l->pay.reference = t->kid[0] ? t->kid : NULL;
	if (t->reversal)
		reason = R_REVERSAL;
	else if (pay_kid_check(t->kid) != KID_OK)
		reason = t->kid[0] ? R_INVALID_KID : R_NO_KID;
	else if ((rc = billing_pay_kid(im->db, t->kid, &l->pay)) < 0)
		return rc;
	else
		reason = refusals[l->pay.refused];
	if (reason == R_PAID) {
		l->outcome = BANK_PAID;
		rc = db_run(im->db, &stmts[Q_TXN_PAID], l->pay.invoice, l->pay.id,
		    l->txn_id);
	} else {
		l->outcome = BANK_UNMATCHED;
		l->reason = reasons[reason].code;
		l->reason_text = reasons[reason].text;
		l->rest = reasons[reason].rest;
		rc = db_run(im->db, &stmts[Q_UNMATCHED_ADD], l->txn_id, l->reason,
		    l->pay.invoice);
	}
	if (rc < 0 || im->each == NULL)
		return rc;
	return im->each(im->arg, l);
}

int
bank_register(struct db *db, const char *source, const char *file, struct bank_line *l)
{
	struct import im = { .db = db, .source = source, .file = file, .l = l };

	return import_txn(&im);
}

void
bank_xsd(const struct conf *conf, char *out, size_t len)
{
	snprintf(out, len, "%s/xsd/bank/camt.054.001.02.xsd", conf->schema_dir);
}

void
bank_import_free(struct bank_import *im)
{
	bank_file_free(&im->file);
	free(im->line);
	im->line = NULL;
	im->n = 0;
}

int
bank_import(struct db *db, const char *xsd, const char *data, size_t len,
    const char *name, bank_hook each, void *arg, struct bank_import *out,
    char *why, size_t wlen)
{
	struct import im = { .db = db, .each = each, .arg = arg };
	char file[256];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bank_parse(data, len, xsd, &out->file, why, wlen)) < 0)
		return rc == -2 ? BANK_NO_SCHEMA : BANK_REFUSED;
	out->format = formats[out->file.format].name;
	out->line = ecalloc(out->file.n ? out->file.n : 1, sizeof(*out->line));
	/* The file's name as the database keeps it: text, or nothing. */
	snprintf(file, sizeof(file), "%s", name);
	im.file = utf8_valid(file, strlen(file)) ? file : "";
	im.source = formats[out->file.format].source;
	for (i = 0; i < out->file.n; i++) {
		im.l = &out->line[i];
		im.l->t = &out->file.txn[i];
		if (im.l->t->skip != NULL)
			im.l->outcome = BANK_SKIPPED;
		else if ((rc = db_txn(db, import_txn, &im)) < 0) {
			snprintf(why, wlen, "failed at %s (%s); %zu of %zu transactions "
			    "done, the rest not imported", im.l->t->ref,
			    rc == DB_UNAVAILABLE ? "database unavailable" : "database error",
			    i, out->file.n);
			return rc;
		}
		out->n++;
		out->paid += im.l->outcome == BANK_PAID;
		out->unmatched += im.l->outcome == BANK_UNMATCHED;
		out->before += im.l->outcome == BANK_BEFORE;
		out->skipped += im.l->outcome == BANK_SKIPPED;
	}
	return 0;
}

/* ---- the command ---- */

static void
import_line(FILE *out, const struct bank_line *l)
{
	const struct bank_txn *t = l->t;
	char amount[32], rest[32], label[300];

	if (t->ref[0])
		snprintf(label, sizeof(label), "%s", t->ref);
	else
		snprintf(label, sizeof(label), "line %d", t->line);
	if (l->outcome == BANK_SKIPPED) {
		fprintf(out, "%s: skipped, %s\n", label, t->skip);
		return;
	}
	money_canonical(amount, sizeof(amount), t->amount);
	money_canonical(rest, sizeof(rest), l->pay.remaining);
	fprintf(out, "%s: %s %s, KID %s: ", label, amount, t->currency,
	    t->kid[0] ? t->kid : "none");
	if (l->outcome == BANK_BEFORE)
		fprintf(out, "imported before (%s)\n", l->before);
	else if (l->outcome == BANK_PAID)
		fprintf(out, "invoice %s %s, %s %s remaining\n", l->pay.number,
		    l->pay.status, rest, l->pay.invoice_currency);
	else if (l->pay.number[0] && l->rest)
		fprintf(out, "unmatched (%s), %s: invoice %s, %s %s remaining\n",
		    l->reason, l->reason_text, l->pay.number, rest,
		    l->pay.invoice_currency);
	else if (l->pay.number[0])
		fprintf(out, "unmatched (%s), %s: invoice %s\n", l->reason,
		    l->reason_text, l->pay.number);
	else
		fprintf(out, "unmatched (%s), %s\n", l->reason, l->reason_text);
}

/* The file, NUL-terminated, into b: 0, or the exit status after saying why. */
static int
read_all(const char *path, struct buf *b, FILE *err)
{
	char chunk[65536];
	FILE *f;
	size_t n;
	int rc = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(err, "import-payments: %s: %s\n", path, strerror(errno));
		return EX_NOINPUT;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > PAY_MAX_FILE) {
			fprintf(err, "import-payments: %s: larger than %d MiB; nothing "
			    "imported\n", path, PAY_MAX_FILE / (1024 * 1024));
			rc = EX_DATAERR;
		} else
			buf_add(b, chunk, n);
	}
	if (rc == 0 && ferror(f)) {
		fprintf(err, "import-payments: %s: %s\n", path, strerror(errno));
		rc = EX_NOINPUT;
	}
	fclose(f);
	buf_add(b, "", 1);
	b->len--;
	return rc;
}

int
payments_import(struct db *db, const struct conf *conf, const char *path, FILE *out,
    FILE *err)
{
	struct bank_import im = { 0 };
	struct buf data = { 0 };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char xsd[1100], why[600];
	size_t i;
	int rc;

	if ((rc = read_all(path, &data, err)) != 0)
		goto done;
	bank_xsd(conf, xsd, sizeof(xsd));
	rc = bank_import(db, xsd, data.p, data.len, base, NULL, NULL, &im, why,
	    sizeof(why));
	if (rc == BANK_REFUSED || rc == BANK_NO_SCHEMA) {
		fprintf(err, "import-payments: %s: %s; nothing imported\n", path, why);
		rc = rc == BANK_NO_SCHEMA ? EX_SOFTWARE : EX_DATAERR;
		goto done;
	}
	for (i = 0; i < im.n; i++)
		import_line(out, &im.line[i]);
	if (rc < 0) {
		fprintf(err, "import-payments: %s: %s: run it again, nothing is paid "
		    "twice\n", path, why);
		rc = rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
		goto done;
	}
	fprintf(out, "import-payments: %s (%s): %zu transactions: %zu paid, %zu unmatched, "
	    "%zu imported before, %zu skipped\n", path, im.format, im.file.n, im.paid,
	    im.unmatched, im.before, im.skipped);
	rc = 0;
done:
	bank_import_free(&im);
	buf_free(&data);
	return rc;
}

/*
 * libxml2 makes its schema types once, on the first schema parsed, and
 * keeps them for good: made inside a request they would be in the
 * request's pool (core/pool.h) and gone with it. Made here, before any.
 */
static void
payments_init(void)
{
	xmlSchemaInitTypes();
}

const struct module payments_module = {
	.name = "payments", .stmts = stmts, .nstmts = COUNTOF(stmts),
	.init = payments_init,
};
