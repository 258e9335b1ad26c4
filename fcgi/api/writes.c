/*
 * The partner API's writes on orders: a productOrder made for an
 * organization of the key through order_create, as the portal's order
 * form makes it, and its cancel. The body was read by the door under the
 * untrusted-XML rules; here it is checked against its schema before
 * anything is looked up. A create needs an Idempotency-Key: the same key
 * and body again answer with the same order, the same key with another
 * body is refused. Every write is audited under the key's name.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <sodium.h>

#include "api/door.h"
#include "api/writes.h"
#include "core/audit.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "orders/orders.h"
#include "orders/provision.h"
#include "subscriptions/change.h"


enum { CO_ID, CO_NAME, CO_COUNTRY, CO__COLS };
enum { IDEM_HASH, IDEM_ORDER, IDEM_CASE, IDEM_TXN, IDEM__COLS };
enum { PROD_ID, PROD_CODE, PROD_KIND, PROD_NAME, PROD_ONEOFF, PROD_MONTHLY,
	PROD_CURRENCY, PROD__COLS };
enum { OWNER_COMPANY, OWNER__COLS };
enum { Q_COMPANY, Q_IDEM, Q_IDEM_ADD, Q_PRODUCT, Q_OWNER };
static struct stmt stmts[] = {
	/* An organization of the key, open for orders. */
	[Q_COMPANY] = STMT("apiwrite.company", "ii", CO__COLS,
	    "SELECT c.id, c.name, c.country FROM companies c"
	    " JOIN api_key_companies k ON k.company_id = c.id"
	    " WHERE k.key_id = ? AND c.id = ? AND c.status = 'active'"),
	[Q_IDEM] = STMT("apiwrite.idem", "is", IDEM__COLS,
	    "SELECT body_hash, order_id, case_id, bank_transaction_id FROM api_idempotency"
	    " WHERE key_id = ? AND idem_key = ? FOR UPDATE"),
	/* What the write made, in its column (the other NULL). */
	[Q_IDEM_ADD] = STMT("apiwrite.idem_add", "isbIII", 0,
	    "INSERT INTO api_idempotency (key_id, idem_key, body_hash, order_id, case_id,"
	    " bank_transaction_id) VALUES (?, ?, ?, ?, ?, ?)"),
	[Q_PRODUCT] = STMT("apiwrite.product", "ssii", PROD__COLS,
	    ORDER_OFFERED("'sim', 'hardware'") " AND p.id = ?"),
	/* The company of an order of the key's companies. */
	[Q_OWNER] = STMT("apiwrite.owner", "ii", OWNER__COLS,
	    "SELECT o.company_id FROM orders o"
	    " JOIN api_key_companies k ON k.company_id = o.company_id"
	    " WHERE k.key_id = ? AND o.id = ?"),
};

/* The first element the schema's validator complained about. */
static void
schema_error(void *arg, xmlErrorPtr e)
{
	char *field = arg;

	if (field[0] == '\0' && e != NULL && e->node != NULL &&
	    ((xmlNodePtr)e->node)->name != NULL)
		snprintf(field, 64, "%s", (const char *)((xmlNodePtr)e->node)->name);
}

int
api_body_valid(struct ctx *c, const char *name, char field[64])
{
	xmlSchemaParserCtxtPtr pc = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlSchemaPtr schema = NULL;
	char path[1200];
	int rc = 500;

	field[0] = '\0';
	snprintf(path, sizeof(path), "%s/api/v1/%s.xsd", c->conf->schema_dir, name);
	if ((pc = xmlSchemaNewParserCtxt(path)) == NULL ||
	    (schema = xmlSchemaParse(pc)) == NULL ||
	    (vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		log_error("api: the schema %s cannot be used", path);
		goto done;
	}
	xmlSchemaSetValidStructuredErrors(vc, schema_error, field);
	rc = xmlSchemaValidateDoc(vc, c->api->body) == 0 ? 0 : 422;
	if (rc == 422 && field[0] == '\0')
		snprintf(field, 64, "%s",
		    (const char *)xmlDocGetRootElement(c->api->body)->name);
done:
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return rc;
}

const char *
api_child_text(xmlNodePtr root, const char *el, char *out, size_t cap)
{
	xmlNodePtr n;
	xmlChar *v;

	out[0] = '\0';
	for (n = xmlFirstElementChild(root); n != NULL; n = xmlNextElementSibling(n))
		if (xmlStrcmp(n->name, BAD_CAST el) == 0)
			break;
	if (n == NULL)
		return out;
	v = xmlHasProp(n, BAD_CAST "id") ? xmlGetProp(n, BAD_CAST "id") :
	    xmlNodeGetContent(n);
	if (v != NULL)
		snprintf(out, cap, "%s", (const char *)v);
	xmlFree(v);
	return out;
}

struct create {
	struct ctx	*c;
	struct api_create w;
	long long	 product, quantity;
	char		 name[801], street[801], postcode[41], city[401];
};

/* The company of the write as the portal's code sees it; the key as the one who asked. */
int
api_act_for(struct ctx *c, long long company)
{
	struct dbrow co;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_COMPANY], &co, c->api->key_id, company)) != 1)
		return rc;
	memset(&c->co, 0, sizeof(c->co));
	parse_int(co.col[CO_ID], 1, INT64_MAX, &c->co.id);
	snprintf(c->co.name, sizeof(c->co.name), "%s", co.col[CO_NAME]);
	snprintf(c->co.country, sizeof(c->co.country), "%s",
	    co.col[CO_COUNTRY] ? co.col[CO_COUNTRY] : "");
	snprintf(c->sess.user_name, sizeof(c->sess.user_name), "%.200s", c->api->name);
	return 1;
}

