/*
 * Ordering SIM cards and hardware, and following the company's orders: the
 * pages of the area "orders" (what it grants), beside its change requests
 * (portal/cases.c). A product of kind sim or hardware from the company's
 * catalogue, a quantity, a member it is for, a delivery address (the
 * company's unless changed), then a summary with the one-off price and VAT
 * to confirm; the order is the order model's (orders/orders.c), made once
 * per form key. Every statement takes the company: another company's order
 * is not found (404).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "orders/newsub.h"
#include "orders/orders.h"
#include "orders/provision.h"
#include "portal/approvals.h"
#include "subscriptions/change.h"

#define QUANTITY_MAX	100
#define LIST_MAX	200
#define STREET_MAX	200
#define CITY_MAX	100

/* The SIM cards and hardware the company may order (orders.h). */
#define PRODUCTS_OFFERED	ORDER_OFFERED("'sim', 'hardware'")
enum { PROD_ID, PROD_CODE, PROD_KIND, PROD_NAME, PROD_ONEOFF, PROD_MONTHLY, PROD_CURRENCY,
	PROD__COLS,
	/* The one chosen, priced for the quantity: net, VAT at the rate of
	 * the company's account in its currency (NULL: it has none), total. */
	PROD_NET = PROD__COLS, PROD_VAT_RATE, PROD_VAT, PROD_TOTAL, PROD_PRICED__COLS };
enum { MEMBER_ID, MEMBER_NAME, MEMBER_EMAIL, MEMBER__COLS };
enum { ADDR_NAME, ADDR_STREET, ADDR_POSTCODE, ADDR_CITY, ADDR__COLS };
enum { LIST_ID, LIST_STATE, LIST_CREATED, LIST_UPDATED, LIST_PRODUCT, LIST_QUANTITY,
	LIST_ONEOFF, LIST_CURRENCY, LIST__COLS };
enum { ORD_ID, ORD_STATE, ORD_CREATED, ORD_UPDATED, ORD_BY, ORD_NAME, ORD_STREET,
	ORD_POSTCODE, ORD_CITY, ORD_COUNTRY, ORD_TRACKING, ORD__COLS };
enum { ITEM_ACTION, ITEM_CODE, ITEM_PRODUCT, ITEM_QUANTITY, ITEM_ONEOFF, ITEM_MONTHLY,
	ITEM_CURRENCY, ITEM_USER, ITEM_ICCID, ITEM__COLS };
enum { EVENT_FROM, EVENT_TO, EVENT_AT, EVENT_BY, EVENT_BY_OPERATOR, EVENT_NOTE,
	EVENT__COLS };
enum { Q_PRODUCTS, Q_PRODUCT, Q_MEMBERS, Q_MEMBER, Q_ADDRESS, Q_LIST, Q_ORDER, Q_ITEMS,
	Q_EVENTS };
