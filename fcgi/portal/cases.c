/*
 * Support cases, change requests from a location's Manage page and the
 * list of all requests. The company comes from the dispatcher (ctx->co,
 * through the membership); every statement takes it, so another company's
 * case or location is not found (404). What writes a case is the case
 * model's (cases/cases.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"

#define SUBJECT_MAX	CASE_SUBJECT_MAX
#define BODY_MAX	CASE_BODY_MAX

/*
 * A case as the pages show it. The three statements that read cases give
 * the same leading columns, so case_el reads any of them: the case alone
 * (a location's change requests), with its location (the lists), and on
 * its own page with its service and creator.
 */
enum { CASE_ID, CASE_KIND, CASE_CATEGORY, CASE_SUBJECT, CASE_STATUS, CASE_CREATED,
	CASE_UPDATED, CASE_ALONE__COLS,
	CASE_LOCATION_ID = CASE_ALONE__COLS, CASE_LOCATION_NUMBER, CASE_LOCATION_NAME,
	CASE_LISTED__COLS,
	CASE_SERVICE_ID = CASE_LISTED__COLS, CASE_SERVICE_REF, CASE_SERVICE_NAME,
	CASE_CREATED_BY, CASE__COLS };
#define CASE_COLS \
	"SELECT k.id, k.kind, k.category, k.subject, k.status," \
	" DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(k.updated_at, '%Y-%m-%dT%H:%i:%s')"
enum { COMMENT_ID, COMMENT_AUTHOR, COMMENT_NAME, COMMENT_AT, COMMENT_BODY,
	COMMENT__COLS };
enum { CHANGE_FROM, CHANGE_TO, CHANGE_AT, CHANGE__COLS };
enum { Q_SUPPORT_OF_COMPANY, Q_SUPPORT_CASE, Q_SUPPORT_COMMENTS, Q_SUPPORT_HISTORY };
static struct stmt support_stmts[] = {
	/* kind '' lists both kinds. */
	[Q_SUPPORT_OF_COMPANY] = STMT("support.of_company", "issi", CASE_LISTED__COLS,
	    CASE_COLS ","
	    " l.id, l.number, l.name"
	    " FROM cases k LEFT JOIN locations l ON l.id = k.location_id"
	    " WHERE k.company_id = ? AND (? = '' OR k.kind = ?)"
	    " ORDER BY k.id DESC LIMIT ?"),
	[Q_SUPPORT_CASE] = STMT("support.case", "ii", CASE__COLS,
	    CASE_COLS ","
	    " l.id, l.number, l.name, s.id, s.ref, p.name, u.name"
	    " FROM cases k LEFT JOIN locations l ON l.id = k.location_id"
	    " LEFT JOIN subscriptions s ON s.id = k.subscription_id"
	    " LEFT JOIN products p ON p.id = s.product_id"
	    " LEFT JOIN users u ON u.id = k.created_by"
	    " WHERE k.id = ? AND k.company_id = ?"),
	/* Never the operator's internal notes. A reply names the staff
	 * member by first name only (cases/cases.h). */
	[Q_SUPPORT_COMMENTS] = STMT("support.comments", "ii", COMMENT__COLS,
	    "SELECT t.id, t.author, COALESCE(u.name, SUBSTRING_INDEX(f.name, ' ', 1), a.name),"
	    " DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%s'), t.body"
	    " FROM case_comments t JOIN cases k ON k.id = t.case_id AND k.company_id = ?"
	    " LEFT JOIN users u ON u.id = t.user_id"
	    " LEFT JOIN api_keys a ON a.id = t.api_key_id"
	    " LEFT JOIN staff f ON f.id = t.staff_id"
	    " WHERE t.case_id = ? AND t.internal = 0 ORDER BY t.id"),
	[Q_SUPPORT_HISTORY] = STMT("support.history", "ii", CHANGE__COLS,
	    "SELECT h.from_status, h.to_status, DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s')"
	    " FROM case_status_history h JOIN cases k ON k.id = h.case_id AND k.company_id = ?"
	    " WHERE h.case_id = ? ORDER BY h.id"),
};

