/*
 * A subscription's life (life.h): SIM cards, suspension, PUK, and the
 * spare cards of a completed order.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"
#include "subscriptions/change.h"
#include "subscriptions/life.h"

#define ICCID_MAX	22

enum { LOCK_STATUS, LOCK_ENDING, LOCK__COLS };
enum { USED_ID, USED__COLS };
enum { MAIN_ICCID, MAIN__COLS };
enum { SPARE_ICCID, SPARE__COLS };
enum { PUK_ICCID, PUK_PUK, PUK__COLS };
enum { ITEM_ICCIDS, ITEM__COLS };
enum { Q_LOCK, Q_ICCID_USED, Q_MAIN_OF, Q_BLOCK_MAIN, Q_SIM_ADD, Q_SPARE_LOCK, Q_SPARE_SET,
	Q_SUSPEND, Q_PUK, Q_ORDER_ICCIDS, Q_SPARE_ADD };
static struct stmt stmts[] = {
	[Q_LOCK] = STMT("life.lock", "ii", LOCK__COLS,
	    "SELECT status, ends_on IS NOT NULL FROM subscriptions"
	    " WHERE id = ? AND company_id = ? FOR UPDATE"),
	/* Anywhere: an ICCID is one card, whoever holds it. */
	[Q_ICCID_USED] = STMT("life.iccid_used", "s", USED__COLS,
	    "SELECT id FROM sim_cards WHERE iccid = ?"),
	[Q_MAIN_OF] = STMT("life.main_of", "ii", MAIN__COLS,
	    "SELECT iccid FROM sim_cards WHERE subscription_id = ? AND company_id = ?"
	    " AND type = 'main' AND status <> 'blocked' ORDER BY id FOR UPDATE"),
	[Q_BLOCK_MAIN] = STMT("life.block_main", "ii", 0,
	    "UPDATE sim_cards SET status = 'blocked' WHERE subscription_id = ?"
	    " AND company_id = ? AND type = 'main' AND status <> 'blocked'"),
	[Q_SIM_ADD] = STMT("life.sim_add", "iis", 0,
	    "INSERT INTO sim_cards (company_id, subscription_id, iccid, type, status)"
	    " VALUES (?, ?, ?, 'main', 'active')"),
	[Q_SPARE_LOCK] = STMT("life.spare_lock", "ii", SPARE__COLS,
	    "SELECT iccid FROM sim_cards WHERE id = ? AND company_id = ?"
	    " AND subscription_id IS NULL AND status = 'inactive' FOR UPDATE"),
	[Q_SPARE_SET] = STMT("life.spare_set", "isii", 0,
	    "UPDATE sim_cards SET subscription_id = ?, type = ?, status = 'active'"
	    " WHERE id = ? AND company_id = ? AND subscription_id IS NULL"),
	[Q_SUSPEND] = STMT("life.suspend", "ssii", 0,
	    "UPDATE subscriptions SET suspended_from = ?, suspended_to = ?"
	    " WHERE id = ? AND company_id = ?"),
	[Q_PUK] = STMT("life.puk", "iiii", PUK__COLS,
	    "SELECT m.iccid, COALESCE(m.puk, '') FROM sim_cards m"
	    " JOIN subscriptions s ON s.id = m.subscription_id AND s.company_id = ?"
	    " WHERE m.id = ? AND m.subscription_id = ? AND m.company_id = ?"),
	[Q_ORDER_ICCIDS] = STMT("life.order_iccids", "ii", ITEM__COLS,
	    "SELECT i.iccid FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " AND o.company_id = ? WHERE i.order_id = ? AND i.iccid IS NOT NULL"
	    /* A new subscription's card is its own (orders/newsub.c), not a spare. */
	    " AND i.number_kind IS NULL ORDER BY i.id"),
	/* A card known already (a retried completion, a card of another
	 * company) stays as it is. */
	[Q_SPARE_ADD] = STMT("life.spare_add", "isi", 0,
	    "INSERT INTO sim_cards (company_id, iccid, type, status, order_id)"
	    " VALUES (?, ?, 'main', 'inactive', ?) ON DUPLICATE KEY UPDATE id = id"),
};

/* Locks the company's subscription: DB_OK, 404, 409 (terminated, or
 * ending when ending_too), or a db_rc. */
static int
lock(struct ctx *c, long long sub, int ending_too)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, sub, c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[LOCK_STATUS], "terminated") == 0 ||
	    (ending_too && strcmp(row.col[LOCK_ENDING], "1") == 0))
		return 409;
	return DB_OK;
}

