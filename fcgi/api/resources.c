/*
 * The partner API's reads, named after TM Forum's resources: a list
 * (offset, limit, X-Total-Count, filters) and one by id for each, and a
 * bill's PDF and UBL document. Every statement keeps to the companies of
 * the key (api_key_companies): another company's resource is not found.
 * A resource is a row of the table below: its statements, the states its
 * filter takes, and its columns as elements.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/door.h"
#include "api/key.h"
#include "billing/invoice.h"
#include "billing/pdf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/render.h"
#include "core/route.h"
#include "core/util.h"
#include "core/xml.h"

/* The companies of the key, the id (0: a list), then the filters, each
 * twice (NULL: not given): the SQL every resource ends its WHERE with. */
#define KEY_COMPANIES(col) \
	" " col " IN (SELECT company_id FROM api_key_companies WHERE key_id = ?)"
#define FILTERS(id, state, created, updated) \
	" AND (? = 0 OR " id " = ?)" \
	" AND (? IS NULL OR " state " = ?)" \
	" AND (? IS NULL OR DATE(" created ") >= ?)" \
	" AND (? IS NULL OR DATE(" created ") <= ?)" \
	" AND (? IS NULL OR " updated " >= ?)"
#define LIST(name, ncols, select, from, where, id, state, created, updated) \
	STMT("api." name, "iiissssssssii", ncols, "SELECT " select ", " state \
	    ", DATE_FORMAT(" created ", '%Y-%m-%dT%H:%i:%sZ')" \
	    ", DATE_FORMAT(" updated ", '%Y-%m-%dT%H:%i:%sZ')" \
	    " FROM " from " WHERE" where FILTERS(id, state, created, updated) \
	    " ORDER BY " id " LIMIT ? OFFSET ?")
#define COUNT(name, from, where, id, state, created, updated) \
	STMT("api." name "_count", "iiissssssss", 1, "SELECT COUNT(*) FROM " from \
	    " WHERE" where FILTERS(id, state, created, updated))

/* How a column is written: text, a reference to another resource (an
 * element with its id and href), or a link to a document of this one. */
enum col_kind { C_TEXT, C_REF };
struct col {
	const char	*el;
	enum col_kind	 kind;
	const char	*ref;		/* C_REF: the resource it names */
};

/* The columns every list ends with, after the resource's own. */
static const struct col tail[] = {
	{ "state", C_TEXT, NULL }, { "createdAt", C_TEXT, NULL },
	{ "lastUpdate", C_TEXT, NULL },
};

struct resource {
	const char		*name;		/* its path and element: /api/v1/product */
	const char *const	*states;	/* its state filter's values */
	const struct col	*cols;		/* after the id, NULL-terminated */
	struct stmt		*list, *count;
	int			 documents;	/* a bill: links to its PDF and UBL */
	/* What is added to the resources of parent once they are read. */
	int			(*more)(struct ctx *, xmlNodePtr parent);
};

enum { ORG__COLS = 8, LOC__COLS = 4, PROD__COLS = 11, OFFER__COLS = 8, ORDER__COLS = 10,
	TICKET__COLS = 8, BILL__COLS = 13, PAY__COLS = 11 };
enum { Q_ORG, Q_ORG_COUNT, Q_LOC, Q_LOC_COUNT, Q_PROD, Q_PROD_COUNT, Q_OFFER,
	Q_OFFER_COUNT, Q_ORDER, Q_ORDER_COUNT, Q_TICKET, Q_TICKET_COUNT, Q_BILL,
	Q_BILL_COUNT, Q_OFFER_PRICES, Q_PAY, Q_PAY_COUNT };
enum { PRICE_PRODUCT, PRICE_COUNTRY, PRICE_CURRENCY, PRICE_ONEOFF, PRICE_MONTHLY,
	PRICE_FROM, PRICE__COLS };

