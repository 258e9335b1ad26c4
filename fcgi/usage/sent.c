/* The usage alerts' sent log; see sent.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/module.h"
#include "core/util.h"
#include "usage/sent.h"

enum { TH_ZONE, TH_FIRST, TH_SECOND, TH__COLS };
enum { TS_N, TS_ZONE, TS_FIRST, TS_SECOND, TS__COLS };
enum { Q_THRESHOLDS, Q_SENT, Q_THRESHOLDS_ALL };
static struct stmt stmts[] = {
	[Q_THRESHOLDS] = STMT("alertsent.thresholds", "ii", TH__COLS,
	    "SELECT c.time_zone, c.alert_first, c.alert_second"
	    " FROM subscriptions s JOIN companies c ON c.id = s.company_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"),
	[Q_SENT] = STMT("alertsent.add", "isiiii", 0,
	    "INSERT IGNORE INTO usage_alerts_sent (subscription_id, period, threshold,"
	    " quota_gb, company_id, percent) VALUES (?, ?, ?, ?, ?, ?)"),
	/* A batch's: [[n, subscription, company], ...] */
	[Q_THRESHOLDS_ALL] = STMT("alertsent.thresholds_all", "s", TS__COLS,
	    "SELECT j.n, c.time_zone, c.alert_first, c.alert_second"
	    " FROM JSON_TABLE(?, '$[*]' COLUMNS (n INT PATH '$[0]',"
	    "  sub BIGINT PATH '$[1]', co BIGINT PATH '$[2]')) j"
	    " JOIN subscriptions s ON s.id = j.sub AND s.company_id = j.co"
	    " JOIN companies c ON c.id = s.company_id"
	    " WHERE s.status <> 'terminated'"),
};

/* The higher threshold first. */
static void
thresholds_set(struct alert_quota *a, const char *first, const char *second)
{
	long long x = atoll(first), y = atoll(second);

	a->t[0] = x > y ? x : y;
	a->t[1] = x > y ? y : x;
}

int
alert_quota(struct db *db, long long co, long long sub, struct alert_quota *a)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(db, &stmts[Q_THRESHOLDS], &row, sub, co)) <= 0)
		return rc;
	thresholds_set(a, row.col[TH_FIRST], row.col[TH_SECOND]);
	if ((rc = usage_quota(db, co, sub, row.col[TH_ZONE], (long long)time(NULL),
	    &a->q)) <= 0)
		return rc;
	return a->q.quota > 0;
}

int
alert_quotas(struct db *db, size_t n, const long long *sub, const long long *co,
    struct alert_quota *a)
{
	struct usage_quota *q;
	struct usage_period p;
	struct buf b = { 0 };
	struct dbrow row;
	char zone[64] = "";
	long long k, now = (long long)time(NULL), *ls, *lc;
	size_t i, m = 0, *at;
	int rc;

	/* The live ones, as the thresholds' read finds them, for the quotas' read. */
	ls = ecalloc(n ? n : 1, sizeof(*ls));
	lc = ecalloc(n ? n : 1, sizeof(*lc));
	at = ecalloc(n ? n : 1, sizeof(*at));
	q = ecalloc(n ? n : 1, sizeof(*q));
	buf_puts(&b, "[");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s[%zu,%lld,%lld]", i ? "," : "", i, sub[i], co[i]);
	buf_puts(&b, "]");
	memset(a, 0, n * sizeof(*a));
	memset(&p, 0, sizeof(p));
	if ((rc = db_run(db, &stmts[Q_THRESHOLDS_ALL], b.p)) < 0)
		goto err;
	/* A batch's companies share a few zones: a period computed once each. */
	while ((rc = db_fetch(db, &stmts[Q_THRESHOLDS_ALL], &row)) == 1) {
		if (parse_int(row.col[TS_N], 0, (long long)n - 1, &k) != 0 || m == n)
			continue;
		if (strcmp(zone, row.col[TS_ZONE]) != 0) {
			if (usage_period_at(row.col[TS_ZONE], now, 0, &p) != 0) {
				rc = DB_ERROR;
				goto err;
			}
			snprintf(zone, sizeof(zone), "%s", row.col[TS_ZONE]);
		}
		thresholds_set(&a[k], row.col[TS_FIRST], row.col[TS_SECOND]);
		ls[m] = sub[k];
		lc[m] = co[k];
		at[m] = (size_t)k;
		q[m++].period = p;
	}
	if (rc < 0 || m == 0 || (rc = usage_quotas(db, m, ls, lc, q)) < 0)
		goto err;
	for (i = 0; i < m; i++)
		a[at[i]].q = q[i];
err:
	buf_free(&b);
	free(q);
	free(at);
	free(lc);
	free(ls);
	return rc < 0 ? rc : DB_OK;
}

int
alert_mark(struct db *db, long long co, long long sub, const struct alert_quota *a, int i)
{
	const struct usage_quota *q = &a->q;
	int rc;

	/* Exact: 79.6 % is not 80 %. */
	if (a->t[i] == 0 || q->used * 100 < a->t[i] * q->quota)
		return 0;
	if ((rc = db_run(db, &stmts[Q_SENT], sub, q->period.name, a->t[i], q->quota / USAGE_GB,
	    co, (long long)usage_percent(q->used, q->quota))) < 0)
		return rc;
	return db_affected(db, &stmts[Q_SENT]) == 1;
}

int
alert_topped(struct db *db, long long co, long long sub)
{
	struct alert_quota a;
	int rc, i;

	if ((rc = alert_quota(db, co, sub, &a)) <= 0)
		return rc;
	for (i = 0; i < 2; i++)
		if ((rc = alert_mark(db, co, sub, &a, i)) < 0)
			return rc;
	return DB_OK;
}

const struct module alertsent_module = {
	.name = "alertsent", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
