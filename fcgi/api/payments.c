/*
 * The partner API's payments, for the operator's billing partners (keys
 * of kind billing, made by staff with the role customers): a payment
 * posted is recorded and matched to an invoice by its KID exactly as a
 * bank file's credit is (billing/payments.c, bank_register), under the
 * partner's own reference, which is unique; one that pays no invoice is
 * kept for the back office with the reason, as an imported one is. A post
 * needs an Idempotency-Key; the same reference under another key is 409.
 * The reads list what billing partners posted.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "api/door.h"
#include "api/writes.h"
#include "billing/payments.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define PAY_SOURCE	"api"	/* bank_transactions.source */

enum { Q_BY_KEY };
static struct stmt stmts[] = {
	[Q_BY_KEY] = STMT("apipay.by_key", "ii", 0,
	    "UPDATE bank_transactions SET api_key_id = ? WHERE id = ?"),
};

struct post {
	struct ctx	*c;
	struct api_create w;
	struct bank_txn	 t;
	struct bank_line l;
};

static int
post_txn(void *arg)
{
	struct post *k = arg;
	struct ctx *c = k->c;
	int rc;

	if ((rc = api_create_open(c, &k->w, API_MADE_PAYMENT)) != DB_OK ||
	    k->w.status != 201 || k->w.id > 0)
		return rc;
	k->l.t = &k->t;
	if ((rc = bank_register(c->db, PAY_SOURCE, "", &k->l)) < 0)
		return rc;
	if (k->l.outcome == BANK_BEFORE) {
		k->w.status = 409, k->w.field = "reference";
		return DB_OK;
	}
	k->w.id = k->l.txn_id;
	memset(&c->co, 0, sizeof(c->co));
	c->co.id = k->l.outcome == BANK_PAID ? k->l.pay.company : 0;
	if ((rc = db_run(c->db, &stmts[Q_BY_KEY], c->api->key_id, k->w.id)) < 0 ||
	    (rc = api_audit(c, k->l.outcome == BANK_PAID ? "api-payment" :
	    "api-payment-unmatched", "bank-transaction", k->w.id, k->t.ref)) < 0)
		return rc;
	return api_idem_add(c, &k->w, API_MADE_PAYMENT, k->w.id);
}

static int
payment_post(struct ctx *c)
{
	xmlNodePtr root;
	struct post k;
	char v[32];
	int rc;

	memset(&k, 0, sizeof(k));
	k.c = c;
	if ((rc = api_create_begin(c, "payment", &k.w)) != 0)
		return rc;
	root = xmlDocGetRootElement(c->api->body);
	api_child_text(root, "reference", k.t.ref, sizeof(k.t.ref));
	api_child_text(root, "kid", k.t.kid, sizeof(k.t.kid));
	api_child_text(root, "payer", k.t.payer, sizeof(k.t.payer));
	api_child_text(root, "currency", k.t.currency, sizeof(k.t.currency));
	api_child_text(root, "date", k.t.date, sizeof(k.t.date));
	if (money_parse(api_child_text(root, "amount", v, sizeof(v)), &k.t.amount) == -1 ||
	    k.t.amount <= 0 || k.t.amount > PAY_MAX_AMOUNT)
		return api_error(c, 422, "amount");
	if ((rc = db_txn(c->db, post_txn, &k)) < 0)
		return page_db_status(rc);
	if (k.w.status != 201)
		return api_error(c, k.w.status, k.w.field);
	c->status = 201;
	return api_payment_doc(c, k.w.id);
}

static const struct route routes[] = {
	{ "/api/v1/payment", 0, NULL, api_payment_list, NULL, payment_post, NULL, NULL },
	{ "/api/v1/payment/#", 0, NULL, api_payment_one, NULL, NULL, NULL, NULL },
};

const struct module apipay_module = {
	.name = "apipay", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
