/*
 * Employee self-service under a company mobile scheme: the box on the
 * employee's subscription page, ordering a service or SIM card from it
 * (a confirmation, then an order of the order model the employee follows),
 * the company's policy per product (its full administrators: allowed,
 * approval, who pays, a text and link), and the payroll deductions the
 * completed orders made, per month and as CSV for the payroll system.
 *
 * What an employee may order is what the policy allows (no row: nothing);
 * ordering waits for the confirmed phone number. Every statement takes
 * the company, and the employee's the session's user: another employee's
 * subscription or order is not found.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "orders/approval.h"
#include "orders/orders.h"
#include "orders/payroll.h"
#include "orders/provision.h"
#include "portal/portal.h"
#include "portal/selfservice.h"
#include "portal/usage.h"
#include "subscriptions/change.h"
#include "subscriptions/life.h"

#define TEXT_MAX	500
#define URL_MAX		500
#define AMOUNT_MAX	999999999999LL	/* DECIMAL(12,2), in minor units */
#define MY_ORDERS_MAX	20

/*
 * The products offered to the employee for a subscription: the company's
 * catalogue (orders.h) that its policy allows, without the services the
 * subscription has, with the employee's part: all of it (employee), what
 * is above the company's amount a month (split), nothing (company); a
 * one-off is the employee's only when they pay all; a plan other than the
 * subscription's. Parameters: language, country, company (ORDER_OFFERED),
 * company, language, subscription, subscription.
 */
/* The derived table's name column is named after its expression. */
#define X_NAME	"x.`" PRODUCT_NAME "`"
/* What the policy decides on: services, SIM cards and the plans to change to. */
#define SS_KINDS	"'service', 'sim', 'subscription'"
#define OFFERED \
	"SELECT x.id, x.code, x.kind, " X_NAME ", x.oneoff_price, x.monthly_price, x.currency," \
	" sp.approval, sp.payer, sp.company_amount, sp.policy_text, sp.policy_url," \
	" CASE sp.payer WHEN 'employee' THEN x.monthly_price" \
	"  WHEN 'split' THEN GREATEST(x.monthly_price - sp.company_amount, 0) ELSE 0.00 END," \
	" CASE sp.payer WHEN 'employee' THEN x.oneoff_price ELSE 0.00 END, nt.note" \
	" FROM (" ORDER_OFFERED(SS_KINDS) ") x" \
	" JOIN service_policies sp ON sp.product_id = x.id AND sp.company_id = ?" \
	"  AND sp.allowed = 1" \
	" LEFT JOIN product_names nt ON nt.product_id = x.id AND nt.lang = ?" \
	" WHERE NOT EXISTS (SELECT 1 FROM subscription_services ss" \
	"  WHERE ss.subscription_id = ? AND ss.product_id = x.id)" \
	" AND NOT EXISTS (SELECT 1 FROM subscriptions cs" \
	"  WHERE cs.id = ? AND cs.product_id = x.id)"
enum { OF_ID, OF_CODE, OF_KIND, OF_NAME, OF_ONEOFF, OF_MONTHLY, OF_CURRENCY, OF_APPROVAL,
	OF_PAYER, OF_AMOUNT, OF_TEXT, OF_URL, OF_EMP_MONTHLY, OF_EMP_ONEOFF, OF_NOTE,
	OF__COLS };
/* One of the employee's subscriptions: its number, plan, quota. */
enum { SUB_ID, SUB_REF, SUB_PLAN, SUB_QUOTA, SUB_NOTE, SUB__COLS };
enum { SIM_TYPE, SIM_STATUS, SIM_ICCID, SIM__COLS };
enum { SVC_NAME, SVC_MONTHLY, SVC_CURRENCY, SVC_STARTED, SVC__COLS };
enum { PLAN_ID, PLAN_NAME, PLAN_MONTHLY, PLAN_CURRENCY, PLAN_QUOTA, PLAN_WAY, PLAN__COLS };
enum { VER_OK, VER__COLS };
enum { ADDR_NAME, ADDR_STREET, ADDR_POSTCODE, ADDR_CITY, ADDR__COLS };
enum { MO_ID, MO_STATE, MO_CREATED, MO_PRODUCT, MO_REF, MO_MONTHLY, MO_EMP_MONTHLY,
	MO_EMP_ONEOFF, MO_CURRENCY, MO__COLS };
enum { EV_FROM, EV_TO, EV_AT, EV_NOTE, EV__COLS };
enum { POL_ID, POL_CODE, POL_KIND, POL_NAME, POL_ONEOFF, POL_MONTHLY, POL_CURRENCY,
	POL_ALLOWED, POL_APPROVAL, POL_PAYER, POL_AMOUNT, POL_TEXT, POL_URL, POL__COLS };
enum { SPARE_ID, SPARE__COLS };
enum { DED_NUMBER, DED_NAME, DED_PERIOD, DED_AMOUNT, DED_CURRENCY, DED_WHAT, DED__COLS };
enum { Q_OFFERED, Q_OFFER, Q_SUB, Q_SIMS, Q_SERVICES, Q_PLANS, Q_VERIFIED, Q_ADDRESS,
	Q_MY_ORDER, Q_MY_ORDERS, Q_MY_EVENTS, Q_POLICIES, Q_POLICY_PRODUCT, Q_POLICY_SET,
	Q_DEDUCTIONS, Q_MEMBER_LOCK, Q_NUMBER_SET, Q_SPARE };