static struct stmt stmts[] = {
	[Q_PRODUCTS] = STMT("ordering.products", "ssi", PROD__COLS,
	    PRODUCTS_OFFERED " ORDER BY p.kind DESC, r.oneoff_price, 4"),
	[Q_PRODUCT] = STMT("ordering.product", "iiiissiii", PROD_PRICED__COLS,
	    "SELECT x.*, x.oneoff_price * ?, b.vat_rate,"
	    " ROUND(x.oneoff_price * ? * b.vat_rate / 100, 2),"
	    " x.oneoff_price * ? + COALESCE(ROUND(x.oneoff_price * ? * b.vat_rate / 100, 2), 0)"
	    " FROM (" PRODUCTS_OFFERED " AND p.id = ?) x"
	    " LEFT JOIN billing_accounts b ON b.id = (SELECT MIN(a.id) FROM billing_accounts a"
	    "  WHERE a.company_id = ? AND a.currency = x.currency)"),
	/* The company's active members: who an order may be for. */
	[Q_MEMBERS] = STMT("ordering.members", "i", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.status = 'active' ORDER BY u.name, u.id"),
	[Q_MEMBER] = STMT("ordering.member", "ii", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.status = 'active' AND u.id = ?"),
	[Q_ADDRESS] = STMT("ordering.address", "i", ADDR__COLS,
	    "SELECT name, street, postcode, city FROM companies WHERE id = ?"),
	/* An order as the list shows it: its first item. */
	[Q_LIST] = STMT("ordering.list", "sii", LIST__COLS,
	    "SELECT o.id, o.state, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(o.updated_at, '%Y-%m-%dT%H:%i:%s'), " PRODUCT_NAME ", i.quantity,"
	    " i.oneoff_price, i.currency"
	    " FROM orders o JOIN order_items i ON i.id = (SELECT MIN(j.id) FROM order_items j"
	    "  WHERE j.order_id = o.id)"
	    " JOIN products p ON p.id = i.product_id" PRODUCT_NAME_JOIN
	    " WHERE o.company_id = ? ORDER BY o.id DESC LIMIT ?"),
	[Q_ORDER] = STMT("ordering.order", "ii", ORD__COLS,
	    "SELECT o.id, o.state, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(o.updated_at, '%Y-%m-%dT%H:%i:%s'), u.name, o.delivery_name,"
	    " o.delivery_street, o.delivery_postcode, o.delivery_city, o.delivery_country,"
	    " o.tracking_ref"
	    " FROM orders o LEFT JOIN users u ON u.id = o.ordered_by"
	    " WHERE o.id = ? AND o.company_id = ?"),
	[Q_ITEMS] = STMT("ordering.items", "sii", ITEM__COLS,
	    "SELECT i.action, p.code, " PRODUCT_NAME ", i.quantity, i.oneoff_price,"
	    " i.monthly_price, i.currency, u.name, i.iccid"
	    " FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " JOIN products p ON p.id = i.product_id" PRODUCT_NAME_JOIN
	    " LEFT JOIN users u ON u.id = i.user_id"
	    " WHERE i.order_id = ? AND o.company_id = ? ORDER BY i.id"),
	/* A staff member by first name only, as a case's reply names them. */
	[Q_EVENTS] = STMT("ordering.events", "ii", EVENT__COLS,
	    "SELECT e.from_state, e.to_state, DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%s'),"
	    " COALESCE(u.name, SUBSTRING_INDEX(f.name, ' ', 1)), e.staff_id IS NOT NULL, e.note"
	    " FROM order_events e JOIN orders o ON o.id = e.order_id AND o.company_id = ?"
	    " LEFT JOIN users u ON u.id = e.user_id LEFT JOIN staff f ON f.id = e.staff_id"
	    " WHERE e.order_id = ? ORDER BY e.id"),
};
#undef PRODUCTS_OFFERED

static const struct field new_fields[] = {
	{ "product", V_ID, 0 },
	{ "quantity", V_TEXT, 8 },
	{ "user", V_ID, 0 },
	{ "name", V_TEXT, 0 },
	{ "street", V_TEXT, 0 },
	{ "postcode", V_TEXT, 16 },
	{ "city", V_TEXT, 0 },
	{ "step", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

/* The steps of the new order's POST; the first is the default. */
enum { STEP_SUMMARY, STEP_EDIT, STEP_CONFIRM };
static const char *const steps[] = { "summary", "edit", "confirm", NULL };

static const char *const address_fields[] = { "name", "street", "postcode", "city", NULL };

static void
product_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "product");

	x_attr(p, "id", row->col[PROD_ID]);
	x_attr(p, "code", row->col[PROD_CODE]);
	x_attr(p, "kind", row->col[PROD_KIND]);
	x_text(p, "name", row->col[PROD_NAME]);
	x_price(p, "oneoff", row->col[PROD_ONEOFF], row->col[PROD_CURRENCY]);
	x_price(p, "monthly", row->col[PROD_MONTHLY], row->col[PROD_CURRENCY]);
}

/* The new order's page: what may be ordered, for whom; its form. 0 or a status. */
static int
new_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr list;
	struct dbrow row;
	int rc;

	page_begin(c, "order-new");
	list = x_el(c->root, "products");
	if ((rc = db_run(c->db, &stmts[Q_PRODUCTS], c->lang, c->co.country, c->co.id)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_PRODUCTS], &row)) == 1)
		product_el(list, &row);
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_MEMBERS], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "members");
	while ((rc = db_fetch(c->db, &stmts[Q_MEMBERS], &row)) == 1) {
		xmlNodePtr m = x_el(list, "member");

		x_attr(m, "id", row.col[MEMBER_ID]);
		x_text(m, "name", row.col[MEMBER_NAME]);
		x_text(m, "email", row.col[MEMBER_EMAIL]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "order");
	return 0;
}

