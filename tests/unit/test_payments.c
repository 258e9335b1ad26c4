/*
 * Bank files as tables of cases: the KID rules, the OCR giro record parser
 * (each field of each record type, and what is not a record), whole OCR
 * files (the order of records, the end records' counts and sums, cut-short
 * files), and the camt.054 reader on the example files of tests/data/bank
 * ($srcdir, set by automake) with the schema the program installs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "billing/payments.h"
#include "check.h"
#include "core/util.h"

/* A transmission of two payments: 2557.50 and 1000.00 kr on 20.11.2026. */
#define R10 \
	"NY000010000080800000001000123450000000000000000000000000000000000000000000000000"
#define R20 \
	"NY090020001234567000000115030012345000000000000000000000000000000000000000000000"
#define T1_30 \
	"NY09103000000012011260120100001000000000000255750          100000011000238000000"
#define T1_31 \
	"NY091031000000100000000001000000010000000201126150300123450000000000000000000000"
#define T2_30 \
	"NY09103000000022011260120100001000000000000100000          100000021000244000000"
#define T2_31 \
	"NY091031000000200000000001000000020000000201126150300123450000000000000000000000"
#define R88 \
	"NY090088000000020000000600000000000355750201126201126201126000000000000000000000"
#define R89 \
	"NY000089000000020000000800000000000355750201126000000000000000000000000000000000"
/* The same two payments in two assignments. */
#define R88_ONE_A \
	"NY090088000000010000000400000000000255750201126201126201126000000000000000000000"
#define R20_B \
	"NY090020001234567000000215030012345000000000000000000000000000000000000000000000"
#define R88_ONE_B \
	"NY090088000000010000000400000000000100000201126201126201126000000000000000000000"
#define R89_TWO_ASSIGNMENTS \
	"NY000089000000020000001000000000000355750201126000000000000000000000000000000000"
/* End records that do not add up. */
#define R88_SUM_WRONG \
	"NY090088000000020000000600000000000355751201126201126201126000000000000000000000"
#define R88_RECORDS_WRONG \
	"NY090088000000020000000700000000000355750201126201126201126000000000000000000000"
#define R89_RECORDS_WRONG \
	"NY000089000000020000000900000000000355750201126000000000000000000000000000000000"
#define R89_COUNT_WRONG \
	"NY000089000000030000000800000000000355750201126000000000000000000000000000000000"
/* The second payment reversed: end records with the net sum. */
#define T2_30_REVERSED \
	"NY09103000000022011260120100001-00000000000100000          100000021000244000000"
#define R88_NET \
	"NY090088000000020000000600000000000155750201126201126201126000000000000000000000"
#define R89_NET \
	"NY000089000000020000000800000000000155750201126000000000000000000000000000000000"
/* A purchase with free text (type 21): no KID, and amount item 3. */
#define T21_30 \
	"NY09213000000012011260120100001000000000000012000                         000000"
#define T21_31 \
	"NY092131000000100000000001000000090000000201126150300123450000000000000000000000"
#define T21_32 \
	"NY0921320000001Betaling for faktura 100023             0000000000000000000000000"
#define R88_21 \
	"NY090088000000010000000500000000000012000201126201126201126000000000000000000000"
#define R89_21 \
	"NY000089000000010000000700000000000012000201126000000000000000000000000000000000"

/* base with text written over it from column at (counted from 1). */
static const char *
patched(const char *base, int at, const char *text)
{
	static char rec[128];

	snprintf(rec, sizeof(rec), "%s", base);
	if (text != NULL)
		memcpy(rec + at - 1, text, strlen(text));
	return rec;
}

