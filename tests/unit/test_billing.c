/* Billing arithmetic as a table of cases: rounding, pro rata, VAT, dates, KID,
 * credited amounts and an invoice's status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
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
	/* An amount credited, VAT included: net = amount ÷ (1 + rate), rounded
	 * half away from zero; VAT = the rest, so the credit note's total is the
	 * amount asked for to the øre. */
	static const struct {
		long long amount, rate, net, vat;
		const char *what;
	} gross[] = {
		{ 12345, 2500, 9876, 2469, "123.45 at 25 %: 98.76 + 24.69" },
		{ 10000, 2500, 8000, 2000, "100.00 at 25 %" },
		{ 99875, 2500, 79900, 19975, "998.75: the seed's month, 799.00 + 199.75" },
		{ 28145, 2500, 22516, 5629, "281.45: a pro-rata line, 225.16 + 56.29" },
		/* 80.016 → 80.02; VAT the rest, 20.00 (not 80.02 × 25 % = 20.005). */
		{ 10002, 2500, 8002, 2000, "100.02 at 25 %: the VAT is the rest" },
		{ 1, 2500, 1, 0, "0.01 at 25 %: 0.008 → 0.01, no VAT" },
		{ 3, 2500, 2, 1, "0.03 at 25 %: 0.024 → 0.02 + 0.01" },
		{ 11500, 1500, 10000, 1500, "115.00 at 15 %" },
		{ 1000, 1250, 889, 111, "10.00 at 12.5 %: 8.888… → 8.89" },
		{ 5000, 0, 5000, 0, "50.00 VAT-free" },
	};
	/* An invoice's status from total, paid and credited (øre). */
	static const struct {
		long long total, paid, credited;
		const char *status, *what;
	} states[] = {
		{ 159270, 0, 0, "unpaid", "nothing paid or credited" },
		{ 159270, 50000, 0, "partly_paid", "500.00 paid" },
		{ 159270, 159270, 0, "paid", "paid in full" },
		{ 159270, 0, 28145, "unpaid", "a line credited: still unpaid, less to pay" },
		{ 159270, 50000, 28145, "partly_paid", "paid in part, a line credited" },
		{ 159270, 131125, 28145, "paid", "paid what the credit left" },
		{ 159270, 159270, 28145, "paid", "paid, then credited: refunded, still paid" },
		{ 159270, 0, 159270, "credited", "credited in full" },
		{ 159270, 159270, 159270, "credited", "paid, then credited in full" },
		{ 37250, 0, 24875 + 12375, "credited", "two partial credits adding to the whole" },
		{ 37250, 0, 24875, "unpaid", "one of them" },
		{ 0, 0, 0, "paid", "a zero invoice: nothing to pay" },
		{ -5000, 0, 0, "paid", "a negative invoice (a discount)" },
	};
	/* Partial credits of one invoice, one after the other: what each
	 * leaves uncredited and to pay (1592.70 with 500.00 paid). */
	static const struct {
		long long credit, uncredited, to_pay;
		const char *status;
	} steps[] = {
		{ 28145, 131125, 81125, "partly_paid" },	/* line 2: 281.45 */
		{ 12345, 118780, 68780, "partly_paid" },	/* --amount 123.45 */
		{ 68780, 50000, 0, "paid" },			/* what was left to pay */
		{ 50000, 0, -50000, "credited" },		/* the rest: 500.00 to refund */
	};
	char out[64];
	long d, d2;
	long long credited = 0, net, vat, a, r, bad;
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
	for (i = 0; i < COUNTOF(gross); i++) {
		bill_split_gross(gross[i].amount, gross[i].rate, &net, &vat);
		CHECK(net == gross[i].net && vat == gross[i].vat, "%s: %lld + %lld",
		    gross[i].what, net, vat);
	}
	/* Every amount: the two add up, and the VAT is within an øre of the
	 * net's VAT by the line rule. */
	for (bad = 0, r = 0; r <= 2500; r += 500)
		for (a = 1; a <= 20000; a++) {
			bill_split_gross(a, r, &net, &vat);
			bad += net + vat != a || llabs(vat - bill_vat(net, r)) > 1;
		}
	CHECK(bad == 0, "%lld amounts up to 200.00 split wrong", bad);
	for (i = 0; i < COUNTOF(states); i++)
		CHECK(strcmp(bill_status(states[i].total, states[i].paid,
		    states[i].credited), states[i].status) == 0, "%s: %s", states[i].what,
		    bill_status(states[i].total, states[i].paid, states[i].credited));
	for (i = 0; i < COUNTOF(steps); i++) {
		credited += steps[i].credit;
		CHECK(159270 - credited == steps[i].uncredited, "step %zu: uncredited %lld",
		    i + 1, 159270 - credited);
		CHECK(159270 - credited - 50000 == steps[i].to_pay, "step %zu: to pay", i + 1);
		CHECK(strcmp(bill_status(159270, 50000, credited), steps[i].status) == 0,
		    "step %zu: %s", i + 1, bill_status(159270, 50000, credited));
	}
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
