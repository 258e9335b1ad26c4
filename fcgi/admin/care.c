/*
 * Customer care, the back office's role "care": the work queue of every
 * company's cases and change requests (filtered, sorted, paged, each row's
 * age against the target of case_target_days working days), and one case:
 * its thread and history, taken or assigned, answered (the customer sees
 * the reply on the case's page and gets a mail) or noted internally (no
 * customer page ever shows a note), moved along the status model
 * (cases/cases.c), and a change request carried out: the portal's own
 * plan change or termination (subscriptions/change.c), recorded on the case,
 * which is then resolved.
 *
 * The operator sees every company: no statement here takes a membership,
 * but every change is made for the company of its case (ctx->co.id), so
 * the customer's own audit log shows what the operator did.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cases/cases.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "subscriptions/change.h"
#include "subscriptions/ending.h"

#define QUEUE_PAGE	50
#define AGE_MAX		250	/* the oldest a filter asks for: a year of working days */

/*
 * A case as both pages show it: the queue's rows and the case's page share
 * these leading columns, so case_el reads either. MADE is the Unix time it
 * was made (its age is counted from it).
 */
#define CASE_LEAD \
	"SELECT k.id, k.kind, k.category, k.subject, k.status," \
	" DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(k.updated_at, '%Y-%m-%dT%H:%i:%s'), UNIX_TIMESTAMP(k.created_at)," \
	" l.id, l.number, l.name, c.id, c.name, f.id, f.name"
#define CASE_JOINS \
	" FROM cases k JOIN companies c ON c.id = k.company_id" \
	" LEFT JOIN locations l ON l.id = k.location_id" \
	" LEFT JOIN staff f ON f.id = k.assignee_id"
enum { CASE_ID, CASE_KIND, CASE_CATEGORY, CASE_SUBJECT, CASE_STATUS, CASE_CREATED,
	CASE_UPDATED, CASE_MADE, CASE_LOCATION_ID, CASE_LOCATION_NUMBER,
	CASE_LOCATION_NAME, CASE_COMPANY_ID, CASE_COMPANY, CASE_ASSIGNEE_ID, CASE_ASSIGNEE,
	CASE_LEAD__COLS,
	QUEUE_MATCHES = CASE_LEAD__COLS, QUEUE__COLS,
	CASE_SUB_ID = CASE_LEAD__COLS, CASE_SUB_REF, CASE_SUB_PRODUCT, CASE_SUB_STATUS,
	CASE_SUB_ENDING, CASE_SUB_CURRENCY, CASE_SUB_PRODUCT_ID, CASE_BY_NAME,
	CASE_BY_EMAIL, CASE_BY_LANG, CASE_COUNTRY, CASE__COLS };

/*
 * The queue's filter, one WHERE for both orders: the states (a list for
 * FIND_IN_SET, "" all), the kind ("" both), the company (as typed, then
 * its id or else a LIKE pattern of a part of its name, the other NULL),
 * the assignee (on: the one given, 0 binding nobody), the age (on: made
 * before the cut; overdue: new or in progress only).
 */
#define QUEUE_WHERE \
	" WHERE (? = '' OR FIND_IN_SET(k.status, ?))" \
	" AND (? = '' OR k.kind = ?)" \
	" AND (? = '' OR k.company_id = ? OR c.name LIKE ?)" \
	" AND (? = 0 OR k.assignee_id <=> ?)" \
	" AND (? = 0 OR (k.created_at < FROM_UNIXTIME(?)" \
	"  AND (? = 0 OR k.status IN ('new', 'in-progress'))))"
#define QUEUE(name, order) \
	STMT(name, "sssssIsiIiiiii", QUEUE__COLS, \
	    CASE_LEAD ", COUNT(*) OVER ()" CASE_JOINS QUEUE_WHERE order " LIMIT ? OFFSET ?")

enum { NOW_UNIX, NOW__COLS };
enum { COMMENT_ID, COMMENT_AUTHOR, COMMENT_INTERNAL, COMMENT_NAME, COMMENT_AT,
	COMMENT_BODY, COMMENT__COLS };
enum { CHANGE_FROM, CHANGE_TO, CHANGE_AT, CHANGE_BY, CHANGE_BY_OPERATOR, CHANGE__COLS };
enum { MEMBER_ID, MEMBER_NAME, MEMBER__COLS };
enum { Q_NOW, Q_QUEUE_OLDEST, Q_QUEUE_NEWEST, Q_CASE, Q_COMMENTS, Q_HISTORY, Q_CARE_STAFF,
	Q_CARE_MEMBER };