int
api_audit(struct ctx *c, const char *action, const char *object, long long id,
    const char *detail)
{
	char d[640];

	snprintf(d, sizeof(d), "API key %s (%s)%s%s", c->api->name, c->api->prefix,
	    detail ? ": " : "", detail ? detail : "");
	return audit_add(c->db, 0, c->co.id, action, object, id, d,
	    c->req->remote_addr);
}

static int
create_txn(void *arg)
{
	struct create *k = arg;
	struct ctx *c = k->c;
	struct dbrow row;
	struct order_new o;
	int rc;

	if ((rc = api_create_open(c, &k->w, API_MADE_ORDER)) != DB_OK ||
	    k->w.status != 201 || k->w.id > 0)
		return rc;
	if (valid_country(c->co.country) && valid_postcode(c->co.country, k->postcode) == -1) {
		k->w.status = 422, k->w.field = "deliveryPostcode";
		return DB_OK;
	}
	if ((rc = db_one(c->db, &stmts[Q_PRODUCT], &row, c->lang, c->co.country, c->co.id,
	    k->product)) < 0)
		return rc;
	if (rc == 0) {
		k->w.status = 422, k->w.field = "productOffering";
		return DB_OK;
	}
	memset(&o, 0, sizeof(o));
	o.currency = row.col[PROD_CURRENCY];
	o.name = k->name, o.street = k->street, o.postcode = k->postcode;
	o.city = k->city, o.country = c->co.country;
	o.product_id = k->product, o.quantity = k->quantity;
	o.oneoff = row.col[PROD_ONEOFF], o.monthly = row.col[PROD_MONTHLY];
	if ((k->w.id = order_create(c, &o)) < 0)
		return (int)k->w.id;
	if ((rc = provision_start(c, k->w.id)) < 0 ||
	    (rc = api_idem_add(c, &k->w, API_MADE_ORDER, k->w.id)) < 0 ||
	    (rc = api_audit(c, "order-create", "order", k->w.id, row.col[PROD_CODE])) < 0)
		return rc;
	return DB_OK;
}

int
api_create_begin(struct ctx *c, const char *root, struct api_create *w)
{
	char field[64], schema[64], v[24];
	int rc;

	memset(w, 0, sizeof(*w));
	if (c->api->body == NULL)
		return api_error(c, 400, root);
	if (!api_idem_ok(c->req->idempotency_key))
		return api_error(c, 400, "Idempotency-Key");
	snprintf(schema, sizeof(schema), "%sCreate", root);
	if ((rc = api_body_valid(c, schema, field)) != 0)
		return rc == 422 ? api_error(c, 422, field) : rc;
	w->idem = c->req->idempotency_key;
	crypto_generichash(w->hash, sizeof(w->hash), (const unsigned char *)c->req->body,
	    c->req->body_len, NULL, 0);
	if (api_child_text(xmlDocGetRootElement(c->api->body), "organization", v,
	    sizeof(v))[0] != '\0' && parse_int(v, 1, INT64_MAX, &w->company) == -1)
		return api_error(c, 422, "organization");
	return 0;
}

