/* The usage alerts' sent log; see sent.h. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "core/db.h"
#include "core/module.h"
#include "core/util.h"
#include "usage/sent.h"

enum { TH_ZONE, TH_FIRST, TH_SECOND, TH__COLS };
enum { Q_THRESHOLDS, Q_SENT };
static struct stmt stmts[] = {
	[Q_THRESHOLDS] = STMT("alertsent.thresholds", "ii", TH__COLS,
	    "SELECT c.time_zone, c.alert_first, c.alert_second"
	    " FROM subscriptions s JOIN companies c ON c.id = s.company_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"),
	[Q_SENT] = STMT("alertsent.add", "isiiii", 0,
	    "INSERT IGNORE INTO usage_alerts_sent (subscription_id, period, threshold,"
	    " quota_gb, company_id, percent) VALUES (?, ?, ?, ?, ?, ?)"),
};

int
alert_quota(struct db *db, long long co, long long sub, struct alert_quota *a)
{
	struct dbrow row;
	long long x, y;
	int rc;

	if ((rc = db_one(db, &stmts[Q_THRESHOLDS], &row, sub, co)) <= 0)
		return rc;
	x = atoll(row.col[TH_FIRST]);
	y = atoll(row.col[TH_SECOND]);
	a->t[0] = x > y ? x : y;
	a->t[1] = x > y ? y : x;
	if ((rc = usage_quota(db, co, sub, row.col[TH_ZONE], (long long)time(NULL),
	    &a->q)) <= 0)
		return rc;
	return a->q.quota > 0;
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