enum { LSVC_LOCATION_ID, LSVC_LOCATION_NUMBER, LSVC_LOCATION_NAME, LSVC_SERVICE_ID,
	LSVC_SERVICE_NAME, LSVC_SERVICE_REF, LSVC__COLS };
enum { SVC_ID, SVC_NAME, SVC_REF, SVC__COLS };
enum { Q_ORDERS_LOCATION_SERVICES, Q_ORDERS_LOCATION_CHANGES, Q_ORDERS_SERVICE };
static struct stmt orders_stmts[] = {
	[Q_ORDERS_LOCATION_SERVICES] = STMT("orders.location_services", "ii", LSVC__COLS,
	    "SELECT l.id, l.number, l.name, s.id, p.name, s.ref FROM locations l"
	    " LEFT JOIN subscriptions s ON s.location_id = l.id AND s.company_id = l.company_id"
	    "  AND s.status <> 'terminated'"
	    " LEFT JOIN products p ON p.id = s.product_id"
	    " WHERE l.id = ? AND l.company_id = ? ORDER BY s.id"),
	/* The location's change requests (the orders area's; support cases are not). */
	[Q_ORDERS_LOCATION_CHANGES] = STMT("orders.location_changes", "ii", CASE_ALONE__COLS,
	    CASE_COLS
	    " FROM cases k WHERE k.location_id = ? AND k.company_id = ? AND k.kind = 'change'"
	    " ORDER BY k.id DESC LIMIT 20"),
	[Q_ORDERS_SERVICE] = STMT("orders.service", "iii", SVC__COLS,
	    "SELECT s.id, p.name, s.ref FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    " WHERE s.id = ? AND s.location_id = ? AND s.company_id = ? AND s.status <> 'terminated'"),
};
#undef CASE_COLS

static const struct field case_new_fields[] = {
	{ "subject", V_TEXT, 0 },
	{ "category", V_TEXT, 0 },
	{ "description", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field case_comment_fields[] = {
	{ "body", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field orders_change_fields[] = {
	{ "service", V_TEXT, 0 },
	{ "change", V_TEXT, 0 },
	{ "comment", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

/* Byte bound: a UTF-8 string of n bytes has at most n characters. */
static int
too_long(const char *s, size_t max)
{
	return s != NULL && strlen(s) > max;
}

/* <case> from a row of the case columns (with its location when the row
 * has it); the times in zone. */
static xmlNodePtr
case_el(xmlNodePtr parent, const struct dbrow *row, int with_location, const char *zone)
{
	xmlNodePtr k = x_el(parent, "case"), l;

	x_attr(k, "id", row->col[CASE_ID]);
	x_attr(k, "kind", row->col[CASE_KIND]);
	x_text(k, "category", row->col[CASE_CATEGORY]);
	x_text(k, "subject", row->col[CASE_SUBJECT]);
	x_text(k, "status", row->col[CASE_STATUS]);
	x_time(k, "created", zone, row->col[CASE_CREATED]);
	x_time(k, "updated", zone, row->col[CASE_UPDATED]);
	if (with_location && row->col[CASE_LOCATION_ID] != NULL) {
		l = x_el(k, "location");
		x_attr(l, "id", row->col[CASE_LOCATION_ID]);
		x_text(l, "number", row->col[CASE_LOCATION_NUMBER]);
		x_text(l, "name", row->col[CASE_LOCATION_NAME]);
	}
	return k;
}

int
cases_list(struct ctx *c, xmlNodePtr parent, const char *kind, long long limit)
{
	xmlNodePtr list = x_el(parent, "cases");
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &support_stmts[Q_SUPPORT_OF_COMPANY], c->co.id, kind, kind,
	    limit)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &support_stmts[Q_SUPPORT_OF_COMPANY], &row)) == 1)
		case_el(list, &row, 1, c->co.time_zone);
	return rc;
}

/* ---- all requests of the company ---- */

static int
cases_get(struct ctx *c)
{
	int rc;

	page_begin(c, "cases");
	if ((rc = cases_list(c, c->root, "", 500)) < 0)
		return page_db_status(rc);
	return 0;
}

/* ---- create a support case ---- */

static void
list_el(xmlNodePtr parent, const char *name, const char *item,
    const char *const *values)
{
	xmlNodePtr l = x_el(parent, name);

	for (; *values != NULL; values++)
		x_text(l, item, *values);
}

static xmlNodePtr
case_new_page(struct ctx *c)
{
	page_begin(c, "case-new");
	list_el(c->root, "categories", "category", case_support_categories);
	return form_el(c->root, "case");
}

static int
case_new_get(struct ctx *c)
{
	case_new_page(c);
	return 0;
}

struct new_case {
	const char	*kind, *category, *subject, *body;
	long long	 location_id, subscription_id;
	const char	*flash;
	const char	*back;	/* "case": the case page; "location": the manage page */
};

static int
case_create_txn(struct ctx *c, void *arg)
{
	struct new_case *nc = arg;
	long long id;
	char sid[24];
	int rc;

	id = case_create(c, nc->kind, nc->category, nc->subject, nc->body,
	    nc->location_id, nc->subscription_id);
	if (id < 0)
		return (int)id;
	if ((rc = page_audit(c, strcmp(nc->kind, "change") == 0 ?
	    "change-request" : "case-create", "case", id, nc->category)) < 0)
		return rc;
	snprintf(sid, sizeof(sid), "%lld", id);
	{
		const char *vars[] = { "id", sid, "subject", nc->subject,
		    "company", c->co.name, NULL };

		if ((rc = page_mail(c, c->sess.user_email, c->sess.user_lang,
		    "mail.case.received.subject", "mail.case.received.body",
		    vars)) < 0)
			return rc;
	}
	if (strcmp(nc->back, "location") == 0)
		page_redirectf(c, "/locations/%lld/manage?done=%s", nc->location_id,
		    nc->flash);
	else
		page_redirectf(c, "/companies/%lld/cases/%lld?done=%s", c->co.id, id,
		    nc->flash);
	return DB_OK;
}

static int
case_new_post(struct ctx *c)
{
	const char *subject = in_get(c, "subject"), *cat = in_get(c, "category");
	const char *desc = in_get(c, "description");
	struct new_case nc = { "support", cat, subject, desc, 0, 0, "case-created", "case" };
	const char *code;
	xmlNodePtr f;
	int bad = 0, rc;

	f = case_new_page(c);
	form_keep(c, f, "subject");
	form_keep(c, f, "category");
	form_keep(c, f, "description");
	if ((code = case_text_problem(subject, form_raw(c, "subject"), SUBJECT_MAX)) != NULL)
		bad = 1, form_error(f, "subject", code);
	if (!case_in_list(case_support_categories, cat))
		bad = 1, form_error(f, "category", case_blank(cat) ?
		    "required" : "invalid");
	if ((code = case_text_problem(desc, form_raw(c, "description"), BODY_MAX)) != NULL)
		bad = 1, form_error(f, "description", code);
	if (bad) {
		c->status = 400;
		return 0;
	}
	rc = page_change(c, case_create_txn, &nc);
	return rc;
}

/* ---- one case: thread, status history, comment ---- */

static int
case_page(struct ctx *c)
{
	xmlNodePtr k, e, list;
	struct dbrow row;
	int rc;

	rc = db_one(c->db, &support_stmts[Q_SUPPORT_CASE], &row, c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "case");
	k = case_el(c->root, &row, 1, c->co.time_zone);
	if (row.col[CASE_SERVICE_ID] != NULL) {
		e = x_el(k, "service");
		x_attr(e, "id", row.col[CASE_SERVICE_ID]);
		x_text(e, "name", row.col[CASE_SERVICE_NAME]);
		x_text(e, "ref", row.col[CASE_SERVICE_REF]);
	}
	x_text(k, "created-by", row.col[CASE_CREATED_BY]);
	if ((rc = db_run(c->db, &support_stmts[Q_SUPPORT_COMMENTS], c->co.id,
	    c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(k, "comments");
	while ((rc = db_fetch(c->db, &support_stmts[Q_SUPPORT_COMMENTS], &row)) == 1) {
		e = x_el(list, "comment");
		x_attr(e, "id", row.col[COMMENT_ID]);
		x_attr(e, "author", row.col[COMMENT_AUTHOR]);
		x_text(e, "name", row.col[COMMENT_NAME]);
		x_time(e, "at", c->co.time_zone, row.col[COMMENT_AT]);
		x_text(e, "body", row.col[COMMENT_BODY]);
	}
	if (rc < 0)
		return page_db_status(rc);
	if ((rc = db_run(c->db, &support_stmts[Q_SUPPORT_HISTORY], c->co.id,
	    c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(k, "history");
	while ((rc = db_fetch(c->db, &support_stmts[Q_SUPPORT_HISTORY], &row)) == 1) {
		e = x_el(list, "change");
		x_text(e, "from", row.col[CHANGE_FROM]);
		x_text(e, "to", row.col[CHANGE_TO]);
		x_time(e, "at", c->co.time_zone, row.col[CHANGE_AT]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
case_get(struct ctx *c)
{
	int rc = case_page(c);

	if (rc == 0)
		form_el(c->root, "comment");
	return rc;
}

static int
case_comment_txn(struct ctx *c, void *arg)
{
	const char *body = arg;
	enum case_status st;
	int rc;

	/* Locks the case: its status decides, and may change. */
	rc = case_lock(c, c->ids[1], &st);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (!case_open(st))
		return 409;
	if ((rc = case_comment_add(c, c->ids[1], body)) < 0)
		return rc;
	if ((rc = page_audit(c, "case-comment", "case", c->ids[1], NULL)) < 0)
		return rc;
	if (case_after_customer_comment(st) != st && (rc = case_set_status(c, c->ids[1],
	    case_after_customer_comment(st), ACTOR_CUSTOMER)) != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/cases/%lld?done=comment-added", c->co.id,
	    c->ids[1]);
	return DB_OK;
}

static int
case_post(struct ctx *c)
{
	const char *body = in_get(c, "body");
	const char *code = case_text_problem(body, form_raw(c, "body"), BODY_MAX);
	xmlNodePtr f;
	int rc;

	if (code == NULL) {
		rc = page_change(c, case_comment_txn, (void *)(uintptr_t)body);
		if (rc != 409)
			return rc;
		code = "closed";
	}
	if ((rc = case_page(c)) != 0)
		return rc;
	f = form_el(c->root, "comment");
	form_keep(c, f, "body");
	form_error(f, "body", code);
	c->status = strcmp(code, "closed") == 0 ? 409 : 400;
	return 0;
}

/* ---- change requests from a location's Manage page ---- */

static int
orders_change_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr loc = NULL, e, list;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &orders_stmts[Q_ORDERS_LOCATION_SERVICES], c->ids[0],
	    c->co.id)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &orders_stmts[Q_ORDERS_LOCATION_SERVICES],
	    &row)) == 1) {
		if (loc == NULL) {
			page_begin(c, "manage");
			loc = x_el(c->root, "location");
			x_attr(loc, "id", row.col[LSVC_LOCATION_ID]);
			x_text(loc, "number", row.col[LSVC_LOCATION_NUMBER]);
			x_text(loc, "name", row.col[LSVC_LOCATION_NAME]);
		}
		if (row.col[LSVC_SERVICE_ID] == NULL)
			continue;
		e = x_el(loc, "service");
		x_attr(e, "id", row.col[LSVC_SERVICE_ID]);
		x_text(e, "name", row.col[LSVC_SERVICE_NAME]);
		x_text(e, "ref", row.col[LSVC_SERVICE_REF]);
	}
	if (rc < 0)
		return page_db_status(rc);
	if (loc == NULL)
		return 404;
	list_el(c->root, "changes", "change", case_change_categories);
	if ((rc = db_run(c->db, &orders_stmts[Q_ORDERS_LOCATION_CHANGES], c->ids[0],
	    c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "cases");
	while ((rc = db_fetch(c->db, &orders_stmts[Q_ORDERS_LOCATION_CHANGES], &row)) == 1)
		case_el(list, &row, 0, c->co.time_zone);
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "change");
	return 0;
}

static int
orders_change_get(struct ctx *c)
{
	xmlNodePtr f;

	return orders_change_page(c, &f);
}

static int
orders_change_post(struct ctx *c)
{
	const char *svc = in_get(c, "service"), *chg = in_get(c, "change");
	const char *comment = in_get(c, "comment");
	struct new_case nc = { "change", chg, NULL, comment, c->ids[0], 0,
	    "change-requested", "location" };
	char subject[SUBJECT_MAX + 1];
	struct dbrow row;
	xmlNodePtr f;
	long long sid = 0;
	int bad = 0, rc;

	if ((rc = orders_change_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "service");
	form_keep(c, f, "change");
	form_keep(c, f, "comment");
	/* The service must be one of this location's (of this company). */
	if (case_blank(svc))
		bad = 1, form_error(f, "service", "required");
	else if (parse_int(svc, 1, INT64_MAX, &sid) == -1 ||
	    (rc = db_one(c->db, &orders_stmts[Q_ORDERS_SERVICE], &row, sid, c->ids[0],
	    c->co.id)) == 0)
		bad = 1, form_error(f, "service", "invalid");
	else if (rc < 0)
		return page_db_status(rc);
	else
		/* The case's subject names the service, as the guide shows it. */
		snprintf(subject, sizeof(subject), "%s (%s)", row.col[SVC_NAME],
		    row.col[SVC_REF]);
	if (!case_in_list(case_change_categories, chg))
		bad = 1, form_error(f, "change", case_blank(chg) ?
		    "required" : "invalid");
	if (too_long(form_raw(c, "comment"), BODY_MAX) || (comment == NULL &&
	    form_raw(c, "comment") != NULL))
		bad = 1, form_error(f, "comment", "too-long");
	if (bad) {
		c->status = 400;
		return 0;
	}
	nc.subject = subject;
	nc.subscription_id = sid;
	if (case_blank(comment))
		nc.body = "";
	return page_change(c, case_create_txn, &nc);
}

static const struct route support_routes[] = {
	{ "/companies/#/cases", R_COMPANY, "cases", cases_get, NULL, NULL, NULL,
	    "support" },
	{ "/companies/#/cases/new", R_COMPANY | R_ONCE, "case-new", case_new_get, NULL,
	    case_new_post, case_new_fields, "support" },
	{ "/companies/#/cases/#", R_COMPANY | R_ONCE, "case", case_get, NULL,
	    case_post, case_comment_fields, "support" },
};

static const char *const support_pages[] = { "cases", "case-new", "case", NULL };
static const char *const support_flashes[] = { "case-created", "comment-added", NULL };
static const struct menu_item support_menu[] = {
	{ "/cases", "nav.cases", "support" },
	{ NULL, NULL, NULL },
};

const struct module support_module = {
	.name = "support", .area = 1,
	.routes = support_routes, .nroutes = COUNTOF(support_routes),
	.pages = support_pages, .flashes = support_flashes, .menu = support_menu,
	.stmts = support_stmts, .nstmts = COUNTOF(support_stmts),
};

/*
 * Orders: for now the change requests of a location's Manage page, which
 * are cases of kind change (the same status model and mails); the area
 * is granted apart from support, as the plan change and termination of a
 * subscription need it too.
 */
static const struct route orders_routes[] = {
	{ "/locations/#/manage", R_LOCATION | R_ONCE, "manage", orders_change_get, NULL,
	    orders_change_post, orders_change_fields, "orders" },
};

static const char *const orders_pages[] = { "manage", NULL };
static const char *const orders_flashes[] = { "change-requested", NULL };

const struct module orders_module = {
	.name = "orders", .area = 1,
	.routes = orders_routes, .nroutes = COUNTOF(orders_routes),
	.pages = orders_pages, .flashes = orders_flashes,
	.stmts = orders_stmts, .nstmts = COUNTOF(orders_stmts),
};
