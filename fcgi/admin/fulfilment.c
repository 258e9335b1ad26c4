/*
 * Fulfilment, the back office's role "fulfilment": every company's orders
 * of SIM cards and hardware (portal/orders.c) as a queue by state and age,
 * and one order carried along the order model (orders/orders.c): taken,
 * moved into work, fulfilled (the ICCID of each SIM card sent, checked by
 * its Luhn digit, and the shipment's tracking reference), then completed
 * or failed with a reason. Each step is on the order's timeline, where the
 * customer sees it, and in the company's audit log; completion and failure
 * mail the one who ordered. Completion writes a one-off charge per item
 * for the company's next invoice.
 *
 * The role is named "fulfilment": the portal's area "orders" is another
 * door's, and a role is a module of its name (module names are unique).
 * The operator sees every company: no statement takes a membership, but
 * every change is made for the company of its order (ctx->co.id).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "orders/newsub.h"
#include "orders/orders.h"
#include "orders/provision.h"
#include "subscriptions/change.h"

#define QUEUE_MAX	200
#define TRACKING_MAX	64
#define REASON_MAX	500
#define SIM_ITEMS_MAX	32
#define ICCID_LEN	20
#define ICCIDS_MAX	100	/* an item's quantity at most */

/* An order as the queue and its page show it; AGE in whole days. */
#define ORDER_LEAD \
	"SELECT o.id, o.state, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(o.updated_at, '%Y-%m-%dT%H:%i:%s'), DATEDIFF(NOW(), o.created_at)," \
	" c.id, c.name, f.id, f.name, o.tracking_ref"
#define ORDER_JOINS \
	" FROM orders o JOIN companies c ON c.id = o.company_id" \
	" LEFT JOIN staff f ON f.id = o.assignee_id"
enum { ORD_ID, ORD_STATE, ORD_CREATED, ORD_UPDATED, ORD_AGE, ORD_COMPANY_ID, ORD_COMPANY,
	ORD_ASSIGNEE_ID, ORD_ASSIGNEE, ORD_TRACKING, ORD_LEAD__COLS,
	ORD_BY_NAME = ORD_LEAD__COLS, ORD_BY_EMAIL, ORD_BY_LANG, ORD_NAME, ORD_STREET,
	ORD_POSTCODE, ORD_CITY, ORD_COUNTRY, ORD__COLS };
enum { ITEM_ID, ITEM_KIND, ITEM_CODE, ITEM_PRODUCT, ITEM_QUANTITY, ITEM_ONEOFF,
	ITEM_CURRENCY, ITEM_USER, ITEM_ICCID, ITEM__COLS };
enum { LOCK_STATE, LOCK_TRACKING, LOCK__COLS };
enum { SIM_ID, SIM_QUANTITY, SIM__COLS };
enum { Q_QUEUE, Q_ORDER, Q_ITEMS, Q_LOCK, Q_SIMS, Q_TAKE, Q_TRACKING, Q_ICCID };
static struct stmt stmts[] = {
	/* The states a list for FIND_IN_SET; the oldest first. */
	[Q_QUEUE] = STMT("fulfilment.queue", "si", ORD_LEAD__COLS,
	    ORDER_LEAD ORDER_JOINS " WHERE FIND_IN_SET(o.state, ?) ORDER BY o.created_at, o.id LIMIT ?"),
	[Q_ORDER] = STMT("fulfilment.order", "i", ORD__COLS,
	    ORDER_LEAD ", u.name, u.email, u.lang, o.delivery_name, o.delivery_street,"
	    " o.delivery_postcode, o.delivery_city, o.delivery_country" ORDER_JOINS
	    " LEFT JOIN users u ON u.id = o.ordered_by WHERE o.id = ?"),
	[Q_ITEMS] = STMT("fulfilment.items", "si", ITEM__COLS,
	    "SELECT i.id, p.kind, p.code, " PRODUCT_NAME ", i.quantity, i.oneoff_price,"
	    " i.currency, u.name, i.iccid"
	    " FROM order_items i JOIN products p ON p.id = i.product_id" PRODUCT_NAME_JOIN
	    " LEFT JOIN users u ON u.id = i.user_id WHERE i.order_id = ? ORDER BY i.id"),
	[Q_LOCK] = STMT("fulfilment.lock", "ii", LOCK__COLS,
	    "SELECT state, tracking_ref FROM orders WHERE id = ? AND company_id = ?"
	    " FOR UPDATE"),
	[Q_SIMS] = STMT("fulfilment.sims", "ii", SIM__COLS,
	    "SELECT i.id, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " JOIN products p ON p.id = i.product_id"
	    " WHERE i.order_id = ? AND o.company_id = ?"
	    " AND (p.kind = 'sim' OR i.sim_kind IS NOT NULL) ORDER BY i.id"),
	[Q_TAKE] = STMT("fulfilment.take", "iii", 0,
	    "UPDATE orders SET assignee_id = ? WHERE id = ? AND company_id = ?"),
	[Q_TRACKING] = STMT("fulfilment.tracking", "sii", 0,
	    "UPDATE orders SET tracking_ref = ? WHERE id = ? AND company_id = ?"),
	[Q_ICCID] = STMT("fulfilment.iccid", "sii", 0,
	    "UPDATE order_items SET iccid = ? WHERE id = ? AND order_id = ?"),
};
#undef ORDER_JOINS
#undef ORDER_LEAD

