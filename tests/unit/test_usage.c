/* Usage: amounts and units, record times, billing periods in a company's
 * zone (across DST and year ends), percent and gigabytes, CSV lines. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "usage/import.h"
#include "usage/usage.h"

static void
test_amounts(void)
{
	static const struct {
		int type;
		const char *amount, *unit;
		int ok;
		long long v;
	} t[] = {
		{ USAGE_DATA, "1.5", "GB", 1, 1500000000LL },
		{ USAGE_DATA, "500", "MB", 1, 500000000LL },
		{ USAGE_DATA, "0.0005", "kB", 1, 1 },		/* half a byte: up */
		{ USAGE_DATA, "0.0004", "kB", 1, 0 },
		{ USAGE_DATA, "0.000001", "GB", 1, 1000 },
		{ USAGE_DATA, "7", "B", 1, 7 },
		{ USAGE_VOICE, "2", "min", 1, 120 },
		{ USAGE_VOICE, "1.5", "s", 1, 2 },
		{ USAGE_SMS, "3", "msg", 1, 3 },
		{ USAGE_DATA, "1", "TB", 0, 0 },
		{ USAGE_VOICE, "1", "GB", 0, 0 },
		{ USAGE_SMS, "1", "min", 0, 0 },
		{ USAGE_DATA, "-1", "GB", 0, 0 },
		{ USAGE_DATA, "1,5", "GB", 0, 0 },
		{ USAGE_DATA, ".5", "GB", 0, 0 },
		{ USAGE_DATA, "5.", "GB", 0, 0 },
		{ USAGE_DATA, "", "GB", 0, 0 },
		{ USAGE_DATA, "1.0000001", "GB", 0, 0 },
		{ USAGE_DATA, "1000001", "GB", 0, 0 },		/* over 10^15 bytes */
		{ USAGE_DATA, "1000000", "GB", 1, 1000000000000000LL },
		{ USAGE_DATA, "99999999999999999999", "B", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long v = -1;
		const char *why = usage_amount(t[i].type, t[i].amount, t[i].unit, &v);

		CHECK((why == NULL) == t[i].ok, "usage_amount(%s %s): %s", t[i].amount,
		    t[i].unit, why ? why : "ok");
		if (t[i].ok)
			CHECK(v == t[i].v, "usage_amount(%s %s) = %lld", t[i].amount, t[i].unit, v);
	}
	CHECK(usage_type_of("voice") == USAGE_VOICE, "voice");
	CHECK(usage_type_of("fax") == -1, "fax");
	CHECK(strcmp(usage_type_name(USAGE_SMS), "sms") == 0, "sms");
}

static void
test_times(void)
{
	static const struct {
		const char *in;
		int rc;
		const char *utc;
	} t[] = {
		{ "2026-12-01T10:00:00Z", 0, "2026-12-01 10:00:00" },
		{ "2026-12-01T00:30:00+01:00", 0, "2026-11-30 23:30:00" },
		{ "2026-06-30T23:00:00-02:30", 0, "2026-07-01 01:30:00" },
		{ "2028-02-29T12:00:00Z", 0, "2028-02-29 12:00:00" },
		{ "2026-02-29T12:00:00Z", -1, NULL },
		{ "2026-13-01T00:00:00Z", -1, NULL },
		{ "2026-12-01T24:00:00Z", -1, NULL },
		{ "2026-12-01 10:00:00Z", -1, NULL },
		{ "2026-12-01T10:00:00", -1, NULL },
		{ "2026-12-01T10:00:00+0100", -1, NULL },
		{ "2026-12-01T10:00:00+15:00", -1, NULL },
		{ "", -1, NULL },
	};
	char out[20];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long v = 0;
		int rc = usage_time(t[i].in, &v);

		CHECK(rc == t[i].rc, "usage_time(%s) = %d", t[i].in, rc);
		if (rc == 0) {
			usage_utc(v, out);
			CHECK(strcmp(out, t[i].utc) == 0, "usage_time(%s) = %s", t[i].in, out);
		}
	}
}

