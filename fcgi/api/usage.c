/*
 * Usage over the partner API, shaped after TM Forum TMF635. POST
 * /api/v1/usage: a batch of the mediation system's records (the body of
 * schema/xsd/usage-batch.xsd, up to USAGE_BATCH_MAX records), for a
 * mediation key only, imported by usage/import.c as a file is, with each
 * record's outcome in the answer. The same batch again adds nothing
 * (record ids are unique), so an Idempotency-Key is taken but not needed.
 * GET /api/v1/usage: a company key's usage by subscription, type and day
 * (usage_daily, what the portal's pages show), paged and filtered by
 * subscription and dates; another company's usage is not there.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "api/door.h"
#include "api/key.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/request.h"
#include "core/route.h"
#include "core/util.h"
#include "core/xml.h"
#include "usage/import.h"
#include "usage/usage.h"

#define USAGE_BATCH_MAX	10000
#define BATCH_NS	"urn:selfcare:usage-batch:1"

enum { U_SUB, U_TYPE, U_DAY, U_AMOUNT, U_RECORDS, U_REF, U__COLS };
enum { Q_LIST, Q_COUNT };
#define USAGE_WHERE \
	" d.company_id IN (SELECT company_id FROM api_key_companies WHERE key_id = ?)" \
	" AND (? = 0 OR d.subscription_id = ?)" \
	" AND (? IS NULL OR d.day >= ?) AND (? IS NULL OR d.day <= ?)"
static struct stmt stmts[] = {
	[Q_LIST] = STMT("apiusage.list", "iiissssii", U__COLS,
	    "SELECT d.subscription_id, d.usage_type, d.day, d.amount, d.records, s.ref"
	    " FROM usage_daily d JOIN subscriptions s ON s.id = d.subscription_id"
	    " AND s.company_id = d.company_id WHERE" USAGE_WHERE
	    " ORDER BY d.day, d.subscription_id, d.usage_type LIMIT ? OFFSET ?"),
	[Q_COUNT] = STMT("apiusage.count", "iiissss", 1,
	    "SELECT COUNT(*) FROM usage_daily d WHERE" USAGE_WHERE),
};

/* Each type's unit as the usage_daily amount counts it. */
static const char *const units[] = { "B", "s", "msg" };
static const char *const states[] = { "rated", NULL };

/* ---- POST: a batch ---- */

struct outcome {
	long		 line;
	char		*record;	/* NULL: none that can be shown */
	enum usage_outcome what;
	char		*why;
};

static void
collect(void *arg, long pos, long line, const char *record, enum usage_outcome what,
    const char *why)
{
	struct outcome *o = arg;

	if (pos < 1 || pos > USAGE_BATCH_MAX)
		return;
	o += pos - 1;
	o->line = line;
	o->record = record != NULL ? estrdup(record) : NULL;
	o->what = what;
	o->why = why != NULL ? estrdup(why) : NULL;
}

/* The body's root and its records: NULL, or what is wrong with it. */
static const char *
batch_shape(xmlDocPtr doc, long *n)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), k;

	*n = 0;
	if (root == NULL || xmlStrcmp(root->name, BAD_CAST "usage-batch") != 0 ||
	    root->ns == NULL || xmlStrcmp(root->ns->href, BAD_CAST BATCH_NS) != 0)
		return "usage-batch";
	for (k = root->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE && !xmlIsBlankNode(k))
			return "usage-batch";
		if (k->type == XML_ELEMENT_NODE && ++*n > USAGE_BATCH_MAX)
			return "usage";
	}
	return NULL;
}

static const char *const outcome_names[] = {
	[USAGE_ADDED] = "accepted", [USAGE_KNOWN] = "duplicate",
	[USAGE_REFUSED] = "refused",
};

