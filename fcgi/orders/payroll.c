/*
 * Payroll deductions (payroll.h): the employee's share of a self-service
 * order, and what its completion writes (the service or the plan, the
 * deduction). Only items with a share (orders
 * made from the self-service box) are touched; every statement takes the
 * order's company.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/util.h"
#include "orders/payroll.h"
#include "subscriptions/change.h"

enum { PLAN_SUB, PLAN_PRODUCT, PLAN_COUNTRY, PLAN__COLS };
enum { Q_ITEM_SUB, Q_SHARE, Q_SERVICES, Q_DEDUCT, Q_PLAN, Q_MONTH };
static struct stmt stmts[] = {
	[Q_ITEM_SUB] = STMT("payroll.item_sub", "iiii", 0,
	    "UPDATE order_items i JOIN orders o ON o.id = i.order_id AND o.company_id = ?"
	    " JOIN subscriptions s ON s.id = ? AND s.company_id = o.company_id"
	    " SET i.subscription_id = s.id WHERE i.order_id = ? AND o.company_id = ?"),
	[Q_SHARE] = STMT("payroll.share", "ssii", 0,
	    "INSERT INTO order_item_shares (item_id, employee_monthly, employee_oneoff)"
	    " SELECT i.id, ?, ? FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " WHERE i.order_id = ? AND o.company_id = ?"),
	/* A service ordered is on the subscription from today, at the order's price. */
	[Q_SERVICES] = STMT("payroll.services", "ii", 0,
	    "INSERT INTO subscription_services (subscription_id, product_id, monthly_price,"
	    " currency, started_on)"
	    " SELECT s.id, i.product_id, i.monthly_price, i.currency, CURDATE()"
	    " FROM order_item_shares sh JOIN order_items i ON i.id = sh.item_id"
	    " JOIN orders o ON o.id = i.order_id"
	    " JOIN subscriptions s ON s.id = i.subscription_id AND s.company_id = o.company_id"
	    " JOIN products p ON p.id = i.product_id"
	    " WHERE o.id = ? AND o.company_id = ? AND p.kind = 'service' AND i.action = 'add'"
	    " ORDER BY i.id"),
	/* The month's part the employee pays, and a one-off if any, as one line. */
	[Q_DEDUCT] = STMT("payroll.deduct", "ii", 0,
	    "INSERT INTO payroll_deductions (company_id, user_id, employee_name, period,"
	    " amount, currency, description, order_id)"
	    " SELECT o.company_id, u.id, u.name, DATE_FORMAT(CURDATE(), '%Y-%m'),"
	    "  sh.employee_monthly + sh.employee_oneoff, i.currency,"
	    "  CONCAT(p.name, COALESCE(CONCAT(' (', s.ref, ')'), ''), ' #', o.id), o.id"
	    " FROM order_item_shares sh JOIN order_items i ON i.id = sh.item_id"
	    " JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id"
	    " JOIN users u ON u.id = i.user_id"
	    " LEFT JOIN subscriptions s ON s.id = i.subscription_id"
	    "  AND s.company_id = o.company_id"
	    " WHERE o.id = ? AND o.company_id = ?"
	    " AND sh.employee_monthly + sh.employee_oneoff > 0 ORDER BY i.id"),
	/* A plan ordered from the box: the subscription it is for (one item). */
	[Q_PLAN] = STMT("payroll.plan", "ii", PLAN__COLS,
	    "SELECT i.subscription_id, i.product_id, co.country"
	    " FROM order_item_shares sh JOIN order_items i ON i.id = sh.item_id"
	    " JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id"
	    " JOIN companies co ON co.id = o.company_id"
	    " JOIN subscriptions s ON s.id = i.subscription_id AND s.company_id = o.company_id"
	    " WHERE o.id = ? AND o.company_id = ? AND p.kind = 'subscription'"
	    " AND i.action = 'add' ORDER BY i.id LIMIT 1"),
	/*
	 * A month after the one of completion (which has its deduction): the
	 * monthly share agreed at order time again, while the service ordered
	 * (there since that month) or the plan ordered is on the employee's
	 * own subscription and the subscription is billed for the month.
	 * Parameters: the period, its last and first day, the period, and the
	 * companies (a comma list, twice; NULL: all).
	 */
	[Q_MONTH] = STMT("payroll.month", "ssssss", 0,
	    "INSERT INTO payroll_deductions (company_id, user_id, employee_name, period,"
	    " amount, currency, description, order_id)"
	    " SELECT o.company_id, u.id, u.name, ?, sh.employee_monthly, i.currency,"
	    "  CONCAT(p.name, ' (', s.ref, ') #', o.id), o.id"
	    " FROM order_item_shares sh JOIN order_items i ON i.id = sh.item_id"
	    " JOIN orders o ON o.id = i.order_id AND o.state = 'completed'"
	    " JOIN companies co ON co.id = o.company_id AND co.status = 'active'"
	    " JOIN products p ON p.id = i.product_id JOIN users u ON u.id = i.user_id"
	    " JOIN subscriptions s ON s.id = i.subscription_id"
	    "  AND s.company_id = o.company_id AND s.user_id = u.id"
	    " JOIN (SELECT order_id, MIN(period) AS first FROM payroll_deductions"
	    "  GROUP BY order_id) d ON d.order_id = o.id"
	    " WHERE sh.employee_monthly > 0 AND i.action = 'add'"
	    " AND s.started_on <= ? AND (s.ends_on IS NULL OR s.ends_on >= ?)"
	    " AND (s.status <> 'terminated' OR s.ends_on IS NOT NULL)"
	    " AND ((p.kind = 'service' AND EXISTS (SELECT 1 FROM subscription_services ss"
	    "   WHERE ss.subscription_id = s.id AND ss.product_id = i.product_id"
	    "   AND ss.started_on <= LAST_DAY(CONCAT(d.first, '-01'))))"
	    "  OR (p.kind = 'subscription' AND s.product_id = i.product_id))"
	    " AND d.first < ? AND (? IS NULL OR FIND_IN_SET(o.company_id, ?) > 0)"
	    " ON DUPLICATE KEY UPDATE payroll_deductions.id = payroll_deductions.id"),
};