static int
new_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr f;
	int rc, i;

	if ((rc = new_page(c, &f)) != 0)
		return rc;
	/* Sent to the company's own address unless changed. */
	if ((rc = db_one(c->db, &stmts[Q_ADDRESS], &row, c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	form_value(f, "quantity", "1");
	for (i = 0; address_fields[i] != NULL; i++)
		form_value(f, address_fields[i], row.col[ADDR_NAME + i]);
	return 0;
}

/* What the form asks for, checked; lines hold the address as it is kept. */
struct checked {
	long long	 product, quantity, user;
	char		 name[STREET_MAX * 4 + 1], street[STREET_MAX * 4 + 1];
	char		 postcode[17], city[CITY_MAX * 4 + 1];
	struct dbrow	 priced;
};

/* One error per field of a bad form under f: whether it is good. *status
 * is set when the database failed. */
static int
check(struct ctx *c, xmlNodePtr f, struct checked *k, int *status)
{
	const char *code, *raw;
	struct dbrow row;
	int bad = 0, rc = 0;

	*status = 0;
	raw = form_raw(c, "quantity");
	if (raw == NULL || raw[0] == '\0')
		bad = 1, form_error(f, "quantity", "required");
	else if (parse_int(raw, 1, QUANTITY_MAX, &k->quantity) == -1)
		bad = 1, form_error(f, "quantity", "invalid");
	raw = form_raw(c, "user");
	if (raw == NULL || raw[0] == '\0')
		bad = 1, form_error(f, "user", "required");
	else if (in_get(c, "user") == NULL ||
	    parse_int(in_get(c, "user"), 1, INT64_MAX, &k->user) == -1 ||
	    (rc = db_one(c->db, &stmts[Q_MEMBER], &row, c->co.id, k->user)) == 0)
		bad = 1, form_error(f, "user", "invalid");
	else if (rc < 0)
		return *status = page_db_status(rc), 0;
	if ((code = valid_line(k->name, sizeof(k->name), form_raw(c, "name"),
	    STREET_MAX)) != NULL)
		bad = 1, form_error(f, "name", code);
	if ((code = valid_line(k->street, sizeof(k->street), form_raw(c, "street"),
	    STREET_MAX)) != NULL)
		bad = 1, form_error(f, "street", code);
	if ((code = valid_line(k->city, sizeof(k->city), form_raw(c, "city"),
	    CITY_MAX)) != NULL)
		bad = 1, form_error(f, "city", code);
	/* A postcode of the company's country: checked where its form is known. */
	if ((code = valid_line(k->postcode, sizeof(k->postcode), form_raw(c, "postcode"),
	    sizeof(k->postcode) - 1)) == NULL && valid_country(c->co.country) &&
	    valid_postcode(c->co.country, k->postcode) == -1)
		code = "invalid";
	if (code != NULL)
		bad = 1, form_error(f, "postcode", code);
	/* Last: the price is for the quantity. */
	raw = form_raw(c, "product");
	if (raw == NULL || raw[0] == '\0')
		return form_error(f, "product", "required"), 0;
	if (in_get(c, "product") == NULL ||
	    parse_int(in_get(c, "product"), 1, INT64_MAX, &k->product) == -1)
		return form_error(f, "product", "invalid"), 0;
	if (bad)
		return 0;
	if ((rc = db_one(c->db, &stmts[Q_PRODUCT], &k->priced, k->quantity, k->quantity,
	    k->quantity, k->quantity, c->lang, c->co.country, c->co.id, k->product,
	    c->co.id)) < 0)
		return *status = page_db_status(rc), 0;
	if (rc == 0)
		return form_error(f, "product", "invalid"), 0;
	return 1;
}

static void
summary_el(struct ctx *c, const struct checked *k)
{
	const struct dbrow *p = &k->priced;
	const char *cur = p->col[PROD_CURRENCY];
	xmlNodePtr s = x_el(c->root, "summary"), a;
	struct dbrow row;
	char qty[24];

	product_el(s, p);
	snprintf(qty, sizeof(qty), "%lld", k->quantity);
	x_text(s, "quantity", qty);
	if (db_one(c->db, &stmts[Q_MEMBER], &row, c->co.id, k->user) == 1)
		x_text(s, "for", row.col[MEMBER_NAME]);
	a = x_el(s, "delivery");
	x_text(a, "name", k->name);
	x_text(a, "street", k->street);
	x_text(a, "postcode", k->postcode);
	x_text(a, "city", k->city);
	x_price(s, "net", p->col[PROD_NET], cur);
	if (p->col[PROD_VAT_RATE] != NULL) {
		x_text(s, "vat-rate", p->col[PROD_VAT_RATE]);
		x_price(s, "vat", p->col[PROD_VAT], cur);
	}
	x_price(s, "total", p->col[PROD_TOTAL], cur);
}

static int
create_txn(struct ctx *c, void *arg)
{
	const struct checked *k = arg;
	const struct dbrow *p = &k->priced;
	struct order_new o = { in_get(c, "formkey"), p->col[PROD_CURRENCY], k->name,
	    k->street, k->postcode, k->city, c->co.country, k->product, k->quantity,
	    k->user, p->col[PROD_ONEOFF], p->col[PROD_MONTHLY] };
	long long id;
	int rc;

	if ((id = order_create(c, &o)) < 0)
		return (int)id;
	if ((rc = provision_start(c, id)) < 0 ||
	    (rc = page_audit(c, "order-create", "order", id, p->col[PROD_CODE])) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/orders/%lld?done=order-placed", c->co.id, id);
	return DB_OK;
}

static int
new_post(struct ctx *c)
{
	const char *stepv = in_get(c, "step");
	struct checked k;
	xmlNodePtr f;
	int rc, step, i;

	memset(&k, 0, sizeof(k));
	if ((rc = new_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "product");
	form_keep(c, f, "quantity");
	form_keep(c, f, "user");
	for (i = 0; address_fields[i] != NULL; i++)
		form_keep(c, f, address_fields[i]);
	for (step = 0; steps[step] != NULL; step++)
		if (stepv != NULL && strcmp(steps[step], stepv) == 0)
			break;
	if (stepv == NULL && form_raw(c, "step") == NULL)
		step = STEP_SUMMARY;
	else if (steps[step] == NULL) {
		form_error(f, "step", "invalid");
		c->status = 400;
		return 0;
	}
	/* Back from the summary: the form as it was filled in. */
	if (step == STEP_EDIT)
		return 0;
	if (!check(c, f, &k, &rc)) {
		if (rc != 0)
			return rc;
		c->status = 400;
		return 0;
	}
	if (step == STEP_SUMMARY) {
		summary_el(c, &k);
		return 0;
	}
	return page_change(c, create_txn, &k);
}

/* ---- the company's orders ---- */

static int
list_get(struct ctx *c)
{
	xmlNodePtr list, o;
	struct dbrow row;
	int rc;

	page_begin(c, "orders");
	list = x_el(c->root, "orders");
	if ((rc = db_run(c->db, &stmts[Q_LIST], c->lang, c->co.id, (long long)LIST_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		o = x_el(list, "order");
		x_attr(o, "id", row.col[LIST_ID]);
		x_attr(o, "state", row.col[LIST_STATE]);
		x_time(o, "created", c->co.time_zone, row.col[LIST_CREATED]);
		x_time(o, "updated", c->co.time_zone, row.col[LIST_UPDATED]);
		x_text(o, "product", row.col[LIST_PRODUCT]);
		x_text(o, "quantity", row.col[LIST_QUANTITY]);
		x_price(o, "oneoff", row.col[LIST_ONEOFF], row.col[LIST_CURRENCY]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- one order: its items, its delivery, its timeline ---- */

static int
order_page(struct ctx *c)
{
	xmlNodePtr o, e, by, list;
	struct dbrow row;
	int rc, st;

	if ((rc = db_one(c->db, &stmts[Q_ORDER], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "order");
	o = x_el(c->root, "order");
	x_attr(o, "id", row.col[ORD_ID]);
	x_attr(o, "state", row.col[ORD_STATE]);
	st = order_state_parse(row.col[ORD_STATE]);
	if (st >= 0 && order_transition_ok(ORDER_CUSTOMER, (enum order_state)st,
	    OS_CANCELLED))
		x_attr(o, "cancellable", "yes");
	x_time(o, "created", c->co.time_zone, row.col[ORD_CREATED]);
	x_time(o, "updated", c->co.time_zone, row.col[ORD_UPDATED]);
	x_text(o, "ordered-by", row.col[ORD_BY]);
	order_delivery_el(o, &row.col[ORD_NAME]);
	x_text(o, "tracking", row.col[ORD_TRACKING]);
	approval_el(c, (enum order_state)st);
	if ((rc = db_run(c->db, &stmts[Q_ITEMS], c->lang, c->ids[1], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(o, "items");
	while ((rc = db_fetch(c->db, &stmts[Q_ITEMS], &row)) == 1) {
		e = x_el(list, "item");
		x_attr(e, "action", row.col[ITEM_ACTION]);
		x_attr(x_text(e, "product", row.col[ITEM_PRODUCT]), "code", row.col[ITEM_CODE]);
		x_text(e, "quantity", row.col[ITEM_QUANTITY]);
		x_price(e, "oneoff", row.col[ITEM_ONEOFF], row.col[ITEM_CURRENCY]);
		x_price(e, "monthly", row.col[ITEM_MONTHLY], row.col[ITEM_CURRENCY]);
		x_text(e, "for", row.col[ITEM_USER]);
		x_text(e, "iccid", row.col[ITEM_ICCID]);
	}
	if (rc < 0 || (rc = newsub_el(c, o, c->ids[1])) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_EVENTS], c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(o, "timeline");
	while ((rc = db_fetch(c->db, &stmts[Q_EVENTS], &row)) == 1) {
		e = x_el(list, "event");
		x_attr(e, "to", row.col[EVENT_TO]);
		if (row.col[EVENT_FROM] != NULL)
			x_attr(e, "from", row.col[EVENT_FROM]);
		x_time(e, "at", c->co.time_zone, row.col[EVENT_AT]);
		if ((by = x_text(e, "by", row.col[EVENT_BY])) != NULL &&
		    strcmp(row.col[EVENT_BY_OPERATOR], "1") == 0)
			x_attr(by, "operator", "yes");
		x_text(e, "note", row.col[EVENT_NOTE]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
order_get(struct ctx *c)
{
	return order_page(c);
}

static int
cancel_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = order_move(c, c->ids[1], OS_CANCELLED, ORDER_CUSTOMER, NULL, NULL)) != DB_OK)
		return rc;
	if ((rc = page_audit(c, "order-cancel", "order", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/orders/%lld?done=order-cancelled", c->co.id,
	    c->ids[1]);
	return DB_OK;
}

static int
cancel_post(struct ctx *c)
{
	xmlNodePtr f;
	int rc;

	if ((rc = page_change(c, cancel_txn, NULL)) != 409)
		return rc;
	/* Someone took it into work (or it ended) since the page was shown. */
	if ((rc = order_page(c)) != 0)
		return rc;
	f = form_el(c->root, "cancel");
	form_error(f, "state", "not-allowed");
	c->status = 409;
	return 0;
}

static const struct route routes[] = {
	{ "/companies/#/orders", R_COMPANY, "orders", list_get, NULL, NULL, NULL, "orders" },
	{ "/companies/#/orders/new", R_COMPANY | R_ONCE, "order-new", new_get, NULL, new_post,
	    new_fields, "orders" },
	/* Its cancel form posts below with this page's one-time key. */
	{ "/companies/#/orders/#", R_COMPANY | R_ONCE, "order", order_get, NULL, NULL, NULL,
	    "orders" },
	{ "/companies/#/orders/#/cancel", R_COMPANY | R_ONCE, "order", NULL, NULL,
	    cancel_post, NULL, "orders" },
};

static const char *const pages[] = { "orders", "order-new", "order", NULL };
static const char *const flashes[] = { "order-placed", "order-cancelled", NULL };
static const struct menu_item menu[] = {
	{ "/orders", "nav.orders", "orders" },
	{ NULL, NULL, NULL },
};

const struct module ordering_module = {
	.name = "ordering",
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