#define ORG_FROM	"companies c"
#define ORG_WHERE	KEY_COMPANIES("c.id")
#define LOC_FROM	"locations l"
#define LOC_WHERE	KEY_COMPANIES("l.company_id")
#define PROD_FROM	"subscriptions s JOIN products p ON p.id = s.product_id"
#define PROD_WHERE	KEY_COMPANIES("s.company_id")
#define PROD_UPDATED	"GREATEST(s.created_at, COALESCE((SELECT MAX(h.at) FROM" \
	" subscription_history h WHERE h.subscription_id = s.id), s.created_at))"
/* The catalogue is the operator's, the same for every key: the products
 * on sale, not those of a contract. The key's id is bound and not used. */
#define OFFER_FROM	"products p"
#define OFFER_WHERE	" ? > 0 AND p.contract_only = 0"
#define OFFER_STATE	"IF(p.retired_at IS NULL, 'active', 'retired')"
#define OFFER_UPDATED	"COALESCE(p.retired_at, p.created_at)"
#define ORDER_FROM	"orders o"
#define ORDER_WHERE	KEY_COMPANIES("o.company_id")
/* TMF621's states for the cases'. */
#define TICKET_FROM	"cases k"
#define TICKET_WHERE	KEY_COMPANIES("k.company_id")
#define TICKET_STATE	"ELT(FIELD(k.status, 'new', 'in-progress', 'waiting', 'resolved'," \
	" 'closed'), 'acknowledged', 'inProgress', 'pending', 'resolved', 'closed')"
/* TMF678's states for the invoices'. */
#define BILL_FROM	"invoices i"
#define BILL_WHERE	KEY_COMPANIES("i.company_id")
#define BILL_STATE	"ELT(FIELD(i.status, 'unpaid', 'partly_paid', 'paid', 'credited'," \
	" 'credit'), 'sent', 'partiallyPaid', 'settled', 'credited', 'credit')"
#define BILL_UPDATED	"GREATEST(i.created_at, COALESCE((SELECT MAX(y.created_at) FROM" \
	" payments y WHERE y.invoice_id = i.id), i.created_at))"
/* The payments the operator's billing partners posted (every billing key
 * sees them all; the key's id is bound and not used), with the invoice
 * each paid. */
#define PAY_FROM	"bank_transactions t LEFT JOIN invoices i ON i.id = t.invoice_id" \
	" LEFT JOIN unmatched_payments u ON u.bank_transaction_id = t.id"
#define PAY_WHERE	" ? > 0 AND t.source = 'api'"
#define PAY_STATE	"IF(t.invoice_id IS NULL OR t.payment_id IS NULL, 'unmatched', 'matched')"

