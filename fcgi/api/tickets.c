/*
 * The partner API's writes on trouble tickets: a case made for an
 * organization of the key as the portal's case form makes it (a support
 * case or a change request, a category of its kind, a subscription of the
 * company if one), and a note on a case, which the customer and customer
 * care see as a comment under the key's name. A create needs an
 * Idempotency-Key as a productOrder's does; a note takes If-Match with the
 * ticket's ETag. Both need the area support; both are audited.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "api/door.h"
#include "api/writes.h"
#include "cases/cases.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

enum { TOWNER_COMPANY, TOWNER__COLS };
enum { TSUB_ID, TSUB__COLS };
enum { Q_SUBSCRIPTION, Q_OWNER, Q_NOTE_ADD };
static struct stmt stmts[] = {
	[Q_SUBSCRIPTION] = STMT("apiticket.subscription", "ii", TSUB__COLS,
	    "SELECT id FROM subscriptions WHERE id = ? AND company_id = ?"),
	/* The company of a case of the key's companies. */
	[Q_OWNER] = STMT("apiticket.owner", "ii", TOWNER__COLS,
	    "SELECT k.company_id FROM cases k"
	    " JOIN api_key_companies a ON a.company_id = k.company_id"
	    " WHERE a.key_id = ? AND k.id = ?"),
	/* A note counts as a change of the case: its lastUpdate moves. */
	[Q_NOTE_ADD] = STMT("apiticket.note_add", "iis", 0,
	    "INSERT INTO case_comments (case_id, author, api_key_id, body)"
	    " VALUES (?, 'customer', ?, ?)"),
};

/* A case's kind and the categories the portal's forms offer for it. */
static const struct {
	const char		*kind;
	const char *const	*categories;
} kinds[] = {
	{ "support", case_support_categories },
	{ "change", case_change_categories },
};

struct create {
	struct ctx	*c;
	struct api_create w;
	long long	 subscription;
	const char	*kind;
	char		 category[64], subject[4 * CASE_SUBJECT_MAX + 1];
	char		 body[CASE_BODY_MAX + 2];	/* one more: too long */
};

static int
note_add(struct ctx *c, long long id, const char *body)
{
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_NOTE_ADD], id, c->api->key_id, body)) < 0)
		return rc;
	return DB_OK;
}

static int
create_txn(void *arg)
{
	struct create *k = arg;
	struct ctx *c = k->c;
	struct dbrow row;
	int rc;

	if ((rc = api_create_open(c, &k->w, API_MADE_CASE)) != DB_OK ||
	    k->w.status != 201 || k->w.id > 0)
		return rc;
	if (k->subscription > 0) {
		if ((rc = db_one(c->db, &stmts[Q_SUBSCRIPTION], &row, k->subscription,
		    c->co.id)) < 0)
			return rc;
		if (rc == 0) {
			k->w.status = 422, k->w.field = "product";
			return DB_OK;
		}
	}
	if ((k->w.id = case_create(c, k->kind, k->category, k->subject, "", 0,
	    k->subscription)) < 0)
		return (int)k->w.id;
	if ((rc = note_add(c, k->w.id, k->body)) < 0 ||
	    (rc = api_idem_add(c, &k->w, API_MADE_CASE, k->w.id)) < 0)
		return rc;
	return api_audit(c, strcmp(k->kind, "change") == 0 ? "change-request" :
	    "case-create", "case", k->w.id, k->category);
}

/* The body's kind and category: 0, or the field at fault. */
static const char *
kind_of(xmlNodePtr root, struct create *k)
{
	char v[16];
	size_t i;

	api_child_text(root, "ticketType", v, sizeof(v));
	for (i = 0; i < COUNTOF(kinds) && strcmp(kinds[i].kind, v) != 0; i++)
		;
	if (i == COUNTOF(kinds))
		return "ticketType";
	k->kind = kinds[i].kind;
	api_child_text(root, "category", k->category, sizeof(k->category));
	return case_in_list(kinds[i].categories, k->category) ? NULL : "category";
}

int
api_ticket_post(struct ctx *c)
{
	xmlNodePtr root;
	struct create k;
	char v[24];
	const char *bad;
	int rc;

	memset(&k, 0, sizeof(k));
	k.c = c;
	if ((rc = api_create_begin(c, "troubleTicket", &k.w)) != 0)
		return rc;
	root = xmlDocGetRootElement(c->api->body);
	if (api_child_text(root, "product", v, sizeof(v))[0] != '\0' &&
	    parse_int(v, 1, INT64_MAX, &k.subscription) == -1)
		return api_error(c, 422, "product");
	if ((bad = kind_of(root, &k)) != NULL)
		return api_error(c, 422, bad);
	api_child_text(root, "name", k.subject, sizeof(k.subject));
	api_child_text(root, "description", k.body, sizeof(k.body));
	if (case_text_problem(k.subject, k.subject, CASE_SUBJECT_MAX) != NULL)
		return api_error(c, 422, "name");
	if (case_text_problem(k.body, k.body, CASE_BODY_MAX) != NULL)
		return api_error(c, 422, "description");
	if ((rc = db_txn(c->db, create_txn, &k)) < 0)
		return page_db_status(rc);
	if (k.w.status != 201)
		return api_error(c, k.w.status, k.w.field);
	c->status = 201;
	return api_ticket_doc(c, k.w.id);
}

struct note {
	struct ctx	*c;
	long long	 id;
	char		 body[CASE_BODY_MAX + 2];	/* one more: too long */
};

/* As a customer's comment: on an open case, sending a waiting one back. */
static int
note_txn(void *arg)
{
	struct note *k = arg;
	struct ctx *c = k->c;
	enum case_status st;
	struct dbrow row;
	long long company;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_OWNER], &row, c->api->key_id, k->id)) < 0)
		return rc;
	if (rc == 0 || parse_int(row.col[TOWNER_COMPANY], 1, INT64_MAX, &company) == -1)
		return 404;
	if ((rc = api_act_for(c, company)) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = case_lock(c, k->id, &st)) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = api_if_match(c, api_ticket_doc, k->id)) != 0)
		return rc;
	if (!case_open(st))
		return 409;
	if ((rc = note_add(c, k->id, k->body)) < 0 ||
	    (rc = api_audit(c, "case-comment", "case", k->id, NULL)) < 0)
		return rc;
	if (case_after_customer_comment(st) != st)
		return case_set_status(c, k->id, case_after_customer_comment(st),
		    ACTOR_CUSTOMER);
	return DB_OK;
}

static int
note_post(struct ctx *c)
{
	struct note k;
	char field[64];
	int rc;

	memset(&k, 0, sizeof(k));
	k.c = c;
	k.id = c->ids[0];
	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if (c->api->body == NULL)
		return api_error(c, 400, "note");
	if ((rc = api_body_valid(c, "noteCreate", field)) != 0)
		return rc == 422 ? api_error(c, 422, field) : rc;
	api_child_text(xmlDocGetRootElement(c->api->body), "text", k.body, sizeof(k.body));
	if (case_text_problem(k.body, k.body, CASE_BODY_MAX) != NULL)
		return api_error(c, 422, "text");
	if ((rc = db_txn(c->db, note_txn, &k)) < 0)
		return page_db_status(rc);
	if (rc != 0)
		return api_error(c, rc, NULL);
	c->status = 201;
	return api_ticket_doc(c, k.id);
}

static const struct route routes[] = {
	{ "/api/v1/troubleTicket/#/note", 0, NULL, NULL, NULL, note_post, NULL, "support" },
};

const struct module apiticket_module = {
	.name = "apiticket", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