int
payroll_item_set(struct ctx *c, long long id, long long sub, const char *monthly,
    const char *oneoff)
{
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_ITEM_SUB], c->co.id, sub, id, c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_ITEM_SUB]) != 1)
		return DB_ERROR;
	rc = db_run(c->db, &stmts[Q_SHARE], monthly, oneoff, id, c->co.id);
	return rc < 0 ? rc : DB_OK;
}

int
payroll_complete(struct ctx *c, long long id)
{
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_SERVICES], id, c->co.id)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_DEDUCT], id, c->co.id)) < 0)
		return rc;
	return DB_OK;
}

int
payroll_plan_complete(struct ctx *c, long long id)
{
	struct dbrow row;
	long long sub;
	char product[24];
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PLAN], &row, id, c->co.id)) <= 0)
		return rc < 0 ? rc : DB_OK;
	if (parse_int(row.col[PLAN_SUB], 1, INT64_MAX, &sub) == -1)
		return DB_ERROR;
	snprintf(product, sizeof(product), "%s", row.col[PLAN_PRODUCT]);
	/* The plans offered are the company's country's; the operator's desk
	 * that completes it knows the company by its id only. */
	snprintf(c->co.country, sizeof(c->co.country), "%s", row.col[PLAN_COUNTRY]);
	/* No longer a plan it may change to, or the subscription ending: the
	 * completion is refused, and the order stays where it was. */
	rc = sub_change_plan(c, sub, product, NULL);
	return rc == 400 ? 409 : rc;
}

int
payroll_month(struct db *db, const char *period, const char *first, const char *last,
    const char *companies, long long *made)
{
	int rc;

	if ((rc = db_run(db, &stmts[Q_MONTH], period, last, first, period, companies,
	    companies)) < 0)
		return rc;
	*made = db_affected(db, &stmts[Q_MONTH]);
	return DB_OK;
}

/* No routes: the statements of the deductions, for whoever completes an order. */
const struct module payroll_module = {
	.name = "payroll", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
