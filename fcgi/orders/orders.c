/*
 * The order model (see orders.h): the states, who may move an order from
 * one to another, and the writes every door makes through it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/hub.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "core/xml.h"
#include "orders/newsub.h"
#include "orders/orders.h"
#include "orders/payroll.h"
#include "subscriptions/life.h"

static const char *const state_names[OS__MAX] = {
	[OS_ACKNOWLEDGED] = "acknowledged",
	[OS_HELD] = "held",
	[OS_IN_PROGRESS] = "inProgress",
	[OS_COMPLETED] = "completed",
	[OS_FAILED] = "failed",
	[OS_CANCELLED] = "cancelled",
};

#define BY_CUSTOMER	(1U << ORDER_CUSTOMER)
#define BY_OPERATOR	(1U << ORDER_OPERATOR)
#define BY_SYSTEM	(1U << ORDER_SYSTEM)

/*
 * Every transition there is, and who may make it. A customer cancels an
 * order nobody works on yet, and an approver decides a held one: approved
 * it is acknowledged, as if made without a rule, so the operator still
 * takes it from the queue (and starts its provisioning) rather than the
 * approval skipping that step; rejected it is cancelled. The operator
 * takes an order into work and ends it; so does the network's
 * provisioning, or the program itself for what completes at once.
 */
static const struct {
	enum order_state	 from, to;
	unsigned		 by;
} transitions[] = {
	{ OS_ACKNOWLEDGED, OS_HELD, BY_CUSTOMER },
	{ OS_ACKNOWLEDGED, OS_IN_PROGRESS, BY_OPERATOR | BY_SYSTEM },
	{ OS_ACKNOWLEDGED, OS_CANCELLED, BY_CUSTOMER | BY_OPERATOR },
	{ OS_HELD, OS_ACKNOWLEDGED, BY_CUSTOMER },
	{ OS_HELD, OS_CANCELLED, BY_CUSTOMER | BY_OPERATOR },
	{ OS_IN_PROGRESS, OS_COMPLETED, BY_OPERATOR | BY_SYSTEM },
	{ OS_IN_PROGRESS, OS_FAILED, BY_OPERATOR | BY_SYSTEM },
};

enum { FOUND_ID, FOUND__COLS };
enum { LOCK_STATE, LOCK__COLS };
enum { BY_EMAIL, BY_LANG, BY__COLS };
enum { Q_BY_KEY, Q_ADD, Q_ITEM_ADD, Q_EVENT_ADD, Q_LOCK, Q_SET_STATE, Q_CHARGE,
	Q_ORDERER };
static struct stmt stmts[] = {
	[Q_BY_KEY] = STMT("order.by_key", "is", FOUND__COLS,
	    "SELECT id FROM orders WHERE company_id = ? AND form_key = ?"),
	[Q_ADD] = STMT("order.add", "iIssssssss", 0,
	    "INSERT INTO orders (company_id, ordered_by, form_key, currency, delivery_name,"
	    " delivery_street, delivery_postcode, delivery_city, delivery_country, state)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_ITEM_ADD] = STMT("order.item_add", "iiiIsss", 0,
	    "INSERT INTO order_items (order_id, product_id, quantity, user_id, oneoff_price,"
	    " monthly_price, currency) VALUES (?, ?, ?, ?, ?, ?, ?)"),
	/* The user or the staff member: the one of them that asked (the other 0). */
	[Q_EVENT_ADD] = STMT("order.event_add", "issIIs", 0,
	    "INSERT INTO order_events (order_id, from_state, to_state, user_id, staff_id,"
	    " note) VALUES (?, ?, ?, ?, ?, ?)"),
	[Q_LOCK] = STMT("order.lock", "ii", LOCK__COLS,
	    "SELECT state FROM orders WHERE id = ? AND company_id = ? FOR UPDATE"),
	/* The new state, and when it was completed for the usage meter (the
	 * assignments run left to right: state is the new one). */
	[Q_SET_STATE] = STMT("order.set_state", "sii", 0,
	    "UPDATE orders SET state = ?, completed_at = IF(state = 'completed',"
	    " CURRENT_TIMESTAMP, NULL) WHERE id = ? AND company_id = ?"),
	/* What it cost once, for the next invoice (VAT: the account's rate). */
	[Q_CHARGE] = STMT("order.charge", "ii", 0,
	    "INSERT INTO charges (company_id, subscription_id, description, quantity,"
	    " unit_price, currency, charged_on)"
	    " SELECT o.company_id, i.subscription_id, CONCAT(p.name, ' #', o.id), i.quantity,"
	    "  i.oneoff_price, i.currency, CURDATE()"
	    " FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " JOIN products p ON p.id = i.product_id"
	    " WHERE o.id = ? AND o.company_id = ? AND i.oneoff_price <> 0 ORDER BY i.id"),
	[Q_ORDERER] = STMT("order.orderer", "ii", BY__COLS,
	    "SELECT u.email, u.lang FROM orders o JOIN users u ON u.id = o.ordered_by"
	    " WHERE o.id = ? AND o.company_id = ?"),
};

const char *
order_state_name(enum order_state s)
{
	return (unsigned)s < OS__MAX ? state_names[s] : "";
}

int
order_state_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < OS__MAX; i++)
		if (strcmp(state_names[i], name) == 0)
			return i;
	return -1;
}

int
order_transition_ok(enum order_actor actor, enum order_state from, enum order_state to)
{
	size_t i;

	for (i = 0; i < COUNTOF(transitions); i++)
		if (transitions[i].from == from && transitions[i].to == to)
			return (transitions[i].by & (1U << actor)) != 0;
	return 0;
}

int
order_final(enum order_state s)
{
	return s == OS_COMPLETED || s == OS_FAILED || s == OS_CANCELLED;
}

