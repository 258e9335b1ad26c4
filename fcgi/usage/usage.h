/*
 * Usage: a subscription's records as the mediation system rated them
 * (schema/sql/024-usage.sql), its use per day, and its billing period's
 * use against its quota.
 *
 * The billing period is the company's: a calendar month, as the billing
 * run bills one (`selfcare bill --period YYYY-MM`), counted in the
 * company's time zone, so a record of 23:30 UTC on 31 January is
 * February's use for a company in Europe/Oslo. Amounts are kept in their
 * type's base unit: data in bytes, voice in seconds, SMS in messages; a
 * gigabyte is 10^9 bytes, as operators sell them.
 */
#ifndef SELFCARE_USAGE_H
#define SELFCARE_USAGE_H

#include <stddef.h>

struct db;

#define USAGE_GB	1000000000LL
#define USAGE_MAX	1000000000000000LL	/* an amount's bound: 10^15 */

enum usage_type { USAGE_DATA, USAGE_VOICE, USAGE_SMS, USAGE__TYPES };

/* The type of its name ("data", "voice", "sms"), -1 if none; and its name. */
int		 usage_type_of(const char *);
const char	*usage_type_name(int);

/*
 * An amount as a record gives it ("12.5", "MB") in the type's base unit,
 * rounded half up to a whole one: data B, kB, MB, GB (powers of 1000);
 * voice s, min; sms msg. NULL, or what is wrong with it.
 */
const char	*usage_amount(int type, const char *amount, const char *unit,
		    long long *out);

/*
 * A time as a record gives it, ISO 8601 with its offset
 * ("2026-12-01T10:00:00Z", "…+01:00"), as seconds since 1970 (UTC).
 * 0, or -1 if it is no such time.
 */
int		 usage_time(const char *, long long *out);
/* Seconds since 1970 as MariaDB's UTC "YYYY-MM-DD HH:MM:SS" (20 bytes). */
void		 usage_utc(long long t, char out[20]);
/* zone's offset from UTC at t, in seconds: 0, or -1. */
int		 usage_offset(const char *zone, long long t, long *off);

/*
 * A billing period of a company: the month in its zone that holds the
 * time now, or the one back periods before it. start and end are its first
 * day and the day after its last (local dates), start_utc and end_utc the
 * instants they begin; days its length; left, for the current period, the
 * days that remain of it, today included (else 0).
 */
struct usage_period {
	char	 name[24];		/* "2026-12" */
	char	 start[24], end[24];
	char	 start_utc[20], end_utc[20];
	int	 days, left;
};
int		 usage_period_at(const char *zone, long long now, int back,
		    struct usage_period *);

/*
 * This period's data use of a subscription and its quota: the plan's
 * quota plus the top-ups completed in the period (orders of kind topup
 * whose product carries a quota). quota is 0 when the plan has none.
 * The company is in every query: another company's subscription has no
 * use (0 returned). 1 found, 0 no such subscription of the company, or a
 * db_rc.
 */
struct usage_quota {
	struct usage_period	 period;
	long long		 used;		/* bytes */
	long long		 plan, topups;	/* bytes */
	long long		 quota;		/* plan + topups */
};
int		 usage_quota(struct db *, long long company, long long subscription,
		    const char *zone, long long now, struct usage_quota *);
/*
 * The columns usage_quota reads, for a statement of another module that
 * reads a subscription s (and its plan p) anyway: the plan's quota, the
 * use from day d0 to d1, the top-ups completed from u0 to u1 (UTC), all
 * four SQL expressions (the period's start, end, start_utc, end_utc).
 * The page's round trip then carries the meter; usage_quota_set turns
 * the three columns into a usage_quota whose period the caller set.
 */
#define USAGE_QUOTA_SQL(d0, d1, u0, u1) \
	" p.quota_gb," \
	" (SELECT COALESCE(SUM(d.amount), 0) FROM usage_daily d" \
	"  WHERE d.subscription_id = s.id AND d.company_id = s.company_id" \
	"  AND d.usage_type = 'data' AND d.day >= " d0 " AND d.day < " d1 ")," \
	/* Top-ups: completed in the period (orders.completed_at). */ \
	" (SELECT COALESCE(SUM(tp.quota_gb * i.quantity), 0)" \
	"  FROM orders o JOIN order_items i ON i.order_id = o.id" \
	"  JOIN products tp ON tp.id = i.product_id" \
	"  WHERE o.company_id = s.company_id AND i.subscription_id = s.id" \
	"  AND o.state = 'completed' AND tp.kind = 'topup' AND tp.quota_gb IS NOT NULL" \
	"  AND o.completed_at >= " u0 " AND o.completed_at < " u1 ")"
enum { USAGE_QUOTA_PLAN_GB, USAGE_QUOTA_USED, USAGE_QUOTA_TOPUP_GB, USAGE_QUOTA__COLS };
void		 usage_quota_set(struct usage_quota *, const char *plan_gb, const char *used,
		    const char *topup_gb);
/* The same for n subscriptions in one read: sub[i] of company co[i] in
 * the period the caller set in q[i].period; the rest of q[i] all 0 when
 * there is no such subscription of the company. DB_OK or a db_rc. */
int		 usage_quotas(struct db *, size_t n, const long long *sub,
		    const long long *co, struct usage_quota *q);

/* Percent of quota used, rounded half up (0 without a quota). */
int		 usage_percent(long long used, long long quota);
/* Bytes as gigabytes with two decimals, rounded half up ("20.48"). */
void		 usage_gb(long long bytes, char *out, size_t);

#endif