static struct stmt stmts[] = {
	[Q_ORG] = LIST("organization", ORG__COLS + 3,
	    "c.id, c.name, c.orgnr, c.country, c.street, c.postcode, c.city, c.time_zone",
	    ORG_FROM, ORG_WHERE, "c.id", "c.status", "c.created_at",
	    "COALESCE(c.closed_at, c.created_at)"),
	[Q_ORG_COUNT] = COUNT("organization", ORG_FROM, ORG_WHERE, "c.id", "c.status",
	    "c.created_at", "COALESCE(c.closed_at, c.created_at)"),
	[Q_LOC] = LIST("location", LOC__COLS + 3, "l.id, l.company_id, l.number, l.name",
	    LOC_FROM, LOC_WHERE, "l.id", "l.status", "l.created_at", "l.created_at"),
	[Q_LOC_COUNT] = COUNT("location", LOC_FROM, LOC_WHERE, "l.id", "l.status",
	    "l.created_at", "l.created_at"),
	[Q_PROD] = LIST("product", PROD__COLS + 3,
	    "s.id, s.company_id, s.location_id, s.ref, s.product_id, p.name,"
	    " s.monthly_price, s.currency, s.started_on, s.ends_on, s.cost_centre",
	    PROD_FROM, PROD_WHERE, "s.id", "s.status", "s.created_at", PROD_UPDATED),
	[Q_PROD_COUNT] = COUNT("product", PROD_FROM, PROD_WHERE, "s.id", "s.status",
	    "s.created_at", PROD_UPDATED),
	[Q_OFFER] = LIST("productOffering", OFFER__COLS + 3,
	    "p.id, p.code, p.name, p.kind, p.vat_class, p.quota_gb, p.available_from,"
	    " p.available_to",
	    OFFER_FROM, OFFER_WHERE, "p.id", OFFER_STATE, "p.created_at", OFFER_UPDATED),
	[Q_OFFER_COUNT] = COUNT("productOffering", OFFER_FROM, OFFER_WHERE, "p.id",
	    OFFER_STATE, "p.created_at", OFFER_UPDATED),
	[Q_ORDER] = LIST("productOrder", ORDER__COLS + 3,
	    "o.id, o.company_id, o.currency, o.delivery_name, o.delivery_street,"
	    " o.delivery_postcode, o.delivery_city, o.delivery_country, o.tracking_ref,"
	    " (SELECT COUNT(*) FROM order_items t WHERE t.order_id = o.id)",
	    ORDER_FROM, ORDER_WHERE, "o.id", "o.state", "o.created_at", "o.updated_at"),
	[Q_ORDER_COUNT] = COUNT("productOrder", ORDER_FROM, ORDER_WHERE, "o.id", "o.state",
	    "o.created_at", "o.updated_at"),
	[Q_TICKET] = LIST("troubleTicket", TICKET__COLS + 3,
	    "k.id, k.company_id, k.subject, k.kind, k.category, k.location_id,"
	    " k.subscription_id, (SELECT COUNT(*) FROM case_comments t"
	    " WHERE t.case_id = k.id AND t.internal = 0)",
	    TICKET_FROM, TICKET_WHERE, "k.id", TICKET_STATE, "k.created_at", "k.updated_at"),
	[Q_TICKET_COUNT] = COUNT("troubleTicket", TICKET_FROM, TICKET_WHERE, "k.id",
	    TICKET_STATE, "k.created_at", "k.updated_at"),
	[Q_BILL] = LIST("customerBill", BILL__COLS + 3,
	    "i.id, i.company_id, i.number, i.kind, i.period, i.invoice_date, i.due_date,"
	    " i.currency, i.net, i.vat, i.total, i.paid, i.payment_ref",
	    BILL_FROM, BILL_WHERE, "i.id", BILL_STATE, "i.created_at", BILL_UPDATED),
	[Q_BILL_COUNT] = COUNT("customerBill", BILL_FROM, BILL_WHERE, "i.id", BILL_STATE,
	    "i.created_at", BILL_UPDATED),
	/* The catalogue's prices in force today, in each country (excl. VAT). */
	[Q_OFFER_PRICES] = STMT("api.productOffering_prices", "", PRICE__COLS,
	    "SELECT r.product_id, r.country, r.currency, r.oneoff_price, r.monthly_price,"
	    " r.valid_from FROM product_prices r JOIN products p ON p.id = r.product_id"
	    " WHERE p.contract_only = 0 AND r.valid_from <= CURDATE()"
	    " AND (r.valid_to IS NULL OR r.valid_to >= CURDATE())"
	    " ORDER BY r.product_id, r.country"),
	[Q_PAY] = LIST("payment", PAY__COLS + 3,
	    "t.id, t.bank_ref, t.kid, NULLIF(t.payer, ''), t.amount, t.currency, t.paid_on,"
	    " IF(t.payment_id IS NULL, NULL, t.invoice_id), IF(t.payment_id IS NULL, NULL,"
	    " i.number), IF(t.payment_id IS NULL, NULL, " BILL_STATE "), u.reason",
	    PAY_FROM, PAY_WHERE, "t.id", PAY_STATE, "t.imported_at", "t.imported_at"),
	[Q_PAY_COUNT] = COUNT("payment", PAY_FROM, PAY_WHERE, "t.id", PAY_STATE,
	    "t.imported_at", "t.imported_at"),
};