static struct stmt stmts[] = {
	/* The database's clock, which made the cases' times. */
	[Q_NOW] = STMT("care.now", "", NOW__COLS, "SELECT UNIX_TIMESTAMP()"),
	[Q_QUEUE_OLDEST] = QUEUE("care.queue_oldest", " ORDER BY k.created_at, k.id"),
	[Q_QUEUE_NEWEST] = QUEUE("care.queue_newest",
	    " ORDER BY k.created_at DESC, k.id DESC"),
	[Q_CASE] = STMT("care.case", "i", CASE__COLS,
	    CASE_LEAD ", s.id, s.ref, p.name, s.status, s.ends_on IS NOT NULL, s.currency,"
	    " s.product_id, u.name, u.email, u.lang, c.country"
	    CASE_JOINS
	    " LEFT JOIN subscriptions s ON s.id = k.subscription_id"
	    " LEFT JOIN products p ON p.id = s.product_id"
	    " LEFT JOIN users u ON u.id = k.created_by"
	    " WHERE k.id = ?"),
	/* The whole thread, internal notes too: the staff's page only. */
	[Q_COMMENTS] = STMT("care.comments", "i", COMMENT__COLS,
	    "SELECT t.id, t.author, t.internal, COALESCE(u.name, f.name, a.name),"
	    " DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%s'), t.body FROM case_comments t"
	    " LEFT JOIN users u ON u.id = t.user_id LEFT JOIN staff f ON f.id = t.staff_id"
	    " LEFT JOIN api_keys a ON a.id = t.api_key_id"
	    " WHERE t.case_id = ? ORDER BY t.id"),
	[Q_HISTORY] = STMT("care.history", "i", CHANGE__COLS,
	    "SELECT h.from_status, h.to_status, DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s'),"
	    " COALESCE(u.name, f.name), h.staff_id IS NOT NULL FROM case_status_history h"
	    " LEFT JOIN users u ON u.id = h.user_id LEFT JOIN staff f ON f.id = h.staff_id"
	    " WHERE h.case_id = ? ORDER BY h.id"),
	/* Who a case may be assigned to: active staff of customer care. */
	[Q_CARE_STAFF] = STMT("care.staff", "", MEMBER__COLS,
	    "SELECT id, name FROM staff WHERE status = 'active'"
	    " AND (FIND_IN_SET('care', roles) OR FIND_IN_SET('admin', roles))"
	    " ORDER BY name, id"),
	[Q_CARE_MEMBER] = STMT("care.member", "i", MEMBER__COLS,
	    "SELECT id, name FROM staff WHERE status = 'active'"
	    " AND (FIND_IN_SET('care', roles) OR FIND_IN_SET('admin', roles)) AND id = ?"),
};
#undef QUEUE
#undef QUEUE_WHERE
#undef CASE_JOINS
#undef CASE_LEAD