static const struct field queue_fields[] = {
	{ "state", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field fulfil_fields[] = {
	{ "tracking", V_TEXT, TRACKING_MAX * 4 },
	{ "iccid", V_TEXT, ICCIDS_MAX * (ICCID_LEN + 8) },
	{ "number", V_TEXT, NEWSUB_NUMBER_MAX * 2 },
	{ NULL, V_TEXT, 0 },
};

static const struct field fail_fields[] = {
	{ "reason", V_TEXT, REASON_MAX * 4 },
	{ NULL, V_TEXT, 0 },
};

/* The queue's filter, the first the default: what is the operator's to do
 * (not what waits for the company's approval). */
static const char *const states[] = { "open", "all", "acknowledged", "held",
	"inProgress", "completed", "failed", "cancelled", NULL };
static const char *const state_sets[] = { "acknowledged,inProgress",
	"acknowledged,held,inProgress,completed,failed,cancelled", "acknowledged", "held",
	"inProgress", "completed", "failed", "cancelled" };

/* Who it is for and who has it: <el id><name/></el> (NULL id: nothing). */
static const struct {
	const char	*el;
	int		 id, name;
} named[] = {
	{ "company", ORD_COMPANY_ID, ORD_COMPANY },
	{ "assignee", ORD_ASSIGNEE_ID, ORD_ASSIGNEE },
};

static xmlNodePtr
order_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr o = x_el(parent, "order"), e;
	size_t i;

	x_attr(o, "id", row->col[ORD_ID]);
	x_attr(o, "state", row->col[ORD_STATE]);
	x_time(o, "created", NULL, row->col[ORD_CREATED]);
	x_time(o, "updated", NULL, row->col[ORD_UPDATED]);
	x_attr(x_el(o, "age"), "days", row->col[ORD_AGE]);
	for (i = 0; i < COUNTOF(named); i++) {
		if (row->col[named[i].id] == NULL)
			continue;
		e = x_el(o, named[i].el);
		x_attr(e, "id", row->col[named[i].id]);
		x_text(e, "name", row->col[named[i].name]);
	}
	x_text(o, "tracking", row->col[ORD_TRACKING]);
	return o;
}

static int
queue_get(struct ctx *c)
{
	const char *v = in_get(c, "state");
	struct dbrow row;
	xmlNodePtr q;
	int rc, s;

	for (s = 0; states[s] != NULL; s++)
		if (v == NULL || strcmp(states[s], v) == 0)
			break;
	if (states[s] == NULL || (v == NULL && form_raw(c, "state") != NULL))
		return 400;
	if ((rc = db_run(c->db, &stmts[Q_QUEUE], state_sets[s], (long long)QUEUE_MAX)) < 0)
		return page_db_status(rc);
	page_begin(c, "admin-orders");
	q = x_el(c->root, "queue");
	x_attr(q, "state", states[s]);
	while ((rc = db_fetch(c->db, &stmts[Q_QUEUE], &row)) == 1)
		order_el(q, &row);
	if (rc < 0 || (rc = provision_failed_el(c, q, 0)) < 0)
		return page_db_status(rc);
	return 0;
}

/* ---- one order ---- */

/* The order of the path, for any company: 1 with its row (ctx->co.id its
 * company's, its state in *st), 0 none, or a db_rc. */
static int
load(struct ctx *c, struct dbrow *row, enum order_state *st)
{
	int rc, s;

	if ((rc = db_one(c->db, &stmts[Q_ORDER], row, c->ids[0])) <= 0)
		return rc;
	if ((s = order_state_parse(row->col[ORD_STATE])) < 0 ||
	    parse_int(row->col[ORD_COMPANY_ID], 1, INT64_MAX, &c->co.id) == -1)
		return DB_ERROR;
	*st = (enum order_state)s;
	return 1;
}

/* The order's page without a form's error: 0, or an HTTP status. */
static int
order_page(struct ctx *c)
{
	xmlNodePtr o, e, list;
	enum order_state st;
	struct dbrow row;
	int rc, s, shipped;

	if ((rc = load(c, &row, &st)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	shipped = row.col[ORD_TRACKING] != NULL;
	page_begin(c, "admin-order");
	o = order_el(c->root, &row);
	if (row.col[ORD_BY_NAME] != NULL) {
		e = x_el(o, "ordered-by");
		x_text(e, "name", row.col[ORD_BY_NAME]);
		x_text(e, "email", row.col[ORD_BY_EMAIL]);
	}
	order_delivery_el(o, &row.col[ORD_NAME]);
	if ((rc = db_run(c->db, &stmts[Q_ITEMS], c->lang, c->ids[0])) < 0)
		return page_db_status(rc);
	list = x_el(o, "items");
	while ((rc = db_fetch(c->db, &stmts[Q_ITEMS], &row)) == 1) {
		e = x_el(list, "item");
		x_attr(e, "kind", row.col[ITEM_KIND]);
		x_attr(x_text(e, "product", row.col[ITEM_PRODUCT]), "code", row.col[ITEM_CODE]);
		x_text(e, "quantity", row.col[ITEM_QUANTITY]);
		x_attr(x_text(e, "oneoff", row.col[ITEM_ONEOFF]), "currency",
		    row.col[ITEM_CURRENCY]);
		x_text(e, "for", row.col[ITEM_USER]);
		x_text(e, "iccid", row.col[ITEM_ICCID]);
	}
	if (rc < 0 || (rc = provision_failed_el(c, c->root, c->ids[0])) < 0 ||
	    (rc = newsub_el(c, o, c->ids[0])) < 0)
		return page_db_status(rc);
	/* What the operator may do from here: complete once it is sent. */
	list = x_el(c->root, "actions");
	if (!order_final(st))
		x_text(list, "action", "take");
	if (order_transition_ok(ORDER_OPERATOR, st, OS_IN_PROGRESS))
		x_text(list, "action", "start");
	if (st == OS_IN_PROGRESS && !shipped)
		x_text(list, "action", "fulfil");
	for (s = OS_COMPLETED; s <= OS_FAILED; s++)
		if (order_transition_ok(ORDER_OPERATOR, st, (enum order_state)s) &&
		    (s != OS_COMPLETED || shipped))
			x_text(list, "action", s == OS_COMPLETED ? "complete" : "fail");
	return 0;
}

static int
order_get(struct ctx *c)
{
	return order_page(c);
}

/* The page again with one form's error (its fields as typed): status. */
static int
reshow(struct ctx *c, const char *form, const char *field, const char *code, int status)
{
	xmlNodePtr f;
	int rc;

	if ((rc = order_page(c)) != 0)
		return rc;
	f = form_el(c->root, form);
	form_keep(c, f, "tracking");
	form_keep(c, f, "iccid");
	form_keep(c, f, "number");
	form_keep(c, f, "reason");
	form_error(f, field, code);
	c->status = status;
	return 0;
}

/* ---- the actions: each for the order's company, audited, then back to it ---- */

static int
done(struct ctx *c, const char *code)
{
	page_redirectf(c, "/admin/orders/%lld?done=%s", c->ids[0], code);
	return DB_OK;
}

/* The order locked: DB_OK with its state, 404, or a db_rc. */
static int
lock(struct ctx *c, enum order_state *st, int *shipped)
{
	struct dbrow row;
	int rc, s;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, c->ids[0], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if ((s = order_state_parse(row.col[LOCK_STATE])) < 0)
		return DB_ERROR;
	*st = (enum order_state)s;
	*shipped = row.col[LOCK_TRACKING] != NULL;
	return DB_OK;
}

static int
take_txn(struct ctx *c, void *arg)
{
	enum order_state st;
	char who[240];
	int rc, shipped;

	(void)arg;
	if ((rc = lock(c, &st, &shipped)) != DB_OK)
		return rc;
	if (order_final(st))
		return 409;
	snprintf(who, sizeof(who), "staff %lld %s", c->staff.id, c->staff.name);
	if ((rc = db_run(c->db, &stmts[Q_TAKE], c->staff.id, c->ids[0], c->co.id)) < 0 ||
	    (rc = page_audit(c, "order-take", "order", c->ids[0], who)) < 0)
		return rc;
	return done(c, "order-taken");
}

/* An action of no input: the order found, the change made, or the page
 * again with why not. */
static int
act(struct ctx *c, int (*txn)(struct ctx *, void *), void *arg, const char *form)
{
	enum order_state st;
	struct dbrow row;
	int rc;

	if ((rc = load(c, &row, &st)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	rc = page_change(c, txn, arg);
	return rc == 409 ? reshow(c, form, "state", "not-allowed", 409) : rc;
}

static int
take_post(struct ctx *c)
{
	return act(c, take_txn, NULL, "take");
}

static int
start_txn(struct ctx *c, void *arg)
{
	enum order_state from;
	int rc;

	(void)arg;
	if ((rc = order_move(c, c->ids[0], OS_IN_PROGRESS, ORDER_OPERATOR, NULL,
	    &from)) != DB_OK)
		return rc;
	/* Whoever starts it has it. */
	if ((rc = db_run(c->db, &stmts[Q_TAKE], c->staff.id, c->ids[0], c->co.id)) < 0 ||
	    (rc = page_audit(c, "order-start", "order", c->ids[0],
	    order_state_name(from))) < 0)
		return rc;
	return done(c, "order-started");
}

static int
start_post(struct ctx *c)
{
	return act(c, start_txn, NULL, "start");
}

/* What fulfilling sends: the tracking reference, and the ICCIDs one a line
 * (blanks inside one dropped), as many as the order's SIM cards. */
struct fulfil {
	char		 tracking[TRACKING_MAX * 4 + 1];
	char		 iccids[ICCIDS_MAX][ICCID_LEN + 1];
	size_t		 n;
	const char	*field, *code;
};

static void
fulfil_check(struct ctx *c, struct fulfil *f)
{
	const char *raw = form_raw(c, "iccid"), *p, *end;
	char one[ICCID_LEN * 4 + 1];
	size_t len;

	f->n = 0;
	f->field = "tracking";
	if ((f->code = valid_line(f->tracking, sizeof(f->tracking), form_raw(c, "tracking"),
	    TRACKING_MAX)) != NULL)
		return;
	f->field = "iccid";
	if (raw != NULL && in_get(c, "iccid") == NULL) {
		f->code = "invalid";
		return;
	}
	for (p = raw ? raw : ""; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\r\n,");
		len = (size_t)(end - p);
		if (len >= sizeof(one)) {
			f->code = "invalid";
			return;
		}
		memcpy(one, p, len);
		one[len] = '\0';
		if (one[strspn(one, " \t")] == '\0')
			continue;
		for (len = 0; one[len] != '\0'; len++)
			if (one[len] == '\t')
				one[len] = ' ';
		if (f->n == ICCIDS_MAX || valid_iccid(one) == -1 ||
		    (len = strlen(one)) > ICCID_LEN) {
			f->code = "invalid";
			return;
		}
		memcpy(f->iccids[f->n++], one, len + 1);
	}
}

/* The order's SIM cards given their ICCIDs, in the items' order: DB_OK, or
 * 400 when their number is not the cards', or a db_rc. */
static int
iccids_set(struct ctx *c, const struct fulfil *f)
{
	long long ids[SIM_ITEMS_MAX], qty[SIM_ITEMS_MAX], total = 0;
	struct buf b = { 0 };
	struct dbrow row;
	size_t n = 0, i, k, at = 0;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_SIMS], c->ids[0], c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_SIMS], &row)) == 1) {
		if (n == SIM_ITEMS_MAX ||
		    parse_int(row.col[SIM_ID], 1, INT64_MAX, &ids[n]) == -1 ||
		    parse_int(row.col[SIM_QUANTITY], 1, ICCIDS_MAX, &qty[n]) == -1)
			rc = DB_ERROR;
		else
			total += qty[n++];
	}
	if (rc < 0)
		return rc;
	if ((size_t)total != f->n)
		return 400;
	for (i = 0; i < n; i++) {
		b.len = 0;
		for (k = 0; k < (size_t)qty[i]; k++)
			buf_printf(&b, "%s%s", k ? " " : "", f->iccids[at++]);
		if ((rc = db_run(c->db, &stmts[Q_ICCID], b.p, ids[i], c->ids[0])) < 0)
			break;
	}
	buf_free(&b);
	return rc < 0 ? rc : DB_OK;
}

