/* Money in øre and dates: parsing, canonical and local forms. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/money.h"

#define NBSP "\xc2\xa0"

static void
test_parse(void)
{
	static const struct {
		const char *in;
		int rc;
		long long minor;
	} t[] = {
		{ "799.00", 0, 79900 },
		{ "799", 0, 79900 },
		{ "799.5", 0, 79950 },
		{ "998.75", 0, 99875 },
		{ "-0.50", 0, -50 },
		{ "0.00", 0, 0 },
		{ "1.234", -1, 0 },
		{ "", -1, 0 },
		{ ".5", -1, 0 },
		{ "12.", -1, 0 },
		{ "abc", -1, 0 },
		{ "1,50", -1, 0 },
		{ " 1.00", -1, 0 },
		{ "99999999999999999999", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long m = -12345;
		int rc = money_parse(t[i].in, &m);

		CHECK(rc == t[i].rc, "money_parse(\"%s\") = %d", t[i].in, rc);
		if (rc == 0)
			CHECK(m == t[i].minor, "money_parse(\"%s\") = %lld", t[i].in, m);
	}
}

/* What staff type into the catalogue's price fields. */
static void
test_parse_typed(void)
{
	static const struct {
		const char *in;
		int rc;
		long long minor;
	} t[] = {
		{ "299", 0, 29900 },
		{ "299,00", 0, 29900 },
		{ "299.5", 0, 29950 },
		{ " 1 290,00 ", 0, 129000 },
		{ "1" NBSP "290,00", 0, 129000 },
		{ "0", 0, 0 },
		{ "-10,00", 0, -1000 },
		{ "1.234,50", -1, 0 },		/* a grouping point is not ours */
		{ "1,234.50", -1, 0 },
		{ "12,345", -1, 0 },
		{ "", -1, 0 },
		{ "   ", -1, 0 },
		{ "kr 299", -1, 0 },
		{ "299 kr", -1, 0 },
		{ "\xc2", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long m = -12345;
		int rc = money_parse_typed(t[i].in, &m);

		CHECK(rc == t[i].rc, "money_parse_typed(\"%s\") = %d", t[i].in, rc);
		if (rc == 0)
			CHECK(m == t[i].minor, "money_parse_typed(\"%s\") = %lld", t[i].in, m);
	}
}

static void
test_format(void)
{
	static const struct {
		const char *lang, *cur;
		long long minor;
		const char *canon, *local;
	} t[] = {
		{ "nb", "NOK", 79900, "799.00", "799,00 kr" },
		{ "nb", "NOK", 99875, "998.75", "998,75 kr" },
		{ "nb", "NOK", 123450, "1234.50", "1" NBSP "234,50 kr" },
		{ "nb", "NOK", 123456789, "1234567.89", "1" NBSP "234" NBSP "567,89 kr" },
		{ "nb", "NOK", -50, "-0.50", "-0,50 kr" },
		{ "nb", "DKK", 24900, "249.00", "249,00 DKK" },
		{ "da", "DKK", 24900, "249.00", "249,00 kr." },
		{ "da", "DKK", 123450, "1234.50", "1.234,50 kr." },
		{ "da", "NOK", 34900, "349.00", "349,00 NOK" },
		{ "en", "NOK", 123450, "1234.50", "NOK 1,234.50" },
		{ "en", "EUR", 5, "0.05", "EUR 0.05" },
		{ "en", "NOK", -99875, "-998.75", "-NOK 998.75" },
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		money_canonical(out, sizeof(out), t[i].minor);
		CHECK(strcmp(out, t[i].canon) == 0, "canonical %lld = \"%s\"", t[i].minor, out);
		money_local(out, sizeof(out), t[i].lang, t[i].minor, t[i].cur);
		CHECK(strcmp(out, t[i].local) == 0, "%s %s %lld = \"%s\"", t[i].lang,
		    t[i].cur, t[i].minor, out);
	}
}

/* Amounts of every size, and a buffer too small: cut, always terminated. */
static void
test_format_limits(void)
{
	char out[64], small[8];

	money_local(out, sizeof(out), "nb", 123456789012345LL, "NOK");
	CHECK(strcmp(out, "1\xc2\xa0" "234\xc2\xa0" "567\xc2\xa0" "890\xc2\xa0" "123,45 kr") == 0,
	    "big nb = \"%s\"", out);
	money_local(out, sizeof(out), "en", -100000000, "EUR");
	CHECK(strcmp(out, "-EUR 1,000,000.00") == 0, "million en = \"%s\"", out);
	money_local(out, sizeof(out), "da", 0, "DKK");
	CHECK(strcmp(out, "0,00 kr.") == 0, "zero da = \"%s\"", out);
	money_local(small, sizeof(small), "da", 123450, "DKK");
	CHECK(strcmp(small, "1.234,5") == 0, "cut da = \"%s\"", small);
	money_canonical(small, 4, 99875);
	CHECK(strcmp(small, "998") == 0, "cut canonical = \"%s\"", small);
	CHECK(date_local(small, 6, "nb", "2025-12-29") == 0 && strcmp(small, "29.12") == 0,
	    "cut date = \"%s\"", small);
}

static void
test_dates(void)
{
	static const struct {
		const char *lang, *in;
		int rc;
		const char *out;
	} t[] = {
		{ "nb", "2025-12-29", 0, "29.12.2025" },
		{ "da", "2026-01-13", 0, "13.01.2026" },
		{ "en", "2025-12-29", 0, "29/12/2025" },
		{ "nb", "2024-02-29", 0, "29.02.2024" },
		{ "nb", "2000-02-29", 0, "29.02.2000" },
		{ "nb", "2025-02-29", -1, NULL },
		{ "nb", "1900-02-29", -1, NULL },
		{ "nb", "2025-13-01", -1, NULL },
		{ "nb", "2025-04-31", -1, NULL },
		{ "nb", "2025-01-00", -1, NULL },
		{ "nb", "2025-1-1", -1, NULL },
		{ "nb", "29.12.2025", -1, NULL },
		{ "nb", "", -1, NULL },
		/* a time with its offset: its (local) date */
		{ "nb", "2026-01-01T00:30:00+01:00", 0, "01.01.2026" },
		{ "en", "2025-12-31T23:30:00Z", 0, "31/12/2025" },
		{ "nb", "2026-01-01T00:30:00", -1, NULL },
		{ "nb", "2026-01-01T", -1, NULL },
		{ "nb", "2026-01-01 00:30:00+01:00", -1, NULL },
	};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = date_local(out, sizeof(out), t[i].lang, t[i].in);

		CHECK(rc == t[i].rc, "date_local(\"%s\") = %d", t[i].in, rc);
		if (rc == 0)
			CHECK(strcmp(out, t[i].out) == 0, "date_local(%s, \"%s\") = \"%s\"",
			    t[i].lang, t[i].in, out);
	}
}