static const struct field queue_fields[] = {
	{ "state", V_WORD, 0 },
	{ "kind", V_WORD, 0 },
	{ "company", V_TEXT, 200 },
	{ "assignee", V_WORD, 0 },
	{ "age", V_WORD, 0 },
	{ "order", V_WORD, 0 },
	{ "page", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* The confirmation of carrying out a change request: the plan, or the date. */
static const struct field carry_fields[] = {
	{ "product", V_ID, 0 },
	{ "date", V_TEXT, 10 },
	{ NULL, V_TEXT, 0 },
};

static const struct field assign_fields[] = {
	{ "staff", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field body_fields[] = {
	{ "body", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field status_fields[] = {
	{ "status", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

/* The filters' values, each list's first the default. */
static const char *const states[] = { "open", "all", "new", "in-progress", "waiting",
	"resolved", "closed", NULL };
/* What each state selects, for FIND_IN_SET. */
static const char *const state_sets[] = { "new,in-progress,waiting", "", "new",
	"in-progress", "waiting", "resolved", "closed" };
static const char *const kinds[] = { "any", "support", "change", NULL };
enum { WHO_ANYONE, WHO_MINE, WHO_NOBODY };
static const char *const assignees[] = { "anyone", "mine", "nobody", NULL };
static const char *const orders[] = { "oldest", "newest", NULL };
static const unsigned order_stmts[] = { Q_QUEUE_OLDEST, Q_QUEUE_NEWEST };

/* The index of v in list (NULL: the first, the default), or -1. */
static int
pick(const char *const *list, const char *v)
{
	int i;

	if (v == NULL)
		return 0;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0)
			return i;
	return -1;
}

/* The database's clock; a db_rc. */
static int
db_now(struct ctx *c, long long *now)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_NOW], &row)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	return parse_int(row.col[NOW_UNIX], 0, INT64_MAX, now) == 0 ? DB_OK : DB_ERROR;
}

/* <name element> with the database's UTC time t, in the operator's zone. */
static void
time_el(xmlNodePtr parent, const char *name, long long t)
{
	char utc[24];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) != NULL &&
	    strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm) != 0)
		x_time(parent, name, NULL, utc);
}

/* <id name><name/></id name> of an optional row pair (NULL id: nothing). */
static void
named_el(xmlNodePtr parent, const char *el, const char *id, const char *name)
{
	xmlNodePtr e;

	if (id == NULL)
		return;
	e = x_el(parent, el);
	x_attr(e, "id", id);
	x_text(e, "name", name);
}

/*
 * <case> from the leading columns: what it is, its company, its age in
 * working days and when it is due, overdue="yes" when it is past the
 * target and the operator's to do (cases.h), and who has it.
 */
static xmlNodePtr
case_el(struct ctx *c, xmlNodePtr parent, const struct dbrow *row, long long now)
{
	xmlNodePtr k = x_el(parent, "case"), l;
	int target = c->conf->case_target_days, st;
	long long made = 0;

	parse_int(row->col[CASE_MADE], 0, INT64_MAX, &made);
	st = case_status_parse(row->col[CASE_STATUS]);
	x_attr(k, "id", row->col[CASE_ID]);
	x_attr(k, "kind", row->col[CASE_KIND]);
	if (st >= 0 && case_overdue((enum case_status)st, made, now, target))
		x_attr(k, "overdue", "yes");
	x_text(k, "category", row->col[CASE_CATEGORY]);
	x_text(k, "subject", row->col[CASE_SUBJECT]);
	x_text(k, "status", row->col[CASE_STATUS]);
	x_time(k, "created", NULL, row->col[CASE_CREATED]);
	x_time(k, "updated", NULL, row->col[CASE_UPDATED]);
	if (row->col[CASE_LOCATION_ID] != NULL) {
		l = x_el(k, "location");
		x_attr(l, "id", row->col[CASE_LOCATION_ID]);
		x_text(l, "number", row->col[CASE_LOCATION_NUMBER]);
		x_text(l, "name", row->col[CASE_LOCATION_NAME]);
	}
	named_el(k, "company", row->col[CASE_COMPANY_ID], row->col[CASE_COMPANY]);
	x_attr_int(x_el(k, "age"), "working-days", case_age_days(made, now));
	time_el(k, "due", case_due(made, target));
	named_el(k, "assignee", row->col[CASE_ASSIGNEE_ID], row->col[CASE_ASSIGNEE]);
	return k;
}

/* ---- the queue ---- */

struct filter {
	int		 state, kind, who, order;
	const char	*company;
	long long	 company_id;
	char		 pattern[410];
	int		 age_on, overdue;
	long long	 cut;
};

static int
run_queue(struct ctx *c, const struct filter *f, long long limit, long long offset)
{
	const char *set = state_sets[f->state], *kind = f->kind ? kinds[f->kind] : "";

	return db_run(c->db, &stmts[order_stmts[f->order]], set, set, kind, kind,
	    f->company, f->company_id, f->company_id ? NULL : f->pattern,
	    (long long)(f->who != WHO_ANYONE),
	    f->who == WHO_MINE ? c->staff.id : 0LL, (long long)f->age_on, f->cut,
	    (long long)f->overdue, limit, offset);
}

/* The age filter: "any", "overdue" (past the target, the operator's to
 * do) or a number of working days it is older than. -1 if none of them. */
static int
age_filter(struct ctx *c, const char *age, long long now, struct filter *f)
{
	long long days = c->conf->case_target_days;

	if (age == NULL || strcmp(age, "any") == 0)
		return 0;
	if (strcmp(age, "overdue") == 0)
		f->overdue = 1;
	else if (parse_int(age, 1, AGE_MAX, &days) == -1)
		return -1;
	f->age_on = 1;
	f->cut = case_older_cut(now, (int)days);
	return 0;
}

static int
queue_get(struct ctx *c)
{
	const char *p = in_get(c, "page"), *age = in_get(c, "age");
	struct filter f = { 0 };
	struct dbrow row;
	xmlNodePtr q;
	long long now, page = 1, total = 0;
	int rc;

	f.state = pick(states, in_get(c, "state"));
	f.kind = pick(kinds, in_get(c, "kind"));
	f.who = pick(assignees, in_get(c, "assignee"));
	f.order = pick(orders, in_get(c, "order"));
	if (f.state < 0 || f.kind < 0 || f.who < 0 || f.order < 0)
		return 400;
	if (p != NULL && parse_int(p, 1, 1000000, &page) == -1)
		return 400;
	if ((rc = db_now(c, &now)) < 0)
		return page_db_status(rc);
	if (age_filter(c, age, now, &f) == -1)
		return 400;
	/* The company by its id or a part of its name. */
	f.company = in_get(c, "company") ? in_get(c, "company") : "";
	while (*f.company == ' ')
		f.company++;
	if (parse_int(f.company, 1, INT64_MAX, &f.company_id) == -1)
		f.company_id = 0;
	db_like(f.company, f.pattern, sizeof(f.pattern));
	if ((rc = run_queue(c, &f, QUEUE_PAGE, (page - 1) * QUEUE_PAGE)) < 0 ||
	    (rc = db_fetch(c->db, &stmts[order_stmts[f.order]], &row)) < 0)
		return page_db_status(rc);
	/* The total comes with the rows; past the last page, from the first. */
	if (rc == 0 && page > 1) {
		if ((rc = run_queue(c, &f, 1, 0)) < 0 ||
		    (rc = db_fetch(c->db, &stmts[order_stmts[f.order]], &row)) < 0)
			return page_db_status(rc);
		if (rc == 1)
			parse_int(row.col[QUEUE_MATCHES], 0, INT64_MAX, &total);
		rc = 0;
	} else if (rc == 1)
		parse_int(row.col[QUEUE_MATCHES], 0, INT64_MAX, &total);
	page_begin(c, "admin-cases");
	q = x_el(c->root, "queue");
	x_attr(q, "state", states[f.state]);
	x_attr(q, "kind", kinds[f.kind]);
	x_attr(q, "assignee", assignees[f.who]);
	x_attr(q, "age", age ? age : "any");
	x_attr(q, "order", orders[f.order]);
	if (f.company[0] != '\0')
		x_attr(q, "company", f.company);
	x_attr_int(q, "target-days", c->conf->case_target_days);
	x_attr_int(q, "page", page);
	x_attr_int(q, "pages", total == 0 ? 1 : (total + QUEUE_PAGE - 1) / QUEUE_PAGE);
	x_attr_int(q, "total", total);
	for (; rc == 1; rc = db_fetch(c->db, &stmts[order_stmts[f.order]], &row))
		case_el(c, q, &row, now);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- one case ---- */

/* What carrying out a change request would do. */
enum carry { CARRY_NONE, CARRY_PLAN, CARRY_TERMINATE };

/* A case as its actions need it (the company is in ctx->co.id). */
struct care_case {
	enum case_status status;
	enum carry	 asks;		/* what the request asks for (its category) */
	enum carry	 carry;		/* that, if it can be done now (open, running) */
	long long	 sub_id, sub_product;
	char		 sub_currency[4];
	char		 lang[3];	/* the creator's */
};

/* The categories of change request carried out here, and how. */
static const struct {
	const char	*category;
	enum carry	 carry;
	const char	*action;	/* the page's carry-out action */
	const char	*field;		/* what it takes */
} carries[] = {
	{ "change-subscription", CARRY_PLAN, "plan", "product" },
	{ "terminate", CARRY_TERMINATE, "terminate", "date" },
};

/* What a change request on a subscription asks for, by its category. */
static enum carry
asks_of(const struct dbrow *row)
{
	size_t i;

	if (strcmp(row->col[CASE_KIND], "change") != 0 || row->col[CASE_SUB_ID] == NULL)
		return CARRY_NONE;
	for (i = 0; i < COUNTOF(carries); i++)
		if (strcmp(row->col[CASE_CATEGORY], carries[i].category) == 0)
			return carries[i].carry;
	return CARRY_NONE;
}

/* Whether it can be done now: the request open, its subscription running
 * and not ending. */
static int
can_carry(const struct dbrow *row, enum case_status st)
{
	return st != CS_RESOLVED && st != CS_CLOSED &&
	    strcmp(row->col[CASE_SUB_STATUS], "terminated") != 0 &&
	    strcmp(row->col[CASE_SUB_ENDING], "1") != 0;
}

/* The case of the path, for any company: 1 with its row and what it is
 * (ctx->co.id and country set to its company's: the plans it may change to
 * are the company's), 0 none, or a db_rc. */
static int
load(struct ctx *c, struct dbrow *row, struct care_case *k)
{
	int rc, st;

	memset(k, 0, sizeof(*k));
	if ((rc = db_one(c->db, &stmts[Q_CASE], row, c->ids[0])) <= 0)
		return rc;
	if ((st = case_status_parse(row->col[CASE_STATUS])) < 0 ||
	    parse_int(row->col[CASE_COMPANY_ID], 1, INT64_MAX, &c->co.id) == -1)
		return DB_ERROR;
	snprintf(c->co.country, sizeof(c->co.country), "%s", row->col[CASE_COUNTRY]);
	k->status = (enum case_status)st;
	k->asks = asks_of(row);
	k->carry = k->asks != CARRY_NONE && can_carry(row, k->status) ? k->asks : CARRY_NONE;
	if (row->col[CASE_SUB_ID] != NULL) {
		parse_int(row->col[CASE_SUB_ID], 1, INT64_MAX, &k->sub_id);
		parse_int(row->col[CASE_SUB_PRODUCT_ID], 1, INT64_MAX, &k->sub_product);
		snprintf(k->sub_currency, sizeof(k->sub_currency), "%s",
		    row->col[CASE_SUB_CURRENCY]);
	}
	snprintf(k->lang, sizeof(k->lang), "%s", row->col[CASE_BY_LANG] ?
	    row->col[CASE_BY_LANG] : "");
	return 1;
}

/* load() for a page: 0, 404, or the status of a db_rc. */
static int
found(struct ctx *c, struct dbrow *row, struct care_case *k)
{
	int rc = load(c, row, k);

	return rc == 1 ? 0 : rc == 0 ? 404 : page_db_status(rc);
}

static int
thread(struct ctx *c, xmlNodePtr k)
{
	xmlNodePtr list = x_el(k, "comments"), e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_COMMENTS], c->ids[0])) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_COMMENTS], &row)) == 1) {
		e = x_el(list, "comment");
		x_attr(e, "id", row.col[COMMENT_ID]);
		x_attr(e, "author", row.col[COMMENT_AUTHOR]);
		if (strcmp(row.col[COMMENT_INTERNAL], "1") == 0)
			x_attr(e, "internal", "yes");
		x_text(e, "name", row.col[COMMENT_NAME]);
		x_time(e, "at", NULL, row.col[COMMENT_AT]);
		x_text(e, "body", row.col[COMMENT_BODY]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_HISTORY], c->ids[0])) < 0)
		return rc;
	list = x_el(k, "history");
	while ((rc = db_fetch(c->db, &stmts[Q_HISTORY], &row)) == 1) {
		e = x_el(list, "change");
		x_text(e, "from", row.col[CHANGE_FROM]);
		x_text(e, "to", row.col[CHANGE_TO]);
		x_time(e, "at", NULL, row.col[CHANGE_AT]);
		if ((e = x_text(e, "by", row.col[CHANGE_BY])) != NULL &&
		    strcmp(row.col[CHANGE_BY_OPERATOR], "1") == 0)
			x_attr(e, "operator", "yes");
	}
	return rc;
}