static void
test_periods(void)
{
	static const struct {
		const char *zone, *now;
		int back;
		const char *name, *start, *end, *start_utc, *end_utc;
		int days, left;
	} t[] = {
		/* 23:30 UTC on 31 January is February in Oslo. */
		{ "Europe/Oslo", "2026-01-31T23:30:00Z", 0, "2026-02", "2026-02-01",
		    "2026-03-01", "2026-01-31 23:00:00", "2026-02-28 23:00:00", 28, 28 },
		{ "Europe/Oslo", "2026-01-31T22:59:59Z", 0, "2026-01", "2026-01-01",
		    "2026-02-01", "2025-12-31 23:00:00", "2026-01-31 23:00:00", 31, 1 },
		/* March begins in winter time and ends in summer time. */
		{ "Europe/Oslo", "2026-03-15T12:00:00Z", 0, "2026-03", "2026-03-01",
		    "2026-04-01", "2026-02-28 23:00:00", "2026-03-31 22:00:00", 31, 17 },
		{ "Europe/Oslo", "2026-01-15T12:00:00Z", 1, "2025-12", "2025-12-01",
		    "2026-01-01", "2025-11-30 23:00:00", "2025-12-31 23:00:00", 31, 0 },
		{ "Europe/Oslo", "2026-01-15T12:00:00Z", 13, "2024-12", "2024-12-01",
		    "2025-01-01", "2024-11-30 23:00:00", "2024-12-31 23:00:00", 31, 0 },
		{ "UTC", "2028-02-10T00:00:00Z", 0, "2028-02", "2028-02-01", "2028-03-01",
		    "2028-02-01 00:00:00", "2028-03-01 00:00:00", 29, 20 },
	};
	struct usage_period p;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long now;
		int rc;

		usage_time(t[i].now, &now);
		rc = usage_period_at(t[i].zone, now, t[i].back, &p);
		CHECK(rc == 0, "usage_period_at(%s, %s) = %d", t[i].zone, t[i].now, rc);
		CHECK(strcmp(p.name, t[i].name) == 0 && strcmp(p.start, t[i].start) == 0 &&
		    strcmp(p.end, t[i].end) == 0, "%s %s back %d: %s %s..%s", t[i].zone,
		    t[i].now, t[i].back, p.name, p.start, p.end);
		CHECK(strcmp(p.start_utc, t[i].start_utc) == 0 &&
		    strcmp(p.end_utc, t[i].end_utc) == 0, "%s %s: %s..%s UTC", t[i].zone,
		    t[i].now, p.start_utc, p.end_utc);
		CHECK(p.days == t[i].days && p.left == t[i].left, "%s %s: %d days, %d left",
		    t[i].zone, t[i].now, p.days, p.left);
	}
}

static void
test_figures(void)
{
	char s[32];

	CHECK(usage_percent(2048LL * USAGE_GB / 100, 100 * USAGE_GB) == 20, "20.48 %%");
	CHECK(usage_percent(205 * USAGE_GB / 10, 100 * USAGE_GB) == 21, "20.5 %% rounds up");
	CHECK(usage_percent(150 * USAGE_GB, 100 * USAGE_GB) == 150, "over the quota");
	CHECK(usage_percent(5, 0) == 0, "no quota");
	usage_gb(2048LL * USAGE_GB / 100, s, sizeof(s));
	CHECK(strcmp(s, "20.48") == 0, "%s", s);
	usage_gb(5 * USAGE_GB / 1000, s, sizeof(s));
	CHECK(strcmp(s, "0.01") == 0, "half a hundredth rounds up: %s", s);
	usage_gb(4999999, s, sizeof(s));
	CHECK(strcmp(s, "0.00") == 0, "%s", s);
	usage_gb(100 * USAGE_GB, s, sizeof(s));
	CHECK(strcmp(s, "100.00") == 0, "%s", s);
}

static void
test_csv(void)
{
	char a[] = "r-1,TSN-1,data,2026-12-01T10:00:00Z,1.5,GB", b[] = "r-1,TSN-1,data",
	    c[] = "a,b,c,d,e,f,g", d[] = "\"r\",b,c,d,e,f", e[] = ",,,,,";
	char *f[6];

	CHECK(usage_csv_split(a, f) == NULL && strcmp(f[0], "r-1") == 0 &&
	    strcmp(f[5], "GB") == 0 && strcmp(f[4], "1.5") == 0, "six fields");
	CHECK(usage_csv_split(b, f) != NULL, "three fields");
	CHECK(usage_csv_split(c, f) != NULL, "seven fields");
	CHECK(usage_csv_split(d, f) != NULL, "quotes");
	CHECK(usage_csv_split(e, f) == NULL && f[5][0] == '\0', "six empty fields");
}

int
main(void)
{
	test_amounts();
	test_times();
	test_periods();
	test_figures();
	test_csv();
	return check_status("usage");
}