int
api_create_open(struct ctx *c, struct api_create *w, enum api_made what)
{
	static const int cols[] = { [API_MADE_ORDER] = IDEM_ORDER, [API_MADE_CASE] = IDEM_CASE,
		[API_MADE_PAYMENT] = IDEM_TXN };
	struct dbrow row;
	int rc;

	w->status = 201, w->id = 0;
	if ((rc = db_one(c->db, &stmts[Q_IDEM], &row, c->api->key_id, w->idem)) < 0)
		return rc;
	if (rc == 1) {
		if (row.len[IDEM_HASH] != API_HASH_LEN || row.col[cols[what]] == NULL ||
		    sodium_memcmp(row.col[IDEM_HASH], w->hash, API_HASH_LEN) != 0) {
			w->status = 422, w->field = "Idempotency-Key";
			return DB_OK;
		}
		return parse_int(row.col[cols[what]], 1, INT64_MAX, &w->id) == 0 ?
		    DB_OK : DB_ERROR;
	}
	if (w->company == 0)
		return DB_OK;
	if ((rc = api_act_for(c, w->company)) < 0)
		return rc;
	if (rc == 0)
		w->status = 422, w->field = "organization";
	return DB_OK;
}

int
api_idem_add(struct ctx *c, const struct api_create *w, enum api_made what, long long id)
{
	int rc = db_run(c->db, &stmts[Q_IDEM_ADD], c->api->key_id, w->idem,
	    (const void *)w->hash, (unsigned long)API_HASH_LEN,
	    what == API_MADE_ORDER ? id : 0LL, what == API_MADE_CASE ? id : 0LL,
	    what == API_MADE_PAYMENT ? id : 0LL);

	return rc < 0 ? rc : DB_OK;
}

int
api_idem_ok(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0' || strlen(s) > API_IDEM_MAX)
		return 0;
	for (i = 0; s[i]; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return 0;
	return 1;
}

int
api_order_post(struct ctx *c)
{
	xmlNodePtr root;
	struct create k;
	char v[24];
	int rc;

	memset(&k, 0, sizeof(k));
	k.c = c;
	if ((rc = api_create_begin(c, "productOrder", &k.w)) != 0)
		return rc;
	root = xmlDocGetRootElement(c->api->body);
	if (parse_int(api_child_text(root, "productOffering", v, sizeof(v)), 1, INT64_MAX,
	    &k.product) == -1)
		return api_error(c, 422, "productOffering");
	if (parse_int(api_child_text(root, "quantity", v, sizeof(v)), 1, 100, &k.quantity) == -1)
		return api_error(c, 422, "quantity");
	api_child_text(root, "deliveryName", k.name, sizeof(k.name));
	api_child_text(root, "deliveryStreet", k.street, sizeof(k.street));
	api_child_text(root, "deliveryPostcode", k.postcode, sizeof(k.postcode));
	api_child_text(root, "deliveryCity", k.city, sizeof(k.city));
	if ((rc = db_txn(c->db, create_txn, &k)) < 0)
		return page_db_status(rc);
	if (k.w.status != 201)
		return api_error(c, k.w.status, k.w.field);
	c->status = 201;
	return api_order_doc(c, k.w.id);
}

struct cancel {
	struct ctx	*c;
	long long	 id;
};

static int
cancel_txn(void *arg)
{
	struct cancel *k = arg;
	struct ctx *c = k->c;
	struct dbrow row;
	long long company;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_OWNER], &row, c->api->key_id, k->id)) < 0)
		return rc;
	if (rc == 0 || parse_int(row.col[OWNER_COMPANY], 1, INT64_MAX, &company) == -1)
		return 404;
	memset(&c->co, 0, sizeof(c->co));
	c->co.id = company;
	if ((rc = api_if_match(c, api_order_doc, k->id)) != 0)
		return rc;
	if ((rc = order_move(c, k->id, OS_CANCELLED, ORDER_CUSTOMER, NULL, NULL)) != DB_OK)
		return rc;
	return api_audit(c, "order-cancel", "order", k->id, NULL);
}

static int
cancel_post(struct ctx *c)
{
	struct cancel k = { c, c->ids[0] };
	int rc;

	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if ((rc = db_txn(c->db, cancel_txn, &k)) < 0)
		return page_db_status(rc);
	if (rc != 0)
		return api_error(c, rc, NULL);
	return api_order_doc(c, k.id);
}

static const struct route routes[] = {
	{ "/api/v1/productOrder/#/cancel", 0, NULL, NULL, NULL, cancel_post, NULL, "orders" },
};

const struct module apiwrite_module = {
	.name = "apiwrite", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