#define MY_ORDER \
	"SELECT o.id, o.state, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s'), " PRODUCT_NAME "," \
	" s.ref, i.monthly_price, COALESCE(sh.employee_monthly, 0.00)," \
	" COALESCE(sh.employee_oneoff, 0.00), i.currency" \
	" FROM orders o JOIN order_items i ON i.order_id = o.id" \
	" LEFT JOIN order_item_shares sh ON sh.item_id = i.id" \
	" JOIN products p ON p.id = i.product_id" PRODUCT_NAME_JOIN \
	" LEFT JOIN subscriptions s ON s.id = i.subscription_id AND s.company_id = o.company_id" \
	" WHERE o.company_id = ? AND o.ordered_by = ?"
#define POLICY \
	"SELECT x.id, x.code, x.kind, " X_NAME ", x.oneoff_price, x.monthly_price, x.currency," \
	" COALESCE(sp.allowed, 0), COALESCE(sp.approval, 0), COALESCE(sp.payer, 'company')," \
	" sp.company_amount, sp.policy_text, sp.policy_url" \
	" FROM (" ORDER_OFFERED(SS_KINDS) ") x" \
	" LEFT JOIN service_policies sp ON sp.product_id = x.id AND sp.company_id = ?"

static struct stmt stmts[] = {
	[Q_OFFERED] = STMT("selfservice.offered", "ssiisii", OF__COLS,
	    OFFERED " ORDER BY x.kind, x.monthly_price, 4"),
	[Q_OFFER] = STMT("selfservice.offer", "ssiisiii", OF__COLS, OFFERED " AND x.id = ?"),
	[Q_SUB] = STMT("selfservice.sub", "siii", SUB__COLS,
	    "SELECT s.id, s.ref, " PRODUCT_NAME ", p.quota_gb, pn.note FROM subscriptions s"
	    " JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.company_id = ? AND s.user_id = ? AND s.id = ?"
	    " AND s.status <> 'terminated'"),
	[Q_SIMS] = STMT("selfservice.sims", "iii", SIM__COLS,
	    "SELECT m.type, m.status, m.iccid FROM sim_cards m"
	    " JOIN subscriptions s ON s.id = m.subscription_id"
	    " WHERE s.id = ? AND s.company_id = ? AND s.user_id = ? ORDER BY m.type, m.id"),
	[Q_SERVICES] = STMT("selfservice.services", "siii", SVC__COLS,
	    "SELECT " PRODUCT_NAME ", ss.monthly_price, ss.currency,"
	    " DATE_FORMAT(ss.started_on, '%Y-%m-%d')"
	    " FROM subscription_services ss JOIN subscriptions s ON s.id = ss.subscription_id"
	    " JOIN products p ON p.id = ss.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.id = ? AND s.company_id = ? AND s.user_id = ? ORDER BY ss.id"),
	/* The other plans the company may have, bigger or smaller in data. */
	[Q_PLANS] = STMT("selfservice.plans", "ssiii", PLAN__COLS,
	    "SELECT x.id, " X_NAME ", x.monthly_price, x.currency, q.quota_gb,"
	    " CASE WHEN q.quota_gb > cur.quota_gb THEN 'bigger'"
	    "  WHEN q.quota_gb < cur.quota_gb THEN 'smaller' ELSE 'other' END"
	    " FROM (" ORDER_OFFERED("'subscription'") ") x JOIN products q ON q.id = x.id"
	    " JOIN (SELECT c.id, c.quota_gb FROM subscriptions s"
	    "  JOIN products c ON c.id = s.product_id"
	    "  WHERE s.id = ? AND s.company_id = ?) cur ON cur.id <> x.id"
	    " ORDER BY q.quota_gb, x.monthly_price, 2"),
	[Q_VERIFIED] = STMT("selfservice.verified", "i", VER__COLS,
	    "SELECT COALESCE(phone IS NOT NULL AND phone_verified = phone, 0) FROM users"
	    " WHERE id = ?"),
	[Q_ADDRESS] = STMT("selfservice.address", "i", ADDR__COLS,
	    "SELECT name, street, postcode, city FROM companies WHERE id = ?"),
	[Q_MY_ORDER] = STMT("selfservice.my_order", "siii", MO__COLS,
	    MY_ORDER " AND o.id = ? ORDER BY i.id LIMIT 1"),
	[Q_MY_ORDERS] = STMT("selfservice.my_orders", "siiii", MO__COLS,
	    MY_ORDER " AND i.subscription_id = ? ORDER BY o.id DESC LIMIT ?"),
	[Q_MY_EVENTS] = STMT("selfservice.my_events", "ii", EV__COLS,
	    "SELECT e.from_state, e.to_state, DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%s'), e.note"
	    " FROM order_events e JOIN orders o ON o.id = e.order_id AND o.company_id = ?"
	    " WHERE e.order_id = ? ORDER BY e.id"),
	[Q_POLICIES] = STMT("selfservice.policies", "ssii", POL__COLS,
	    POLICY " ORDER BY x.kind, x.monthly_price, 4"),
	[Q_POLICY_PRODUCT] = STMT("selfservice.policy_product", "ssiii", POL__COLS,
	    POLICY " WHERE x.id = ?"),
	[Q_POLICY_SET] = STMT("selfservice.policy_set", "iiiissssI", 0,
	    "INSERT INTO service_policies (company_id, product_id, allowed, approval, payer,"
	    " company_amount, policy_text, policy_url, updated_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
	    " allowed = VALUES(allowed), approval = VALUES(approval), payer = VALUES(payer),"
	    " company_amount = VALUES(company_amount), policy_text = VALUES(policy_text),"
	    " policy_url = VALUES(policy_url), updated_by = VALUES(updated_by)"),
	[Q_DEDUCTIONS] = STMT("selfservice.deductions", "is", DED__COLS,
	    "SELECT m.employee_number, d.employee_name, d.period, d.amount, d.currency,"
	    " d.description FROM payroll_deductions d"
	    " LEFT JOIN memberships m ON m.user_id = d.user_id AND m.company_id = d.company_id"
	    " WHERE d.company_id = ? AND d.period = ? ORDER BY d.employee_name, d.id"),
	[Q_MEMBER_LOCK] = STMT("selfservice.member_lock", "ii", VER__COLS,
	    "SELECT 1 FROM memberships WHERE company_id = ? AND user_id = ? FOR UPDATE"),
	/* Unique in the company (migration 037); NULL: none. */
	[Q_NUMBER_SET] = STMT("selfservice.number_set", "sii", 0,
	    "UPDATE memberships SET employee_number = ? WHERE company_id = ? AND user_id = ?"),
	/* A spare SIM card of the company (life.h), by the ICCID on the card. */
	[Q_SPARE] = STMT("selfservice.spare", "is", SPARE__COLS,
	    "SELECT id FROM sim_cards WHERE company_id = ? AND iccid = ?"
	    " AND subscription_id IS NULL AND status = 'inactive'"),
};
#undef OFFERED
#undef X_NAME
#undef SS_KINDS
#undef MY_ORDER
#undef POLICY