static const struct col org_cols[] = {
	{ "name", C_TEXT, NULL }, { "organizationIdentification", C_TEXT, NULL },
	{ "country", C_TEXT, NULL }, { "street", C_TEXT, NULL },
	{ "postcode", C_TEXT, NULL }, { "city", C_TEXT, NULL },
	{ "timeZone", C_TEXT, NULL }, { NULL, C_TEXT, NULL },
};
static const struct col loc_cols[] = {
	{ "organization", C_REF, "organization" }, { "number", C_TEXT, NULL },
	{ "name", C_TEXT, NULL }, { NULL, C_TEXT, NULL },
};
static const struct col prod_cols[] = {
	{ "organization", C_REF, "organization" }, { "location", C_REF, "location" },
	{ "name", C_TEXT, NULL }, { "productOffering", C_REF, "productOffering" },
	{ "productName", C_TEXT, NULL }, { "monthlyPrice", C_TEXT, NULL },
	{ "currency", C_TEXT, NULL }, { "startDate", C_TEXT, NULL },
	{ "terminationDate", C_TEXT, NULL }, { "costCentre", C_TEXT, NULL },
	{ NULL, C_TEXT, NULL },
};
static const struct col offer_cols[] = {
	{ "code", C_TEXT, NULL }, { "name", C_TEXT, NULL }, { "kind", C_TEXT, NULL },
	{ "vatClass", C_TEXT, NULL }, { "quotaGb", C_TEXT, NULL },
	{ "availableFrom", C_TEXT, NULL }, { "availableTo", C_TEXT, NULL },
	{ NULL, C_TEXT, NULL },
};
static const struct col order_cols[] = {
	{ "organization", C_REF, "organization" }, { "currency", C_TEXT, NULL },
	{ "deliveryName", C_TEXT, NULL }, { "deliveryStreet", C_TEXT, NULL },
	{ "deliveryPostcode", C_TEXT, NULL }, { "deliveryCity", C_TEXT, NULL },
	{ "deliveryCountry", C_TEXT, NULL }, { "trackingRef", C_TEXT, NULL },
	{ "itemCount", C_TEXT, NULL }, { NULL, C_TEXT, NULL },
};
static const struct col ticket_cols[] = {
	{ "organization", C_REF, "organization" }, { "name", C_TEXT, NULL },
	{ "ticketType", C_TEXT, NULL }, { "category", C_TEXT, NULL },
	{ "location", C_REF, "location" }, { "product", C_REF, "product" },
	{ "noteCount", C_TEXT, NULL }, { NULL, C_TEXT, NULL },
};
static const struct col bill_cols[] = {
	{ "organization", C_REF, "organization" }, { "billNo", C_TEXT, NULL },
	{ "category", C_TEXT, NULL }, { "billingPeriod", C_TEXT, NULL },
	{ "billDate", C_TEXT, NULL }, { "paymentDueDate", C_TEXT, NULL },
	{ "currency", C_TEXT, NULL }, { "taxExcludedAmount", C_TEXT, NULL },
	{ "taxAmount", C_TEXT, NULL }, { "taxIncludedAmount", C_TEXT, NULL },
	{ "paidAmount", C_TEXT, NULL }, { "paymentReference", C_TEXT, NULL },
	{ NULL, C_TEXT, NULL },
};

static const struct col pay_cols[] = {
	{ "reference", C_TEXT, NULL }, { "kid", C_TEXT, NULL }, { "payer", C_TEXT, NULL },
	{ "amount", C_TEXT, NULL }, { "currency", C_TEXT, NULL },
	{ "paymentDate", C_TEXT, NULL }, { "customerBill", C_REF, "customerBill" },
	{ "billNo", C_TEXT, NULL }, { "billState", C_TEXT, NULL },
	{ "unmatchedReason", C_TEXT, NULL }, { NULL, C_TEXT, NULL },
};

static const char *const org_states[] = { "active", "closed", NULL };
static const char *const loc_states[] = { "active", "closed", NULL };
static const char *const prod_states[] = { "active", "suspended", "terminated", NULL };
static const char *const offer_states[] = { "active", "retired", NULL };
static const char *const order_states[] = { "acknowledged", "held", "inProgress",
	"completed", "failed", "cancelled", NULL };
static const char *const ticket_states[] = { "acknowledged", "inProgress", "pending",
	"resolved", "closed", NULL };
