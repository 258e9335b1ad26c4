/*
 * Auto top-up of a subscription: the package the system buys when the
 * period's use reaches 100 % of the quota, and how many times a period at
 * most, and at most how many kroner a period, excluding VAT (none: no cap;
 * usage/alerts.c buys them after an import's batch). Set or turned
 * off by a member who may buy top-ups (subscriptions and orders), for a
 * subscription of the company with a data quota.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "portal/topups.h"

#define AUTO_MAX	10	/* purchases a period at most */
#define AUTO_CAP_MAX	100000000LL	/* the kroner cap's bound in øre: 1 000 000 */

enum { SUB_ID, SUB_REF, SUB__COLS };
enum { AUTO_PRODUCT, AUTO_MAX_N, AUTO_CAP, AUTO__COLS };
enum { Q_SUB, Q_GET, Q_SET, Q_OFF };
static struct stmt stmts[] = {
	[Q_SUB] = STMT("autotopup.subscription", "ii", SUB__COLS,
	    "SELECT s.id, s.ref FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"
	    " AND p.quota_gb IS NOT NULL"),
	[Q_GET] = STMT("autotopup.get", "ii", AUTO__COLS,
	    "SELECT product_id, max_per_month, max_amount FROM auto_topups"
	    " WHERE subscription_id = ? AND company_id = ?"),
	[Q_SET] = STMT("autotopup.set", "iiiisI", 0,
	    "INSERT INTO auto_topups (subscription_id, company_id, product_id, max_per_month,"
	    " max_amount, set_by) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
	    " product_id = VALUES(product_id), max_per_month = VALUES(max_per_month),"
	    " max_amount = VALUES(max_amount),"
	    " set_by = VALUES(set_by), set_at = CURRENT_TIMESTAMP"),
	[Q_OFF] = STMT("autotopup.off", "ii", 0,
	    "DELETE FROM auto_topups WHERE subscription_id = ? AND company_id = ?"),
};

static const struct field fields[] = {
	{ "product", V_TEXT, 24 },
	{ "max", V_TEXT, 8 },
	{ "cap", V_TEXT, 24 },
	{ NULL, V_TEXT, 0 },
};

struct setting {
	long long	 product, max;	/* product 0: off */
	char		 cap[24];	/* "500.00", "" none */
};

/* <auto-topup> with the subscription, the setting and the packages; the form. */
static int
auto_page(struct ctx *c, xmlNodePtr *form, struct setting *now)
{
	struct dbrow row;
	xmlNodePtr a, s;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUB], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "auto-topup");
	a = x_el(c->root, "auto-topup");
	s = x_el(a, "subscription");
	x_attr(s, "id", row.col[SUB_ID]);
	x_text(s, "ref", row.col[SUB_REF]);
	memset(now, 0, sizeof(*now));
	if ((rc = db_one(c->db, &stmts[Q_GET], &row, c->ids[1], c->co.id)) < 0)
		return page_db_status(rc);
	if (rc == 1) {
		parse_int(row.col[AUTO_PRODUCT], 1, INT64_MAX, &now->product);
		parse_int(row.col[AUTO_MAX_N], 1, AUTO_MAX, &now->max);
		x_attr(a, "product", row.col[AUTO_PRODUCT]);
		x_attr(a, "max", row.col[AUTO_MAX_N]);
		if (row.col[AUTO_CAP] != NULL) {
			snprintf(now->cap, sizeof(now->cap), "%s", row.col[AUTO_CAP]);
			x_attr(a, "cap", row.col[AUTO_CAP]);
		}
	}
	if ((rc = topups_el(c, a)) < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "auto-topup");
	return 0;
}

static int
auto_get(struct ctx *c)
{
	struct setting now;
	xmlNodePtr f;
	char n[24];
	int rc;

	if ((rc = auto_page(c, &f, &now)) != 0)
		return rc;
	if (now.product != 0) {
		snprintf(n, sizeof(n), "%lld", now.product);
		form_value(f, "product", n);
		snprintf(n, sizeof(n), "%lld", now.max);
		form_value(f, "max", n);
		if (now.cap[0] != '\0')
			form_value(f, "cap", now.cap);
	}
	return 0;
}

static int
auto_txn(struct ctx *c, void *arg)
{
	const struct setting *v = arg;
	char detail[96];
	int rc;

	snprintf(detail, sizeof(detail), "product=%lld max=%lld%s%s", v->product, v->max,
	    v->cap[0] ? " cap=" : "", v->cap);
	if (v->product == 0)
		rc = db_run(c->db, &stmts[Q_OFF], c->ids[1], c->co.id);
	else
		rc = db_run(c->db, &stmts[Q_SET], c->ids[1], c->co.id, v->product, v->max,
		    v->cap[0] ? v->cap : NULL, c->sess.user_id);
	if (rc < 0 || (rc = page_audit(c, "topup-auto-set", "subscription", c->ids[1],
	    v->product ? detail : "off")) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld/auto-topup?done=auto-topup-saved",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
auto_post(struct ctx *c)
{
	const char *product = form_raw(c, "product"), *max = form_raw(c, "max");
	const char *cap = form_raw(c, "cap");
	struct setting v, now;
	long long cap_v;
	xmlNodePtr f;
	int rc, bad = 0;

	memset(&v, 0, sizeof(v));
	/* The form always sends the package, empty for none: off. */
	if (product != NULL && product[0] == '\0')
		return page_change(c, auto_txn, &v);
	if (product == NULL || in_get(c, "product") == NULL ||
	    parse_int(product, 1, INT64_MAX, &v.product) == -1)
		bad |= 1;
	else if ((rc = topup_package_ok(c, v.product)) < 0)
		return page_db_status(rc);
	else if (rc == 0)
		bad |= 1;
	if (max == NULL || in_get(c, "max") == NULL || parse_int(max, 1, AUTO_MAX, &v.max) == -1)
		bad |= 2;
	/* The kroner cap: empty or absent for none. */
	if (cap != NULL && cap[0] != '\0') {
		if (in_get(c, "cap") == NULL || money_parse_typed(cap, &cap_v) == -1 ||
		    cap_v <= 0 || cap_v > AUTO_CAP_MAX)
			bad |= 4;
		else
			money_canonical(v.cap, sizeof(v.cap), cap_v);
	}
	if (bad == 0)
		return page_change(c, auto_txn, &v);
	if ((rc = auto_page(c, &f, &now)) != 0)
		return rc;
	form_keep(c, f, "product");
	form_keep(c, f, "max");
	form_keep(c, f, "cap");
	if (bad & 1)
		form_error(f, "product", product == NULL ? "required" : "invalid");
	if (bad & 2)
		form_error(f, "max", max == NULL || max[0] == '\0' ? "required" : "invalid");
	if (bad & 4)
		form_error(f, "cap", "invalid");
	c->status = 400;
	return 0;
}

static const struct route routes[] = {
	{ "/companies/#/subscriptions/#/auto-topup", R_COMPANY | R_ONCE, "auto-topup",
	    auto_get, NULL, auto_post, fields, "subscriptions orders" },
};

static const char *const pages[] = { "auto-topup", NULL };
static const char *const flashes[] = { "auto-topup-saved", NULL };

const struct module autotopup_module = {
	.name = "autotopup", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