static void
kid_cases(void)
{
	static const struct {
		const char	*kid;
		enum kid_check	 want;
		const char	*what;
	} cases[] = {
		{ "100000011000238", KID_OK, "a demo invoice's" },
		{ "100000011000239", KID_INVALID, "its last digit changed" },
		{ "100000011000283", KID_INVALID, "two digits swapped" },
		{ "79927398713", KID_OK, "Luhn's own example" },
		{ "79927398710", KID_INVALID, "with another check digit" },
		{ "00", KID_OK, "the shortest: 2 digits" },
		{ "0", KID_INVALID, "1 digit" },
		{ "", KID_NONE, "none" },
		{ "0000000000000000000000000", KID_OK, "25 digits" },
		{ "00000000000000000000000000", KID_INVALID, "26 digits" },
		{ "1000000 11000238", KID_INVALID, "a blank inside" },
		{ "12345678-", KID_INVALID, "MOD11's '-' check digit" },
		{ "RF18539007547034", KID_INVALID, "an RF creditor reference" },
		{ "１０", KID_INVALID, "full-width digits" },
	};
	size_t i;

	for (i = 0; i < COUNTOF(cases); i++)
		CHECK(pay_kid_check(cases[i].kid) == cases[i].want, "%s: '%s'",
		    cases[i].what, cases[i].kid);
}