/* Who it may be assigned to, and the statuses the operator may set. */
static int
choices(struct ctx *c, const struct care_case *k)
{
	xmlNodePtr list = x_el(c->root, "assignees");
	struct dbrow row;
	int rc, s;

	if ((rc = db_run(c->db, &stmts[Q_CARE_STAFF])) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_CARE_STAFF], &row)) == 1)
		named_el(list, "member", row.col[MEMBER_ID], row.col[MEMBER_NAME]);
	if (rc < 0)
		return rc;
	list = x_el(c->root, "transitions");
	for (s = 0; s < CS__MAX; s++)
		if (case_transition_ok(ACTOR_OPERATOR, k->status, (enum case_status)s))
			x_text(list, "status", case_status_name((enum case_status)s));
	return DB_OK;
}

/* The carry-out offered (a change request it fits), with the plans to
 * change to. */
static int
carry_el(struct ctx *c, const struct care_case *k)
{
	xmlNodePtr e;

	if (k->carry == CARRY_NONE)
		return DB_OK;
	e = x_el(c->root, "carry-out");
	x_attr(e, "action", carries[k->carry - 1].action);
	if (k->carry != CARRY_PLAN)
		return DB_OK;
	return sub_plans_el(c, e, k->sub_currency, k->sub_product);
}