/* The main SIM's ICCID into old (empty: none), then every main SIM blocked. */
static int
block_main(struct ctx *c, long long sub, char old[ICCID_MAX + 1])
{
	struct dbrow row;
	int rc;

	old[0] = '\0';
	if ((rc = db_one(c->db, &stmts[Q_MAIN_OF], &row, sub, c->co.id)) < 0)
		return rc;
	if (rc == 1)
		snprintf(old, ICCID_MAX + 1, "%s", row.col[MAIN_ICCID]);
	rc = db_run(c->db, &stmts[Q_BLOCK_MAIN], sub, c->co.id);
	return rc < 0 ? rc : DB_OK;
}

/* "OLD -> NEW" (the history's and the audit's detail of a new main SIM). */
static void
swap_detail(char *out, size_t len, const char *old, const char *new)
{
	snprintf(out, len, "%s -> %s", old[0] ? old : "-", new);
}

int
life_sim_swap(struct ctx *c, long long sub, const char *iccid, const char **code)
{
	char old[ICCID_MAX + 1], detail[64];
	struct dbrow row;
	int rc;

	*code = NULL;
	if ((rc = lock(c, sub, 0)) != DB_OK)
		return rc;
	if ((rc = db_one(c->db, &stmts[Q_ICCID_USED], &row, iccid)) != 0) {
		if (rc < 0)
			return rc;
		*code = "in-use";
		return 400;
	}
	if ((rc = block_main(c, sub, old)) != DB_OK)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_SIM_ADD], c->co.id, sub, iccid)) < 0) {
		if (rc != DB_DUPLICATE)
			return rc;
		*code = "in-use";
		return 400;
	}
	swap_detail(detail, sizeof(detail), old, iccid);
	return sub_changed(c, sub, &(struct sub_change){ "sim-swap", 0, 0, NULL, detail,
	    "sim-swap", detail });
}

int
life_spare_activate(struct ctx *c, long long sub, long long sim, const char *type,
    const char **code)
{
	char iccid[ICCID_MAX + 1], old[ICCID_MAX + 1], detail[80];
	struct dbrow row;
	int rc;

	*code = NULL;
	if ((rc = lock(c, sub, 0)) != DB_OK)
		return rc;
	if ((rc = db_one(c->db, &stmts[Q_SPARE_LOCK], &row, sim, c->co.id)) <= 0) {
		if (rc < 0)
			return rc;
		*code = "invalid";
		return 400;
	}
	snprintf(iccid, sizeof(iccid), "%s", row.col[SPARE_ICCID]);
	if (strcmp(type, "main") == 0) {
		if ((rc = block_main(c, sub, old)) != DB_OK)
			return rc;
		swap_detail(detail, sizeof(detail), old, iccid);
	} else
		snprintf(detail, sizeof(detail), "%s (%s)", iccid, type);
	if ((rc = db_run(c->db, &stmts[Q_SPARE_SET], sub, type, sim, c->co.id)) < 0)
		return rc;
	return sub_changed(c, sub, &(struct sub_change){ "sim-activate", 0, 0, NULL, detail,
	    "sim-activate", detail });
}

int
life_suspend(struct ctx *c, long long sub, const char *from, const char *to)
{
	char detail[32];
	int rc;

	if ((rc = lock(c, sub, 1)) != DB_OK)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_SUSPEND], from, to, sub, c->co.id)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s", from, to);
	return sub_changed(c, sub, &(struct sub_change){ "suspension", 0, 0, from, to,
	    "suspend", detail });
}

int
life_puk(struct ctx *c, long long sub, long long sim, char iccid[ICCID_MAX + 1],
    char puk[9])
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PUK], &row, c->co.id, sim, sub, c->co.id)) <= 0)
		return rc;
	snprintf(iccid, ICCID_MAX + 1, "%s", row.col[PUK_ICCID]);
	snprintf(puk, 9, "%s", row.col[PUK_PUK]);
	if ((rc = page_audit(c, "puk-shown", "sim", sim, iccid)) < 0)
		return rc;
	return 1;
}

int
life_order_spares(struct ctx *c, long long order)
{
	struct dbrow row;
	struct buf all = { 0 };
	char *one, *save = NULL;
	int rc;

	/* The items' lists first: the inserts run on the same connection. */
	if ((rc = db_run(c->db, &stmts[Q_ORDER_ICCIDS], c->co.id, order)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_ORDER_ICCIDS], &row)) == 1)
		buf_printf(&all, "%s ", row.col[ITEM_ICCIDS]);
	for (one = all.p ? strtok_r(all.p, " ", &save) : NULL; rc == 0 && one != NULL;
	    one = strtok_r(NULL, " ", &save))
		if ((rc = db_run(c->db, &stmts[Q_SPARE_ADD], c->co.id, one, order)) > 0)
			rc = 0;
	buf_free(&all);
	return rc < 0 ? rc : DB_OK;
}

/* No routes: the statements of a subscription's life, for every door. */
const struct module life_module = {
	.name = "life", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