static void
record_cases(void)
{
	static const struct {
		const char	*base;
		int		 at;		/* patch from this column */
		const char	*patch;
		int		 len;		/* -1: the string's */
		int		 ok;
		int		 type, kind;
		long long	 number;
		const char	*date;
		int		 negative;
		long long	 amount;
		const char	*kid, *archive;
		long long	 count, records;
		const char	*why;		/* what the refusal says */
	} cases[] = {
		{ T1_30, 0, NULL, -1, 1, 30, 10, 1, "2026-11-20", 0, 255750,
		    "100000011000238", "", 0, 0, NULL },
		{ T1_30, 32, "-", -1, 1, 30, 10, 1, "2026-11-20", 1, 255750,
		    "100000011000238", "", 0, 0, NULL },
		{ T1_30, 5, "18", -1, 1, 30, 18, 1, "2026-11-20", 0, 255750,
		    "100000011000238", "", 0, 0, NULL },
		{ T1_30, 16, "290228", -1, 1, 30, 10, 1, "2028-02-29", 0, 255750,
		    "100000011000238", "", 0, 0, NULL },
		{ T1_30, 50, "               0000000531", -1, 1, 30, 10, 1, "2026-11-20", 0,
		    255750, "0000000531", "", 0, 0, NULL },
		{ T21_30, 0, NULL, -1, 1, 30, 21, 1, "2026-11-20", 0, 12000, "", "", 0, 0,
		    NULL },
		{ T1_31, 0, NULL, -1, 1, 31, 10, 1, "", 0, 0, "", "100000001", 0, 0, NULL },
		{ T1_31, 26, "      123", -1, 1, 31, 10, 1, "", 0, 0, "", "123", 0, 0, NULL },
		{ T21_32, 0, NULL, -1, 1, 32, 21, 1, "", 0, 0, "", "", 0, 0, NULL },
		{ R88, 0, NULL, -1, 1, 88, 0, 0, "", 0, 355750, "", "", 2, 6, NULL },
		{ R89, 0, NULL, -1, 1, 89, 0, 0, "", 0, 355750, "", "", 2, 8, NULL },
		{ R10, 0, NULL, -1, 1, 10, 0, 0, "", 0, 0, "", "", 0, 0, NULL },
		{ R20, 0, NULL, -1, 1, 20, 0, 0, "", 0, 0, "", "", 0, 0, NULL },
		/* refused */
		{ T1_30, 0, NULL, 79, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "79 characters: an OCR record has 80" },
		{ T1_30 "0", 0, NULL, -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "81 characters" },
		{ "", 0, NULL, -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0, "0 characters" },
		{ T1_30, 1, "XY", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "not an OCR record" },
		{ T1_30, 7, "3x", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "not an OCR record" },
		{ T1_30, 7, "33", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "record type 33 is not one of an OCR giro file" },
		{ T1_30, 3, "21", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "service code 21: an OCR giro file has 09 here (21 is AvtaleGiro)" },
		{ R10, 3, "09", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "service code 09: an OCR giro file has 00 here" },
		{ T1_30, 5, "22", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 5-6: type 22 is not an OCR giro transaction type (10-21)" },
		{ T1_30, 5, "09", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "type 09 is not an OCR giro transaction type" },
		{ R20, 5, "01", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 5-6: type 01 is not 00" },
		{ T1_30, 9, "00000a1", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 9-15 (transaction number): not digits" },
		{ T1_30, 16, "320126", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 16-21 (settlement date): not a date (DDMMYY)" },
		{ T1_30, 16, "291125", -1, 1, 30, 10, 1, "2025-11-29", 0, 255750,
		    "100000011000238", "", 0, 0, NULL },
		{ T1_30, 16, "290225", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "(settlement date): not a date" },
		{ T1_30, 16, "2011 6", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "(settlement date): not a date" },
		{ T1_30, 32, "+", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "column 32 (sign): neither 0 nor -" },
		{ T1_30, 40, " ", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 33-49 (amount): not digits" },
		{ T1_30, 60, "A", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 50-74 (KID): not digits and blanks" },
		{ T1_31, 26, "1234-6789", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 26-34 (archive reference): not digits" },
		{ R88, 9, "0000000x", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 9-16 (number of transactions): not digits" },
		{ R89, 17, "0000000x", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 17-24 (number of records): not digits" },
		{ R89, 25, "x", -1, 0, 0, 0, 0, "", 0, 0, "", "", 0, 0,
		    "columns 25-41 (amount): not digits" },
	};
	struct ocr_record r;
	char why[200];
	size_t i;

	for (i = 0; i < COUNTOF(cases); i++) {
		const char *s = patched(cases[i].base, cases[i].at, cases[i].patch);
		size_t len = cases[i].len < 0 ? strlen(s) : (size_t)cases[i].len;
		int rc;

		why[0] = '\0';
		rc = ocr_record_parse(s, len, &r, why, sizeof(why));
		CHECK((rc == 0) == cases[i].ok, "case %zu: rc %d (%s)", i, rc, why);
		if (!cases[i].ok) {
			CHECK(strstr(why, cases[i].why) != NULL, "case %zu: '%s', want '%s'",
			    i, why, cases[i].why);
			continue;
		}
		CHECK(r.type == cases[i].type && r.kind == cases[i].kind,
		    "case %zu: type %d kind %d", i, r.type, r.kind);
		CHECK(r.number == cases[i].number, "case %zu: number %lld", i, r.number);
		CHECK(strcmp(r.date, cases[i].date) == 0, "case %zu: date '%s'", i, r.date);
		CHECK(r.negative == cases[i].negative, "case %zu: negative %d", i,
		    r.negative);
		CHECK(r.amount == cases[i].amount, "case %zu: amount %lld", i, r.amount);
		CHECK(strcmp(r.kid, cases[i].kid) == 0, "case %zu: kid '%s'", i, r.kid);
		CHECK(strcmp(r.archive, cases[i].archive) == 0, "case %zu: archive '%s'", i,
		    r.archive);
		CHECK(r.count == cases[i].count && r.records == cases[i].records,
		    "case %zu: count %lld records %lld", i, r.count, r.records);
	}
}

#define MAX_RECS	12

static void
file_cases(void)
{
	static const struct {
		const char	*recs[MAX_RECS];	/* NULL-terminated */
		const char	*eol, *trailer;
		int		 ok;
		size_t		 n;			/* transactions */
		const char	*why;
	} cases[] = {
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89 }, "\r\n", "", 1, 2,
		    NULL },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89 }, "\n", "", 1, 2, NULL },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89 }, "\n", "\n\r\n  \n", 1,
		    2, NULL },
		{ { R10, R20, T1_30, T1_31, R88_ONE_A, R20_B, T2_30, T2_31, R88_ONE_B,
		    R89_TWO_ASSIGNMENTS }, "\r\n", "", 1, 2, NULL },
		{ { R10, R20, T21_30, T21_31, T21_32, R88_21, R89_21 }, "\r\n", "", 1, 1,
		    NULL },
		/* a reversal in the sums: as written (gross) or with its sign (net) */
		{ { R10, R20, T1_30, T1_31, T2_30_REVERSED, T2_31, R88, R89 }, "\r\n", "", 1,
		    2, NULL },
		{ { R10, R20, T1_30, T1_31, T2_30_REVERSED, T2_31, R88_NET, R89_NET }, "\r\n",
		    "", 1, 2, NULL },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88_NET, R89_NET }, "\r\n", "", 0, 0,
		    "line 7: the assignment end record (88) sums its amounts to 155750 øre, "
		    "they add up to 355750" },
		{ { R10, R89 }, "\r\n", "", 0, 0, "line 2: the transmission end record "
		    "(89) counts 2 transactions, the transmission has 0" },
		/* cut short, anywhere */
		{ { R10, R20, T1_30, T1_31 }, "\r\n", "", 0, 0, "the file ends after line 4 "
		    "without the transmission end record (89): cut short?" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88 }, "\r\n", "", 0, 0,
		    "the file ends after line 7 without the transmission end record (89)" },
		{ { R10 }, "", "", 0, 0, "the file ends after line 1" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89 "0000" }, "\r\n", "", 0, 0,
		    "line 8: 84 characters: an OCR record has 80" },
		/* out of order */
		{ { R20, R10 }, "\r\n", "", 0, 0, "line 1: record 20 where the OCR giro "
		    "order has 10" },
		{ { R10, R20, T1_31, T1_30 }, "\r\n", "", 0, 0, "line 3: record 31 where the "
		    "OCR giro order has 30 or 88" },
		{ { R10, R20, T1_30, T2_30 }, "\r\n", "", 0, 0, "line 4: record 30 where the "
		    "OCR giro order has 31" },
		{ { R10, T1_30 }, "\r\n", "", 0, 0, "line 2: record 30 where the OCR giro "
		    "order has 20 or 89" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R89 }, "\r\n", "", 0, 0,
		    "line 7: record 89 where the OCR giro order has 30 or 32 or 88" },
		{ { R10, R20, T1_30, T2_31 }, "\r\n", "", 0, 0, "line 4: transaction 0000002 "
		    "of type 10, the amount item before it is transaction 0000001 of type 10" },
		{ { R10, R20, T1_30, T1_31, T21_32 }, "\r\n", "", 0, 0,
		    "line 5: transaction 0000001 of type 21, the amount item before it is "
		    "transaction 0000001 of type 10" },
		/* the end records' counts and sums */
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88_SUM_WRONG, R89 }, "\r\n", "", 0,
		    0, "line 7: the assignment end record (88) sums its amounts to 355751 "
		    "øre, they add up to 355750" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88_RECORDS_WRONG, R89 }, "\r\n", "",
		    0, 0, "line 7: the assignment end record (88) counts 7 records, the "
		    "assignment has 6" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88_ONE_A, R89 }, "\r\n", "", 0, 0,
		    "line 7: the assignment end record (88) counts 1 transactions, the "
		    "assignment has 2" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89_RECORDS_WRONG }, "\r\n", "",
		    0, 0, "line 8: the transmission end record (89) counts 9 records" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89_COUNT_WRONG }, "\r\n", "",
		    0, 0, "line 8: the transmission end record (89) counts 3 transactions" },
		/* after the end */
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89, R10 }, "\r\n", "", 0, 0,
		    "line 9: more after the transmission end record (89)" },
		{ { R10, R20, T1_30, T1_31, T2_30, T2_31, R88, R89 }, "\r\n", "\x1a", 0, 0,
		    "line 9: more after the transmission end record (89)" },
	};
	struct bank_file f = { 0 };
	struct buf b = { 0 };
	char why[300];
	size_t i, j;

	for (i = 0; i < COUNTOF(cases); i++) {
		int rc;

		b.len = 0;
		for (j = 0; j < MAX_RECS && cases[i].recs[j] != NULL; j++) {
			buf_puts(&b, cases[i].recs[j]);
			buf_puts(&b, cases[i].eol);
		}
		buf_puts(&b, cases[i].trailer);
		why[0] = '\0';
		rc = ocr_parse(b.p, b.len, &f, why, sizeof(why));
		CHECK((rc == 0) == cases[i].ok, "file %zu: rc %d (%s)", i, rc, why);
		if (cases[i].ok)
			CHECK(f.n == cases[i].n, "file %zu: %zu transactions", i, f.n);
		else
			CHECK(strcmp(why, cases[i].why) == 0 || strstr(why, cases[i].why) ==
			    why, "file %zu: '%s', want '%s'", i, why, cases[i].why);
		bank_file_free(&f);
	}
	/* What a transaction of the file is: its reference, KID, amount, day. */
	b.len = 0;
	buf_puts(&b, R10 "\r\n" R20 "\r\n" T1_30 "\r\n" T1_31 "\r\n" T2_30 "\r\n" T2_31
	    "\r\n" R88 "\r\n" R89 "\r\n");
	CHECK(ocr_parse(b.p, b.len, &f, why, sizeof(why)) == 0 && f.n == 2, "%s", why);
	if (f.n == 2) {
		CHECK(f.format == BANK_OCR, "format %d", f.format);
		CHECK(strcmp(f.txn[0].ref, "2026-11-20/100000001/0000001") == 0, "ref '%s'",
		    f.txn[0].ref);
		CHECK(strcmp(f.txn[1].ref, "2026-11-20/100000002/0000002") == 0, "ref '%s'",
		    f.txn[1].ref);
		CHECK(strcmp(f.txn[0].kid, "100000011000238") == 0, "kid '%s'", f.txn[0].kid);
		CHECK(f.txn[0].amount == 255750 && f.txn[1].amount == 100000, "amounts");
		CHECK(strcmp(f.txn[0].currency, "NOK") == 0, "currency");
		CHECK(strcmp(f.txn[0].date, "2026-11-20") == 0, "date '%s'", f.txn[0].date);
		CHECK(f.txn[0].line == 3 && f.txn[1].line == 5, "lines %d %d",
		    f.txn[0].line, f.txn[1].line);
		CHECK(!f.txn[0].reversal && f.txn[0].skip == NULL, "a payment");
	}
	bank_file_free(&f);
	buf_free(&b);
}