/* The case's page without its forms: 0, or an HTTP status. */
static int
case_page(struct ctx *c, struct care_case *k)
{
	xmlNodePtr e, s;
	struct dbrow row;
	long long now;
	int rc;

	if ((rc = db_now(c, &now)) < 0)
		return page_db_status(rc);
	if ((rc = found(c, &row, k)) != 0)
		return rc;
	page_begin(c, "admin-case");
	e = case_el(c, c->root, &row, now);
	if (row.col[CASE_BY_NAME] != NULL) {
		s = x_el(e, "created-by");
		x_text(s, "name", row.col[CASE_BY_NAME]);
		x_text(s, "email", row.col[CASE_BY_EMAIL]);
	}
	if (row.col[CASE_SUB_ID] != NULL) {
		s = x_el(e, "subscription");
		x_attr(s, "id", row.col[CASE_SUB_ID]);
		x_text(s, "product", row.col[CASE_SUB_PRODUCT]);
		x_text(s, "ref", row.col[CASE_SUB_REF]);
		x_text(s, "status", row.col[CASE_SUB_STATUS]);
		if (strcmp(row.col[CASE_SUB_ENDING], "1") == 0)
			x_attr(s, "ending", "yes");
	}
	if ((rc = thread(c, e)) < 0 || (rc = choices(c, k)) < 0 ||
	    (rc = carry_el(c, k)) < 0)
		return page_db_status(rc);
	return 0;
}