/* Who pays, as the policy's column and the form's field say it. */
static const char *const payers[] = { "company", "employee", "split", NULL };
enum { PAYER_COMPANY, PAYER_EMPLOYEE, PAYER_SPLIT };

static const struct field policy_fields[] = {
	{ "allowed", V_WORD, 0 },
	{ "approval", V_WORD, 0 },
	{ "payer", V_WORD, 0 },
	{ "amount", V_TEXT, 32 },
	{ "text", V_TEXT, TEXT_MAX * 4 },
	{ "url", V_TEXT, URL_MAX },
	{ NULL, V_TEXT, 0 },
};

static const struct field month_fields[] = {
	{ "month", V_TEXT, 7 },
	{ NULL, V_TEXT, 0 },
};

static int
is_one(const char *s)
{
	return s != NULL && strcmp(s, "1") == 0;
}

static int
is_zero_amount(const char *s)
{
	return s == NULL || strcmp(s, "0.00") == 0 || strcmp(s, "0") == 0;
}

/* A product offered to the employee, with what it costs them and the policy. */
static void
offer_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "product"), cost, pol;
	const char *cur = row->col[OF_CURRENCY];

	x_attr(p, "id", row->col[OF_ID]);
	x_attr(p, "code", row->col[OF_CODE]);
	x_attr(p, "kind", row->col[OF_KIND]);
	x_text(p, "name", row->col[OF_NAME]);
	x_text(p, "note", row->col[OF_NOTE]);
	x_price(p, "monthly", row->col[OF_MONTHLY], cur);
	if (!is_zero_amount(row->col[OF_ONEOFF]))
		x_price(p, "oneoff", row->col[OF_ONEOFF], cur);
	cost = x_el(p, "cost");
	x_attr(cost, "payer", row->col[OF_PAYER]);
	x_price(cost, "monthly", row->col[OF_EMP_MONTHLY], cur);
	if (!is_zero_amount(row->col[OF_EMP_ONEOFF]))
		x_price(cost, "oneoff", row->col[OF_EMP_ONEOFF], cur);
	x_price(cost, "company-amount", row->col[OF_AMOUNT], cur);
	if (is_one(row->col[OF_APPROVAL]))
		x_el(p, "approval");
	if (row->col[OF_TEXT] != NULL || row->col[OF_URL] != NULL) {
		pol = x_el(p, "policy");
		x_text(pol, "text", row->col[OF_TEXT]);
		x_text(pol, "url", row->col[OF_URL]);
	}
}

/* The rows of st, each appended by el under a new element named list. */
static int
rows_el(struct ctx *c, xmlNodePtr parent, const char *list, struct stmt *st,
    void (*el)(xmlNodePtr, const struct dbrow *))
{
	xmlNodePtr l = x_el(parent, list);
	struct dbrow row;
	int rc;

	while ((rc = db_fetch(c->db, st, &row)) == 1)
		el(l, &row);
	return rc < 0 ? rc : DB_OK;
}