static const char *const bill_states[] = { "sent", "partiallyPaid", "settled",
	"credited", "credit", NULL };
static const char *const pay_states[] = { "matched", "unmatched", NULL };

static int	offer_prices(struct ctx *, xmlNodePtr);

enum { RES_ORG, RES_LOC, RES_PROD, RES_OFFER, RES_ORDER, RES_TICKET, RES_BILL, RES_PAY };
static const struct resource resources[] = {
	[RES_ORG] = { "organization", org_states, org_cols, &stmts[Q_ORG],
	    &stmts[Q_ORG_COUNT], 0 },
	[RES_LOC] = { "location", loc_states, loc_cols, &stmts[Q_LOC],
	    &stmts[Q_LOC_COUNT], 0 },
	[RES_PROD] = { "product", prod_states, prod_cols, &stmts[Q_PROD],
	    &stmts[Q_PROD_COUNT], 0 },
	[RES_OFFER] = { "productOffering", offer_states, offer_cols, &stmts[Q_OFFER],
	    &stmts[Q_OFFER_COUNT], 0, offer_prices },
	[RES_ORDER] = { "productOrder", order_states, order_cols, &stmts[Q_ORDER],
	    &stmts[Q_ORDER_COUNT], 0 },
	[RES_TICKET] = { "troubleTicket", ticket_states, ticket_cols, &stmts[Q_TICKET],
	    &stmts[Q_TICKET_COUNT], 0 },
	[RES_BILL] = { "customerBill", bill_states, bill_cols, &stmts[Q_BILL],
	    &stmts[Q_BILL_COUNT], 1 },
	[RES_PAY] = { "payment", pay_states, pay_cols, &stmts[Q_PAY], &stmts[Q_PAY_COUNT], 0 },
};

static void
href(xmlNodePtr e, const char *res, const char *id, const char *tail_path)
{
	char h[128];

	snprintf(h, sizeof(h), "/api/v1/%s/%s%s", res, id, tail_path ? tail_path : "");
	x_attr(e, "href", h);
}

/* One row as the resource's element: id and href, its columns, the tail. */
static void
row_el(xmlNodePtr parent, const struct resource *res, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, res->name), d;
	size_t i, k;

	x_attr(e, "id", row->col[0]);
	href(e, res->name, row->col[0], NULL);
	for (i = 0; res->cols[i].el != NULL; i++) {
		const char *v = row->col[1 + i];

		if (v == NULL)
			continue;
		if (res->cols[i].kind == C_REF) {
			d = x_el(e, res->cols[i].el);
			x_attr(d, "id", v);
			href(d, res->cols[i].ref, v, NULL);
		} else
			x_text(e, res->cols[i].el, v);
	}
	for (k = 0; k < COUNTOF(tail); k++)
		x_text(e, tail[k].el, row->col[1 + i + k]);
	if (res->documents) {
		d = x_el(e, "document");
		x_attr(d, "type", "pdf");
		href(d, res->name, row->col[0], "/pdf");
		d = x_el(e, "document");
		x_attr(d, "type", "ubl");
		href(d, res->name, row->col[0], "/ubl");
	}
}

/* One price of a row of product_prices (TMF620 productOfferingPrice). */
static void
price_el(xmlNodePtr e, const struct dbrow *row, const char *type, const char *value)
{
	xmlNodePtr p = x_el(e, "productOfferingPrice"), m;

	x_text(p, "priceType", type);
	if (strcmp(type, "recurring") == 0)
		x_text(p, "recurringChargePeriod", "month");
	m = x_el(p, "price");
	x_attr(m, "unit", row->col[PRICE_CURRENCY]);
	x_attr(m, "value", value);
	x_text(p, "taxIncluded", "false");
	x_text(p, "country", row->col[PRICE_COUNTRY]);
	x_text(p, "validFrom", row->col[PRICE_FROM]);
}

/*
 * Each offering of parent with today's prices: monthly as recurring, once
 * as oneTime (both when it has both; a free one a oneTime of 0.00).
 */