static void
orderer_of(struct ctx *c, const struct dbrow *row, struct order_orderer *o)
{
	order_orderer_set(c, o, row->col[ORD_BY_EMAIL], row->col[ORD_BY_LANG]);
}

struct step {
	struct fulfil		*f;
	const struct order_orderer *who;
	const char		*reason;
};

static int
fulfil_txn(struct ctx *c, void *arg)
{
	const struct step *s = arg;
	const char *vars[] = { "tracking", s->f->tracking, NULL };
	struct buf note = { 0 };
	enum order_state st;
	int rc, shipped;

	if ((rc = lock(c, &st, &shipped)) != DB_OK)
		return rc;
	if (st != OS_IN_PROGRESS || shipped)
		return 409;
	if ((rc = iccids_set(c, s->f)) != DB_OK ||
	    (rc = newsub_fulfil(c, c->ids[0], form_raw(c, "number"), &s->f->field,
	    &s->f->code)) != DB_OK ||
	    (rc = db_run(c->db, &stmts[Q_TRACKING], s->f->tracking, c->ids[0],
	    c->co.id)) < 0)
		return rc;
	/* On the timeline in the orderer's language: the record is theirs. */
	i18n_fill(&note, i18n_get(s->who->lang, "order.shipped.note"), vars);
	rc = order_step(c, c->ids[0], OS_IN_PROGRESS, ORDER_OPERATOR, note.p);
	buf_free(&note);
	if (rc < 0 || (rc = page_audit(c, "order-fulfil", "order", c->ids[0],
	    s->f->tracking)) < 0)
		return rc;
	return done(c, "order-fulfilled");
}