static void
sim_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr s = x_el(parent, "sim");

	x_attr(s, "type", row->col[SIM_TYPE]);
	x_attr(s, "status", row->col[SIM_STATUS]);
	x_text(s, "iccid", row->col[SIM_ICCID]);
}

static void
service_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr s = x_el(parent, "service");

	x_text(s, "name", row->col[SVC_NAME]);
	x_price(s, "monthly", row->col[SVC_MONTHLY], row->col[SVC_CURRENCY]);
	x_text(s, "started", row->col[SVC_STARTED]);
}

static void
plan_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "plan");

	x_attr(p, "id", row->col[PLAN_ID]);
	x_attr(p, "way", row->col[PLAN_WAY]);
	x_text(p, "name", row->col[PLAN_NAME]);
	x_price(p, "monthly", row->col[PLAN_MONTHLY], row->col[PLAN_CURRENCY]);
	x_text(p, "quota-gb", row->col[PLAN_QUOTA]);
}

static void
offers_el(xmlNodePtr parent, const struct dbrow *row)
{
	offer_el(parent, row);
}

static void
my_order_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr o = x_el(parent, "order"), cost;

	x_attr(o, "id", row->col[MO_ID]);
	x_attr(o, "state", row->col[MO_STATE]);
	x_text(o, "product", row->col[MO_PRODUCT]);
	x_text(o, "ref", row->col[MO_REF]);
	x_price(o, "monthly", row->col[MO_MONTHLY], row->col[MO_CURRENCY]);
	cost = x_el(o, "cost");
	x_price(cost, "monthly", row->col[MO_EMP_MONTHLY], row->col[MO_CURRENCY]);
	if (!is_zero_amount(row->col[MO_EMP_ONEOFF]))
		x_price(cost, "oneoff", row->col[MO_EMP_ONEOFF], row->col[MO_CURRENCY]);
}

int
selfservice_box_el(struct ctx *c, xmlNodePtr parent, long long sub)
{
	xmlNodePtr box, plan;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUB], &row, c->lang, c->co.id, c->sess.user_id,
	    sub)) <= 0)
		return rc;
	box = x_el(parent, "selfservice");
	x_attr(box, "subscription", row.col[SUB_ID]);
	plan = x_el(box, "plan");
	x_text(plan, "name", row.col[SUB_PLAN]);
	x_text(plan, "quota-gb", row.col[SUB_QUOTA]);
	x_text(plan, "note", row.col[SUB_NOTE]);
	if ((rc = db_run(c->db, &stmts[Q_SIMS], sub, c->co.id, c->sess.user_id)) < 0 ||
	    (rc = rows_el(c, box, "sims", &stmts[Q_SIMS], sim_el)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_SERVICES], c->lang, sub, c->co.id,
	    c->sess.user_id)) < 0 ||
	    (rc = rows_el(c, box, "services", &stmts[Q_SERVICES], service_el)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_OFFERED], c->lang, c->co.country, c->co.id,
	    c->co.id, c->lang, sub, sub)) < 0 ||
	    (rc = rows_el(c, box, "offered", &stmts[Q_OFFERED], offers_el)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_PLANS], c->lang, c->co.country, c->co.id, sub,
	    c->co.id)) < 0 ||
	    (rc = rows_el(c, box, "plans", &stmts[Q_PLANS], plan_el)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_MY_ORDERS], c->lang, c->co.id, c->sess.user_id, sub,
	    (long long)MY_ORDERS_MAX)) < 0 ||
	    (rc = rows_el(c, box, "orders", &stmts[Q_MY_ORDERS], my_order_el)) < 0)
		return rc;
	rc = usage_meter_el(c, box, sub);
	return rc < 0 ? rc : DB_OK;
}

/* ---- ordering from the box ---- */

/* Whether the session's user confirmed their number: 1, 0, or a db_rc. */
static int
verified(struct ctx *c)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_VERIFIED], &row, c->sess.user_id)) <= 0)
		return rc;
	return is_one(row.col[VER_OK]);
}

/* Page name begun for the employee's subscription ids[1], with *e, an
 * element named el of its number and plan: 0, 404 (not theirs), or a status. */
static int
my_sub_page(struct ctx *c, const char *name, const char *el, xmlNodePtr *e)
{
	struct dbrow sub;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUB], &sub, c->lang, c->co.id, c->sess.user_id,
	    c->ids[1])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, name);
	*e = x_el(c->root, el);
	x_attr(*e, "subscription", sub.col[SUB_ID]);
	x_text(*e, "ref", sub.col[SUB_REF]);
	x_text(*e, "plan", sub.col[SUB_PLAN]);
	return 0;
}

/* The confirmation: the product, the number, what it costs the employee.
 * 0, 404 when it is not offered to them for that subscription, or a status. */
