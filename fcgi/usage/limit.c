/* Spending limits; see limit.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/util.h"
#include "usage/limit.h"
#include "usage/usage.h"

/* Top-ups of the subscription ordered in the period, not cancelled or
 * failed: parameters period start and end (UTC), and a form key pattern
 * for the second sum (auto top-up's). */
#define SPENT(extra) \
	" (SELECT COALESCE(SUM(i.oneoff_price * i.quantity), 0)" \
	"  FROM orders o JOIN order_items i ON i.order_id = o.id" \
	"  JOIN products tp ON tp.id = i.product_id" \
	"  WHERE o.company_id = s.company_id AND i.subscription_id = s.id" \
	"  AND tp.kind = 'topup' AND o.state NOT IN ('cancelled', 'failed')" \
	"  AND o.created_at >= ? AND o.created_at < ?" extra ")"
#define SPEND \
	"SELECT s.currency, l.amount," SPENT("") "," SPENT(" AND o.form_key LIKE ?") \
	" FROM subscriptions s LEFT JOIN spend_limits l" \
	"  ON l.subscription_id = s.id AND l.company_id = s.company_id" \
	" WHERE s.id = ? AND s.company_id = ?"
enum { SP_CURRENCY, SP_LIMIT, SP_SPENT, SP_AUTO, SP__COLS };
enum { Q_SPEND, Q_SPEND_LOCK, Q_EVENT };
static struct stmt stmts[] = {
	[Q_SPEND] = STMT("spend.get", "sssssii", SP__COLS, SPEND),
	[Q_SPEND_LOCK] = STMT("spend.lock", "sssssii", SP__COLS, SPEND " FOR UPDATE"),
	[Q_EVENT] = STMT("spend.event", "isis", 0,
	    "INSERT IGNORE INTO spend_events (subscription_id, period, company_id, kind)"
	    " VALUES (?, ?, ?, ?)"),
};
#undef SPEND
#undef SPENT

int
spend_get(struct db *db, long long co, long long sub, const struct usage_period *p,
    int lock, struct spend *s)
{
	char autos[64];
	struct dbrow row;
	int rc;

	memset(s, 0, sizeof(*s));
	/* auto top-up's form keys: auto-SUBSCRIPTION-PERIOD-N (autotopup.c) */
	snprintf(autos, sizeof(autos), "auto-%lld-%s-%%", sub, p->name);
	if ((rc = db_one(db, &stmts[lock ? Q_SPEND_LOCK : Q_SPEND], &row, p->start_utc,
	    p->end_utc, p->start_utc, p->end_utc, autos, sub, co)) <= 0)
		return rc;
	snprintf(s->currency, sizeof(s->currency), "%s", row.col[SP_CURRENCY]);
	if (row.col[SP_LIMIT] != NULL && money_parse(row.col[SP_LIMIT], &s->limit) == 0)
		s->has_limit = 1;
	if (money_parse(row.col[SP_SPENT], &s->spent) != 0 ||
	    money_parse(row.col[SP_AUTO], &s->autos) != 0)
		return DB_ERROR;
	return 1;
}

int
spend_fits(struct db *db, long long co, long long sub, const char *zone, const char *price)
{
	struct usage_period p;
	struct spend s;
	long long v;
	int rc;

	if (usage_period_at(zone, (long long)time(NULL), 0, &p) != 0 ||
	    money_parse(price, &v) != 0)
		return DB_ERROR;
	if ((rc = spend_get(db, co, sub, &p, 1, &s)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	return !s.has_limit || s.spent + v <= s.limit;
}

int
spend_event_once(struct db *db, long long co, long long sub, const char *period,
    const char *kind)
{
	int rc;

	if ((rc = db_run(db, &stmts[Q_EVENT], sub, period, co, kind)) < 0)
		return rc;
	return db_affected(db, &stmts[Q_EVENT]) == 1;
}

const struct module spend_module = {
	.name = "spend", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
