/*
 * Top-ups: extra data for a subscription with a data quota ("Ekstra
 * datapakke 20 GB"), bought from its usage page. The packages are the
 * catalogue's products of kind topup the company may buy (not retired, on
 * its contract list where the product has one, with a price in the
 * company's country); one whose availability starts later is shown with
 * its date and cannot be bought before it. A purchase is an order of the
 * order model (orders/orders.c), made once per form key, that the system
 * completes at once: the quota of this period rises (usage_quota counts
 * completed top-ups) and completion writes the one-off charge for the next
 * invoice. Every statement takes the company: another company's
 * subscription is not found (404).
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
#include "orders/orders.h"
#include "portal/topups.h"
#include "subscriptions/change.h"
#include "usage/limit.h"
#include "usage/sent.h"

/*
 * The top-up packages of the company: parameters language, country,
 * company. The price is the one in force on the day the package can first
 * be bought (today, or its availability date when that is later).
 */
#define PACKAGES \
	"SELECT p.id, p.code, " PRODUCT_NAME ", p.quota_gb, r.oneoff_price, r.currency," \
	" DATE_FORMAT(p.available_from, '%Y-%m-%d')," \
	" (p.available_from IS NULL OR p.available_from <= CURDATE())" \
	" FROM products p" PRODUCT_NAME_JOIN \
	" JOIN product_prices r ON r.product_id = p.id AND r.country = ?" \
	"  AND r.valid_from <= GREATEST(CURDATE(), COALESCE(p.available_from, CURDATE()))" \
	"  AND (r.valid_to IS NULL" \
	"   OR r.valid_to >= GREATEST(CURDATE(), COALESCE(p.available_from, CURDATE())))" \
	" WHERE p.kind = 'topup' AND p.quota_gb IS NOT NULL AND p.active = 1" \
	" AND p.retired_at IS NULL" \
	" AND (p.available_to IS NULL OR p.available_to >= CURDATE())" \
	" AND (p.contract_only = 0 OR EXISTS (SELECT 1 FROM product_companies pc" \
	"  WHERE pc.product_id = p.id AND pc.company_id = ?))"
enum { PKG_ID, PKG_CODE, PKG_NAME, PKG_QUOTA, PKG_ONEOFF, PKG_CURRENCY, PKG_FROM,
	PKG_NOW, PKG__COLS,
	/* The one chosen: VAT at the rate of the company's account in its
	 * currency (NULL: it has none), and the total. */
	PKG_VAT_RATE = PKG__COLS, PKG_VAT, PKG_TOTAL, PKG_PRICED__COLS };
enum { SUB_ID, SUB_REF, SUB_PRODUCT, SUB__COLS };
enum { ADDR_NAME, ADDR_STREET, ADDR_POSTCODE, ADDR_CITY, ADDR__COLS };
enum { Q_PACKAGES, Q_PACKAGE, Q_SUB, Q_ADDRESS, Q_ITEM_SUB };
static struct stmt stmts[] = {
	[Q_PACKAGES] = STMT("topups.packages", "ssi", PKG__COLS,
	    PACKAGES " ORDER BY p.quota_gb, p.id"),
	[Q_PACKAGE] = STMT("topups.package", "ssiii", PKG_PRICED__COLS,
	    "SELECT x.*, b.vat_rate, ROUND(x.oneoff_price * b.vat_rate / 100, 2),"
	    " x.oneoff_price + COALESCE(ROUND(x.oneoff_price * b.vat_rate / 100, 2), 0)"
	    " FROM (" PACKAGES " AND p.id = ?) x"
	    " LEFT JOIN billing_accounts b ON b.id = (SELECT MIN(a.id) FROM billing_accounts a"
	    "  WHERE a.company_id = ? AND a.currency = x.currency)"),
	/* A subscription that can take a top-up: live, its plan has a quota. */
	[Q_SUB] = STMT("topups.subscription", "sii", SUB__COLS,
	    "SELECT s.id, s.ref, " PRODUCT_NAME
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.id = ? AND s.company_id = ? AND s.status <> 'terminated'"
	    " AND p.quota_gb IS NOT NULL"),
	/* Nothing is sent: the order's delivery is the company's address. */
	[Q_ADDRESS] = STMT("topups.address", "i", ADDR__COLS,
	    "SELECT name, street, postcode, city FROM companies WHERE id = ?"),
	[Q_ITEM_SUB] = STMT("topups.item_subscription", "iii", 0,
	    "UPDATE order_items i JOIN orders o ON o.id = i.order_id"
	    " SET i.subscription_id = ? WHERE i.order_id = ? AND o.company_id = ?"),
};
#undef PACKAGES

