/* Usage: units, times, billing periods and the period's quota; see usage.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/module.h"
#include "core/tz.h"
#include "core/util.h"
#include "usage/usage.h"

static const char *const type_names[USAGE__TYPES] = { "data", "voice", "sms" };

/* The units of each type and what one is in the type's base unit. */
static const struct {
	int		 type;
	const char	*unit;
	long long	 base;
} units[] = {
	{ USAGE_DATA, "B", 1 },
	{ USAGE_DATA, "kB", 1000 },
	{ USAGE_DATA, "MB", 1000000 },
	{ USAGE_DATA, "GB", USAGE_GB },
	{ USAGE_VOICE, "s", 1 },
	{ USAGE_VOICE, "min", 60 },
	{ USAGE_SMS, "msg", 1 },
};

#define FRAC_MAX	6	/* decimals an amount may have */

int
usage_type_of(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < USAGE__TYPES; i++)
		if (strcmp(s, type_names[i]) == 0)
			return i;
	return -1;
}

const char *
usage_type_name(int t)
{
	return t >= 0 && t < USAGE__TYPES ? type_names[t] : "";
}

const char *
usage_amount(int type, const char *amount, const char *unit, long long *out)
{
	long long whole = 0, frac = 0, scale = 1, base = 0, v;
	const char *p = amount;
	size_t i;
	int nd = 0, nf = 0;

	for (i = 0; i < COUNTOF(units); i++)
		if (units[i].type == type && unit != NULL && strcmp(units[i].unit, unit) == 0)
			base = units[i].base;
	if (base == 0)
		return "unknown unit for the usage type";
	if (p == NULL || *p == '\0')
		return "no amount";
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		if (whole > USAGE_MAX)
			return "amount too large";
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, nf++) {
			if (nf == FRAC_MAX)
				return "amount has more than 6 decimals";
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
	if (*p != '\0' || nd == 0 || (p[-1] == '.'))
		return "amount is not a decimal number";
	if (whole > USAGE_MAX / base)
		return "amount too large";
	/* frac / scale of a unit, rounded half up. */
	v = whole * base + (frac * base * 2 + scale) / (scale * 2);
	if (v > USAGE_MAX)
		return "amount too large";
	*out = v;
	return NULL;
}

/* n digits of s as a number, -1 if one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

static long long
utc_of(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (long long)timegm(&tm);
}

int
usage_time(const char *s, long long *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;

	if (s == NULL || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	if (strcmp(s + 19, "Z") == 0)
		sign = 0;
	else if ((s[19] == '+' || s[19] == '-') && strlen(s) == 25 && s[22] == ':') {
		sign = s[19] == '+' ? 1 : -1;
		oh = digits(s + 20, 2);
		om = digits(s + 23, 2);
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return -1;
	} else
		return -1;
	*out = utc_of(y, mo, d, h, mi, sec) - sign * (oh * 3600LL + om * 60);
	return 0;
}

void
usage_utc(long long t, char out[20])
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The local time of t in zone, "YYYY-MM-DDTHH:MM:SS" and its offset (s). */
static int
local_of(const char *zone, long long t, char out[TZ_ISO_LEN], long *off)
{
	char utc[20];

	usage_utc(t, utc);
	if (tz_local(out, TZ_ISO_LEN, zone, utc) != 0)
		return -1;
	*off = 0;
	if (out[19] == '+' || out[19] == '-')
		*off = (out[19] == '+' ? 1 : -1) *
		    (digits(out + 20, 2) * 3600L + digits(out + 23, 2) * 60L);
	return 0;
}

int
usage_offset(const char *zone, long long t, long *off)
{
	char loc[TZ_ISO_LEN];

	return local_of(zone, t, loc, off);
}

/* The instant local midnight of y-m-01 begins in zone: the offset there
 * is the one at the guess corrected by it (twice, across a change). */
static int
local_midnight(const char *zone, int y, int m, long long *out)
{
	char loc[TZ_ISO_LEN];
	long long guess = utc_of(y, m, 1, 0, 0, 0), t = guess;
	long off;
	int i;

	for (i = 0; i < 2; i++) {
		if (local_of(zone, t, loc, &off) != 0)
			return -1;
		t = guess - off;
	}
	*out = t;
	return 0;
}

