/*
 * The provisioning seam (see provision.h): the event an order in progress
 * raises, its delivery to provision_command, and the outcome the command
 * reports back.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <libxml/tree.h>

#include "core/audit.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/spawn.h"
#include "core/util.h"
#include "core/valid.h"
#include "core/xml.h"
#include "orders/orders.h"
#include "orders/provision.h"

#define REASON_MAX	500	/* characters: the timeline's note */
#define FAILED_MAX	200

/*
 * The products the network provisions, by kind; hardware is the staff's
 * to ship. A SIM card is shipped by staff too, and activated by the
 * network: an order with one is not started by the system alone.
 */
static const struct {
	const char	*kind;
	const char	*action;	/* NULL: the item's own (add, modify, delete) */
	int		 alone;		/* the network's alone: nothing to ship */
} kinds[] = {
	{ "subscription", NULL, 1 },
	{ "service", NULL, 1 },
	{ "topup", NULL, 1 },
	{ "sim", "activate", 0 },
};

enum { ITEM_ID, ITEM_KIND, ITEM_CODE, ITEM_ACTION, ITEM_QUANTITY, ITEM_SUB_REF,
	ITEM_ICCID, ITEM_NOW, ITEM__COLS };
enum { DUE_ID, DUE_ORDER, DUE_COMPANY, DUE_BODY, DUE_ATTEMPTS, DUE__COLS };
enum { STATE_STATE, STATE__COLS };
enum { CO_ID, CO__COLS };
enum { FAIL_ORDER, FAIL_ERROR, FAIL__COLS };
enum { Q_ITEMS, Q_ADD, Q_DUE, Q_ORDER_STATE, Q_ACCEPTED, Q_RETRY, Q_GIVE_UP, Q_VOID,
	Q_COMPANY, Q_FAILED };
