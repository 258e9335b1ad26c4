/*
 * Approvals: the company's rules that hold an order until one of its full
 * administrators decides (what the rules are and the hold itself are the
 * order model's, orders/approval.c), the settings page of those rules, and
 * the decision: approved, a held order is acknowledged and goes to the
 * operator's queue; rejected, it is cancelled with the approver's comment.
 * Either way the orderer gets a mail and the order's timeline says why.
 * Only a full administrator decides (the routes need "admin"), whoever
 * ordered; every statement takes the company.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/conf.h"
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
#include "orders/provision.h"
#include "portal/approvals.h"

#define LIMIT_MAX	999999999999LL	/* DECIMAL(12,2), in minor units */
#define COMMENT_MAX	400

/* A held order as the decision shows it, the orderer for the mail. */
#define DECISION \
	"SELECT o.id, o.state, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s'), u.name," \
	" u.email, u.lang, (SELECT SUM(i.quantity * (i.oneoff_price + i.monthly_price))" \
	"  FROM order_items i WHERE i.order_id = o.id), o.currency," \
	" (SELECT e.note FROM order_events e WHERE e.order_id = o.id AND e.to_state = 'held'" \
	"  ORDER BY e.id DESC LIMIT 1)" \
	" FROM orders o LEFT JOIN users u ON u.id = o.ordered_by" \
	" WHERE o.id = ? AND o.company_id = ?"
enum { DEC_ID, DEC_STATE, DEC_CREATED, DEC_BY, DEC_BY_EMAIL, DEC_BY_LANG, DEC_TOTAL,
	DEC_CURRENCY, DEC_WHY, DEC__COLS };
enum { Q_DECISION, Q_DECISION_LOCK };
static struct stmt stmts[] = {
	[Q_DECISION] = STMT("approvals.decision", "ii", DEC__COLS, DECISION),
	[Q_DECISION_LOCK] = STMT("approvals.decision_lock", "ii", DEC__COLS,
	    DECISION " FOR UPDATE"),
};
#undef DECISION

