/*
 * Barring (bar.h): the flags are columns of the subscription, so the
 * network's side and billing read them with the subscription itself.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/audit.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/util.h"
#include "core/xml.h"
#include "subscriptions/bar.h"
#include "subscriptions/change.h"

const char *const bar_names[BAR__MAX + 1] = {
	[BAR_DATA] = "data",
	[BAR_ABROAD] = "abroad",
	[BAR_PREMIUM] = "premium",
	[BAR__MAX] = NULL,
};

enum { LOCK_STATUS, LOCK_BARS, LOCK__COLS };
enum { Q_LOCK, Q_SET };
static struct stmt stmts[] = {
	[Q_LOCK] = STMT("bar.lock", "ii", LOCK__COLS,
	    "SELECT s.status, " BARS_OF("s") " FROM subscriptions s"
	    " WHERE s.id = ? AND s.company_id = ? FOR UPDATE"),
	[Q_SET] = STMT("bar.set", "iiiii", 0,
	    "UPDATE subscriptions SET bar_data = ?, bar_abroad = ?, bar_premium = ?"
	    " WHERE id = ? AND company_id = ?"),
};

void
bars_el(xmlNodePtr parent, const char *bits)
{
	long long b = 0;
	xmlNodePtr e;
	int i;

	if (bits == NULL || parse_int(bits, 0, (1 << BAR__MAX) - 1, &b) == -1 || b == 0)
		return;
	e = x_el(parent, "barred");
	for (i = 0; i < BAR__MAX; i++)
		if (b & (1 << i))
			x_text(e, "bar", bar_names[i]);
}

int
sub_set_bars(struct ctx *c, long long id, unsigned bits)
{
	return sub_change_bars(c, id, bits, ~bits & ((1U << BAR__MAX) - 1), NULL);
}

/* The change of db/co; the rows by c's member, or by the system when c is
 * NULL. */
static int
change_bars(struct db *db, long long co, struct ctx *c, long long id, unsigned set,
    unsigned clear, unsigned *changed)
{
	struct dbrow row;
	long long had = 0;
	unsigned bits;
	int i, rc;

	if (changed != NULL)
		*changed = 0;
	if ((rc = db_one(db, &stmts[Q_LOCK], &row, id, co)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[LOCK_STATUS], "terminated") == 0)
		return 409;
	parse_int(row.col[LOCK_BARS], 0, (1 << BAR__MAX) - 1, &had);
	bits = ((unsigned)had | set) & ~clear;
	if (changed != NULL)
		*changed = (unsigned)had ^ bits;
	if ((unsigned)had == bits)
		return DB_OK;
	if ((rc = db_run(db, &stmts[Q_SET], (long long)((bits >> BAR_DATA) & 1),
	    (long long)((bits >> BAR_ABROAD) & 1), (long long)((bits >> BAR_PREMIUM) & 1),
	    id, co)) < 0)
		return rc;
	for (i = 0; i < BAR__MAX; i++) {
		const char *what = bits & (1U << i) ? "bar" : "unbar";
		struct sub_change ch = { what, 0, 0, NULL, bar_names[i], what, bar_names[i] };

		if (((unsigned)had & (1U << i)) == (bits & (1U << i)))
			continue;
		if (c != NULL)
			rc = sub_changed(c, id, &ch);
		else if ((rc = sub_history_add(db, id, &ch, 0, 0)) >= 0)
			rc = audit_add_system(db, co, what, "subscription", id, bar_names[i]);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

int
sub_change_bars(struct ctx *c, long long id, unsigned set, unsigned clear,
    unsigned *changed)
{
	return change_bars(c->db, c->co.id, c, id, set, clear, changed);
}

int
sub_change_bars_system(struct db *db, long long co, long long id, unsigned set,
    unsigned clear, unsigned *changed)
{
	return change_bars(db, co, NULL, id, set, clear, changed);
}

/* No routes: the statements of a change of bars, for every caller. */
const struct module bar_module = {
	.name = "bar", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