/* The package, in the link (GET) and in the confirmation's form (POST). */
static const struct field fields[] = {
	{ "product", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* <package id code orderable [available-from]> with name, quota, price. */
static xmlNodePtr
package_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "package"), e;

	x_attr(p, "id", row->col[PKG_ID]);
	x_attr(p, "code", row->col[PKG_CODE]);
	x_attr(p, "orderable", row->col[PKG_NOW][0] == '1' ? "yes" : "no");
	if (row->col[PKG_FROM] != NULL)
		x_attr(p, "available-from", row->col[PKG_FROM]);
	x_text(p, "name", row->col[PKG_NAME]);
	x_text(p, "quota-gb", row->col[PKG_QUOTA]);
	e = x_text(p, "price", row->col[PKG_ONEOFF]);
	x_attr(e, "currency", row->col[PKG_CURRENCY]);
	return p;
}

int
topups_el(struct ctx *c, xmlNodePtr parent)
{
	struct dbrow row;
	xmlNodePtr t;
	int rc;

	t = x_el(parent, "topups");
	/* Buying is ordering: the link only for those who may. */
	if (page_has_area(c, "orders"))
		x_attr(t, "may-buy", "yes");
	if ((rc = db_run(c->db, &stmts[Q_PACKAGES], c->lang, c->co.country, c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_PACKAGES], &row)) == 1)
		package_el(t, &row);
	return rc < 0 ? rc : DB_OK;
}

int
topup_package_ok(struct ctx *c, long long product)
{
	struct dbrow pkg;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PACKAGE], &pkg, c->lang, c->co.country, c->co.id,
	    product, c->co.id)) <= 0)
		return rc;
	return pkg.col[PKG_NOW][0] == '1';
}

int
topup_price(struct ctx *c, long long product, char price[24])
{
	struct dbrow pkg;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PACKAGE], &pkg, c->lang, c->co.country, c->co.id,
	    product, c->co.id)) <= 0)
		return rc;
	snprintf(price, 24, "%s", pkg.col[PKG_ONEOFF]);
	return 1;
}

int
topup_cheapest(struct ctx *c, long long *minor)
{
	struct dbrow row;
	long long v;
	int rc, found = 0;

	if ((rc = db_run(c->db, &stmts[Q_PACKAGES], c->lang, c->co.country, c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_PACKAGES], &row)) == 1)
		if (row.col[PKG_NOW][0] == '1' && money_parse(row.col[PKG_ONEOFF], &v) == 0 &&
		    (!found || v < *minor)) {
			*minor = v;
			found = 1;
		}
	return rc < 0 ? rc : found;
}

/* The subscription and the package chosen, as the request names them. */
struct chosen {
	struct dbrow	 sub, pkg;
	long long	 product;
};

/*
 * The confirmation page of subscription ids[1] and package product: 0,
 * 400 without a package, 404 when either is not the company's to top up,
 * or a status. k->pkg holds the package.
 */
