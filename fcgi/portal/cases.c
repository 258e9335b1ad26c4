/*
 * Support cases (D1), change requests from a location's Manage page (M6)
 * and the list of all requests (M7). The
 * company comes from the dispatcher (ctx->co, through the membership);
 * every statement takes it, so another company's case or location is not
 * found (404).
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

#define SUBJECT_MAX	200
#define BODY_MAX	5000

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

static const struct field manage_fields[] = {
	{ "service", V_TEXT, 0 },
	{ "change", V_TEXT, 0 },
	{ "comment", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

/* Whether s holds something other than white space. */
static int
blank(const char *s)
{
	if (s == NULL)
		return 1;
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Byte bound: a UTF-8 string of n bytes has at most n characters. */
static int
too_long(const char *s, size_t max)
{
	return s != NULL && strlen(s) > max;
}

/* <case> from a row: id kind category subject status created updated [loc id
 * number name]; the times in zone. */
static xmlNodePtr
case_el(xmlNodePtr parent, const struct dbrow *row, int with_location, const char *zone)
{
	xmlNodePtr k = x_el(parent, "case"), l;

	x_attr(k, "id", row->col[0]);
	x_attr(k, "kind", row->col[1]);
	x_text(k, "category", row->col[2]);
	x_text(k, "subject", row->col[3]);
	x_text(k, "status", row->col[4]);
	x_time(k, "created", zone, row->col[5]);
	x_time(k, "updated", zone, row->col[6]);
	if (with_location && row->col[7] != NULL) {
		l = x_el(k, "location");
		x_attr(l, "id", row->col[7]);
		x_text(l, "number", row->col[8]);
		x_text(l, "name", row->col[9]);
	}
	return k;
}

int
cases_list(struct ctx *c, xmlNodePtr parent, const char *kind, long long limit)
{
	xmlNodePtr list = x_el(parent, "cases");
	struct dbrow row;
	int rc;

	if ((rc = dbe_run(c->db, ST_CASES_OF_COMPANY, "issi", c->co.id, kind, kind,
	    limit)) < 0)
		return rc;
	while ((rc = dbe_fetch(c->db, ST_CASES_OF_COMPANY, &row)) == 1)
		case_el(list, &row, 1, c->co.time_zone);
	return rc;
}

/* ---- M7 all requests of the company ---- */

static int
cases_get(struct ctx *c)
{
	int rc;

	page_begin(c, "cases");
	if ((rc = cases_list(c, c->root, "", 500)) < 0)
		return page_db_status(rc);
	return 0;
}

/* ---- D1 create a support case ---- */

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
new_case_txn(struct ctx *c, void *arg)
{
	struct new_case *nc = arg;
	long long id;
	char sid[24];
	int rc;

	rc = dbe_run(c->db, ST_CASE_NEW, "isssIII", c->co.id, nc->kind, nc->category,
	    nc->subject, nc->location_id, nc->subscription_id, c->sess.user_id);
	if (rc < 0)
		return rc;
	id = dbe_insert_id(c->db, ST_CASE_NEW);
	if (nc->body[0] != '\0' && (rc = dbe_run(c->db, ST_CASE_COMMENT_ADD, "iis", id,
	    c->sess.user_id, nc->body)) < 0)
		return rc;
	if ((rc = dbe_run(c->db, ST_CASE_HISTORY_ADD, "issI", id, NULL, "new",
	    c->sess.user_id)) < 0)
		return rc;
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
	xmlNodePtr f;
	int bad = 0, rc;

	f = case_new_page(c);
	form_keep(c, f, "subject");
	form_keep(c, f, "category");
	form_keep(c, f, "description");
	if (blank(subject) && !too_long(form_raw(c, "subject"), SUBJECT_MAX))
		bad = 1, form_error(f, "subject", "required");
	else if (subject == NULL || too_long(subject, SUBJECT_MAX))
		bad = 1, form_error(f, "subject", "too-long");
	if (!case_in_list(case_support_categories, cat))
		bad = 1, form_error(f, "category", blank(cat) ? "required" : "invalid");
	if (blank(desc) && !too_long(form_raw(c, "description"), BODY_MAX))
		bad = 1, form_error(f, "description", "required");
	else if (desc == NULL || too_long(desc, BODY_MAX))
		bad = 1, form_error(f, "description", "too-long");
	if (bad) {
		c->status = 400;
		return 0;
	}
	rc = page_change(c, new_case_txn, &nc);
	return rc;
}

/* ---- D1 one case: thread, status history, comment ---- */

static int
case_page(struct ctx *c)
{
	xmlNodePtr k, e, list;
	struct dbrow row;
	int rc;

	rc = dbe_one(c->db, ST_CASE_GET, &row, "ii", c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "case");
	k = case_el(c->root, &row, 1, c->co.time_zone);
	if (row.col[10] != NULL) {
		e = x_el(k, "service");
		x_attr(e, "id", row.col[10]);
		x_text(e, "name", row.col[12]);
		x_text(e, "ref", row.col[11]);
	}
	x_text(k, "created-by", row.col[13]);
	if ((rc = dbe_run(c->db, ST_CASE_COMMENTS, "ii", c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(k, "comments");
	while ((rc = dbe_fetch(c->db, ST_CASE_COMMENTS, &row)) == 1) {
		e = x_el(list, "comment");
		x_attr(e, "id", row.col[0]);
		x_attr(e, "author", row.col[1]);
		x_text(e, "name", row.col[2]);
		x_time(e, "at", c->co.time_zone, row.col[3]);
		x_text(e, "body", row.col[4]);
	}
	if (rc < 0)
		return page_db_status(rc);
	if ((rc = dbe_run(c->db, ST_CASE_HISTORY, "ii", c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(k, "history");
	while ((rc = dbe_fetch(c->db, ST_CASE_HISTORY, &row)) == 1) {
		e = x_el(list, "change");
		x_text(e, "from", row.col[0]);
		x_text(e, "to", row.col[1]);
		x_time(e, "at", c->co.time_zone, row.col[2]);
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
comment_txn(struct ctx *c, void *arg)
{
	const char *body = arg;
	struct dbrow row;
	int rc, st;

	/* Locks the case: its status decides, and may change. */
	rc = dbe_one(c->db, ST_CASE_LOCK, &row, "ii", c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if ((st = case_status_parse(row.col[0])) < 0)
		return DB_ERROR;
	if (!case_open((enum case_status)st))
		return 409;
	if ((rc = dbe_run(c->db, ST_CASE_COMMENT_ADD, "iis", c->ids[1],
	    c->sess.user_id, body)) < 0)
		return rc;
	if ((rc = page_audit(c, "case-comment", "case", c->ids[1], NULL)) < 0)
		return rc;
	if (case_after_customer_comment((enum case_status)st) != (enum case_status)st &&
	    (rc = case_set_status(c, c->ids[1],
	    case_after_customer_comment((enum case_status)st), ACTOR_CUSTOMER)) != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/cases/%lld?done=comment-added", c->co.id,
	    c->ids[1]);
	return DB_OK;
}

static int
case_post(struct ctx *c)
{
	const char *body = in_get(c, "body");
	const char *code = NULL;
	xmlNodePtr f;
	int rc;

	if (blank(body) && !too_long(form_raw(c, "body"), BODY_MAX))
		code = "required";
	else if (body == NULL || too_long(body, BODY_MAX))
		code = "too-long";
	if (code == NULL) {
		rc = page_change(c, comment_txn, (void *)(uintptr_t)body);
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

/* ---- M6 change requests from a location's Manage page ---- */

static int
manage_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr loc = NULL, e, list;
	struct dbrow row;
	int rc;

	if ((rc = dbe_run(c->db, ST_LOCATION_SERVICES, "ii", c->ids[0], c->co.id)) < 0)
		return page_db_status(rc);
	while ((rc = dbe_fetch(c->db, ST_LOCATION_SERVICES, &row)) == 1) {
		if (loc == NULL) {
			page_begin(c, "manage");
			loc = x_el(c->root, "location");
			x_attr(loc, "id", row.col[0]);
			x_text(loc, "number", row.col[1]);
			x_text(loc, "name", row.col[2]);
		}
		if (row.col[3] == NULL)
			continue;
		e = x_el(loc, "service");
		x_attr(e, "id", row.col[3]);
		x_text(e, "name", row.col[4]);
		x_text(e, "ref", row.col[5]);
	}
	if (rc < 0)
		return page_db_status(rc);
	if (loc == NULL)
		return 404;
	list_el(c->root, "changes", "change", case_change_categories);
	if ((rc = dbe_run(c->db, ST_LOCATION_CASES, "ii", c->ids[0], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "cases");
	while ((rc = dbe_fetch(c->db, ST_LOCATION_CASES, &row)) == 1)
		case_el(list, &row, 0, c->co.time_zone);
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "change");
	return 0;
}

static int
manage_get(struct ctx *c)
{
	xmlNodePtr f;

	return manage_page(c, &f);
}

static int
manage_post(struct ctx *c)
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

	if ((rc = manage_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "service");
	form_keep(c, f, "change");
	form_keep(c, f, "comment");
	/* The service must be one of this location's (of this company). */
	if (blank(svc))
		bad = 1, form_error(f, "service", "required");
	else if (parse_int(svc, 1, INT64_MAX, &sid) == -1 ||
	    (rc = dbe_one(c->db, ST_LOCATION_SUBSCRIPTION, &row, "iii", sid, c->ids[0],
	    c->co.id)) == 0)
		bad = 1, form_error(f, "service", "invalid");
	else if (rc < 0)
		return page_db_status(rc);
	else
		/* The case's subject names the service, as the guide shows it. */
		snprintf(subject, sizeof(subject), "%s (%s)", row.col[1], row.col[2]);
	if (!case_in_list(case_change_categories, chg))
		bad = 1, form_error(f, "change", blank(chg) ? "required" : "invalid");
	if (too_long(form_raw(c, "comment"), BODY_MAX) || (comment == NULL &&
	    form_raw(c, "comment") != NULL))
		bad = 1, form_error(f, "comment", "too-long");
	if (bad) {
		c->status = 400;
		return 0;
	}
	nc.subject = subject;
	nc.subscription_id = sid;
	if (comment == NULL || blank(comment))
		nc.body = "";
	return page_change(c, new_case_txn, &nc);
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
};

/*
 * Orders: for now the change requests of a location's Manage page, which
 * are cases of kind change (the same status model and mails); the area
 * is granted apart from support, as the plan change and termination of a
 * subscription need it too.
 */
static const struct route orders_routes[] = {
	{ "/locations/#/manage", R_LOCATION | R_ONCE, "manage", manage_get, NULL,
	    manage_post, manage_fields, "orders" },
};

static const char *const orders_pages[] = { "manage", NULL };
static const char *const orders_flashes[] = { "change-requested", NULL };

const struct module orders_module = {
	.name = "orders", .area = 1,
	.routes = orders_routes, .nroutes = COUNTOF(orders_routes),
	.pages = orders_pages, .flashes = orders_flashes,
};