int
usage_period_at(const char *zone, long long now, int back, struct usage_period *p)
{
	char loc[TZ_ISO_LEN];
	long long t0, t1;
	long off;
	int y, m, d, ny, nm;

	if (back < 0 || local_of(zone, now, loc, &off) != 0)
		return -1;
	y = digits(loc, 4);
	m = digits(loc + 5, 2);
	d = digits(loc + 8, 2);
	m -= back % 12;
	y -= back / 12;
	if (m < 1) {
		m += 12;
		y--;
	}
	ny = m == 12 ? y + 1 : y;
	nm = m == 12 ? 1 : m + 1;
	if (local_midnight(zone, y, m, &t0) != 0 || local_midnight(zone, ny, nm, &t1) != 0)
		return -1;
	snprintf(p->name, sizeof(p->name), "%04d-%02d", y, m);
	snprintf(p->start, sizeof(p->start), "%04d-%02d-01", y, m);
	snprintf(p->end, sizeof(p->end), "%04d-%02d-01", ny, nm);
	usage_utc(t0, p->start_utc);
	usage_utc(t1, p->end_utc);
	p->days = month_days(y, m);
	p->left = back == 0 ? p->days - d + 1 : 0;
	return 0;
}

int
usage_percent(long long used, long long quota)
{
	if (quota <= 0)
		return 0;
	return (int)((used * 200 / quota + 1) / 2);
}

void
usage_gb(long long bytes, char *out, size_t len)
{
	/* hundredths of a gigabyte, rounded half up */
	long long c = (bytes + USAGE_GB / 200) / (USAGE_GB / 100);

	snprintf(out, len, "%lld.%02lld", c / 100, c % 100);
}

enum { QS_N, QS_PLAN_GB, QS_USED, QS_TOPUP_GB, QS__COLS };
enum { Q_QUOTA, Q_QUOTAS };
static struct stmt stmts[] = {
	[Q_QUOTA] = STMT("meter.quota", "ssssii", USAGE_QUOTA__COLS,
	    "SELECT" USAGE_QUOTA_SQL("?", "?", "?", "?")
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    " WHERE s.id = ? AND s.company_id = ?"),
	/* [[n, subscription, company, day0, day1, utc0, utc1], ...] */
	[Q_QUOTAS] = STMT("meter.quotas", "s", QS__COLS,
	    "SELECT j.n," USAGE_QUOTA_SQL("j.d0", "j.d1", "j.u0", "j.u1")
	    " FROM JSON_TABLE(?, '$[*]' COLUMNS (n INT PATH '$[0]',"
	    "  sub BIGINT PATH '$[1]', co BIGINT PATH '$[2]', d0 DATE PATH '$[3]',"
	    "  d1 DATE PATH '$[4]', u0 DATETIME PATH '$[5]', u1 DATETIME PATH '$[6]')) j"
	    " JOIN subscriptions s ON s.id = j.sub AND s.company_id = j.co"
	    " JOIN products p ON p.id = s.product_id"),
};

void
usage_quota_set(struct usage_quota *q, const char *plan_gb, const char *used, const char *topup_gb)
{
	q->plan = plan_gb ? atoll(plan_gb) * USAGE_GB : 0;
	q->used = atoll(used);
	q->topups = atoll(topup_gb) * USAGE_GB;
	q->quota = q->plan ? q->plan + q->topups : 0;
}

int
usage_quota(struct db *db, long long company, long long sub, const char *zone,
    long long now, struct usage_quota *q)
{
	struct usage_period *p = &q->period;
	struct dbrow row;
	int rc;

	memset(q, 0, sizeof(*q));
	if (usage_period_at(zone, now, 0, p) != 0)
		return DB_ERROR;
	rc = db_one(db, &stmts[Q_QUOTA], &row, p->start, p->end, p->start_utc, p->end_utc,
	    sub, company);
	if (rc <= 0)
		return rc;
	usage_quota_set(q, row.col[USAGE_QUOTA_PLAN_GB], row.col[USAGE_QUOTA_USED],
	    row.col[USAGE_QUOTA_TOPUP_GB]);
	return 1;
}

int
usage_quotas(struct db *db, size_t n, const long long *sub, const long long *co,
    struct usage_quota *q)
{
	const struct usage_period *p;
	struct buf b = { 0 };
	struct dbrow row;
	long long k;
	size_t i;
	int rc;

	buf_puts(&b, "[");
	for (i = 0; i < n; i++) {
		p = &q[i].period;
		q[i].used = q[i].plan = q[i].topups = q[i].quota = 0;
		buf_printf(&b, "%s[%zu,%lld,%lld,\"%s\",\"%s\",\"%s\",\"%s\"]",
		    i ? "," : "", i, sub[i], co[i], p->start, p->end, p->start_utc, p->end_utc);
	}
	buf_puts(&b, "]");
	if ((rc = db_run(db, &stmts[Q_QUOTAS], b.p)) < 0)
		goto err;
	while ((rc = db_fetch(db, &stmts[Q_QUOTAS], &row)) == 1)
		if (parse_int(row.col[QS_N], 0, (long long)n - 1, &k) == 0)
			usage_quota_set(&q[k], row.col[QS_PLAN_GB], row.col[QS_USED],
			    row.col[QS_TOPUP_GB]);
err:
	buf_free(&b);
	return rc < 0 ? rc : DB_OK;
}

const struct module meter_module = {
	.name = "meter", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