static int
confirm_page(struct ctx *c, struct chosen *k)
{
	xmlNodePtr t, s, p, e;
	const char *cur;
	int rc;

	if (in_get(c, "product") == NULL ||
	    parse_int(in_get(c, "product"), 1, INT64_MAX, &k->product) == -1)
		return 400;
	if ((rc = db_one(c->db, &stmts[Q_SUB], &k->sub, c->lang, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if ((rc = db_one(c->db, &stmts[Q_PACKAGE], &k->pkg, c->lang, c->co.country,
	    c->co.id, k->product, c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "topup");
	t = x_el(c->root, "topup");
	s = x_el(t, "subscription");
	x_attr(s, "id", k->sub.col[SUB_ID]);
	x_text(s, "ref", k->sub.col[SUB_REF]);
	x_text(s, "product", k->sub.col[SUB_PRODUCT]);
	p = package_el(t, &k->pkg);
	cur = k->pkg.col[PKG_CURRENCY];
	if (k->pkg.col[PKG_VAT_RATE] != NULL) {
		x_text(p, "vat-rate", k->pkg.col[PKG_VAT_RATE]);
		x_attr(x_text(p, "vat", k->pkg.col[PKG_VAT]), "currency", cur);
	}
	e = x_text(p, "total", k->pkg.col[PKG_TOTAL]);
	x_attr(e, "currency", cur);
	return 0;
}

static int
topup_get(struct ctx *c)
{
	struct chosen k;
	int rc;

	if ((rc = confirm_page(c, &k)) != 0)
		return rc;
	form_el(c->root, "topup");
	return 0;
}

int
topup_buy(struct ctx *c, long long sub, long long product, const char *form_key,
    long long user, long long *order)
{
	struct dbrow addr, pkg;
	struct order_new o = { 0 };
	enum order_state from;
	long long id;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PACKAGE], &pkg, c->lang, c->co.country, c->co.id,
	    product, c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (pkg.col[PKG_NOW][0] != '1')
		return 404;
	if ((rc = spend_fits(c->db, c->co.id, sub, c->co.time_zone, pkg.col[PKG_ONEOFF])) <= 0)
		return rc < 0 ? rc : 402;
	if ((rc = db_one(c->db, &stmts[Q_ADDRESS], &addr, c->co.id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	o.form_key = form_key;
	o.currency = pkg.col[PKG_CURRENCY];
	o.name = addr.col[ADDR_NAME];
	o.street = addr.col[ADDR_STREET];
	o.postcode = addr.col[ADDR_POSTCODE];
	o.city = addr.col[ADDR_CITY];
	o.country = c->co.country;
	o.product_id = product;
	o.quantity = 1;
	o.user_id = user;
	o.oneoff = pkg.col[PKG_ONEOFF];
	o.monthly = "0.00";
	if ((id = order_create(c, &o)) < 0)
		return (int)id;
	*order = id;
	if ((rc = db_run(c->db, &stmts[Q_ITEM_SUB], sub, id, c->co.id)) < 0)
		return rc;
	rc = order_move(c, id, OS_IN_PROGRESS, ORDER_SYSTEM, NULL, &from);
	if (rc == 409 && from == OS_HELD)
		return 409;
	if (rc != DB_OK || (rc = order_complete(c, id, ORDER_SYSTEM, NULL)) != DB_OK)
		return rc < 0 ? rc : DB_ERROR;
	return alert_topped(c->db, c->co.id, sub);
}

/* A company's approval rule that holds it leaves it to the approver (the
 * order's page says so). */
static int
buy_txn(struct ctx *c, void *arg)
{
	const struct chosen *k = arg;
	long long id = 0;
	int rc;

	rc = topup_buy(c, c->ids[1], k->product, in_get(c, "formkey"), c->sess.user_id, &id);
	/* Another purchase reached the limit since the page was read. */
	if (rc == 402)
		return 409;
	if (rc == 409) {
		page_redirectf(c, "/companies/%lld/orders/%lld?done=topup-held", c->co.id, id);
		return DB_OK;
	}
	if (rc != DB_OK || (rc = page_audit(c, "topup-buy", "subscription", c->ids[1],
	    k->pkg.col[PKG_CODE])) < 0)
		return rc < 0 ? rc : DB_ERROR;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld/usage?done=topup-bought",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
topup_post(struct ctx *c)
{
	struct chosen k;
	xmlNodePtr f;
	int rc;

	if ((rc = confirm_page(c, &k)) != 0)
		return rc;
	f = form_el(c->root, "topup");
	/* Shown with its date, not to be bought before it. */
	if (k.pkg.col[PKG_NOW][0] != '1') {
		form_error(f, "product", "not-allowed");
		c->status = 409;
		return 0;
	}
	/* Over the spending limit: said so, nothing ordered. */
	if ((rc = spend_fits(c->db, c->co.id, c->ids[1], c->co.time_zone,
	    k.pkg.col[PKG_ONEOFF])) < 0)
		return page_db_status(rc);
	if (rc == 0) {
		form_error(f, "product", "over-limit");
		c->status = 409;
		return 0;
	}
	return page_change(c, buy_txn, &k);
}

static const struct route routes[] = {
	{ "/companies/#/subscriptions/#/topup", R_COMPANY | R_ONCE, "topup", topup_get,
	    fields, topup_post, fields, "subscriptions orders" },
};

static const char *const pages[] = { "topup", NULL };
static const char *const flashes[] = { "topup-bought", "topup-held", NULL };

const struct module topups_module = {
	.name = "topups", .routes = routes, .nroutes = COUNTOF(routes), .pages = pages,
	.flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