static const struct field rules_fields[] = {
	{ "limit", V_TEXT, 32 },
	{ "members", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field reject_fields[] = {
	{ "comment", V_TEXT, COMMENT_MAX * 4 },
	{ NULL, V_TEXT, 0 },
};

void
approval_el(struct ctx *c, enum order_state st)
{
	if (st == OS_HELD && c->co.admin && c->view[0] == '\0')
		x_attr(x_el(c->root, "approval"), "decide", "yes");
}

/* ---- the rules ---- */

static xmlNodePtr
rules_page(struct ctx *c, const struct approval_rules *r)
{
	xmlNodePtr e;

	page_begin(c, "approvals");
	e = x_el(c->root, "rules");
	x_attr(e, "currency", r->currency);
	if (r->limited)
		x_text(e, "limit", r->amount);
	if (r->members)
		x_el(e, "members");
	return form_el(c->root, "rules");
}

static int
rules_get(struct ctx *c)
{
	struct approval_rules r;
	xmlNodePtr f;
	int rc;

	if ((rc = approval_rules_get(c, &r)) < 0)
		return page_db_status(rc);
	f = rules_page(c, &r);
	if (r.limited)
		form_value(f, "limit", r.amount);
	if (r.members)
		form_value(f, "members", "yes");
	return 0;
}

static int
rules_txn(struct ctx *c, void *arg)
{
	const struct approval_rules *r = arg;
	char detail[64];
	int rc;

	snprintf(detail, sizeof(detail), "limit=%s members=%s", r->limited ? r->amount :
	    "none", r->members ? "yes" : "no");
	if ((rc = approval_rules_set(c, r)) < 0 ||
	    (rc = page_audit(c, "approval-rules", "company", c->co.id, detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/approvals?done=approval-rules-saved", c->co.id);
	return DB_OK;
}

static int
rules_post(struct ctx *c)
{
	const char *limit = form_raw(c, "limit"), *members = form_raw(c, "members");
	struct approval_rules r, now;
	long long minor;
	xmlNodePtr f;
	int rc;

	memset(&r, 0, sizeof(r));
	/* A checkbox: ticked or not. */
	r.members = members != NULL && strcmp(members, "yes") == 0;
	/* The form always sends the limit, empty for none. */
	if (limit == NULL || limit[strspn(limit, " ")] != '\0') {
		if (limit == NULL || in_get(c, "limit") == NULL ||
		    money_parse_typed(limit, &minor) == -1 || minor < 0 || minor > LIMIT_MAX) {
			if ((rc = approval_rules_get(c, &now)) < 0)
				return page_db_status(rc);
			f = rules_page(c, &now);
			form_keep(c, f, "limit");
			form_keep(c, f, "members");
			form_error(f, "limit", limit == NULL ? "required" : "invalid");
			c->status = 400;
			return 0;
		}
		r.limited = 1;
		money_canonical(r.amount, sizeof(r.amount), minor);
	}
	return page_change(c, rules_txn, &r);
}

/* ---- deciding a held order ---- */

static int
decision_page(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr o;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_DECISION], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "order-decision");
	o = x_el(c->root, "order");
	x_attr(o, "id", row.col[DEC_ID]);
	x_attr(o, "state", row.col[DEC_STATE]);
	x_time(o, "created", c->co.time_zone, row.col[DEC_CREATED]);
	x_text(o, "ordered-by", row.col[DEC_BY]);
	x_attr(x_text(o, "total", row.col[DEC_TOTAL]), "currency", row.col[DEC_CURRENCY]);
	x_text(o, "why", row.col[DEC_WHY]);
	if (strcmp(row.col[DEC_STATE], order_state_name(OS_HELD)) == 0)
		x_attr(x_el(c->root, "approval"), "decide", "yes");
	return 0;
}

static int
decision_get(struct ctx *c)
{
	return decision_page(c);
}

/* What was decided: the new state, its note, the mail and the flash. */
struct decision {
	enum order_state	 to;
	const char		*note;		/* the reject's comment, or NULL */
	const char		*action;	/* audit */
	const char		*mail;		/* "mail.approval.approved" + .subject/.body */
	const char		*done;
};

static int
decide_txn(struct ctx *c, void *arg)
{
	const struct decision *d = arg;
	char sid[24], url[320], subject[64], body[64];
	const char *vars[] = { "id", sid, "url", url, "company", c->co.name, "who",
	    c->sess.user_name, "comment", d->note ? d->note : "", NULL };
	const char *note = d->note;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_DECISION_LOCK], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	/* Decided already, cancelled, or never held: nothing to decide. */
	if (strcmp(row.col[DEC_STATE], order_state_name(OS_HELD)) != 0)
		return 409;
	if (note == NULL)
		note = i18n_get(c->lang, "approval.note.approved");
	if ((rc = order_move(c, c->ids[1], d->to, ORDER_CUSTOMER, note, NULL)) != DB_OK ||
	    (rc = page_audit(c, d->action, "order", c->ids[1], d->note)) < 0)
		return rc;
	/* Approved: the network's part starts now, as for an order never held. */
	if (d->to == OS_ACKNOWLEDGED && (rc = provision_start(c, c->ids[1])) < 0)
		return rc;
	if (row.col[DEC_BY_EMAIL] != NULL) {
		snprintf(sid, sizeof(sid), "%lld", c->ids[1]);
		snprintf(url, sizeof(url), "%s/companies/%lld/orders/%lld",
		    c->conf->base_url, c->co.id, c->ids[1]);
		snprintf(subject, sizeof(subject), "%s.subject", d->mail);
		snprintf(body, sizeof(body), "%s.body", d->mail);
		if ((rc = page_mail(c, row.col[DEC_BY_EMAIL], row.col[DEC_BY_LANG], subject,
		    body, vars)) < 0)
			return rc;
	}
	page_redirectf(c, "/companies/%lld/orders/%lld?done=%s", c->co.id, c->ids[1],
	    d->done);
	return DB_OK;
}

/* The decision page again with the form's error: 0, or a status. */
static int
decision_again(struct ctx *c, const char *form, const char *field, const char *code,
    int status)
{
	xmlNodePtr f;
	int rc;

	if ((rc = decision_page(c)) != 0)
		return rc;
	f = form_el(c->root, form);
	form_keep(c, f, "comment");
	form_error(f, field, code);
	c->status = status;
	return 0;
}

static int
decide(struct ctx *c, const struct decision *d, const char *form)
{
	int rc = page_change(c, decide_txn, (void *)(uintptr_t)d);

	return rc == 409 ? decision_again(c, form, "state", "not-allowed", 409) : rc;
}

static int
approve_post(struct ctx *c)
{
	static const struct decision d = { OS_ACKNOWLEDGED, NULL, "order-approve",
	    "mail.approval.approved", "order-approved" };

	return decide(c, &d, "approve");
}

static int
reject_post(struct ctx *c)
{
	struct decision d = { OS_CANCELLED, NULL, "order-reject", "mail.approval.rejected",
	    "order-rejected" };
	char comment[COMMENT_MAX * 4 + 1];
	const char *code;

	if ((code = valid_line(comment, sizeof(comment), form_raw(c, "comment"),
	    COMMENT_MAX)) != NULL)
		return decision_again(c, "reject", "comment", code, 400);
	d.note = comment;
	return decide(c, &d, "reject");
}

static const struct route routes[] = {
	{ "/companies/#/approvals", R_COMPANY | R_ONCE, "approvals", rules_get, NULL,
	    rules_post, rules_fields, "admin" },
	/* The held order's decision; the order page posts its forms here too. */
	{ "/companies/#/orders/#/decision", R_COMPANY | R_ONCE, "order-decision",
	    decision_get, NULL, NULL, NULL, "admin" },
	{ "/companies/#/orders/#/approve", R_COMPANY | R_ONCE, "order-decision", NULL, NULL,
	    approve_post, NULL, "admin" },
	{ "/companies/#/orders/#/reject", R_COMPANY | R_ONCE, "order-decision", NULL, NULL,
	    reject_post, reject_fields, "admin" },
};

static const char *const pages[] = { "approvals", "order-decision", NULL };
static const char *const flashes[] = { "approval-rules-saved", "order-approved",
	"order-rejected", NULL };
static const struct menu_item menu[] = {
	{ "/approvals", "nav.approvals", "admin" },
	{ NULL, NULL, NULL },
};

const struct module approvals_module = {
	.name = "approvals",
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