/* The page again with one form's error (its fields as typed): status. */
static int
reshow(struct ctx *c, const char *form, const char *field, const char *code, int status)
{
	struct care_case k;
	xmlNodePtr f;
	int rc;

	if ((rc = case_page(c, &k)) != 0)
		return rc;
	f = form_el(c->root, form);
	form_keep(c, f, field);
	form_error(f, field, code);
	c->status = status;
	return 0;
}

/*
 * What carrying out would do, checked: 0 with *code NULL when it may be
 * done (the plan's row in plan), else *code and *field say why not and
 * *status is 409 (it does not fit the case) or 400 (bad input). now: the
 * case as it is now (to confirm); else only what the input and the request
 * say, as the transaction checks the rest (a form submitted twice finds
 * its first result there, whatever the case has become since).
 */
struct carry_check {
	const char	*field, *code;
	int		 status;
	struct dbrow	 plan;
};

static int
carry_check(struct ctx *c, const struct care_case *k, int now, const char *product,
    const char *date, struct carry_check *ck)
{
	enum carry what = now ? k->carry : k->asks;
	long long pid;
	int rc;

	ck->field = product != NULL || form_raw(c, "product") != NULL ? "product" : "date";
	ck->code = NULL;
	ck->status = 400;
	if (product == NULL && date == NULL && form_raw(c, "product") == NULL &&
	    form_raw(c, "date") == NULL) {
		/* Nothing asked for. */
		ck->field = what == CARRY_NONE ? "product" : carries[what - 1].field;
		ck->code = "required";
		return 0;
	}
	if (what == CARRY_NONE) {
		ck->code = "not-allowed";
		ck->status = 409;
		return 0;
	}
	ck->field = carries[what - 1].field;
	if (what == CARRY_TERMINATE)
		return sub_check_date(c, date, &ck->code);
	if (product == NULL) {
		ck->code = form_raw(c, "product") == NULL ||
		    form_raw(c, "product")[0] == '\0' ? "required" : "invalid";
		return 0;
	}
	if (!now)
		return 0;
	/* An active plan of its currency, and not the one it has. */
	if ((rc = sub_plan_lookup(c, product, k->sub_currency, &ck->plan)) < 0)
		return page_db_status(rc);
	if (rc == 0 || parse_int(ck->plan.col[SUBPLAN_ID], 1, INT64_MAX, &pid) == -1 ||
	    pid == k->sub_product)
		ck->code = "invalid";
	return 0;
}

static int
case_get(struct ctx *c)
{
	const char *product = in_get(c, "product"), *date = in_get(c, "date");
	struct carry_check ck;
	struct care_case k;
	xmlNodePtr e, f;
	int rc;

	if ((rc = case_page(c, &k)) != 0 || (product == NULL && date == NULL))
		return rc;
	/* Asked to carry it out: what it would do, to confirm. */
	if ((rc = carry_check(c, &k, 1, product, date, &ck)) != 0)
		return rc;
	if (ck.code != NULL) {
		f = form_el(c->root, "carry-out");
		form_value(f, ck.field, product ? product : date);
		form_error(f, ck.field, ck.code);
		c->status = ck.status;
		return 0;
	}
	e = x_el(c->root, "confirm");
	x_attr(e, "action", carries[k.carry - 1].action);
	if (k.carry == CARRY_PLAN)
		sub_plan_el(e, &ck.plan);
	else
		x_text(e, "date", date);
	return 0;
}

