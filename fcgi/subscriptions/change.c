/*
 * Every write to a subscription (see change.h): the pages that show
 * subscriptions (portal/subscriptions.c) read them with statements of
 * their own, as the case pages leave writing to cases/cases.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "subscriptions/change.h"
#include "subscriptions/ending.h"

/* The subscription locked for a change; ENDING: a termination is set. */
enum { LOCK_STATUS, LOCK_PRODUCT_ID, LOCK_CURRENCY, LOCK_PRODUCT, LOCK_REF, LOCK_ENDING,
	LOCK__COLS };
enum { Q_LOCK, Q_PLAN_GET, Q_PLANS_FOR, Q_SET_PLAN, Q_TERMINATE, Q_SET_COST_CENTRE,
	Q_HISTORY_ADD,
	/* services */
	Q_SERVICE_GET, Q_SERVICES_FOR, Q_SERVICE_HAS, Q_SERVICE_ADD, Q_SERVICE_REMOVE };
/*
 * The plans (or services) a company may take (change.h): parameters the
 * language, the country, the currency, the company; the price is today's
 * in that country and currency.
 */
#define OFFERED(kind) \
	"SELECT p.id, p.code, " PRODUCT_NAME ", r.monthly_price, r.currency, pn.note" \
	" FROM products p" PRODUCT_NAME_JOIN \
	" JOIN product_prices r ON r.product_id = p.id AND r.country = ? AND r.currency = ?" \
	"  AND r.valid_from <= CURDATE() AND (r.valid_to IS NULL OR r.valid_to >= CURDATE())" \
	" WHERE p.kind = '" kind "' AND p.active = 1 AND p.retired_at IS NULL" \
	" AND (p.available_from IS NULL OR p.available_from <= CURDATE())" \
	" AND (p.available_to IS NULL OR p.available_to >= CURDATE())" \
	" AND (p.contract_only = 0 OR EXISTS (SELECT 1 FROM product_companies pc" \
	"  WHERE pc.product_id = p.id AND pc.company_id = ?))"
static struct stmt stmts[] = {
	/* The plan's name in the reader's language, as the plan chosen has it. */
	[Q_LOCK] = STMT("subchange.lock", "sii", LOCK__COLS,
	    "SELECT s.status, s.product_id, s.currency, " PRODUCT_NAME ", s.ref,"
	    " s.ends_on IS NOT NULL"
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.id = ? AND s.company_id = ? FOR UPDATE"),
	[Q_PLAN_GET] = STMT("subchange.plan_get", "sssii", SUBPLAN__COLS,
	    OFFERED("subscription") " AND p.id = ?"),
	[Q_PLANS_FOR] = STMT("subchange.plans_for", "sssii", SUBPLAN__COLS,
	    OFFERED("subscription") " AND p.id <> ? ORDER BY r.monthly_price, 3"),
	/* The subscription takes the plan's price of today (plan_get). */
	[Q_SET_PLAN] = STMT("subchange.set_plan", "isii", 0,
	    "UPDATE subscriptions SET product_id = ?, monthly_price = ?"
	    " WHERE id = ? AND company_id = ?"),
	[Q_TERMINATE] = STMT("subchange.terminate", "sssii", 0,
	    "UPDATE subscriptions SET ends_on = ?, end_reason = ?, end_note = ?"
	    " WHERE id = ? AND company_id = ?"),
	[Q_SET_COST_CENTRE] = STMT("subchange.set_cost_centre", "sii", 0,
	    "UPDATE subscriptions SET cost_centre = ? WHERE id = ? AND company_id = ?"),
	/* The user or the staff member: the one of them that asked (the other 0). */
	[Q_HISTORY_ADD] = STMT("subchange.history_add", "isIIssII", 0,
	    "INSERT INTO subscription_history (subscription_id, action, from_product_id,"
	    " to_product_id, effective_on, detail, user_id, staff_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
	/* Services: offered as plans are, one of a kind per subscription. */
	[Q_SERVICE_GET] = STMT("subchange.service_get", "sssii", SUBPLAN__COLS,
	    OFFERED("service") " AND p.id = ?"),
	[Q_SERVICES_FOR] = STMT("subchange.services_for", "sssi", SUBPLAN__COLS,
	    OFFERED("service") " ORDER BY r.monthly_price, 3"),
	[Q_SERVICE_HAS] = STMT("subchange.service_has", "ii", 1,
	    "SELECT COUNT(*) FROM subscription_services WHERE subscription_id = ?"
	    " AND product_id = ?"),
	[Q_SERVICE_ADD] = STMT("subchange.service_add", "iiss", 0,
	    "INSERT INTO subscription_services (subscription_id, product_id, monthly_price,"
	    " currency, started_on) VALUES (?, ?, ?, ?, CURDATE())"),
	[Q_SERVICE_REMOVE] = STMT("subchange.service_remove", "ii", 0,
	    "DELETE FROM subscription_services WHERE subscription_id = ? AND product_id = ?"),
};
#undef OFFERED

void
sub_product_el(xmlNodePtr parent, const char *product, const char *code, const char *ref,
    const char *price, const char *currency)
{
	x_attr(x_text(parent, "product", product), "code", code);
	x_text(parent, "ref", ref);
	x_attr(x_text(parent, "price", price), "currency", currency);
}

/* A plan or service offered (SUBPLAN_* row) as element name. */
static void
offer_el(xmlNodePtr parent, const char *name, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, name);

	x_attr(e, "id", row->col[SUBPLAN_ID]);
	sub_product_el(e, row->col[SUBPLAN_NAME], row->col[SUBPLAN_CODE], NULL,
	    row->col[SUBPLAN_MONTHLY_PRICE], row->col[SUBPLAN_CURRENCY]);
	x_text(e, "note", row->col[SUBPLAN_NOTE]);
}

void
sub_plan_el(xmlNodePtr parent, const struct dbrow *row)
{
	offer_el(parent, "plan", row);
}

int
sub_plans_el(struct ctx *c, xmlNodePtr parent, const char *currency, long long product_id)
{
	xmlNodePtr list;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_PLANS_FOR], c->lang, c->co.country, currency,
	    c->co.id, product_id)) < 0)
		return rc;
	list = x_el(parent, "plans");
	while ((rc = db_fetch(c->db, &stmts[Q_PLANS_FOR], &row)) == 1)
		sub_plan_el(list, &row);
	return rc;
}

