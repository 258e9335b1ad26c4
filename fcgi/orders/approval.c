/*
 * Approval rules (approval.h): whether a new order waits for one of the
 * company's full administrators. An order is caught when its one-off and
 * first month's price for its quantity is above the company's limit, or
 * when the member who made it is not a full administrator. A limit is in
 * the company's currency; an order in another cannot be compared and is
 * held, the safe side.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "orders/approval.h"
#include "orders/orders.h"

enum { RULE_AMOUNT, RULE_CURRENCY, RULE_MEMBERS, RULE__COLS };
enum { CATCH_LIMIT, CATCH_CURRENCY, CATCH_MEMBERS, CATCH_TOTAL, CATCH_ABOVE,
	CATCH__COLS };
enum { CUR_CODE, CUR__COLS };
enum { APPROVER_EMAIL, APPROVER_LANG, APPROVER__COLS };
enum { Q_RULE, Q_CATCH, Q_CURRENCY, Q_SET, Q_APPROVERS };
static struct stmt stmts[] = {
	[Q_RULE] = STMT("approval.rule", "i", RULE__COLS,
	    "SELECT amount, currency, members FROM approval_rules WHERE company_id = ?"),
	/* The order's price against the limit: currency, quantity, one-off,
	 * monthly, company. */
	[Q_CATCH] = STMT("approval.catch", "sissi", CATCH__COLS,
	    "SELECT r.amount, r.currency, r.members, t.total,"
	    " r.amount IS NOT NULL AND (r.currency <> t.currency COLLATE utf8mb4_unicode_ci"
	    "  OR t.total > r.amount)"
	    " FROM approval_rules r JOIN (SELECT CAST(? AS CHAR(3)) AS currency,"
	    "  CAST(? * (CAST(? AS DECIMAL(12,2)) + CAST(? AS DECIMAL(12,2)))"
	    "  AS DECIMAL(14,2)) AS total) t"
	    " WHERE r.company_id = ?"),
	/* The company's currency: its first account's, else its country's prices'. */
	[Q_CURRENCY] = STMT("approval.currency", "is", CUR__COLS,
	    "SELECT COALESCE((SELECT currency FROM billing_accounts WHERE company_id = ?"
	    "  ORDER BY id LIMIT 1),"
	    " (SELECT currency FROM product_prices WHERE country = ? ORDER BY id LIMIT 1),"
	    " 'NOK')"),
	[Q_SET] = STMT("approval.set", "issiI", 0,
	    "INSERT INTO approval_rules (company_id, amount, currency, members, updated_by)"
	    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE amount = VALUES(amount),"
	    " currency = VALUES(currency), members = VALUES(members),"
	    " updated_by = VALUES(updated_by)"),
	[Q_APPROVERS] = STMT("approval.approvers", "i", APPROVER__COLS,
	    "SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' AND u.status = 'active'"
	    " ORDER BY u.id"),
};

static int
currency_of(struct ctx *c, char *out, size_t len)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_CURRENCY], &row, c->co.id, c->co.country)) < 0)
		return rc;
	snprintf(out, len, "%s", rc == 1 && row.col[CUR_CODE] ? row.col[CUR_CODE] : "NOK");
	return DB_OK;
}

int
approval_rules_get(struct ctx *c, struct approval_rules *r)
{
	struct dbrow row;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = db_one(c->db, &stmts[Q_RULE], &row, c->co.id)) < 0)
		return rc;
	if (rc == 0)
		return currency_of(c, r->currency, sizeof(r->currency));
	r->limited = row.col[RULE_AMOUNT] != NULL;
	snprintf(r->amount, sizeof(r->amount), "%s", r->limited ? row.col[RULE_AMOUNT] : "");
	snprintf(r->currency, sizeof(r->currency), "%s", row.col[RULE_CURRENCY]);
	r->members = strcmp(row.col[RULE_MEMBERS], "0") != 0;
	return DB_OK;
}

int
approval_rules_set(struct ctx *c, const struct approval_rules *r)
{
	char cur[4];
	int rc;

	if ((rc = currency_of(c, cur, sizeof(cur))) < 0)
		return rc;
	rc = db_run(c->db, &stmts[Q_SET], c->co.id, r->limited ? r->amount : NULL, cur,
	    (long long)(r->members != 0), c->sess.user_id);
	return rc < 0 ? rc : DB_OK;
}

/* The note naming each rule that caught the order, in the orderer's language. */
static void
note_of(struct ctx *c, const struct dbrow *row, int above, int member, struct buf *b)
{
	const char *vars[] = { "total", row->col[CATCH_TOTAL], "limit",
	    row->col[CATCH_LIMIT] ? row->col[CATCH_LIMIT] : "", "currency",
	    row->col[CATCH_CURRENCY], NULL };

	if (above)
		i18n_fill(b, i18n_get(c->lang, "approval.note.amount"), vars);
	if (above && member)
		buf_puts(b, " ");
	if (member)
		i18n_fill(b, i18n_get(c->lang, "approval.note.member"), vars);
}

/* Each of the company's full administrators: a mail with the order's link. */
int
approval_ask(struct ctx *c, long long id, const char *why)
{
	const char *vars[] = { "id", NULL, "url", NULL, "company", c->co.name, "who",
	    c->sess.user_name, "why", why, NULL };
	char sid[24], url[320];
	struct dbrow row;
	int rc;

	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(url, sizeof(url), "%s/companies/%lld/orders/%lld", c->conf->base_url,
	    c->co.id, id);
	vars[1] = sid;
	vars[3] = url;
	if ((rc = db_run(c->db, &stmts[Q_APPROVERS], c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_APPROVERS], &row)) == 1)
		if ((rc = page_mail(c, row.col[APPROVER_EMAIL], row.col[APPROVER_LANG],
		    "mail.approval.asked.subject", "mail.approval.asked.body", vars)) < 0)
			return rc;
	return rc < 0 ? rc : DB_OK;
}

int
approval_hold(struct ctx *c, long long id, const struct order_new *o)
{
	struct buf note = { 0 };
	struct dbrow row;
	int rc, above, member;

	if ((rc = db_one(c->db, &stmts[Q_CATCH], &row, o->currency, o->quantity, o->oneoff,
	    o->monthly, c->co.id)) <= 0)
		return rc;
	above = strcmp(row.col[CATCH_ABOVE], "1") == 0;
	member = strcmp(row.col[CATCH_MEMBERS], "0") != 0 && !c->co.admin;
	if (!above && !member)
		return DB_OK;
	note_of(c, &row, above, member, &note);
	if ((rc = order_move(c, id, OS_HELD, ORDER_CUSTOMER, note.p, NULL)) == DB_OK)
		rc = approval_ask(c, id, note.p);
	buf_free(&note);
	return rc;
}

/* No routes: the rules' statements (the settings page is portal/approvals.c). */
const struct module approval_module = {
	.name = "approval", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