static int
event_add(struct ctx *c, long long id, const char *from, enum order_state to,
    enum order_actor actor, const char *note)
{
	return db_run(c->db, &stmts[Q_EVENT_ADD], id, from, order_state_name(to),
	    actor == ORDER_CUSTOMER ? c->sess.user_id : 0,
	    actor == ORDER_OPERATOR ? c->staff.id : 0, note);
}

static int
charges_write(struct ctx *c, long long id)
{
	int rc = db_run(c->db, &stmts[Q_CHARGE], id, c->co.id);

	return rc < 0 ? rc : DB_OK;
}

/*
 * What a completed order writes, each for the items it concerns, in the
 * order given: a db_rc each.
 */
static int (*const effects[])(struct ctx *, long long) = {
	charges_write,
	life_order_spares,	/* the SIM cards sent: the company's spare SIMs */
	newsub_complete,	/* a new subscription, its SIM card, its user */
	payroll_complete,	/* an employee's service, their payroll deduction */
	payroll_plan_complete,	/* an employee's plan change */
};

long long
order_create(struct ctx *c, const struct order_new *o)
{
	struct dbrow row;
	long long id;
	int rc;

	if (o->form_key != NULL) {
		if ((rc = db_one(c->db, &stmts[Q_BY_KEY], &row, c->co.id, o->form_key)) < 0)
			return rc;
		if (rc == 1)
			return parse_int(row.col[FOUND_ID], 1, INT64_MAX, &id) == 0 ?
			    id : DB_ERROR;
	}
	if ((rc = db_run(c->db, &stmts[Q_ADD], c->co.id, c->sess.user_id, o->form_key,
	    o->currency, o->name, o->street, o->postcode, o->city, o->country,
	    order_state_name(OS_ACKNOWLEDGED))) < 0)
		return rc;
	if ((id = db_insert_id(c->db, &stmts[Q_ADD])) <= 0)
		return DB_ERROR;
	if ((rc = db_run(c->db, &stmts[Q_ITEM_ADD], id, o->product_id, o->quantity,
	    o->user_id, o->oneoff, o->monthly, o->currency)) < 0 ||
	    (rc = event_add(c, id, NULL, OS_ACKNOWLEDGED, ORDER_CUSTOMER, NULL)) < 0 ||
	    (rc = hub_emit(c->db, HUB_ORDER_CREATE, c->co.id, id,
	    order_state_name(OS_ACKNOWLEDGED))) < 0 ||
	    (rc = approval_hold(c, id, o)) < 0)
		return rc;
	return id;
}

int
order_move(struct ctx *c, long long id, enum order_state to, enum order_actor actor,
    const char *note, enum order_state *from)
{
	struct dbrow row;
	int rc, st;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, id, c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if ((st = order_state_parse(row.col[LOCK_STATE])) < 0)
		return DB_ERROR;
	if (from != NULL)
		*from = (enum order_state)st;
	if (!order_transition_ok(actor, (enum order_state)st, to))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_SET_STATE], order_state_name(to), id,
	    c->co.id)) < 0 ||
	    (rc = event_add(c, id, order_state_name((enum order_state)st), to, actor,
	    note)) < 0 ||
	    (rc = hub_emit(c->db, HUB_ORDER, c->co.id, id, order_state_name(to))) < 0)
		return rc;
	/* What the network must do, for the provisioning's outbox. */
	return to == OS_IN_PROGRESS ? provision_raise(c, id) : DB_OK;
}

int
order_complete(struct ctx *c, long long id, enum order_actor actor, const char *note)
{
	size_t i;
	int rc;

	if ((rc = order_move(c, id, OS_COMPLETED, actor, note, NULL)) != DB_OK)
		return rc;
	for (i = 0; i < COUNTOF(effects); i++)
		if ((rc = effects[i](c, id)) != DB_OK)
			return rc;
	return DB_OK;
}

int
order_step(struct ctx *c, long long id, enum order_state st, enum order_actor actor,
    const char *note)
{
	return event_add(c, id, order_state_name(st), st, actor, note);
}

void
order_orderer_set(struct ctx *c, struct order_orderer *who, const char *email,
    const char *lang)
{
	snprintf(who->email, sizeof(who->email), "%s", email ? email : "");
	snprintf(who->lang, sizeof(who->lang), "%s", lang != NULL && i18n_lang(lang) ?
	    lang : c->conf->default_lang);
}

int
order_orderer(struct ctx *c, long long id, struct order_orderer *who)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_ORDERER], &row, id, c->co.id)) < 0)
		return rc;
	order_orderer_set(c, who, rc == 1 ? row.col[BY_EMAIL] : NULL,
	    rc == 1 ? row.col[BY_LANG] : NULL);
	return DB_OK;
}

int
order_end_mail(struct ctx *c, long long id, const struct order_orderer *who,
    const char *subject, const char *body, const char *reason)
{
	char sid[24], url[320];
	const char *vars[] = { "id", sid, "url", url, "reason", reason ? reason : "",
	    NULL };

	if (who->email[0] == '\0')
		return DB_OK;
	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(url, sizeof(url), "%s/companies/%lld/orders/%lld", c->conf->base_url,
	    c->co.id, id);
	return page_mail(c, who->email, who->lang, subject, body, vars);
}

void
order_delivery_el(xmlNodePtr parent, char *const *cols)
{
	static const char *const names[] = { "name", "street", "postcode", "city",
	    "country" };
	xmlNodePtr e = x_el(parent, "delivery");
	size_t i;

	for (i = 0; i < COUNTOF(names); i++)
		x_text(e, names[i], cols[i]);
}

/* No routes: the statements of the model, for every door that writes an order. */
const struct module order_module = {
	.name = "order", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
