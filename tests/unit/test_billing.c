/* Billing arithmetic as a table of cases: rounding, pro rata, VAT, dates, KID. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billing/billing.h"
#include "check.h"
#include "core/util.h"

int
main(void)
{
	static const struct { long long num, den, want; } div[] = {
		{ 10, 4, 3 },		/* 2.5 → 3: half away from zero */
		{ -10, 4, -3 },		/* -2.5 → -3 */
		{ 9, 4, 2 },		/* 2.25 → 2 */
		{ -9, 4, -2 },
		{ 11, 4, 3 },		/* 2.75 → 3 */
		{ 0, 7, 0 },
		{ 7, 7, 1 },
	};
	static const struct {
		long long q, price, base, rate;
		long long net, vat;
		const char *what;
	} lines[] = {
		/* The seed: 799.00 a month at 25 % is 998.75. */
		{ 1, 79900, 1, 2500, 79900, 19975, "whole month 799.00" },
		/* Pro rata: 25 of 31 days of 349.00 = 281.4516… → 281.45, VAT 70.3625 → 70.36. */
		{ 25, 34900, 31, 2500, 28145, 7036, "25/31 days of 349.00" },
		/* 17 of 31 days of 299.00 = 163.9677… → 163.97; VAT 40.9925 → 40.99. */
		{ 17, 29900, 31, 2500, 16397, 4099, "17/31 days of 299.00" },
		/* 1 day of February in a leap year. */
		{ 1, 29900, 29, 2500, 1031, 258, "1/29 days of 299.00" },
		/* Charges: quantity × price. */
		{ 2, 39900, 1, 2500, 79800, 19950, "2 × 399.00" },
		/* Zero-priced line: nothing, no VAT. */
		{ 1, 0, 1, 2500, 0, 0, "free line" },
		/* Other VAT rates: 15 % (food), 0 %, 12.5 %. */
		{ 1, 9999, 1, 1500, 9999, 1500, "99.99 at 15 % (14.9985 → 15.00)" },
		{ 3, 10000, 1, 0, 30000, 0, "VAT-free" },
		{ 1, 1, 1, 1250, 1, 0, "0.01 at 12.5 % (0.00125 → 0.00)" },
		{ 1, 4, 1, 1250, 4, 1, "0.04 at 12.5 % (0.005 → 0.01)" },
		/* A credit note turns the signs: the same figures, negative. */
		{ -1, 79900, 1, 2500, -79900, -19975, "credit of 799.00" },
		{ -17, 29900, 31, 2500, -16397, -4099, "credit of 17/31 days" },
		{ -1, 4, 1, 1250, -4, -1, "credit of 0.04 at 12.5 %" },
	};
	static const struct { const char *period; int ok, days; } periods[] = {
		{ "2025-12", 1, 31 }, { "2026-02", 1, 28 }, { "2028-02", 1, 29 },
		{ "2100-02", 1, 28 }, { "2000-02", 1, 29 }, { "2026-04", 1, 30 },
		{ "2026-13", 0, 0 }, { "2026-00", 0, 0 }, { "26-12", 0, 0 },
		{ "2026-1", 0, 0 }, { "2026/12", 0, 0 }, { "", 0, 0 }, { "2026-12x", 0, 0 },
		{ "-026-12", 0, 0 }, { "2026--1", 0, 0 },
	};
	static const struct { const char *date; int days_ok; } dates[] = {
		{ "2025-12-29", 1 }, { "2026-02-29", 0 }, { "2028-02-29", 1 },
		{ "2026-12-32", 0 }, { "2026-12-00", 0 }, { "2026-12-1", 0 },
	};
	char out[64];
	long d, d2;
	size_t i;

	for (i = 0; i < COUNTOF(div); i++)
		CHECK(bill_div_round(div[i].num, div[i].den) == div[i].want,
		    "%lld/%lld", div[i].num, div[i].den);
	for (i = 0; i < COUNTOF(lines); i++) {
		long long net = bill_net(lines[i].q, lines[i].price, lines[i].base);
		long long vat = bill_vat(net, lines[i].rate);

		CHECK(net == lines[i].net, "%s: net %lld, want %lld", lines[i].what, net,
		    lines[i].net);
		CHECK(vat == lines[i].vat, "%s: VAT %lld, want %lld", lines[i].what, vat,
		    lines[i].vat);
	}
	/* An invoice of several lines: totals are the sums of the lines. */
	{
		long long n1 = bill_net(1, 79900, 1), n2 = bill_net(17, 29900, 31),
		    n3 = bill_net(2, 14900, 1);
		long long v = bill_vat(n1, 2500) + bill_vat(n2, 2500) + bill_vat(n3, 2500);

		CHECK(n1 + n2 + n3 == 126097, "net 1260.97");
		CHECK(v == 31524, "VAT 315.24");
		CHECK(n1 + n2 + n3 + v == 157621, "total 1576.21 (tests/data/xml/invoice.xml)");
	}
	for (i = 0; i < COUNTOF(periods); i++) {
		int y, m, n, rc = bill_period(periods[i].period, &y, &m, &n);

		CHECK((rc == 0) == periods[i].ok, "period \"%s\"", periods[i].period);
		if (rc == 0)
			CHECK(n == periods[i].days, "%s has %d days", periods[i].period, n);
	}
	for (i = 0; i < COUNTOF(dates); i++)
		CHECK((bill_date_days(dates[i].date, &d) == 0) == dates[i].days_ok,
		    "date %s", dates[i].date);
	/* The seed's due date: 29.12.2025 + 15 days = 13.01.2026. */
	CHECK(bill_date_days("2025-12-29", &d) == 0, "date");
	bill_days_date(d + 15, out, sizeof(out));
	CHECK(strcmp(out, "2026-01-13") == 0, "due %s", out);
	CHECK(bill_date_days("2000-03-01", &d2) == 0 && d2 == 11017, "days since 1970");
	bill_days_date(d - 3650, out, sizeof(out));
	CHECK(bill_date_days(out, &d2) == 0 && d2 == d - 3650, "round trip %s", out);
	CHECK(strcmp(out, "2016-01-01") == 0, "3650 days back (three leap days): %s", out);
	/* KID MOD10: the Luhn check digit. */
	CHECK(bill_kid("7992739871", out, sizeof(out)) == 0 &&
	    strcmp(out, "79927398713") == 0, "Luhn %s", out);
	CHECK(bill_kid("100000010100001", out, sizeof(out)) == 0 &&
	    strcmp(out, "1000000101000014") == 0, "KID %s", out);
	CHECK(bill_kid("12a4", out, sizeof(out)) == -1, "digits only");
	CHECK(bill_kid("", out, sizeof(out)) == -1, "empty");
	CHECK(bill_kid("1234", out, 5) == -1, "room for the check digit");
	return check_status("billing");
}