static int
offer_prices(struct ctx *c, xmlNodePtr parent)
{
	struct dbrow row;
	xmlNodePtr e = NULL;
	xmlChar *id;
	int rc, same, zero_once, zero_month;

	if ((rc = db_run(c->db, &stmts[Q_OFFER_PRICES])) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_OFFER_PRICES], &row)) == 1) {
		for (e = xmlFirstElementChild(parent); e != NULL; e = xmlNextElementSibling(e)) {
			id = xmlGetProp(e, BAD_CAST "id");
			same = id != NULL && strcmp((char *)id, row.col[PRICE_PRODUCT]) == 0;
			xmlFree(id);
			if (same)
				break;
		}
		if (e == NULL)
			continue;
		zero_once = strcmp(row.col[PRICE_ONEOFF], "0.00") == 0;
		zero_month = strcmp(row.col[PRICE_MONTHLY], "0.00") == 0;
		if (!zero_month)
			price_el(e, &row, "recurring", row.col[PRICE_MONTHLY]);
		if (!zero_once || zero_month)
			price_el(e, &row, "oneTime", row.col[PRICE_ONEOFF]);
	}
	return rc < 0 ? rc : DB_OK;
}

/* Binds the key, the id and the filters (each twice) to st; paging for a list. */
static int
run(struct ctx *c, struct stmt *st, long long id, const struct api_query *q, int page)
{
	const char *from = q->from[0] ? q->from : NULL, *to = q->to[0] ? q->to : NULL;
	const char *since = q->since[0] ? q->since : NULL;

	if (page)
		return db_run(c->db, st, c->api->key_id, id, id, q->state, q->state, from,
		    from, to, to, since, since, q->limit, q->offset);
	return db_run(c->db, st, c->api->key_id, id, id, q->state, q->state, from, from,
	    to, to, since, since);
}

static int
res_list(struct ctx *c, const struct resource *res)
{
	struct api_query q;
	const char *field;
	struct dbrow row;
	xmlNodePtr list;
	char root[64];
	int rc;

	if ((rc = api_query_parse(&c->req->query, res->states, &q, &field)) != APIQ_OK)
		return api_error(c, rc, field);
	if ((rc = run(c, res->count, 0, &q, 0)) < 0)
		return page_db_status(rc);
	if ((rc = db_fetch(c->db, res->count, &row)) < 0)
		return page_db_status(rc);
	if (rc == 0 || parse_int(row.col[0], 0, INT64_MAX, &c->api->total) == -1)
		return 500;
	while (db_fetch(c->db, res->count, &row) == 1)
		;
	if ((rc = run(c, res->list, 0, &q, 1)) < 0)
		return page_db_status(rc);
	snprintf(root, sizeof(root), "%sList", res->name);
	list = api_begin(c, root);
	x_attr_int(list, "offset", q.offset);
	x_attr_int(list, "limit", q.limit);
	x_attr_int(list, "total", c->api->total);
	while ((rc = db_fetch(c->db, res->list, &row)) == 1)
		row_el(list, res, &row);
	if (rc >= 0 && res->more != NULL)
		rc = res->more(c, list);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* One resource by id, if it is of the key's companies: else 404. */
static int
res_find(struct ctx *c, const struct resource *res, xmlNodePtr parent)
{
	struct api_query q;
	struct dbrow row;
	int rc, found = 0;

	memset(&q, 0, sizeof(q));
	q.limit = 1;
	if ((rc = run(c, res->list, c->ids[0], &q, 1)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, res->list, &row)) == 1) {
		if (parent != NULL)
			row_el(parent, res, &row);
		found = 1;
	}
	if (rc >= 0 && found && parent != NULL && res->more != NULL)
		rc = res->more(c, parent);
	if (rc < 0)
		return page_db_status(rc);
	return found ? 0 : 404;
}

static int
res_doc(struct ctx *c, const struct resource *res)
{
	xmlNodePtr holder;
	int rc;

	api_begin(c, "holder");
	holder = c->root;
	if ((rc = res_find(c, res, holder)) != 0)
		return rc;
	c->root = xmlFirstElementChild(holder);
	xmlUnlinkNode(c->root);
	xmlDocSetRootElement(c->doc, c->root);
	xmlFreeNode(holder);
	return 0;
}

