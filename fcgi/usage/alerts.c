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

#include "api/hub.h"
#include "core/audit.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "portal/topups.h"
#include "subscriptions/change.h"
#include "usage/alerts.h"
#include "usage/usage.h"

enum { SUB_REF, SUB_ZONE, SUB_FIRST, SUB_SECOND, SUB_COUNTRY, SUB__COLS };
enum { TO_EMAIL, TO_LANG, TO__COLS };
enum { AUTO_PRODUCT, AUTO_MAX, AUTO_CODE, AUTO_NAME, AUTO__COLS };
enum { DONE_N, DONE__COLS };
enum { Q_SUB, Q_SENT, Q_TO, Q_AUTO, Q_AUTO_DONE };
static struct stmt stmts[] = {
	[Q_SUB] = STMT("usagealerts.subscription", "ii", SUB__COLS,
	    "SELECT s.ref, c.time_zone, c.alert_first, c.alert_second, c.country"
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
	[Q_AUTO] = STMT("usagealerts.auto", "sii", AUTO__COLS,
	    "SELECT a.product_id, a.max_per_month, p.code, " PRODUCT_NAME
	    " FROM auto_topups a JOIN products p ON p.id = a.product_id" PRODUCT_NAME_JOIN
	    " WHERE a.subscription_id = ? AND a.company_id = ?"),
	/* The period's automatic purchases: their form keys (autotopup.c). */
	[Q_AUTO_DONE] = STMT("usagealerts.auto_done", "is", DONE__COLS,
	    "SELECT COUNT(*) FROM orders WHERE company_id = ? AND form_key LIKE ?"),
};

struct check {
	struct ctx	*c;
	long long	 sub, co;
};

/* A mail to the subscription's user and the administrators who opted in. */
static int
mail_all(struct check *k, const char *subject, const char *body, const char *const *vars)
{
	struct dbrow row;
	int rc;

	if ((rc = db_run(k->c->db, &stmts[Q_TO], k->sub, k->co, k->co)) < 0)
		return rc;
	while ((rc = db_fetch(k->c->db, &stmts[Q_TO], &row)) == 1)
		if ((rc = page_mail(k->c, row.col[TO_EMAIL], row.col[TO_LANG], subject, body,
		    vars)) < 0)
			return rc;
	return rc < 0 ? rc : DB_OK;
}

static int
alert_mail(struct check *k, const struct dbrow *sub, const struct usage_quota *q,
    int threshold)
{
	char pct[8], thr[8], used[32], quota[32];
	const char *vars[] = { "ref", sub->col[SUB_REF], "threshold", thr, "percent", pct,
	    "used", used, "quota", quota, "period", q->period.name, NULL };

	snprintf(thr, sizeof(thr), "%d", threshold);
	snprintf(pct, sizeof(pct), "%d", usage_percent(q->used, q->quota));
	usage_gb(q->used, used, sizeof(used));
	usage_gb(q->quota, quota, sizeof(quota));
	return mail_all(k, "mail.alert.subject", "mail.alert.body", vars);
}

/*
 * At 100 %: the subscription's package bought by the system, again while
 * the use is at the quota risen, up to its number a period. A package the
 * company can no longer buy buys nothing; one an approval rule holds waits
 * for the approver (and counts). Each purchase audited and mailed.
 */
static int
auto_buy(struct check *k, const struct dbrow *sub, struct usage_quota *q)
{
	char key[64], n[24], max[24], quota[32];
	const char *vars[] = { "ref", sub->col[SUB_REF], "package", NULL, "n", n,
	    "max", max, "quota", quota, NULL };
	struct ctx *c = k->c;
	struct dbrow a, row;
	long long done, order, product;
	int rc, held;

	if ((rc = db_one(c->db, &stmts[Q_AUTO], &a, c->lang, k->sub, k->co)) <= 0)
		return rc;
	vars[3] = a.col[AUTO_NAME];
	snprintf(key, sizeof(key), "auto-%lld-%s-%%", k->sub, q->period.name);
	if ((rc = db_one(c->db, &stmts[Q_AUTO_DONE], &row, k->co, key)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	done = atoll(row.col[DONE_N]);
	product = atoll(a.col[AUTO_PRODUCT]);
	snprintf(max, sizeof(max), "%s", a.col[AUTO_MAX]);
	while (done < atoll(max) && q->quota > 0 && q->used >= q->quota) {
		snprintf(key, sizeof(key), "auto-%lld-%s-%lld", k->sub, q->period.name,
		    done + 1);
		if ((rc = topup_buy(c, k->sub, product, key, 0, &order)) == 404)
			return DB_OK;
		if (rc != DB_OK && rc != 409)
			return rc;
		done++;
		held = rc == 409;
		/* As the system: no user, no address. */
		if ((rc = audit_add(c->db, 0, k->co, held ? "topup-auto-held" : "topup-auto",
		    "subscription", k->sub, a.col[AUTO_CODE], "")) < 0)
			return rc;
		if (held)
			return DB_OK;
		if ((rc = usage_quota(c->db, k->co, k->sub, sub->col[SUB_ZONE],
		    (long long)time(NULL), q)) <= 0)
			return rc < 0 ? rc : DB_ERROR;
		snprintf(n, sizeof(n), "%lld", done);
		usage_gb(q->quota, quota, sizeof(quota));
		if ((rc = mail_all(k, "mail.autotopup.subject", "mail.autotopup.body",
		    vars)) < 0)
			return rc;
	}
	return DB_OK;
}

/* The partners' event of a threshold crossed (api/hub.h). */
static int
usage_threshold_event(struct check *k, long long threshold)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", threshold);
	return hub_emit(k->c->db, HUB_THRESHOLD, k->co, k->sub, v);
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
		if ((rc = usage_threshold_event(k, t[i])) < 0)
			return rc;
		if ((rc = alert_mail(k, &sub, &q, (int)t[i])) < 0)
			return rc;
	}
	k->c->co.id = k->co;
	snprintf(k->c->co.country, sizeof(k->c->co.country), "%s", sub.col[SUB_COUNTRY]);
	return auto_buy(k, &sub, &q);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int
usage_alerts_check(struct db *db, const struct conf *conf, const long long *sub,
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
	c.conf = conf;
	c.lang = conf->default_lang;
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