/* The offer of that id (as typed) by statement q: 1, 0 none, or a db_rc. */
static int
offer_lookup(struct ctx *c, unsigned q, const char *product, const char *currency,
    struct dbrow *row)
{
	long long pid;

	if (product == NULL || parse_int(product, 1, INT64_MAX, &pid) == -1)
		return 0;
	return db_one(c->db, &stmts[q], row, c->lang, c->co.country, currency, c->co.id,
	    pid);
}

int
sub_plan_lookup(struct ctx *c, const char *product, const char *currency,
    struct dbrow *row)
{
	return offer_lookup(c, Q_PLAN_GET, product, currency, row);
}

int
sub_check_date(struct ctx *c, const char *d, const char **code)
{
	char copy[11], today[11];
	int rc;

	*code = NULL;
	if (d == NULL || *d == '\0') {
		*code = "required";
		return 0;
	}
	snprintf(copy, sizeof(copy), "%s", d);
	if (strlen(d) >= sizeof(copy) || valid_value(V_DATE, copy, 10) != 0) {
		*code = "invalid";
		return 0;
	}
	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	if (strcmp(d, today) < 0)
		*code = "past-date";
	return 0;
}

/* Locks the company's subscription: 1 with its row, 0 none, or a db_rc. */
static int
lock(struct ctx *c, long long id, struct dbrow *row, struct sub_result *res)
{
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], row, c->lang, id, c->co.id)) <= 0)
		return rc;
	if (res != NULL) {
		snprintf(res->ref, sizeof(res->ref), "%s", row->col[LOCK_REF]);
		snprintf(res->from, sizeof(res->from), "%s", row->col[LOCK_PRODUCT]);
		res->to[0] = '\0';
	}
	return 1;
}

/* Ended or ending: no plan change and no second termination. */
static int
ending(const struct dbrow *row)
{
	return strcmp(row->col[LOCK_STATUS], "terminated") == 0 ||
	    strcmp(row->col[LOCK_ENDING], "1") == 0;
}

int
sub_changed(struct ctx *c, long long id, const struct sub_change *ch)
{
	int rc;

	if ((rc = sub_history_add(c->db, id, ch, c->sess.user_id, c->staff.id)) < 0)
		return rc;
	return page_audit(c, ch->audit, "subscription", id, ch->audit_detail);
}

int
sub_history_add(struct db *db, long long id, const struct sub_change *ch, long long user,
    long long staff)
{
	return db_run(db, &stmts[Q_HISTORY_ADD], id, ch->action, ch->from, ch->to,
	    ch->effective, ch->detail, user, staff);
}

int
sub_change_plan(struct ctx *c, long long id, const char *product, struct sub_result *res)
{
	struct dbrow row;
	long long from = 0, to = 0;
	char currency[4], price[24], detail[64];
	int rc;

	if ((rc = lock(c, id, &row, res)) <= 0)
		return rc < 0 ? rc : 404;
	if (ending(&row))
		return 409;
	parse_int(row.col[LOCK_PRODUCT_ID], 1, INT64_MAX, &from);
	snprintf(currency, sizeof(currency), "%s", row.col[LOCK_CURRENCY]);
	if ((rc = sub_plan_lookup(c, product, currency, &row)) <= 0)
		return rc < 0 ? rc : 400;
	parse_int(row.col[SUBPLAN_ID], 1, INT64_MAX, &to);
	if (to == from)
		return 400;
	if (res != NULL)
		snprintf(res->to, sizeof(res->to), "%s", row.col[SUBPLAN_NAME]);
	snprintf(price, sizeof(price), "%s", row.col[SUBPLAN_MONTHLY_PRICE]);
	if ((rc = db_run(c->db, &stmts[Q_SET_PLAN], to, price, id, c->co.id)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "product %lld -> %lld", from, to);
	return sub_changed(c, id, &(struct sub_change){ "plan-change", from, to, NULL, NULL,
	    "plan-change", detail });
}

int
sub_terminate(struct ctx *c, long long id, const char *date, const struct end_reason *why,
    struct sub_result *res)
{
	struct dbrow row;
	char detail[48];
	int rc;

	if ((rc = lock(c, id, &row, res)) <= 0)
		return rc < 0 ? rc : 404;
	if (ending(&row))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_TERMINATE], date, why->code, why->note, id,
	    c->co.id)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s", date, why->code);
	return sub_changed(c, id, &(struct sub_change){ "termination", 0, 0, date, why->code,
	    "terminate", detail });
}