/* The order found for a form: DB_OK with the orderer, or the page's status. */
static int
found(struct ctx *c, struct order_orderer *who)
{
	enum order_state st;
	struct dbrow row;
	int rc;

	if ((rc = load(c, &row, &st)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	orderer_of(c, &row, who);
	return 0;
}

static int
fulfil_post(struct ctx *c)
{
	struct fulfil f;
	struct order_orderer who;
	struct step s = { &f, &who, NULL };
	int rc;

	memset(&f, 0, sizeof(f));
	if ((rc = found(c, &who)) != 0)
		return rc;
	fulfil_check(c, &f);
	if (f.code != NULL)
		return reshow(c, "fulfil", f.field, f.code, 400);
	rc = page_change(c, fulfil_txn, &s);
	/* Not one ICCID for each SIM card of the order. */
	if (rc == 400)
		return reshow(c, "fulfil", "iccid", f.n == 0 ? "required" : "invalid", 400);
	/* A new subscription's number or SIM card refused. */
	if (rc == 422)
		return reshow(c, "fulfil", f.field, f.code, 400);
	return rc == 409 ? reshow(c, "fulfil", "state", "not-allowed", 409) : rc;
}

/* The orderer told how it ended, in their language. */
static int
end_mail(struct ctx *c, const struct step *s, const char *subject, const char *body)
{
	return order_end_mail(c, c->ids[0], s->who, subject, body, s->reason);
}

static int
complete_txn(struct ctx *c, void *arg)
{
	const struct step *s = arg;
	enum order_state st;
	int rc, shipped;

	/* Nothing is complete before it is sent. */
	if ((rc = lock(c, &st, &shipped)) != DB_OK)
		return rc;
	if (!shipped)
		return 409;
	if ((rc = order_complete(c, c->ids[0], ORDER_OPERATOR, NULL)) != DB_OK)
		return rc;
	if ((rc = page_audit(c, "order-complete", "order", c->ids[0], NULL)) < 0 ||
	    (rc = end_mail(c, s, "mail.order.completed.subject",
	    "mail.order.completed.body")) < 0)
		return rc;
	return done(c, "order-completed");
}

static int
complete_post(struct ctx *c)
{
	struct order_orderer who;
	struct step s = { NULL, &who, NULL };
	int rc;

	if ((rc = found(c, &who)) != 0)
		return rc;
	rc = page_change(c, complete_txn, &s);
	return rc == 409 ? reshow(c, "complete", "state", "not-allowed", 409) : rc;
}

static int
fail_txn(struct ctx *c, void *arg)
{
	const struct step *s = arg;
	int rc;

	if ((rc = order_move(c, c->ids[0], OS_FAILED, ORDER_OPERATOR, s->reason,
	    NULL)) != DB_OK)
		return rc;
	if ((rc = page_audit(c, "order-fail", "order", c->ids[0], s->reason)) < 0 ||
	    (rc = end_mail(c, s, "mail.order.failed.subject",
	    "mail.order.failed.body")) < 0)
		return rc;
	return done(c, "order-failed");
}

static int
fail_post(struct ctx *c)
{
	char reason[REASON_MAX * 4 + 1];
	struct order_orderer who;
	struct step s = { NULL, &who, reason };
	const char *code;
	int rc;

	if ((rc = found(c, &who)) != 0)
		return rc;
	if ((code = valid_line(reason, sizeof(reason), form_raw(c, "reason"),
	    REASON_MAX)) != NULL)
		return reshow(c, "fail", "reason", code, 400);
	rc = page_change(c, fail_txn, &s);
	return rc == 409 ? reshow(c, "fail", "state", "not-allowed", 409) : rc;
}

static const struct route routes[] = {
	{ "/admin/orders", R_STAFF, "admin-orders", queue_get, queue_fields, NULL, NULL,
	    "fulfilment" },
	/* Its forms post to the routes below with this page's one-time key. */
	{ "/admin/orders/#", R_STAFF | R_ONCE, "admin-order", order_get, NULL, NULL, NULL,
	    "fulfilment" },
	{ "/admin/orders/#/take", R_STAFF | R_ONCE, "admin-order", NULL, NULL, take_post,
	    NULL, "fulfilment" },
	{ "/admin/orders/#/start", R_STAFF | R_ONCE, "admin-order", NULL, NULL, start_post,
	    NULL, "fulfilment" },
	{ "/admin/orders/#/fulfil", R_STAFF | R_ONCE, "admin-order", NULL, NULL,
	    fulfil_post, fulfil_fields, "fulfilment" },
	{ "/admin/orders/#/complete", R_STAFF | R_ONCE, "admin-order", NULL, NULL,
	    complete_post, NULL, "fulfilment" },
	{ "/admin/orders/#/fail", R_STAFF | R_ONCE, "admin-order", NULL, NULL, fail_post,
	    fail_fields, "fulfilment" },
};

static const char *const pages[] = { "admin-orders", "admin-order", NULL };
static const char *const flashes[] = { "order-taken", "order-started", "order-fulfilled",
	"order-completed", "order-failed", NULL };
static const struct menu_item menu[] = {
	{ "/admin/orders", "admin.nav.orders", "fulfilment" },
	{ NULL, NULL, NULL },
};

const struct module fulfilment_module = {
	.name = "fulfilment", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