/* ---- the actions: each for the case's company, audited, then back to it ---- */

static int
done(struct ctx *c, int rc, const char *code)
{
	if (rc != DB_OK)
		return rc;
	page_redirectf(c, "/admin/cases/%lld?done=%s", c->ids[0], code);
	return DB_OK;
}

struct assign {
	long long	 staff;
	char		 who[240];	/* the audit's detail */
};

static int
assign_txn(struct ctx *c, void *arg)
{
	struct assign *a = arg;

	return done(c, case_assign(c, c->ids[0], a->staff, a->who), "case-assigned");
}

static int
assign_post(struct ctx *c)
{
	const char *staff = in_get(c, "staff"), *raw = form_raw(c, "staff");
	struct assign a = { 0, "nobody" };
	struct care_case k;
	struct dbrow row;
	int rc;

	if ((rc = found(c, &row, &k)) != 0)
		return rc;
	/* Empty: nobody has it any more. */
	if (staff == NULL && (raw == NULL || raw[0] != '\0'))
		return reshow(c, "assign", "staff", raw == NULL ? "required" : "invalid", 400);
	if (staff != NULL) {
		parse_int(staff, 1, INT64_MAX, &a.staff);
		if ((rc = db_one(c->db, &stmts[Q_CARE_MEMBER], &row, a.staff)) < 0)
			return page_db_status(rc);
		if (rc == 0)
			return reshow(c, "assign", "staff", "invalid", 400);
		snprintf(a.who, sizeof(a.who), "staff %lld %s", a.staff, row.col[MEMBER_NAME]);
	}
	rc = page_change(c, assign_txn, &a);
	return rc == 409 ? reshow(c, "assign", "staff", "closed", 409) : rc;
}

struct comment {
	const char		*body;
	enum case_comment	 kind;
};

static int
comment_txn(struct ctx *c, void *arg)
{
	const struct comment *cm = arg;

	return done(c, case_operator_comment(c, c->ids[0], cm->body, cm->kind),
	    cm->kind == CC_NOTE ? "note-added" : "reply-sent");
}

/* A reply or an internal note: the same form, one field. */
static int
comment_post(struct ctx *c, enum case_comment kind)
{
	const char *form = kind == CC_NOTE ? "note" : "reply";
	struct comment cm = { in_get(c, "body"), kind };
	const char *code = case_text_problem(cm.body, form_raw(c, "body"), CASE_BODY_MAX);
	struct care_case k;
	struct dbrow row;
	int rc;

	if ((rc = found(c, &row, &k)) != 0)
		return rc;
	if (code != NULL)
		return reshow(c, form, "body", code, 400);
	rc = page_change(c, comment_txn, &cm);
	return rc == 409 ? reshow(c, form, "body", "closed", 409) : rc;
}

static int
reply_post(struct ctx *c)
{
	return comment_post(c, CC_REPLY);
}

static int
note_post(struct ctx *c)
{
	return comment_post(c, CC_NOTE);
}

static int
status_txn(struct ctx *c, void *arg)
{
	const enum case_status *to = arg;

	return done(c, case_set_status(c, c->ids[0], *to, ACTOR_OPERATOR), "status-changed");
}

static int
status_post(struct ctx *c)
{
	int s = case_status_parse(in_get(c, "status"));
	enum case_status to;
	struct care_case k;
	struct dbrow row;
	int rc;

	if ((rc = found(c, &row, &k)) != 0)
		return rc;
	if (s < 0)
		return reshow(c, "status", "status", form_raw(c, "status") == NULL ?
		    "required" : "invalid", 400);
	to = (enum case_status)s;
	rc = page_change(c, status_txn, &to);
	/* Not a move the operator may make from where it is: nothing written. */
	return rc == 409 ? reshow(c, "status", "status", "not-allowed", 409) : rc;
}

struct carry_out {
	const struct care_case	*k;
	const char		*product, *date;
};