static char *
slurp(const char *srcdir, const char *name, size_t *len)
{
	char path[1024];
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/bank/%s", srcdir, name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: cannot be read\n", path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_add(&b, "", 1);
	*len = b.len - 1;
	return b.p;
}

static void
example_cases(const char *srcdir)
{
	/* The example files: what each transaction is. */
	static const struct {
		const char	*file;
		size_t		 i;
		const char	*ref, *kid;
		long long	 amount;
		const char	*currency;
		int		 reversal;
		const char	*skip;
	} txns[] = {
		{ "camt054-example.xml", 0, "NTRY-0001", "100000011000238", 255750, "NOK", 0,
		    NULL },
		{ "camt054-example.xml", 3, "NTRY-0004", "100000011000212", 300000, "NOK", 0,
		    NULL },
		{ "camt054-example.xml", 5, "NTRY-0006/TX-1", "100000021000103", 2500, "NOK",
		    0, NULL },
		{ "camt054-example.xml", 6, "NTRY-0006/TX-2", "100000099999997", 5000, "NOK",
		    0, NULL },
		{ "camt054-example.xml", 7, "NTRY-0007", "", 4900, "NOK", 0,
		    "a debit, not a payment" },
		{ "ocr-example.txt", 0, "2026-11-20/100000001/0000001", "100000011000238",
		    255750, "NOK", 0, NULL },
		{ "ocr-example.txt", 5, "2026-11-20/100000006/0000006", "100000021000244",
		    20000, "NOK", 1, NULL },
	};
	static const struct {
		const char	*file;
		int		 ok;
		size_t		 n;
		const char	*why;
	} files[] = {
		{ "camt054-example.xml", 1, 8, NULL },
		{ "ocr-example.txt", 1, 6, NULL },
		{ "camt054-doctype.xml", 0, 0, "line 2: a DOCTYPE: a bank file may not "
		    "declare a DTD or entities" },
		{ "camt054-invalid.xml", 0, 0, "line 22: Element 'Amt': '1000,00' is not a "
		    "valid value of the atomic type 'ActiveOrHistoricCurrencyAndAmount_"
		    "SimpleType' (camt.054.001.02 schema)" },
		{ "ocr-truncated.txt", 0, 0, "the file ends after line 5 without the "
		    "transmission end record (89): cut short?" },
		{ "ocr-record-length.txt", 0, 0, "line 3: 79 characters: an OCR record has "
		    "80" },
	};
	struct bank_file f = { 0 };
	char xsd[1024], why[600], *data;
	size_t i, j, len;
	int rc;

	snprintf(xsd, sizeof(xsd), "%s/schema/xsd/bank/camt.054.001.02.xsd", srcdir);
	for (i = 0; i < COUNTOF(files); i++) {
		data = slurp(srcdir, files[i].file, &len);
		why[0] = '\0';
		rc = bank_parse(data, len, xsd, &f, why, sizeof(why));
		CHECK((rc == 0) == files[i].ok, "%s: rc %d (%s)", files[i].file, rc, why);
		if (files[i].ok)
			CHECK(f.n == files[i].n, "%s: %zu transactions", files[i].file, f.n);
		else
			CHECK(strcmp(why, files[i].why) == 0, "%s: '%s', want '%s'",
			    files[i].file, why, files[i].why);
		for (j = 0; rc == 0 && j < COUNTOF(txns); j++) {
			const struct bank_txn *t;

			if (strcmp(txns[j].file, files[i].file) != 0 || txns[j].i >= f.n)
				continue;
			t = &f.txn[txns[j].i];
			CHECK(strcmp(t->ref, txns[j].ref) == 0, "%s %zu: ref '%s'",
			    txns[j].file, txns[j].i, t->ref);
			CHECK(strcmp(t->kid, txns[j].kid) == 0, "%s %zu: kid '%s'",
			    txns[j].file, txns[j].i, t->kid);
			CHECK(t->amount == txns[j].amount, "%s %zu: amount %lld", txns[j].file,
			    txns[j].i, t->amount);
			CHECK(strcmp(t->currency, txns[j].currency) == 0 &&
			    strcmp(t->date, "2026-11-20") == 0, "%s %zu: %s %s",
			    txns[j].file, txns[j].i, t->currency, t->date);
			CHECK(t->reversal == txns[j].reversal, "%s %zu: reversal %d",
			    txns[j].file, txns[j].i, t->reversal);
			CHECK(txns[j].skip ? t->skip && strcmp(t->skip, txns[j].skip) == 0 :
			    t->skip == NULL, "%s %zu: skip '%s'", txns[j].file, txns[j].i,
			    t->skip ? t->skip : "(none)");
		}
		bank_file_free(&f);
		free(data);
	}
}

