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
#include "core/money.h"
#include "core/page.h"
#include "core/util.h"
#include "portal/topups.h"
#include "subscriptions/bar.h"
#include "subscriptions/change.h"
#include "usage/alerts.h"
#include "usage/limit.h"
#include "usage/sent.h"
#include "usage/usage.h"

enum { SUB_REF, SUB_ZONE, SUB_COUNTRY, SUB__COLS };
enum { TO_EMAIL, TO_LANG, TO__COLS };
enum { AUTO_PRODUCT, AUTO_MAX, AUTO_CODE, AUTO_NAME, AUTO_MAX_AMOUNT, AUTO__COLS };
enum { DONE_N, DONE__COLS };
enum { OPEN_SUB, OPEN_CO, OPEN_PERIOD, OPEN_ZONE, OPEN__COLS };
enum { Q_SUB, Q_TO, Q_AUTO, Q_AUTO_DONE, Q_OPEN_BARS, Q_CLEARED };
static struct stmt stmts[] = {
	[Q_SUB] = STMT("usagealerts.subscription", "ii", SUB__COLS,
	    "SELECT s.ref, c.time_zone, c.country"
	    " FROM subscriptions s JOIN companies c ON c.id = s.company_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"),
	/* The subscription's user and the administrators who opted in, once each. */
	[Q_TO] = STMT("usagealerts.recipients", "iii", TO__COLS,
	    "SELECT u.email, u.lang FROM subscriptions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.id = ? AND s.company_id = ? AND u.status = 'active'"
	    " UNION SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' AND m.usage_alerts = 1"
	    " AND u.status = 'active'"),
	[Q_AUTO] = STMT("usagealerts.auto", "sii", AUTO__COLS,
	    "SELECT a.product_id, a.max_per_month, p.code, " PRODUCT_NAME ", a.max_amount"
	    " FROM auto_topups a JOIN products p ON p.id = a.product_id" PRODUCT_NAME_JOIN
	    " WHERE a.subscription_id = ? AND a.company_id = ?"),
	/* The period's automatic purchases: their form keys (autotopup.c). */
	[Q_AUTO_DONE] = STMT("usagealerts.auto_done", "is", DONE__COLS,
	    "SELECT COUNT(*) FROM orders WHERE company_id = ? AND form_key LIKE ?"),
	/* The data bars of the spending limit neither lifted nor cleared. */
	[Q_OPEN_BARS] = STMT("usagealerts.open_bars", "", OPEN__COLS,
	    "SELECT e.subscription_id, e.company_id, e.period, c.time_zone"
	    " FROM spend_events e JOIN companies c ON c.id = e.company_id"
	    " WHERE e.kind = 'limit-bar' AND e.cleared_at IS NULL AND e.lifted_at IS NULL"
	    " ORDER BY e.subscription_id, e.period"),
	[Q_CLEARED] = STMT("usagealerts.cleared", "isi", 0,
	    "UPDATE spend_events SET cleared_at = CURRENT_TIMESTAMP"
	    " WHERE subscription_id = ? AND period = ? AND company_id = ?"
	    " AND kind = 'limit-bar' AND cleared_at IS NULL AND lifted_at IS NULL"),
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

/* Something the system did not do or did at the limit, once a period:
 * audited and mailed. 0 when done before this period, else a db_rc. */
static int
notice_once(struct check *k, const struct usage_quota *q, const char *kind,
    const char *audit, const char *detail, const char *body, const char *const *vars)
{
	int rc;

	if ((rc = spend_event_once(k->c->db, k->co, k->sub, q->period.name, kind)) <= 0)
		return rc;
	if ((rc = audit_add_system(k->c->db, k->co, audit, "subscription", k->sub,
	    detail)) < 0)
		return rc;
	return mail_all(k, "mail.spend.subject", body, vars);
}

/*
 * At the quota with a spending limit no package fits within: data barred
 * by the system, once a period (a bar lifted stays lifted).
 */
static int
limit_bar(struct check *k, const struct dbrow *sub, const struct usage_quota *q)
{
	char limit[24], spent[24];
	const char *vars[] = { "ref", sub->col[SUB_REF], "limit", limit, "spent", spent,
	    "currency", NULL, NULL };
	struct spend s;
	long long cheapest = 0;
	int rc;

	if (q->quota == 0 || q->used < q->quota)
		return DB_OK;
	if ((rc = spend_get(k->c->db, k->co, k->sub, &q->period, 1, &s)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	if (!s.has_limit)
		return DB_OK;
	if ((rc = topup_cheapest(k->c, &cheapest)) < 0)
		return rc;
	if (rc == 1 && s.spent + cheapest <= s.limit)
		return DB_OK;
	money_canonical(limit, sizeof(limit), s.limit);
	money_canonical(spent, sizeof(spent), s.spent);
	vars[7] = s.currency;
	if ((rc = spend_event_once(k->c->db, k->co, k->sub, q->period.name,
	    "limit-bar")) <= 0)
		return rc;
	if ((rc = sub_change_bars_system(k->c->db, k->co, k->sub, 1U << BAR_DATA, 0,
	    NULL)) != DB_OK)
		return rc < 0 ? rc : DB_OK;
	if ((rc = audit_add_system(k->c->db, k->co, "spend-limit-bar", "subscription",
	    k->sub, limit)) < 0)
		return rc;
	return mail_all(k, "mail.spend.subject", "mail.spend.bar.body", vars);
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
	char key[64], n[24], max[24], quota[32], price[24], cap[24];
	const char *vars[] = { "ref", sub->col[SUB_REF], "package", NULL, "n", n,
	    "max", max, "quota", quota, "cap", cap, NULL };
	struct ctx *c = k->c;
	struct dbrow a, row;
	struct spend s;
	long long done, order, product, cap_v = 0, price_v;
	int rc, held;

	/* Below the quota (most subscriptions of a batch): nothing to ask. */
	if (q->quota == 0 || q->used < q->quota)
		return DB_OK;
	if ((rc = db_one(c->db, &stmts[Q_AUTO], &a, c->lang, k->sub, k->co)) <= 0)
		return rc;
	vars[3] = a.col[AUTO_NAME];
	snprintf(key, sizeof(key), "auto-%lld-%s-%%", k->sub, q->period.name);
	if ((rc = db_one(c->db, &stmts[Q_AUTO_DONE], &row, k->co, key)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	done = atoll(row.col[DONE_N]);
	product = atoll(a.col[AUTO_PRODUCT]);
	snprintf(max, sizeof(max), "%s", a.col[AUTO_MAX]);
	snprintf(cap, sizeof(cap), "%s", a.col[AUTO_MAX_AMOUNT] ? a.col[AUTO_MAX_AMOUNT] : "");
	if (cap[0] != '\0' && money_parse(cap, &cap_v) != 0)
		return DB_ERROR;
	while (done < atoll(max) && q->quota > 0 && q->used >= q->quota) {
		if ((rc = topup_price(c, product, price)) <= 0)
			return rc;
		if (money_parse(price, &price_v) != 0)
			return DB_ERROR;
		/* The kroner cap: what auto top-up spent this period and this one. */
		if (cap[0] != '\0') {
			if ((rc = spend_get(c->db, k->co, k->sub, &q->period, 1, &s)) <= 0)
				return rc < 0 ? rc : DB_ERROR;
			if (s.autos + price_v > cap_v)
				return notice_once(k, q, "auto-cap", "topup-auto-capped", cap,
				    "mail.spend.cap.body", vars);
		}
		snprintf(key, sizeof(key), "auto-%lld-%s-%lld", k->sub, q->period.name,
		    done + 1);
		if ((rc = topup_buy(c, k->sub, product, key, 0, &order)) == 404)
			return DB_OK;
		if (rc == 402)
			return notice_once(k, q, "auto-limit", "topup-auto-over-limit", price,
			    "mail.spend.limit.body", vars);
		if (rc != DB_OK && rc != 409)
			return rc;
		done++;
		held = rc == 409;
		/* As the system: no user, no address. */
		if ((rc = audit_add_system(c->db, k->co, held ? "topup-auto-held" : "topup-auto",
		    "subscription", k->sub, a.col[AUTO_CODE])) < 0)
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
	struct alert_quota a;
	struct dbrow sub;
	int rc, i, mailed = 0;

	if ((rc = db_one(k->c->db, &stmts[Q_SUB], &sub, k->sub, k->co)) <= 0 ||
	    (rc = alert_quota(k->c->db, k->co, k->sub, &a)) <= 0)
		return rc;
	for (i = 0; i < 2; i++) {
		if ((rc = alert_mark(k->c->db, k->co, k->sub, &a, i)) < 0)
			return rc;
		if (rc != 1 || mailed)
			continue;
		mailed = 1;
		if ((rc = usage_threshold_event(k, a.t[i])) < 0)
			return rc;
		if ((rc = alert_mail(k, &sub, &a.q, (int)a.t[i])) < 0)
			return rc;
	}
	k->c->co.id = k->co;
	snprintf(k->c->co.country, sizeof(k->c->co.country), "%s", sub.col[SUB_COUNTRY]);
	snprintf(k->c->co.time_zone, sizeof(k->c->co.time_zone), "%s", sub.col[SUB_ZONE]);
	if ((rc = auto_buy(k, &sub, &a.q)) < 0)
		return rc;
	return limit_bar(k, &sub, &a.q);
}

/* A limit-bar of a period now past: data unbarred by the system. */
struct open_bar {
	struct db	*db;
	long long	 sub, co;
	char		 period[8];
};

static int
clear_txn(void *arg)
{
	const struct open_bar *b = arg;
	int rc;

	if ((rc = db_run(b->db, &stmts[Q_CLEARED], b->sub, b->period, b->co)) < 0)
		return rc;
	if (db_affected(b->db, &stmts[Q_CLEARED]) == 0)
		return DB_OK;
	/* Terminated since: nothing to unbar, the bar cleared all the same. */
	rc = sub_change_bars_system(b->db, b->co, b->sub, 0, 1U << BAR_DATA, NULL);
	if (rc < 0)
		return rc;
	return audit_add_system(b->db, b->co, "spend-limit-cleared", "subscription", b->sub,
	    b->period);
}

/*
 * At each import, every limit-bar of a period now past, not only those of
 * the batch's subscriptions: a subscription barred from data may bring no
 * records at all, and the network reads the flag, so a page's read (which
 * writes nothing, and may never come) is not where it can end.
 */
static int
clear_old(struct db *db)
{
	struct usage_period p;
	struct open_bar *b = NULL;
	struct dbrow row;
	size_t n = 0, cap = 0, i;
	long long now = (long long)time(NULL);
	int rc;

	if ((rc = db_run(db, &stmts[Q_OPEN_BARS])) < 0)
		return rc;
	while ((rc = db_fetch(db, &stmts[Q_OPEN_BARS], &row)) == 1) {
		if (usage_period_at(row.col[OPEN_ZONE], now, 0, &p) != 0 ||
		    strcmp(row.col[OPEN_PERIOD], p.name) >= 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			b = erealloc(b, cap * sizeof(*b));
		}
		b[n].db = db;
		b[n].sub = atoll(row.col[OPEN_SUB]);
		b[n].co = atoll(row.col[OPEN_CO]);
		snprintf(b[n].period, sizeof(b[n].period), "%s", row.col[OPEN_PERIOD]);
		n++;
	}
	for (i = 0; i < n && rc >= 0; i++)
		rc = db_txn(db, clear_txn, &b[i]);
	free(b);
	return rc < 0 ? rc : DB_OK;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Something for check_txn to do: a threshold reached, or the quota (auto
 * top-up, the spending limit). */
static int
alert_due(const struct alert_quota *a)
{
	const struct usage_quota *q = &a->q;
	int i;

	if (q->used >= q->quota)
		return 1;
	for (i = 0; i < 2; i++)
		if (a->t[i] != 0 && q->used * 100 >= a->t[i] * q->quota)
			return 1;
	return 0;
}

/* Subscriptions read at once: a bound string of some 50 kB. */
#define CHECK_CHUNK	1000

int
usage_alerts_check(struct db *db, const struct conf *conf, const long long *sub,
    const long long *co, size_t n)
{
	struct ctx c;
	struct check k;
	struct alert_quota *a;
	long long *pairs, *subs, *cos;
	size_t i, m = 0, off, len;
	int rc = DB_OK;

	if ((rc = clear_old(db)) < 0 || n == 0)
		return rc;
	/* Each subscription once: sorted as (subscription, company) pairs. */
	pairs = ecalloc(n, 2 * sizeof(*pairs));
	for (i = 0; i < n; i++) {
		pairs[2 * i] = sub[i];
		pairs[2 * i + 1] = co[i];
	}
	qsort(pairs, n, 2 * sizeof(*pairs), cmp_ll);
	subs = ecalloc(n, sizeof(*subs));
	cos = ecalloc(n, sizeof(*cos));
	for (i = 0; i < n; i++) {
		if (i > 0 && pairs[2 * i] == pairs[2 * i - 2])
			continue;
		subs[m] = pairs[2 * i];
		cos[m++] = pairs[2 * i + 1];
	}
	a = ecalloc(CHECK_CHUNK, sizeof(*a));
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.conf = conf;
	c.lang = conf->default_lang;
	k.c = &c;
	/* Most of a batch's subscriptions are below every threshold: read
	 * together, no transaction. The transaction reads the others again. */
	for (off = 0; off < m && rc == DB_OK; off += len) {
		len = m - off < CHECK_CHUNK ? m - off : CHECK_CHUNK;
		if ((rc = alert_quotas(db, len, subs + off, cos + off, a)) < 0)
			break;
		for (i = 0; i < len && rc == DB_OK; i++) {
			if (a[i].q.quota == 0 || !alert_due(&a[i]))
				continue;
			k.sub = subs[off + i];
			k.co = cos[off + i];
			rc = db_txn(db, check_txn, &k);
		}
	}
	free(a);
	free(cos);
	free(subs);
	free(pairs);
	return rc;
}

const struct module usagealerts_module = {
	.name = "usagealerts", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