static void
test_datetimes(void)
{
	static const struct {
		const char *lang, *in, *out;
	} t[] = {
		{ "nb", "2026-01-13T09:30:00+01:00", "13.01.2026 09:30" },
		{ "da", "2026-01-13T09:30:00+01:00", "13.01.2026 09.30" },
		{ "en", "2026-01-13T09:30:00+01:00", "13/01/2026 09:30" },
		{ "nb", "2025-07-01T10:30:59+02:00", "01.07.2025 10:30" },
		{ "nb", "2026-01-13T08:30:00Z", "13.01.2026 08:30" },
		{ "nb", "2026-01-13T05:00:00-03:30", "13.01.2026 05:00" },
		{ "nb", "2026-01-13T09:30:00", NULL },		/* no offset */
		{ "nb", "2026-01-13", NULL },
		{ "nb", "2026-01-13T24:00:00Z", NULL },
		{ "nb", "2026-01-13T09:60:00Z", NULL },
		{ "nb", "2026-01-13T09:30:60Z", NULL },
		{ "nb", "2026-01-13T09:30:00+1:00", NULL },
		{ "nb", "2026-01-13T09:30:00+01:00x", NULL },
		{ "nb", "2026-01-13T09:30:00+15:00", NULL },
		{ "nb", "2026-02-30T09:30:00Z", NULL },
		{ "nb", "2026-01-13 09:30:00Z", NULL },
		{ "nb", "", NULL },
	};
	char out[40];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = datetime_local(out, sizeof(out), t[i].lang, t[i].in);

		CHECK(rc == (t[i].out ? 0 : -1), "datetime_local(\"%s\") = %d", t[i].in, rc);
		if (rc == 0 && t[i].out)
			CHECK(strcmp(out, t[i].out) == 0, "datetime_local(%s, \"%s\") = \"%s\"",
			    t[i].lang, t[i].in, out);
	}
}

int
main(void)
{
	test_parse();
	test_parse_typed();
	test_format();
	test_format_limits();
	test_dates();
	test_datetimes();
	return check_status("money");
}