static void
camt_cases(const char *srcdir)
{
#define DOC(entries) \
	"<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt." \
	"054.001.02\"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId><CreDtTm>" \
	"2026-11-20T08:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N</Id><CreDtTm>" \
	"2026-11-21T08:00:00+01:00</CreDtTm><Acct><Id><IBAN>NO9386011117947</IBAN></Id>" \
	"</Acct>" entries "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n"
#define BKTX "<BkTxCd><Domn><Cd>PMNT</Cd></Domn></BkTxCd>"
#define KID(k) "<RmtInf><Strd><CdtrRefInf><Ref>" k "</Ref></CdtrRefInf></Strd></RmtInf>"
	static const struct {
		const char	*doc;
		int		 ok;
		size_t		 n;
		const char	*ref, *kid, *date;	/* of the first transaction */
		long long	 amount;
		int		 reversal;
		const char	*skip, *why;
	} cases[] = {
		/* The day: the value date, else the booking date, else the notification's. */
		{ DOC("<Ntry><NtryRef>E1</NtryRef><Amt Ccy=\"NOK\">998.750</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>2026-11-19T10:00:00</DtTm>"
		    "</BookgDt>" BKTX "<NtryDtls><TxDtls>" KID(" 100000011000238 ")
		    "</TxDtls></NtryDtls></Ntry>"), 1, 1, "E1", "100000011000238", "2026-11-19",
		    99875, 0, NULL, NULL },
		{ DOC("<Ntry><Amt Ccy=\"NOK\">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
		    "<AcctSvcrRef>BANK-7</AcctSvcrRef>" BKTX "</Ntry>"), 1, 1, "BANK-7", "",
		    "2026-11-21", 500, 0, NULL, NULL },
		{ DOC("<Ntry><NtryRef>E2</NtryRef><Amt Ccy=\"NOK\">.5</Amt><CdtDbtInd>DBIT"
		    "</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>" BKTX "</Ntry>"), 1, 1,
		    "E2", "", "2026-11-21", 50, 1, NULL, NULL },
		{ DOC("<Ntry><Amt Ccy=\"NOK\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG"
		    "</Sts>" BKTX "</Ntry>"), 1, 1, "", "", "2026-11-21", 500, 0, "not booked",
		    NULL },
		{ DOC("<Ntry><NtryRef>E3</NtryRef><Amt Ccy=\"NOK\">0</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts>" BKTX "</Ntry>"), 1, 1, "E3", "", "2026-11-21",
		    0, 0, "no amount", NULL },
		/* A value date out of range: the booking date. */
		{ DOC("<Ntry><NtryRef>E4</NtryRef><Amt Ccy=\"NOK\">1</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-19</Dt></BookgDt><ValDt>"
		    "<Dt>1999-12-31</Dt></ValDt>" BKTX "</Ntry>"), 1, 1, "E4", "", "2026-11-19",
		    100, 0, NULL, NULL },
		/* A batch: each transaction by its own reference, or its place. */
		{ DOC("<Ntry><NtryRef>B</NtryRef><Amt Ccy=\"NOK\">30.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2026-11-18</Dt></ValDt>" BKTX
		    "<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy=\"NOK\">10</Amt></TxAmt>"
		    "</AmtDtls>" KID("00") "</TxDtls><TxDtls><Refs><AcctSvcrRef>X</AcctSvcrRef>"
		    "</Refs><AmtDtls><TxAmt><Amt Ccy=\"NOK\">20</Amt></TxAmt></AmtDtls>"
		    "</TxDtls></NtryDtls></Ntry>"), 1, 2, "B/1", "00", "2026-11-18", 1000, 0,
		    NULL, NULL },
		/* refused */
		{ DOC("<Ntry><NtryRef>B</NtryRef><Amt Ccy=\"NOK\">31.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts>" BKTX "<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt "
		    "Ccy=\"NOK\">10</Amt></TxAmt></AmtDtls></TxDtls><TxDtls><AmtDtls><TxAmt><Amt "
		    "Ccy=\"NOK\">20</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls></Ntry>"), 0, 0,
		    NULL, NULL, NULL, 0, 0, NULL, "line 2: the entry's 2 transactions add up "
		    "to 3000 øre, its amount is 3100" },
		{ DOC("<Ntry><NtryRef>B</NtryRef><Amt Ccy=\"NOK\">30.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts>" BKTX "<NtryDtls><TxDtls/><TxDtls/></NtryDtls>"
		    "</Ntry>"), 0, 0, NULL, NULL, NULL, 0, 0, NULL, "line 2: a transaction of "
		    "an entry of several without an amount of whole øre" },
		{ DOC("<Ntry><Amt Ccy=\"NOK\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK"
		    "</Sts>" BKTX "</Ntry>"), 0, 0, NULL, NULL, NULL, 0, 0, NULL, "line 2: an "
		    "entry with neither NtryRef nor AcctSvcrRef" },
		{ DOC("<Ntry><NtryRef>E</NtryRef><Amt Ccy=\"NOK\">5.001</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts>" BKTX "</Ntry>"), 0, 0, NULL, NULL, NULL, 0, 0,
		    NULL, "line 2: the entry's amount (Amt) has a fraction of an øre" },
		{ DOC("<Ntry><NtryRef>E</NtryRef><Amt Ccy=\"NOK\">10000000000.00</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>" BKTX "</Ntry>"), 0, 0, NULL,
		    NULL, NULL, 0, 0, NULL, "line 2: the entry's amount (Amt) has a fraction "
		    "of an øre or is larger than 999999999999 øre" },
		{ DOC("<Ntry><NtryRef>E</NtryRef><Amt Ccy=\"NOK\">5</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts></Ntry>"), 0, 0, NULL, NULL, NULL, 0, 0, NULL,
		    "line 2: Element 'Ntry': Missing child element(s). Expected is one of "
		    "( BookgDt, ValDt, AcctSvcrRef, Avlbty, BkTxCd ) (camt.054.001.02 schema)" },
		{ DOC("<Ntry><NtryRef>E</NtryRef><Amt>5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>"
		    "BOOK</Sts>" BKTX "</Ntry>"), 0, 0, NULL, NULL, NULL, 0, 0, NULL,
		    "line 2: Element 'Amt': The attribute 'Ccy' is required but missing "
		    "(camt.054.001.02 schema)" },
		{ "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		    "camt.054.001.02\"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId><CreDtTm>"
		    "2026-11-20T08:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N</Id><CreDtTm>"
		    "1999-11-21T08:00:00</CreDtTm><Acct/></Ntfctn></BkToCstmrDbtCdtNtfctn>"
		    "</Document>", 0, 0, NULL, NULL, NULL, 0, 0, NULL, "line 2: the "
		    "notification's CreDtTm 1999-11-21T08:00:00 is not a date from 2000 to 9999" },
		{ "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
		    "camt.053.001.02\"/>", 0, 0, NULL, NULL, NULL, 0, 0, NULL, "line 2: the "
		    "document is not a camt.054.001.02 notification" },
		{ "<?xml version=\"1.0\"?>\n<Document>\n<a></b>", 0, 0, NULL, NULL, NULL, 0, 0,
		    NULL, "line 3: not well-formed XML" },
		{ "<!DOCTYPE x SYSTEM \"http://127.0.0.1:9/x.dtd\"><x/>", 0, 0, NULL, NULL,
		    NULL, 0, 0, NULL, "line 1: a DOCTYPE" },
		{ "a text file", 0, 0, NULL, NULL, NULL, 0, 0, NULL, "neither a camt.054 "
		    "notification (XML) nor an OCR giro file" },
		{ "", 0, 0, NULL, NULL, NULL, 0, 0, NULL, "neither" },
	};
	struct bank_file f = { 0 };
	char xsd[1024], why[600];
	size_t i;
	int rc;

	snprintf(xsd, sizeof(xsd), "%s/schema/xsd/bank/camt.054.001.02.xsd", srcdir);
	for (i = 0; i < COUNTOF(cases); i++) {
		why[0] = '\0';
		rc = bank_parse(cases[i].doc, strlen(cases[i].doc), xsd, &f, why, sizeof(why));
		CHECK((rc == 0) == cases[i].ok, "camt %zu: rc %d (%s)", i, rc, why);
		if (!cases[i].ok) {
			CHECK(strstr(why, cases[i].why) == why, "camt %zu: '%s', want '%s'", i,
			    why, cases[i].why);
			bank_file_free(&f);
			continue;
		}
		CHECK(f.n == cases[i].n, "camt %zu: %zu transactions", i, f.n);
		if (f.n > 0) {
			CHECK(strcmp(f.txn[0].ref, cases[i].ref) == 0, "camt %zu: ref '%s'", i,
			    f.txn[0].ref);
			CHECK(strcmp(f.txn[0].kid, cases[i].kid) == 0, "camt %zu: kid '%s'", i,
			    f.txn[0].kid);
			CHECK(strcmp(f.txn[0].date, cases[i].date) == 0, "camt %zu: date '%s'",
			    i, f.txn[0].date);
			CHECK(f.txn[0].amount == cases[i].amount, "camt %zu: amount %lld", i,
			    f.txn[0].amount);
			CHECK(f.txn[0].reversal == cases[i].reversal, "camt %zu: reversal", i);
			CHECK(cases[i].skip ? f.txn[0].skip &&
			    strcmp(f.txn[0].skip, cases[i].skip) == 0 : f.txn[0].skip == NULL,
			    "camt %zu: skip '%s'", i, f.txn[0].skip ? f.txn[0].skip : "(none)");
		}
		bank_file_free(&f);
	}
	/* The batch's second transaction: its own reference. */
	rc = bank_parse(cases[6].doc, strlen(cases[6].doc), xsd, &f, why, sizeof(why));
	CHECK(rc == 0 && f.n == 2 && strcmp(f.txn[1].ref, "B/X") == 0 &&
	    f.txn[1].amount == 2000 && f.txn[1].kid[0] == '\0', "batch: %s",
	    f.n == 2 ? f.txn[1].ref : why);
	bank_file_free(&f);
#undef DOC
#undef BKTX
#undef KID
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	xmlInitParser();
	kid_cases();
	record_cases();
	file_cases();
	example_cases(srcdir);
	camt_cases(srcdir);
	xmlCleanupParser();
	return check_status("test_payments");
}