static struct stmt stmts[] = {
	[Q_ITEMS] = STMT("provision.items", "ii", ITEM__COLS,
	    "SELECT i.id, p.kind, p.code, i.action, i.quantity, s.ref, i.iccid,"
	    " DATE_FORMAT(NOW(), '%Y-%m-%dT%H:%i:%sZ')"
	    " FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " JOIN products p ON p.id = i.product_id"
	    " LEFT JOIN subscriptions s ON s.id = i.subscription_id"
	    "  AND s.company_id = o.company_id"
	    " WHERE i.order_id = ? AND o.company_id = ? ORDER BY i.id"),
	[Q_ADD] = STMT("provision.add", "iis", 0,
	    "INSERT INTO provision_events (order_id, company_id, body) VALUES (?, ?, ?)"),
	/* SKIP LOCKED: a second deliverer (`selfcare provision --deliver` beside
	 * the server's mail child) takes other rows, never the same. */
	[Q_DUE] = STMT("provision.due", "", DUE__COLS,
	    "SELECT id, order_id, company_id, body, attempts FROM provision_events"
	    " WHERE state = 'pending' AND next_attempt_at <= NOW()"
	    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
	[Q_ORDER_STATE] = STMT("provision.order_state", "ii", STATE__COLS,
	    "SELECT state FROM orders WHERE id = ? AND company_id = ?"),
	[Q_ACCEPTED] = STMT("provision.accepted", "i", 0,
	    "UPDATE provision_events SET state = 'accepted', attempts = attempts + 1,"
	    " last_error = NULL, done_at = NOW() WHERE id = ?"),
	/* Back-off: 30 s, 1 min, 2 min, … capped at an hour. */
	[Q_RETRY] = STMT("provision.retry", "si", 0,
	    "UPDATE provision_events SET last_error = ?,"
	    " next_attempt_at = NOW() + INTERVAL LEAST(3600, 30 * POW(2, LEAST(attempts, 12))) SECOND,"
	    " attempts = attempts + 1 WHERE id = ?"),
	[Q_GIVE_UP] = STMT("provision.give_up", "si", 0,
	    "UPDATE provision_events SET state = 'failed', last_error = ?,"
	    " attempts = attempts + 1, done_at = NOW() WHERE id = ?"),
	[Q_VOID] = STMT("provision.void", "i", 0,
	    "UPDATE provision_events SET state = 'void', done_at = NOW() WHERE id = ?"),
	[Q_COMPANY] = STMT("provision.company", "i", CO__COLS,
	    "SELECT company_id FROM orders WHERE id = ?"),
	/* 0: every company's orders (the queue), else the one order. */
	[Q_FAILED] = STMT("provision.failed", "iiii", FAIL__COLS,
	    "SELECT e.order_id, e.last_error FROM provision_events e"
	    " JOIN orders o ON o.id = e.order_id AND o.company_id = e.company_id"
	    " WHERE e.state = 'failed' AND o.state = 'inProgress'"
	    " AND (? = 0 OR (e.order_id = ? AND e.company_id = ?)) ORDER BY e.order_id LIMIT ?"),
};

static int
kind_of(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < COUNTOF(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

static int
configured(const struct ctx *c)
{
	return c->conf->provision_command[0] != '\0';
}

/* <item> of the event from an item's row: the SIM cards' ICCIDs one each. */
static void
item_el(xmlNodePtr parent, const struct dbrow *row, int k)
{
	xmlNodePtr e = x_el(parent, "item");
	char *iccids, *tok, *save = NULL;

	x_attr(e, "id", row->col[ITEM_ID]);
	x_attr(e, "kind", kinds[k].kind);
	x_attr(e, "action", kinds[k].action ? kinds[k].action : row->col[ITEM_ACTION]);
	x_attr(x_el(e, "product"), "code", row->col[ITEM_CODE]);
	x_text(e, "quantity", row->col[ITEM_QUANTITY]);
	if (row->col[ITEM_SUB_REF] != NULL)
		x_attr(x_el(e, "subscription"), "ref", row->col[ITEM_SUB_REF]);
	if (row->col[ITEM_ICCID] == NULL)
		return;
	iccids = estrdup(row->col[ITEM_ICCID]);
	for (tok = strtok_r(iccids, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		x_text(e, "iccid", tok);
	free(iccids);
}

int
provision_raise(struct ctx *c, long long id)
{
	struct dbrow row;
	xmlDocPtr doc;
	xmlNodePtr root;
	xmlChar *body = NULL;
	int rc, k, n = 0, len = 0;

	if (!configured(c))
		return DB_OK;
	if ((rc = db_run(c->db, &stmts[Q_ITEMS], id, c->co.id)) < 0)
		return rc;
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "provision-event", NULL);
	xmlDocSetRootElement(doc, root);
	x_attr_int(root, "order", id);
	x_attr_int(root, "company", c->co.id);
	while ((rc = db_fetch(c->db, &stmts[Q_ITEMS], &row)) == 1) {
		if (n++ == 0)
			x_attr(root, "created", row.col[ITEM_NOW]);
		if ((k = kind_of(row.col[ITEM_KIND])) >= 0)
			item_el(root, &row, k);
	}
	/* Nothing of the network's (hardware only): no event. */
	if (rc < 0 || xmlFirstElementChild(root) == NULL)
		goto out;
	xmlDocDumpFormatMemoryEnc(doc, &body, &len, "UTF-8", 1);
	rc = body != NULL ? db_run(c->db, &stmts[Q_ADD], id, c->co.id, (char *)body) :
	    DB_ERROR;
	xmlFree(body);
out:
	xmlFreeDoc(doc);
	return rc < 0 ? rc : DB_OK;
}

int
provision_start(struct ctx *c, long long id)
{
	struct dbrow row;
	int rc, k, n = 0, alone = 1;

	if (!configured(c))
		return DB_OK;
	if ((rc = db_run(c->db, &stmts[Q_ITEMS], id, c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_ITEMS], &row)) == 1) {
		n++;
		if ((k = kind_of(row.col[ITEM_KIND])) < 0 || !kinds[k].alone)
			alone = 0;
	}
	if (rc < 0 || n == 0 || !alone)
		return rc < 0 ? rc : DB_OK;
	/* An order made before with the same form key has moved on already. */
	rc = order_move(c, id, OS_IN_PROGRESS, ORDER_SYSTEM, NULL, NULL);
	return rc == 409 ? DB_OK : rc;
}

/* ---- delivery ---- */

struct deliver_one {
	struct db		*db;
	const struct conf	*conf;
	int			 done;	/* 1 accepted, 0 nothing due, -1 failed, 2 void */
};

static int
deliver_one_txn(void *arg)
{
	struct deliver_one *d = arg;
	struct dbrow row;
	long long id = 0, order = 0, company = 0, attempts = 0;
	char err[256], *body;
	int rc;

	d->done = 0;
	if ((rc = db_one(d->db, &stmts[Q_DUE], &row)) <= 0)
		return rc;
	if (parse_int(row.col[DUE_ID], 1, INT64_MAX, &id) == -1 ||
	    parse_int(row.col[DUE_ORDER], 1, INT64_MAX, &order) == -1 ||
	    parse_int(row.col[DUE_COMPANY], 1, INT64_MAX, &company) == -1 ||
	    parse_int(row.col[DUE_ATTEMPTS], 0, INT32_MAX, &attempts) == -1)
		return DB_ERROR;
	body = estrdup(row.col[DUE_BODY]);
	/* Completed, failed or cancelled by hand meanwhile: nothing to do. */
	if ((rc = db_one(d->db, &stmts[Q_ORDER_STATE], &row, order, company)) < 0)
		goto out;
	if (rc == 0 || strcmp(row.col[STATE_STATE], order_state_name(OS_IN_PROGRESS)) != 0) {
		d->done = 2;
		rc = db_run(d->db, &stmts[Q_VOID], id);
		goto out;
	}
	/* The row stays locked while the command runs: nobody else sends it. */
	if (spawn_input(d->conf->provision_command, NULL, body, strlen(body), err,
	    sizeof(err)) == 0) {
		d->done = 1;
		rc = db_run(d->db, &stmts[Q_ACCEPTED], id);
		log_info("provision: order %lld: event %lld accepted", order, id);
	} else if (attempts + 1 >= d->conf->provision_tries) {
		d->done = -1;
		rc = db_run(d->db, &stmts[Q_GIVE_UP], err, id);
		log_warn("provision: order %lld: event %lld: %s; given up after %lld tries, "
		    "left for staff", order, id, err, attempts + 1);
	} else {
		d->done = -1;
		rc = db_run(d->db, &stmts[Q_RETRY], err, id);
		log_warn("provision: order %lld: event %lld: %s; tried again later", order,
		    id, err);
	}
out:
	free(body);
	return rc < 0 ? rc : DB_OK;
}

int
provision_deliver(struct db *db, const struct conf *conf)
{
	struct deliver_one d = { db, conf, 0 };
	int rc, total = 0, i;

	if (conf->provision_command[0] == '\0')
		return 0;
	/* Bounded per round so one round never runs for ever. */
	for (i = 0; i < 100; i++) {
		if ((rc = db_txn(db, deliver_one_txn, &d)) < 0)
			return rc;
		if (d.done == 0)
			break;
		if (d.done == 1)
			total++;
	}
	return total;
}

/* ---- the outcome ---- */

/* What each outcome does to the order and tells its orderer. */
static const struct {
	const char		*name;
	enum order_state	 to;
	const char		*subject, *body;
} outcomes[] = {
	{ "completed", OS_COMPLETED, "mail.order.completed.subject",
	    "mail.order.completed.body" },
	{ "failed", OS_FAILED, "mail.order.failed.subject", "mail.order.failed.body" },
};

struct result {
	struct ctx	*c;
	long long	 id;
	size_t		 outcome;
	const char	*reason;	/* NULL: none */
};

static int
result_txn(void *arg)
{
	struct result *r = arg;
	struct ctx *c = r->c;
	struct order_orderer who;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_COMPANY], &row, r->id)) <= 0)
		return rc < 0 ? rc : 404;
	if (parse_int(row.col[CO_ID], 1, INT64_MAX, &c->co.id) == -1)
		return DB_ERROR;
	rc = outcomes[r->outcome].to == OS_COMPLETED ?
	    order_complete(c, r->id, ORDER_SYSTEM, r->reason) :
	    order_move(c, r->id, OS_FAILED, ORDER_SYSTEM, r->reason, NULL);
	/* The company's log has the network's answer, as it has staff's. */
	if (rc != DB_OK || (rc = audit_add_system(c->db, c->co.id,
	    outcomes[r->outcome].to == OS_COMPLETED ? "order-complete" : "order-fail",
	    "order", r->id, r->reason)) < 0 ||
	    (rc = order_orderer(c, r->id, &who)) != DB_OK)
		return rc;
	return order_end_mail(c, r->id, &who, outcomes[r->outcome].subject,
	    outcomes[r->outcome].body, r->reason);
}