static int
carry_txn(struct ctx *c, void *arg)
{
	const struct carry_out *a = arg;
	const char *lang = i18n_lang(a->k->lang) ? a->k->lang : c->conf->default_lang;
	const char *staff_lang = c->lang;
	struct sub_result res;
	struct buf note = { 0 };
	enum case_status st;
	char detail[480];
	int rc;

	/* The case still open, its subscription still the company's and running. */
	if ((rc = case_lock(c, c->ids[0], &st)) <= 0)
		return rc < 0 ? rc : 404;
	if (st == CS_RESOLVED || st == CS_CLOSED)
		return 409;
	/* The record is the customer's: the plans by their names in the
	 * customer's language (the plans offered are the same in every one). */
	c->lang = lang;
	if (a->k->asks == CARRY_PLAN)
		rc = sub_change_plan(c, a->k->sub_id, a->product, &res);
	else
		rc = sub_terminate(c, a->k->sub_id, a->date,
		    &(struct end_reason){ END_REASON_CARE, NULL }, &res);
	c->lang = staff_lang;
	if (rc != DB_OK)
		return rc == 404 ? 409 : rc;
	/* Recorded on the case, where the customer sees it, in their language. */
	{
		const char *vars[] = { "ref", res.ref, "from", res.from, "to", res.to,
		    "date", a->date ? a->date : "", NULL };

		i18n_fill(&note, i18n_get(lang, a->k->asks == CARRY_PLAN ?
		    "care.done.plan" : "care.done.terminate"), vars);
	}
	rc = case_operator_comment(c, c->ids[0], note.p, CC_RECORD);
	buf_free(&note);
	if (rc != DB_OK)
		return rc;
	if (a->k->asks == CARRY_PLAN)
		snprintf(detail, sizeof(detail), "plan-change %s: %s -> %s", res.ref,
		    res.from, res.to);
	else
		snprintf(detail, sizeof(detail), "terminate %s: %s", res.ref, a->date);
	if ((rc = page_audit(c, "case-carry-out", "case", c->ids[0], detail)) < 0 ||
	    (rc = case_set_status(c, c->ids[0], CS_RESOLVED, ACTOR_OPERATOR)) != DB_OK)
		return rc;
	return done(c, DB_OK, "change-carried-out");
}

static int
carry_post(struct ctx *c)
{
	struct carry_out a = { NULL, in_get(c, "product"), in_get(c, "date") };
	struct carry_check ck;
	struct care_case k;
	struct dbrow row;
	int rc;

	if ((rc = found(c, &row, &k)) != 0)
		return rc;
	if ((rc = carry_check(c, &k, 0, a.product, a.date, &ck)) != 0)
		return rc;
	if (ck.code != NULL)
		return reshow(c, "carry-out", ck.field, ck.code, ck.status);
	a.k = &k;
	rc = page_change(c, carry_txn, &a);
	if (rc == 400)
		return reshow(c, "carry-out", ck.field, "invalid", 400);
	return rc == 409 ? reshow(c, "carry-out", ck.field, "not-allowed", 409) : rc;
}

static const struct route routes[] = {
	{ "/admin/cases", R_STAFF, "admin-cases", queue_get, queue_fields, NULL, NULL,
	    "care" },
	/* Its forms post to the routes below with this page's one-time key. */
	{ "/admin/cases/#", R_STAFF | R_ONCE, "admin-case", case_get, carry_fields, NULL,
	    NULL, "care" },
	{ "/admin/cases/#/assign", R_STAFF | R_ONCE, "admin-case", NULL, NULL, assign_post,
	    assign_fields, "care" },
	{ "/admin/cases/#/reply", R_STAFF | R_ONCE, "admin-case", NULL, NULL, reply_post,
	    body_fields, "care" },
	{ "/admin/cases/#/note", R_STAFF | R_ONCE, "admin-case", NULL, NULL, note_post,
	    body_fields, "care" },
	{ "/admin/cases/#/status", R_STAFF | R_ONCE, "admin-case", NULL, NULL, status_post,
	    status_fields, "care" },
	{ "/admin/cases/#/carry-out", R_STAFF | R_ONCE, "admin-case", NULL, NULL,
	    carry_post, carry_fields, "care" },
};

static const char *const pages[] = { "admin-cases", "admin-case", NULL };
static const char *const flashes[] = { "case-assigned", "reply-sent", "note-added",
	"status-changed", "change-carried-out", NULL };
static const struct menu_item menu[] = {
	{ "/admin/cases", "admin.nav.cases", "care" },
	{ NULL, NULL, NULL },
};

const struct module care_module = {
	.name = "care", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
