/*
 * Usage alerts; see alerts.h. The import calls usage_alerts_check after
 * each batch it committed, so a mail follows the use that crossed the
 * threshold within one batch, and the sent-log row and the mails are one
 * transaction: both or neither.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "usage/alerts.h"
#include "usage/usage.h"

enum { SUB_REF, SUB_ZONE, SUB_FIRST, SUB_SECOND, SUB__COLS };
enum { TO_EMAIL, TO_LANG, TO__COLS };
enum { Q_SUB, Q_SENT, Q_TO };
static struct stmt stmts[] = {
	[Q_SUB] = STMT("usagealerts.subscription", "ii", SUB__COLS,
	    "SELECT s.ref, c.time_zone, c.alert_first, c.alert_second"
	    " FROM subscriptions s JOIN companies c ON c.id = s.company_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"),
	[Q_SENT] = STMT("usagealerts.sent", "isiii", 0,
	    "INSERT IGNORE INTO usage_alerts_sent (subscription_id, period, threshold,"
	    " company_id, percent) VALUES (?, ?, ?, ?, ?)"),
	/* The subscription's user and the administrators who opted in, once each. */
	[Q_TO] = STMT("usagealerts.recipients", "iii", TO__COLS,
	    "SELECT u.email, u.lang FROM subscriptions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.id = ? AND s.company_id = ? AND u.status = 'active'"
	    " UNION SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' AND m.usage_alerts = 1"
	    " AND u.status = 'active'"),
};

struct check {
	struct ctx	*c;
	long long	 sub, co;
};

static int
mail_all(struct check *k, const struct dbrow *sub, const struct usage_quota *q,
    int threshold)
{
	char pct[8], thr[8], used[32], quota[32];
	const char *vars[] = { "ref", sub->col[SUB_REF], "threshold", thr, "percent", pct,
	    "used", used, "quota", quota, "period", q->period.name, NULL };
	struct dbrow row;
	int rc;

	snprintf(thr, sizeof(thr), "%d", threshold);
	snprintf(pct, sizeof(pct), "%d", usage_percent(q->used, q->quota));
	usage_gb(q->used, used, sizeof(used));
	usage_gb(q->quota, quota, sizeof(quota));
	if ((rc = db_run(k->c->db, &stmts[Q_TO], k->sub, k->co, k->co)) < 0)
		return rc;
	while ((rc = db_fetch(k->c->db, &stmts[Q_TO], &row)) == 1)
		if ((rc = page_mail(k->c, row.col[TO_EMAIL], row.col[TO_LANG],
		    "mail.alert.subject", "mail.alert.body", vars)) < 0)
			return rc;
	return rc < 0 ? rc : DB_OK;
}

static int
check_txn(void *arg)
{
	struct check *k = arg;
	struct usage_quota q;
	struct dbrow sub;
	long long t[2];
	int rc, i, mailed = 0;

	if ((rc = db_one(k->c->db, &stmts[Q_SUB], &sub, k->sub, k->co)) <= 0)
		return rc;
	if ((rc = usage_quota(k->c->db, k->co, k->sub, sub.col[SUB_ZONE],
	    (long long)time(NULL), &q)) <= 0)
		return rc;
	if (q.quota == 0)
		return DB_OK;
	/* The higher first: crossing both at once mails the higher only. */
	t[0] = atoll(sub.col[SUB_FIRST]);
	t[1] = atoll(sub.col[SUB_SECOND]);
	if (t[0] < t[1]) {
		t[0] = t[1];
		t[1] = atoll(sub.col[SUB_FIRST]);
	}
	for (i = 0; i < 2; i++) {
		/* Exact: 79.6 % is not 80 %. */
		if (t[i] == 0 || q.used * 100 < t[i] * q.quota)
			continue;
		if ((rc = db_run(k->c->db, &stmts[Q_SENT], k->sub, q.period.name, t[i], k->co,
		    (long long)usage_percent(q.used, q.quota))) < 0)
			return rc;
		if (db_affected(k->c->db, &stmts[Q_SENT]) == 0 || mailed)
			continue;
		mailed = 1;
		if ((rc = mail_all(k, &sub, &q, (int)t[i])) < 0)
			return rc;
	}
	return DB_OK;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int
usage_alerts_check(struct db *db, const char *lang, const long long *sub,
    const long long *co, size_t n)
{
	struct ctx c;
	struct check k;
	long long *pairs;
	size_t i;
	int rc = DB_OK;

	if (n == 0)
		return DB_OK;
	/* Each subscription once: sorted as (subscription, company) pairs. */
	pairs = ecalloc(n, 2 * sizeof(*pairs));
	for (i = 0; i < n; i++) {
		pairs[2 * i] = sub[i];
		pairs[2 * i + 1] = co[i];
	}
	qsort(pairs, n, 2 * sizeof(*pairs), cmp_ll);
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.lang = lang;
	k.c = &c;
	for (i = 0; i < n && rc == DB_OK; i++) {
		if (i > 0 && pairs[2 * i] == pairs[2 * i - 2])
			continue;
		k.sub = pairs[2 * i];
		k.co = pairs[2 * i + 1];
		rc = db_txn(db, check_txn, &k);
	}
	free(pairs);
	return rc;
}

const struct module usagealerts_module = {
	.name = "usagealerts", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