int
provision_result(struct db *db, const struct conf *conf, const char *idarg,
    const char *outcome, const char *reason, FILE *out, FILE *err)
{
	char note[REASON_MAX * 4 + 1];
	struct ctx c;
	struct result r = { &c, 0, 0, NULL };
	const char *why;
	int rc;

	if (parse_int(idarg, 1, INT64_MAX, &r.id) == -1) {
		fprintf(err, "selfcare: order-result: '%.32s' is not an order number\n", idarg);
		return EX_USAGE;
	}
	while (r.outcome < COUNTOF(outcomes) && strcmp(outcomes[r.outcome].name, outcome) != 0)
		r.outcome++;
	if (r.outcome == COUNTOF(outcomes)) {
		fprintf(err, "selfcare: order-result: '%.32s' is neither completed nor failed\n",
		    outcome);
		return EX_USAGE;
	}
	if (reason != NULL) {
		if ((why = valid_line(note, sizeof(note), reason, REASON_MAX)) != NULL) {
			fprintf(err, "selfcare: order-result: REASON: %s (one line of at most "
			    "%d characters)\n", why, REASON_MAX);
			return EX_USAGE;
		}
		r.reason = note[0] != '\0' ? note : NULL;
	}
	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.db = db;
	c.lang = conf->default_lang;
	switch ((rc = db_txn(db, result_txn, &r))) {
	case DB_OK:
		fprintf(out, "order %lld %s\n", r.id, outcomes[r.outcome].name);
		return 0;
	case 404:
		fprintf(err, "selfcare: order-result: no order %lld\n", r.id);
		return 1;
	case 409:
		fprintf(err, "selfcare: order-result: order %lld is not in progress "
		    "(nothing changed)\n", r.id);
		return 1;
	default:
		fprintf(err, "selfcare: order-result: order %lld: the database failed "
		    "(nothing changed)\n", r.id);
		return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_SOFTWARE;
	}
}

int
provision_failed_el(struct ctx *c, xmlNodePtr parent, long long id)
{
	struct dbrow row;
	xmlNodePtr e;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_FAILED], id, id, c->co.id,
	    (long long)FAILED_MAX)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_FAILED], &row)) == 1) {
		e = x_el(parent, "provisioning");
		x_attr(e, "order", row.col[FAIL_ORDER]);
		x_attr(e, "state", "failed");
		x_text(e, "error", row.col[FAIL_ERROR]);
	}
	return rc < 0 ? rc : DB_OK;
}

/* No routes: the outbox's statements, for the doors and the deliverers. */
const struct module provision_module = {
	.name = "provision", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