static int
res_one(struct ctx *c, const struct resource *res)
{
	/* One resource takes no query: a filter there is a mistake. */
	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	return res_doc(c, res);
}

int
api_order_doc(struct ctx *c, long long id)
{
	c->ids[0] = id;
	return res_doc(c, &resources[RES_ORDER]);
}

int
api_ticket_doc(struct ctx *c, long long id)
{
	c->ids[0] = id;
	return res_doc(c, &resources[RES_TICKET]);
}

/* A bill's documents, as the portal makes them, once it is the key's. */
static int
bill_doc(struct ctx *c, int pdf)
{
	char name[64];
	const char *lang;
	struct buf b = { 0 };
	int rc;

	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if ((rc = res_find(c, &resources[RES_BILL], NULL)) != 0)
		return rc;
	if ((rc = invoice_doc(c->db, c->ids[0], &c->doc, &lang)) < 0)
		return page_db_status(rc);
	if (rc == 0)
		return 404;
	c->lang = lang;
	if (!pdf) {
		snprintf(name, sizeof(name), "ubl-%lld.xml", c->ids[0]);
		return render_sheet(c, "ehf", "application/xml; charset=utf-8", name);
	}
	if (pdf_invoice_child(c->doc, lang, &b) == -1) {
		buf_free(&b);
		return 500;
	}
	snprintf(name, sizeof(name), "bill-%lld.pdf", c->ids[0]);
	rc = page_send(c, 200, "application/pdf", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

#define HANDLERS(id, fn) \
	static int fn##_list(struct ctx *c) { return res_list(c, &resources[id]); } \
	static int fn##_one(struct ctx *c) { return res_one(c, &resources[id]); }
HANDLERS(RES_ORG, org)
HANDLERS(RES_LOC, loc)
HANDLERS(RES_PROD, prod)
HANDLERS(RES_OFFER, offer)
HANDLERS(RES_ORDER, order)
HANDLERS(RES_TICKET, ticket)
HANDLERS(RES_BILL, bill)

int api_payment_list(struct ctx *c) { return res_list(c, &resources[RES_PAY]); }
int api_payment_one(struct ctx *c) { return res_one(c, &resources[RES_PAY]); }

int
api_payment_doc(struct ctx *c, long long id)
{
	c->ids[0] = id;
	return res_doc(c, &resources[RES_PAY]);
}

static int bill_pdf(struct ctx *c) { return bill_doc(c, 1); }
static int bill_ubl(struct ctx *c) { return bill_doc(c, 0); }

#define ROUTES(path, fn, need) \
	{ "/api/v1/" path, 0, NULL, fn##_list, NULL, NULL, NULL, need }, \
	{ "/api/v1/" path "/#", 0, NULL, fn##_one, NULL, NULL, NULL, need }
static const struct route routes[] = {
	ROUTES("organization", org, NULL),
	ROUTES("location", loc, NULL),
	ROUTES("product", prod, "subscriptions"),
	ROUTES("productOffering", offer, NULL),
	{ "/api/v1/productOrder", 0, NULL, order_list, NULL, api_order_post, NULL,
	    "orders" },
	{ "/api/v1/productOrder/#", 0, NULL, order_one, NULL, NULL, NULL, "orders" },
	{ "/api/v1/troubleTicket", 0, NULL, ticket_list, NULL, api_ticket_post, NULL,
	    "support" },
	{ "/api/v1/troubleTicket/#", 0, NULL, ticket_one, NULL, NULL, NULL, "support" },
	ROUTES("customerBill", bill, "invoices"),
	{ "/api/v1/customerBill/#/pdf", 0, NULL, bill_pdf, NULL, NULL, NULL, "invoices" },
	{ "/api/v1/customerBill/#/ubl", 0, NULL, bill_ubl, NULL, NULL, NULL, "invoices" },
};

const struct module api_module = {
	.name = "api", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
