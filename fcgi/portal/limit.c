/*
 * A subscription's spending limit (usage/limit.h): the most a billing
 * period may cost in top-ups, bought by hand or automatically, excluding
 * VAT. A full administrator's page beside auto top-up: the limit, what is
 * spent this period, and the data bar the import set at the limit, which
 * the administrator lifts here (it stays lifted for the period).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "subscriptions/bar.h"
#include "usage/limit.h"
#include "usage/usage.h"

#define LIMIT_MAX	100000000LL	/* a limit's bound in øre: 1 000 000 */

enum { SUB_ID, SUB_REF, SUB__COLS };
enum { BAR_LIFTED, BAR_CLEARED, BAR__COLS };
enum { Q_SUB, Q_BAR, Q_SET, Q_OFF, Q_LIFT };
static struct stmt stmts[] = {
	/* Only a subscription with a quota takes top-ups. */
	[Q_SUB] = STMT("spendlimit.subscription", "ii", SUB__COLS,
	    "SELECT s.id, s.ref FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"
	    " AND p.quota_gb IS NOT NULL"),
	[Q_BAR] = STMT("spendlimit.bar", "iis", BAR__COLS,
	    "SELECT lifted_at IS NOT NULL, cleared_at IS NOT NULL FROM spend_events"
	    " WHERE subscription_id = ? AND company_id = ? AND period = ?"
	    " AND kind = 'limit-bar'"),
	[Q_SET] = STMT("spendlimit.set", "iisI", 0,
	    "INSERT INTO spend_limits (subscription_id, company_id, amount, set_by)"
	    " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE amount = VALUES(amount),"
	    " set_by = VALUES(set_by), set_at = CURRENT_TIMESTAMP"),
	[Q_OFF] = STMT("spendlimit.off", "ii", 0,
	    "DELETE FROM spend_limits WHERE subscription_id = ? AND company_id = ?"),
	[Q_LIFT] = STMT("spendlimit.lift", "Iiis", 0,
	    "UPDATE spend_events SET lifted_at = CURRENT_TIMESTAMP, lifted_by = ?"
	    " WHERE subscription_id = ? AND company_id = ? AND period = ?"
	    " AND kind = 'limit-bar' AND lifted_at IS NULL AND cleared_at IS NULL"),
};

static const struct field fields[] = {
	{ "amount", V_TEXT, 24 },
	{ "lift", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

struct change {
	struct usage_period	 period;
	long long		 amount;	/* -1: off */
	char			 text[24];
};

static void
money_attr(xmlNodePtr e, const char *name, long long minor)
{
	char s[32];

	money_canonical(s, sizeof(s), minor);
	x_attr(e, name, s);
}

/*
 * <spend-limit period currency spent [limit] [bar]> with the subscription;
 * the form. 0, 404 or a status; *limit the limit (-1: none).
 */
static int
limit_page(struct ctx *c, xmlNodePtr *form, long long *limit)
{
	struct usage_period p;
	struct spend s;
	struct dbrow row;
	xmlNodePtr l, e;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUB], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if (usage_period_at(c->co.time_zone, (long long)time(NULL), 0, &p) != 0)
		return 500;
	page_begin(c, "spend-limit");
	l = x_el(c->root, "spend-limit");
	e = x_el(l, "subscription");
	x_attr(e, "id", row.col[SUB_ID]);
	x_text(e, "ref", row.col[SUB_REF]);
	if ((rc = spend_get(c->db, c->co.id, c->ids[1], &p, 0, &s)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	x_attr(l, "period", p.name);
	x_attr(l, "currency", s.currency);
	x_attr(l, "vat", "excluded");
	money_attr(l, "spent", s.spent);
	*limit = s.has_limit ? s.limit : -1;
	if (s.has_limit)
		money_attr(l, "limit", s.limit);
	if ((rc = db_one(c->db, &stmts[Q_BAR], &row, c->ids[1], c->co.id, p.name)) < 0)
		return page_db_status(rc);
	if (rc == 1)
		x_attr(l, "bar", row.col[BAR_CLEARED][0] == '1' ? "cleared" :
		    row.col[BAR_LIFTED][0] == '1' ? "lifted" : "barred");
	*form = form_el(c->root, "spend-limit");
	return 0;
}

static int
limit_get(struct ctx *c)
{
	long long limit;
	char s[32];
	xmlNodePtr f;
	int rc;

	if ((rc = limit_page(c, &f, &limit)) != 0)
		return rc;
	if (limit >= 0) {
		money_canonical(s, sizeof(s), limit);
		form_value(f, "amount", s);
	}
	return 0;
}

static int
set_txn(struct ctx *c, void *arg)
{
	const struct change *v = arg;
	int rc;

	if (v->amount < 0)
		rc = db_run(c->db, &stmts[Q_OFF], c->ids[1], c->co.id);
	else
		rc = db_run(c->db, &stmts[Q_SET], c->ids[1], c->co.id, v->text,
		    c->sess.user_id);
	if (rc < 0 || (rc = page_audit(c, "spend-limit-set", "subscription", c->ids[1],
	    v->amount < 0 ? "off" : v->text)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld/spend-limit?done=spend-limit-saved",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

/* The bar the import set this period lifted: data unbarred, and not barred
 * again at the limit before the next period. 409 when there is none. */
static int
lift_txn(struct ctx *c, void *arg)
{
	const struct change *v = arg;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_LIFT], c->sess.user_id, c->ids[1], c->co.id,
	    v->period.name)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_LIFT]) == 0)
		return 409;
	if ((rc = sub_change_bars(c, c->ids[1], 0, 1U << BAR_DATA, NULL)) != DB_OK)
		return rc;
	if ((rc = page_audit(c, "spend-limit-lift", "subscription", c->ids[1],
	    v->period.name)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld/spend-limit?done=spend-limit-lifted",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
limit_post(struct ctx *c)
{
	const char *amount = form_raw(c, "amount");
	struct change v;
	long long limit;
	xmlNodePtr f;
	int rc;

	memset(&v, 0, sizeof(v));
	v.amount = -1;
	if ((rc = limit_page(c, &f, &limit)) != 0)
		return rc;
	if (in_get(c, "lift") != NULL && strcmp(in_get(c, "lift"), "yes") == 0) {
		if (usage_period_at(c->co.time_zone, (long long)time(NULL), 0, &v.period) != 0)
			return 500;
		return page_change(c, lift_txn, &v);
	}
	/* Empty: no limit. */
	if (amount != NULL && amount[0] == '\0')
		return page_change(c, set_txn, &v);
	if (amount != NULL && in_get(c, "amount") != NULL &&
	    money_parse_typed(amount, &v.amount) == 0 && v.amount >= 0 &&
	    v.amount <= LIMIT_MAX) {
		money_canonical(v.text, sizeof(v.text), v.amount);
		return page_change(c, set_txn, &v);
	}
	form_keep(c, f, "amount");
	form_error(f, "amount", amount == NULL ? "required" : "invalid");
	c->status = 400;
	return 0;
}

static const struct route routes[] = {
	{ "/companies/#/subscriptions/#/spend-limit", R_COMPANY | R_ONCE, "spend-limit",
	    limit_get, NULL, limit_post, fields, "admin" },
};

static const char *const pages[] = { "spend-limit", NULL };
static const char *const flashes[] = { "spend-limit-saved", "spend-limit-lifted", NULL };

const struct module spendlimit_module = {
	.name = "spendlimit", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