static int
confirm_page(struct ctx *c, struct dbrow *offer, int *ok)
{
	xmlNodePtr e;
	int rc;

	if ((rc = my_sub_page(c, "selfservice-order", "confirm", &e)) != 0)
		return rc;
	/* Another statement: the subscription's row is done with. */
	if ((rc = db_one(c->db, &stmts[Q_OFFER], offer, c->lang, c->co.country, c->co.id,
	    c->co.id, c->lang, c->ids[1], c->ids[1], c->ids[2])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	offer_el(e, offer);
	if ((*ok = verified(c)) < 0)
		return page_db_status(*ok);
	x_attr(e, "phone", *ok ? "verified" : "unverified");
	form_el(c->root, "order");
	return 0;
}

static int
order_get(struct ctx *c)
{
	struct dbrow offer;
	int ok;

	return confirm_page(c, &offer, &ok);
}

struct ss_order {
	const struct dbrow	*offer;
	const char		*street, *postcode, *city, *name;
};

static int
order_txn(struct ctx *c, void *arg)
{
	const struct ss_order *k = arg;
	const struct dbrow *p = k->offer;
	struct order_new o = { in_get(c, "formkey"), p->col[OF_CURRENCY], k->name,
	    k->street, k->postcode, k->city, c->co.country, 0, 1, c->sess.user_id,
	    p->col[OF_ONEOFF], p->col[OF_MONTHLY] };
	const char *note;
	long long id;
	int rc;

	if (parse_int(p->col[OF_ID], 1, INT64_MAX, &o.product_id) == -1)
		return DB_ERROR;
	if ((id = order_create(c, &o)) < 0)
		return (int)id;
	if ((rc = payroll_item_set(c, id, c->ids[1], p->col[OF_EMP_MONTHLY],
	    p->col[OF_EMP_ONEOFF])) < 0)
		return rc;
	/* The policy's approval: held, and its approvers asked, unless a rule of
	 * the company held it already (and asked them). */
	if (is_one(p->col[OF_APPROVAL])) {
		note = i18n_get(c->lang, "selfservice.note.approval");
		if ((rc = order_move(c, id, OS_HELD, ORDER_CUSTOMER, note, NULL)) == DB_OK)
			rc = approval_ask(c, id, note);
		if (rc != DB_OK && rc != 409)
			return rc;
	}
	if ((rc = provision_start(c, id)) < 0 ||
	    (rc = page_audit(c, "selfservice-order", "order", id, p->col[OF_CODE])) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/me/orders/%lld?done=selfservice-ordered", c->co.id,
	    id);
	return DB_OK;
}

static int
order_post(struct ctx *c)
{
	struct dbrow offer, addr;
	struct ss_order k;
	char name[256], street[256], postcode[16], city[128];
	int rc, ok;

	if ((rc = confirm_page(c, &offer, &ok)) != 0)
		return rc;
	/* Self-service waits for the confirmed number: the page says so. */
	if (!ok) {
		c->status = 403;
		return 0;
	}
	/* Sent, when there is something to send, to the company's address. */
	if ((rc = db_one(c->db, &stmts[Q_ADDRESS], &addr, c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	snprintf(name, sizeof(name), "%s", addr.col[ADDR_NAME] ? addr.col[ADDR_NAME] : "");
	snprintf(street, sizeof(street), "%s", addr.col[ADDR_STREET] ?
	    addr.col[ADDR_STREET] : "");
	snprintf(postcode, sizeof(postcode), "%s", addr.col[ADDR_POSTCODE] ?
	    addr.col[ADDR_POSTCODE] : "");
	snprintf(city, sizeof(city), "%s", addr.col[ADDR_CITY] ? addr.col[ADDR_CITY] : "");
	k.offer = &offer;
	k.name = name, k.street = street, k.postcode = postcode, k.city = city;
	return page_change(c, order_txn, &k);
}

/* ---- a new SIM card: a spare card of the company, activated by its ICCID ---- */

#define ICCID_MAX	22

static const struct field sim_fields[] = {
	{ "iccid", V_TEXT, 64 },
	{ NULL, V_TEXT, 0 },
};

/* The page of subscription ids[1] of the employee: its SIM cards and the
 * form *f. 0, 404, or a status; *ok whether the number is confirmed. */
static int
sim_page(struct ctx *c, int *ok, xmlNodePtr *f)
{
	xmlNodePtr e;
	int rc;

	if ((rc = my_sub_page(c, "selfservice-sim", "activate", &e)) != 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_SIMS], c->ids[1], c->co.id, c->sess.user_id)) < 0 ||
	    (rc = rows_el(c, e, "sims", &stmts[Q_SIMS], sim_el)) < 0 ||
	    (*ok = rc = verified(c)) < 0)
		return page_db_status(rc);
	x_attr(e, "phone", *ok ? "verified" : "unverified");
	*f = form_el(c->root, "sim");
	return 0;
}

static int
sim_get(struct ctx *c)
{
	xmlNodePtr f;
	int ok;

	return sim_page(c, &ok, &f);
}

struct ss_sim {
	long long	 sim;
	const char	*code;
};

static int
sim_txn(struct ctx *c, void *arg)
{
	struct ss_sim *k = arg;
	int rc;

	/* The card becomes the main SIM; the one it replaces is blocked. */
	if ((rc = life_spare_activate(c, c->ids[1], k->sim, "main", &k->code)) != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/me/subscriptions/%lld?done=selfservice-sim-activated",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
sim_post(struct ctx *c)
{
	const char *raw = form_raw(c, "iccid");
	char iccid[ICCID_MAX + 1];
	struct ss_sim k = { 0, NULL };
	struct dbrow row;
	xmlNodePtr f;
	size_t i, n = 0;
	int rc, ok;

	if ((rc = sim_page(c, &ok, &f)) != 0)
		return rc;
	if (!ok) {
		c->status = 403;
		return 0;
	}
	/* The digits as printed on the card, blanks between groups allowed. */
	for (i = 0; raw != NULL && raw[i] != '\0' && n < ICCID_MAX; i++)
		if (raw[i] != ' ')
			iccid[n++] = raw[i];
	iccid[n] = '\0';
	if (raw == NULL || n == 0)
		k.code = "required";
	else if (raw[i] != '\0' || valid_iccid(iccid) == -1)
		k.code = "invalid";
	else if ((rc = db_one(c->db, &stmts[Q_SPARE], &row, c->co.id, iccid)) <= 0) {
		if (rc < 0)
			return page_db_status(rc);
		k.code = "unknown";
	} else if (parse_int(row.col[SPARE_ID], 1, INT64_MAX, &k.sim) == -1)
		return 500;
	if (k.code == NULL) {
		/* 400: the card was taken by another in the meantime. */
		if ((rc = page_change(c, sim_txn, &k)) != 400)
			return rc;
		k.code = "unknown";
	}
	form_keep(c, f, "iccid");
	form_error(f, "iccid", k.code);
	c->status = 400;
	return 0;
}

/* ---- the employee's order ---- */

static int
my_order_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr list, o, e;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_MY_ORDER], &row, c->lang, c->co.id,
	    c->sess.user_id, c->ids[1])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "selfservice-myorder");
	list = x_el(c->root, "orders");
	my_order_el(list, &row);
	o = list->last;
	x_time(o, "created", c->co.time_zone, row.col[MO_CREATED]);
	if ((rc = db_run(c->db, &stmts[Q_MY_EVENTS], c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(o, "timeline");
	while ((rc = db_fetch(c->db, &stmts[Q_MY_EVENTS], &row)) == 1) {
		e = x_el(list, "event");
		x_attr(e, "to", row.col[EV_TO]);
		if (row.col[EV_FROM] != NULL)
			x_attr(e, "from", row.col[EV_FROM]);
		x_time(e, "at", c->co.time_zone, row.col[EV_AT]);
		x_text(e, "note", row.col[EV_NOTE]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- the company's policy ---- */

static void
policy_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "product");
	const char *cur = row->col[POL_CURRENCY];

	x_attr(p, "id", row->col[POL_ID]);
	x_attr(p, "code", row->col[POL_CODE]);
	x_attr(p, "kind", row->col[POL_KIND]);
	x_text(p, "name", row->col[POL_NAME]);
	x_price(p, "monthly", row->col[POL_MONTHLY], cur);
	if (!is_zero_amount(row->col[POL_ONEOFF]))
		x_price(p, "oneoff", row->col[POL_ONEOFF], cur);
	p = x_el(p, "rule");
	x_attr(p, "allowed", is_one(row->col[POL_ALLOWED]) ? "yes" : "no");
	x_attr(p, "approval", is_one(row->col[POL_APPROVAL]) ? "yes" : "no");
	x_attr(p, "payer", row->col[POL_PAYER]);
	x_price(p, "company-amount", row->col[POL_AMOUNT], cur);
	x_text(p, "text", row->col[POL_TEXT]);
	x_text(p, "url", row->col[POL_URL]);
}

static int
policy_page(struct ctx *c)
{
	int rc;

	page_begin(c, "policy");
	if ((rc = db_run(c->db, &stmts[Q_POLICIES], c->lang, c->co.country, c->co.id,
	    c->co.id)) < 0 ||
	    (rc = rows_el(c, c->root, "products", &stmts[Q_POLICIES], policy_el)) < 0)
		return page_db_status(rc);
	return 0;
}

static int
policy_get(struct ctx *c)
{
	return policy_page(c);
}

struct ss_policy {
	long long	 product;
	int		 allowed, approval, payer;
	char		 amount[24];	/* canonical; "" none */
	char		 text[TEXT_MAX * 4 + 1];
	const char	*url;		/* NULL none */
};

static int
policy_txn(struct ctx *c, void *arg)
{
	const struct ss_policy *r = arg;
	char detail[96];
	int rc;

	snprintf(detail, sizeof(detail), "allowed=%d approval=%d payer=%s amount=%s",
	    r->allowed, r->approval, payers[r->payer], r->amount[0] ? r->amount : "none");
	if ((rc = db_run(c->db, &stmts[Q_POLICY_SET], c->co.id, r->product,
	    (long long)r->allowed, (long long)r->approval, payers[r->payer],
	    r->amount[0] ? r->amount : NULL, r->text[0] ? r->text : NULL, r->url,
	    c->sess.user_id)) < 0 ||
	    (rc = page_audit(c, "selfservice-policy", "product", r->product, detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/policy?done=policy-saved#product-%lld", c->co.id,
	    r->product);
	return DB_OK;
}

/* Whether s is a web address a policy may link: http(s), no blanks. */
static int
url_ok(const char *s)
{
	size_t i;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '"' || s[i] == '<' || s[i] == '>')
			return 0;
	return strlen(s) > 8;
}

/* The checkbox field: ticked ("yes") or not. */
static int
ticked(const struct ctx *c, const char *field)
{
	const char *v = form_raw(c, field);

	return v != NULL && strcmp(v, "yes") == 0;
}

static int
policy_post(struct ctx *c)
{
	static const char *const kept[] = { "allowed", "approval", "payer", "amount", "text",
	    "url", NULL };
	const char *payer = in_get(c, "payer"), *amount = form_raw(c, "amount");
	const char *url = form_raw(c, "url"), *code;
	struct ss_policy r;
	struct dbrow row;
	long long minor;
	xmlNodePtr f;
	int rc, i;

	memset(&r, 0, sizeof(r));
	r.product = c->ids[1];
	if ((rc = db_one(c->db, &stmts[Q_POLICY_PRODUCT], &row, c->lang, c->co.country,
	    c->co.id, c->co.id, r.product)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if ((rc = policy_page(c)) != 0)
		return rc;
	f = form_el(c->root, "policy");
	x_attr(x_el(c->root, "editing"), "product", row.col[POL_ID]);
	/* Kept before the errors, as the form's schema orders them. */
	for (i = 0; kept[i] != NULL; i++)
		form_keep(c, f, kept[i]);
	r.allowed = ticked(c, "allowed");
	r.approval = ticked(c, "approval");
	for (r.payer = 0; payers[r.payer] != NULL; r.payer++)
		if (payer != NULL && strcmp(payers[r.payer], payer) == 0)
			break;
	if (payers[r.payer] == NULL)
		form_error(f, "payer", form_raw(c, "payer") == NULL ? "required" : "invalid");
	/* The company's amount a month: needed when the payment is split. */
	if (amount != NULL && amount[strspn(amount, " ")] != '\0') {
		if (in_get(c, "amount") == NULL || money_parse_typed(amount, &minor) == -1 ||
		    minor < 0 || minor > AMOUNT_MAX)
			form_error(f, "amount", "invalid");
		else
			money_canonical(r.amount, sizeof(r.amount), minor);
	} else if (r.payer == PAYER_SPLIT)
		form_error(f, "amount", "required");
	if (r.payer != PAYER_SPLIT)
		r.amount[0] = '\0';
	if ((code = valid_line(r.text, sizeof(r.text), form_raw(c, "text"), TEXT_MAX)) != NULL &&
	    strcmp(code, "required") != 0)
		form_error(f, "text", code);
	else if (code != NULL)
		r.text[0] = '\0';
	if (url != NULL && url[0] != '\0') {
		if (in_get(c, "url") == NULL || !url_ok(url))
			form_error(f, "url", "invalid");
		else
			r.url = url;
	}
	if (xmlFirstElementChild(f) != NULL &&
	    xmlStrcmp(xmlLastElementChild(f)->name, (const xmlChar *)"error") == 0) {
		c->status = 400;
		return 0;
	}
	return page_change(c, policy_txn, &r);
}

/* ---- payroll deductions ---- */

/* The month asked for ("YYYY-MM"), this month when none: 0, 400, or a status. */
static int
month_of(struct ctx *c, char out[8])
{
	const char *m = in_get(c, "month");
	char today[11];
	long long y, mo;
	int rc;

	if (m == NULL) {
		if (in_bad(c, "month"))
			return 400;
		if ((rc = clock_today(c->db, today)) < 0)
			return page_db_status(rc);
		snprintf(out, 8, "%.7s", today);
		return 0;
	}
	if (strlen(m) != 7 || m[4] != '-' || strspn(m, "0123456789-") != 7)
		return 400;
	snprintf(out, 8, "%s", m);
	out[4] = '\0';
	if (parse_int(out, 2000, 2100, &y) == -1 || parse_int(out + 5, 1, 12, &mo) == -1)
		return 400;
	snprintf(out, 8, "%04lld-%02lld", y, mo);
	return 0;
}

static void
deduction_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr d = x_el(parent, "deduction");

	x_text(d, "employee-number", row->col[DED_NUMBER]);
	x_text(d, "name", row->col[DED_NAME]);
	x_text(d, "period", row->col[DED_PERIOD]);
	x_price(d, "amount", row->col[DED_AMOUNT], row->col[DED_CURRENCY]);
	x_text(d, "what", row->col[DED_WHAT]);
}

static int
deductions_get(struct ctx *c)
{
	char month[8];
	xmlNodePtr e;
	int rc;

	if ((rc = month_of(c, month)) != 0)
		return rc;
	page_begin(c, "deductions");
	e = x_el(c->root, "deductions");
	x_attr(e, "month", month);
	if ((rc = db_run(c->db, &stmts[Q_DEDUCTIONS], c->co.id, month)) < 0 ||
	    (rc = rows_el(c, e, "list", &stmts[Q_DEDUCTIONS], deduction_el)) < 0)
		return page_db_status(rc);
	return 0;
}

/* The month's deductions for the payroll system, one row each. */
static int
deductions_csv_get(struct ctx *c)
{
	static const char *const head[] = { "employee_number", "name", "period", "amount",
	    "currency", "what", NULL };
	struct buf b = { 0 };
	struct csv csv;
	struct dbrow row;
	char month[8], name[48];
	int rc;

	if ((rc = month_of(c, month)) != 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_DEDUCTIONS], c->co.id, month)) < 0)
		return page_db_status(rc);
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	while ((rc = db_fetch(c->db, &stmts[Q_DEDUCTIONS], &row)) == 1) {
		csv_text(&csv, row.col[DED_NUMBER] ? row.col[DED_NUMBER] : "");
		csv_text(&csv, row.col[DED_NAME]);
		csv_text(&csv, row.col[DED_PERIOD]);
		csv_number(&csv, row.col[DED_AMOUNT]);
		csv_text(&csv, row.col[DED_CURRENCY]);
		csv_text(&csv, row.col[DED_WHAT]);
		csv_end(&csv);
	}
	if (rc < 0) {
		buf_free(&b);
		return page_db_status(rc);
	}
	snprintf(name, sizeof(name), "payroll-%s.csv", month);
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

/* ---- employee numbers, set by a full administrator on the users page ---- */

#define NUMBER_MAX	32

const struct field selfservice_number_fields[] = {
	{ "number", V_TEXT, NUMBER_MAX * 4 },
	{ NULL, V_TEXT, 0 },
};

struct ss_number {
	const char	*number;	/* NULL: none */
	const char	*code;		/* the form's error */
};

/* What is wrong with an employee number as typed (letters, digits and
 * - . / _, as payroll systems have them), or NULL. */
static const char *
number_problem(const char *s)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-./_";

	if (strlen(s) > NUMBER_MAX)
		return "too-long";
	return s[strspn(s, ok)] != '\0' ? "invalid" : NULL;
}

static int
number_txn(struct ctx *c, void *arg)
{
	struct ss_number *n = arg;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_MEMBER_LOCK], &row, c->co.id, c->ids[1])) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = db_run(c->db, &stmts[Q_NUMBER_SET], n->number, c->co.id, c->ids[1])) < 0) {
		if (rc != DB_DUPLICATE)
			return rc;
		n->code = "in-use";
		return 409;
	}
	if ((rc = page_audit(c, "employee-number", "user", c->ids[1],
	    n->number ? n->number : "-")) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=employee-number-saved#user-%lld",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

int
selfservice_number_post(struct ctx *c)
{
	const char *raw = form_raw(c, "number");
	struct ss_number n = { NULL, NULL };
	char name[48];
	xmlNodePtr f;
	int rc;

	/* The field sent empty clears it; a form without it is none of ours. */
	if (raw == NULL)
		n.code = "required";
	else if (raw[0] != '\0') {
		n.number = in_get(c, "number");
		n.code = n.number == NULL ? "invalid" : number_problem(n.number);
	}
	if (n.code == NULL) {
		rc = page_change(c, number_txn, &n);
		if (n.code == NULL)
			return rc;
	} else
		rc = 400;
	/* The users page again, this member's number as typed and why not. */
	if ((rc = users_page(c, &f)) != 0)
		return rc;
	snprintf(name, sizeof(name), "employee-number-%lld", c->ids[1]);
	f = form_el(c->root, name);
	form_keep(c, f, "number");
	form_error(f, "number", n.code);
	c->status = strcmp(n.code, "in-use") == 0 ? 409 : 400;
	return 0;
}

static const struct route routes[] = {
	{ "/companies/#/me/subscriptions/#/order/#", R_COMPANY | R_EMPLOYEE | R_ONCE,
	    "selfservice-order", order_get, NULL, order_post, NULL, NULL },
	{ "/companies/#/me/subscriptions/#/sim", R_COMPANY | R_EMPLOYEE | R_ONCE,
	    "selfservice-sim", sim_get, NULL, sim_post, sim_fields, NULL },
	{ "/companies/#/me/orders/#", R_COMPANY | R_EMPLOYEE, "selfservice-myorder",
	    my_order_get, NULL, NULL, NULL, NULL },
	{ "/companies/#/policy", R_COMPANY, "policy", policy_get, NULL, NULL, NULL, "admin" },
	{ "/companies/#/policy/#", R_COMPANY | R_ONCE, "policy", NULL, NULL, policy_post,
	    policy_fields, "admin" },
	{ "/companies/#/deductions", R_COMPANY, "deductions", deductions_get, month_fields,
	    NULL, NULL, "admin" },
	{ "/companies/#/deductions.csv", R_COMPANY, NULL, deductions_csv_get, month_fields,
	    NULL, NULL, "admin" },
};

static const char *const pages[] = { "selfservice-order", "selfservice-myorder",
	"policy", "deductions", "selfservice-sim", NULL };
static const char *const flashes[] = { "selfservice-ordered", "policy-saved",
	"employee-number-saved", "selfservice-sim-activated", NULL };
static const struct menu_item menu[] = {
	{ "/policy", "nav.policy", "admin" },
	{ "/deductions", "nav.deductions", "admin" },
	{ NULL, NULL, NULL },
};

const struct module selfservice_module = {
	.name = "selfservice", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu, .stmts = stmts,
	.nstmts = COUNTOF(stmts),
};