int
sub_set_cost_centre(struct ctx *c, long long id, const char *cc)
{
	struct dbrow row;
	int rc;

	/* The subscription must be this company's (404 otherwise, nothing written). */
	if ((rc = lock(c, id, &row, NULL)) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = db_run(c->db, &stmts[Q_SET_COST_CENTRE], cc && cc[0] ? cc : NULL, id,
	    c->co.id)) < 0)
		return rc;
	return sub_changed(c, id, &(struct sub_change){ "cost-centre", 0, 0, NULL, cc,
	    "cost-centre", cc });
}

/* ---- services ---- */

int
sub_services_el(struct ctx *c, xmlNodePtr parent, const char *currency)
{
	xmlNodePtr list;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_SERVICES_FOR], c->lang, c->co.country, currency,
	    c->co.id)) < 0)
		return rc;
	list = x_el(parent, "services");
	while ((rc = db_fetch(c->db, &stmts[Q_SERVICES_FOR], &row)) == 1)
		offer_el(list, "service", &row);
	return rc;
}

int
sub_service_lookup(struct ctx *c, const char *product, const char *currency,
    struct dbrow *row)
{
	return offer_lookup(c, Q_SERVICE_GET, product, currency, row);
}

/* The service product of the catalogue for the locked subscription: 1 with
 * its row, or 0 (400) / a db_rc; *has whether the subscription has it. */
static int
service_for(struct ctx *c, long long id, const char *product, struct dbrow *lk,
    struct dbrow *row, long long *pid, int *has)
{
	struct dbrow hrow;
	char currency[4];
	int rc;

	snprintf(currency, sizeof(currency), "%s", lk->col[LOCK_CURRENCY]);
	if ((rc = sub_service_lookup(c, product, currency, row)) <= 0)
		return rc;
	parse_int(row->col[SUBPLAN_ID], 1, INT64_MAX, pid);
	if ((rc = db_one(c->db, &stmts[Q_SERVICE_HAS], &hrow, id, *pid)) < 0)
		return rc;
	*has = rc == 1 && strcmp(hrow.col[0], "0") != 0;
	return 1;
}

int
sub_add_service(struct ctx *c, long long id, const char *product, struct sub_result *res)
{
	struct dbrow lk, row;
	long long pid = 0;
	char detail[64];
	int has, rc;

	if ((rc = lock(c, id, &lk, res)) <= 0)
		return rc < 0 ? rc : 404;
	if (ending(&lk))
		return 409;
	if ((rc = service_for(c, id, product, &lk, &row, &pid, &has)) <= 0)
		return rc < 0 ? rc : 400;
	if (has)
		return 422;
	if (res != NULL)
		snprintf(res->to, sizeof(res->to), "%s", row.col[SUBPLAN_NAME]);
	if ((rc = db_run(c->db, &stmts[Q_SERVICE_ADD], id, pid,
	    row.col[SUBPLAN_MONTHLY_PRICE], row.col[SUBPLAN_CURRENCY])) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "service %lld", pid);
	return sub_changed(c, id, &(struct sub_change){ "service-add", 0, pid, NULL, NULL,
	    "service-add", detail });
}

int
sub_remove_service(struct ctx *c, long long id, const char *product,
    struct sub_result *res)
{
	struct dbrow lk, row;
	long long pid = 0;
	char detail[64];
	int has, rc;

	if ((rc = lock(c, id, &lk, res)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(lk.col[LOCK_STATUS], "terminated") == 0)
		return 409;
	if ((rc = service_for(c, id, product, &lk, &row, &pid, &has)) <= 0)
		return rc < 0 ? rc : 400;
	if (!has)
		return 422;
	if (res != NULL)
		snprintf(res->to, sizeof(res->to), "%s", row.col[SUBPLAN_NAME]);
	if ((rc = db_run(c->db, &stmts[Q_SERVICE_REMOVE], id, pid)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "service %lld", pid);
	return sub_changed(c, id, &(struct sub_change){ "service-remove", pid, 0, NULL, NULL,
	    "service-remove", detail });
}

/* No routes: the statements of every change, for the doors that make them. */
const struct module subchange_module = {
	.name = "subchange", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