static int
usage_post(struct ctx *c)
{
	struct usage_counts n;
	struct outcome *o;
	const char *bad;
	xmlNodePtr root, e;
	char name[96];
	long count, k;
	int rc;

	if (c->api->body == NULL)
		return api_error(c, 400, "usage-batch");
	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if ((bad = batch_shape(c->api->body, &count)) != NULL)
		return api_error(c, 422, bad);
	o = ecalloc((size_t)(count > 0 ? count : 1), sizeof(*o));
	snprintf(name, sizeof(name), "api:%s", c->api->prefix);
	rc = usage_import_buffer(c->db, c->conf, name, c->req->body, c->req->body_len,
	    collect, o, &n);
	if (rc == DB_OK) {
		root = api_begin(c, "usageBatchResult");
		x_attr_int(root, "records", n.records);
		x_attr_int(root, "accepted", n.added);
		x_attr_int(root, "duplicates", n.known);
		x_attr_int(root, "refused", n.refused);
		for (k = 0; k < count && k < n.records; k++) {
			e = x_el(root, "result");
			x_attr_int(e, "position", k + 1);
			x_attr_int(e, "line", o[k].line);
			if (o[k].record != NULL)
				x_attr(e, "record", o[k].record);
			x_attr(e, "status", outcome_names[o[k].what]);
			if (o[k].why != NULL)
				x_attr(e, "reason", o[k].why);
		}
	}
	for (k = 0; k < count; k++) {
		free(o[k].record);
		free(o[k].why);
	}
	free(o);
	if (rc == USAGE_NOT_A_BATCH)
		return api_error(c, 422, "usage-batch");
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- GET: the usage of the key's companies ---- */

static int
usage_list(struct ctx *c)
{
	struct kvlist rest;
	struct api_query q;
	struct kv v[16];
	const char *field = NULL, *sub, *from, *to;
	long long id = 0, type;
	struct dbrow row;
	xmlNodePtr list, e, ch;
	char uid[64], href[64];
	size_t i;
	int rc;

	/* subscription is this resource's own filter; the rest as for all. */
	rest.v = v, rest.n = 0;
	for (i = 0; i < c->req->query.n; i++) {
		if (strcmp(c->req->query.v[i].key, "subscription") == 0)
			continue;
		if (rest.n == COUNTOF(v))
			return api_error(c, 400, c->req->query.v[i].key);
		v[rest.n++] = c->req->query.v[i];
	}
	if ((rc = api_query_parse(&rest, states, &q, &field)) != APIQ_OK)
		return api_error(c, rc, field);
	if (q.since[0] != '\0')
		return api_error(c, 400, "updatedSince");
	if ((sub = kv_get(&c->req->query, "subscription")) != NULL &&
	    (kv_count(&c->req->query, "subscription") != 1 ||
	    parse_int(sub, 1, INT64_MAX, &id) == -1))
		return api_error(c, 400, "subscription");
	from = q.from[0] ? q.from : NULL, to = q.to[0] ? q.to : NULL;
	if ((rc = db_one(c->db, &stmts[Q_COUNT], &row, c->api->key_id, id, id, from, from,
	    to, to)) < 0)
		return page_db_status(rc);
	if (rc == 0 || parse_int(row.col[0], 0, INT64_MAX, &c->api->total) == -1)
		return 500;
	if ((rc = db_run(c->db, &stmts[Q_LIST], c->api->key_id, id, id, from, from, to, to,
	    q.limit, q.offset)) < 0)
		return page_db_status(rc);
	list = api_begin(c, "usageList");
	x_attr_int(list, "offset", q.offset);
	x_attr_int(list, "limit", q.limit);
	x_attr_int(list, "total", c->api->total);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		if ((type = usage_type_of(row.col[U_TYPE])) < 0)
			continue;
		/* A day's use has no id of its own: subscription, type and day. */
		snprintf(uid, sizeof(uid), "%s-%s-%s", row.col[U_SUB], row.col[U_TYPE],
		    row.col[U_DAY]);
		e = x_el(list, "usage");
		x_attr(e, "id", uid);
		x_text(e, "usageType", row.col[U_TYPE]);
		x_text(e, "usageDate", row.col[U_DAY]);
		ch = x_el(e, "product");
		x_attr(ch, "id", row.col[U_SUB]);
		snprintf(href, sizeof(href), "/api/v1/product/%s", row.col[U_SUB]);
		x_attr(ch, "href", href);
		x_text(e, "subscriptionRef", row.col[U_REF]);
		ch = x_el(e, "usageCharacteristic");
		x_attr(ch, "name", "amount");
		x_attr(ch, "unit", units[type]);
		xmlNodeSetContent(ch, BAD_CAST row.col[U_AMOUNT]);
		ch = x_el(e, "usageCharacteristic");
		x_attr(ch, "name", "records");
		xmlNodeSetContent(ch, BAD_CAST row.col[U_RECORDS]);
		x_text(e, "status", "rated");
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static const struct route routes[] = {
	{ "/api/v1/usage", R_MEDIATION, NULL, usage_list, NULL, usage_post, NULL,
	    "subscriptions" },
};

const struct module apiusage_module = {
	.name = "apiusage", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
