/*
 * A subscription's life, from its page: swap the SIM card, activate one of
 * the company's spare SIMs, bar and unbar, suspend for a period, show a
 * card's PUK. Each action is a page of its own (the form with what it
 * changes); the writes are subscriptions/life.c's and bar.c's, which other
 * doors share. The subscription's page shows the box (life_box_el).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "portal/portal.h"
#include "subscriptions/bar.h"
#include "subscriptions/change.h"
#include "subscriptions/life.h"

#define ICCID_FIELD_MAX	40	/* 19 or 20 digits, blanks between groups */

enum { SUM_ID, SUM_REF, SUM_USER, SUM_STATUS, SUM_BARS, SUM_FROM, SUM_TO, SUM_ENDS,
	SUM__COLS };
enum { SIM_ID, SIM_ICCID, SIM_TYPE, SIM_STATUS, SIM__COLS };
enum { SPARE_ID, SPARE_ICCID, SPARE__COLS };
enum { Q_SUMMARY, Q_SIMS, Q_SPARES };
static struct stmt stmts[] = {
	[Q_SUMMARY] = STMT("lifecycle.summary", "ii", SUM__COLS,
	    "SELECT s.id, s.ref, u.name, " SUB_STATUS_NOW("s") ", " BARS_OF("s") ","
	    " DATE_FORMAT(s.suspended_from, '%Y-%m-%d'), DATE_FORMAT(s.suspended_to, '%Y-%m-%d'),"
	    " DATE_FORMAT(s.ends_on, '%Y-%m-%d')"
	    " FROM subscriptions s LEFT JOIN users u ON u.id = s.user_id"
	    " WHERE s.id = ? AND s.company_id = ?"),
	[Q_SIMS] = STMT("lifecycle.sims", "ii", SIM__COLS,
	    "SELECT id, iccid, type, status FROM sim_cards"
	    " WHERE subscription_id = ? AND company_id = ? ORDER BY id"),
	[Q_SPARES] = STMT("lifecycle.spares", "i", SPARE__COLS,
	    "SELECT id, iccid FROM sim_cards WHERE company_id = ? AND subscription_id IS NULL"
	    " AND status = 'inactive' ORDER BY iccid"),
};

static const struct field swap_fields[] = {
	{ "iccid", V_TEXT, ICCID_FIELD_MAX },
	{ NULL, V_TEXT, 0 },
};
static const struct field spare_fields[] = {
	{ "sim", V_ID, 0 },
	{ "type", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};
/* "bars" is the form's own (a form with no box ticked unbars all). */
static const struct field bar_fields[] = {
	{ "bars", V_WORD, 0 },
	{ "data", V_WORD, 0 },
	{ "abroad", V_WORD, 0 },
	{ "premium", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};
static const struct field suspend_fields[] = {
	{ "from", V_TEXT, 10 },
	{ "to", V_TEXT, 10 },
	{ NULL, V_TEXT, 0 },
};
static const struct field puk_fields[] = {
	{ "sim", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* What a spare SIM may become. */
static const char *const sim_types[] = { "main", "twin", "data", NULL };

/* ---- the box on the subscription's page ---- */

void
life_box_add(xmlNodePtr sub, char *const col[LIFE__COLS])
{
	xmlNodePtr box, e;

	box = x_el(sub, "life");
	x_attr(box, "spares", col[LIFE_SPARES]);
	bars_el(box, col[LIFE_BARS]);
	if (col[LIFE_FROM] != NULL) {
		e = x_el(box, "suspension");
		x_attr(e, "from", col[LIFE_FROM]);
		x_attr(e, "to", col[LIFE_TO]);
	}
}

/* ---- the action pages ---- */

/* The action's page: the subscription as the action changes it, and with
 * spares the company's spare SIMs. 0, 404, or an HTTP status. */
static int
life_page(struct ctx *c, const char *action, int spares)
{
	xmlNodePtr l, s, list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUMMARY], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "lifecycle");
	l = x_el(c->root, "lifecycle");
	x_attr(l, "action", action);
	s = x_el(l, "subscription");
	x_attr(s, "id", row.col[SUM_ID]);
	x_text(s, "ref", row.col[SUM_REF]);
	x_text(s, "user", row.col[SUM_USER]);
	x_text(s, "status", row.col[SUM_STATUS]);
	x_text(s, "ends", row.col[SUM_ENDS]);
	bars_el(s, row.col[SUM_BARS]);
	if (row.col[SUM_FROM] != NULL) {
		e = x_el(s, "suspension");
		x_attr(e, "from", row.col[SUM_FROM]);
		x_attr(e, "to", row.col[SUM_TO]);
	}
	if ((rc = db_run(c->db, &stmts[Q_SIMS], c->ids[1], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(s, "sims");
	while ((rc = db_fetch(c->db, &stmts[Q_SIMS], &row)) == 1) {
		e = x_el(list, "sim");
		x_attr(e, "id", row.col[SIM_ID]);
		x_text(e, "iccid", row.col[SIM_ICCID]);
		x_text(e, "type", row.col[SIM_TYPE]);
		x_text(e, "status", row.col[SIM_STATUS]);
	}
	if (rc < 0)
		return page_db_status(rc);
	if (!spares)
		return 0;
	if ((rc = db_run(c->db, &stmts[Q_SPARES], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(l, "spares");
	while ((rc = db_fetch(c->db, &stmts[Q_SPARES], &row)) == 1) {
		e = x_el(list, "sim");
		x_attr(e, "id", row.col[SPARE_ID]);
		x_text(e, "iccid", row.col[SPARE_ICCID]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The page again with the user's input and one error on field (status:
 * 400, or 409 for a terminated subscription). */
static int
reshow(struct ctx *c, const char *action, const char *const *keep, const char *field,
    const char *code, int status)
{
	xmlNodePtr f;
	int rc;

	if ((rc = life_page(c, action, strcmp(action, "spare-sim") == 0)) != 0)
		return rc;
	f = form_el(c->root, action);
	for (; keep != NULL && *keep != NULL; keep++)
		form_keep(c, f, *keep);
	form_error(f, field, code);
	c->status = status;
	return 0;
}

/* A change's answer: on to the subscription's page with the confirmation. */
static int
done(struct ctx *c, int rc, const char *code)
{
	if (rc != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=%s", c->co.id,
	    c->ids[1], code);
	return DB_OK;
}

/* A field's error when in_get found nothing: absent, or not valid. */
static const char *
missing(const struct ctx *c, const char *field)
{
	const char *raw = form_raw(c, field);

	return raw == NULL || *raw == '\0' ? "required" : "invalid";
}

static int
swap_get(struct ctx *c)
{
	return life_page(c, "sim-swap", 0);
}

struct swap {
	char		 iccid[ICCID_FIELD_MAX + 1];
	const char	*code;
};

static int
swap_txn(struct ctx *c, void *arg)
{
	struct swap *w = arg;

	return done(c, life_sim_swap(c, c->ids[1], w->iccid, &w->code), "sim-swapped");
}

static int
swap_post(struct ctx *c)
{
	static const char *const keep[] = { "iccid", NULL };
	const char *iccid = in_get(c, "iccid");
	struct swap w = { .code = NULL };
	int rc;

	if (iccid == NULL || *iccid == '\0')
		return reshow(c, "sim-swap", keep, "iccid", missing(c, "iccid"), 400);
	snprintf(w.iccid, sizeof(w.iccid), "%s", iccid);
	if (valid_iccid(w.iccid) == -1)
		return reshow(c, "sim-swap", keep, "iccid", "invalid", 400);
	rc = page_change(c, swap_txn, &w);
	if (rc == 400 || rc == 409)
		return reshow(c, "sim-swap", keep, "iccid", rc == 409 ? "terminated" :
		    w.code ? w.code : "invalid", rc);
	return rc;
}

static int
spare_get(struct ctx *c)
{
	return life_page(c, "spare-sim", 1);
}

struct spare {
	long long	 sim;
	const char	*type, *code;
};

static int
spare_txn(struct ctx *c, void *arg)
{
	struct spare *p = arg;

	return done(c, life_spare_activate(c, c->ids[1], p->sim, p->type, &p->code),
	    "sim-activated");
}

static int
spare_post(struct ctx *c)
{
	static const char *const keep[] = { "sim", "type", NULL };
	const char *sim = in_get(c, "sim"), *type = in_get(c, "type");
	struct spare p = { 0, NULL, NULL };
	size_t i;
	int rc;

	if (sim == NULL)
		return reshow(c, "spare-sim", keep, "sim", missing(c, "sim"), 400);
	for (i = 0; type != NULL && sim_types[i] != NULL; i++)
		if (strcmp(sim_types[i], type) == 0)
			p.type = sim_types[i];
	if (p.type == NULL)
		return reshow(c, "spare-sim", keep, "type", type ? "invalid" :
		    missing(c, "type"), 400);
	parse_int(sim, 1, INT64_MAX, &p.sim);
	rc = page_change(c, spare_txn, &p);
	if (rc == 400 || rc == 409)
		return reshow(c, "spare-sim", keep, "sim", rc == 409 ? "terminated" :
		    "invalid", rc);
	return rc;
}

static int
bar_get(struct ctx *c)
{
	return life_page(c, "barring", 0);
}

static int
bar_txn(struct ctx *c, void *arg)
{
	return done(c, sub_set_bars(c, c->ids[1], (unsigned)(uintptr_t)arg), "barring-saved");
}

static int
bar_post(struct ctx *c)
{
	static const char *const keep[] = { "data", "abroad", "premium", NULL };
	const char *v, *set = in_get(c, "bars");
	unsigned bits = 0;
	int i, rc;

	if (set == NULL || strcmp(set, "set") != 0)
		return reshow(c, "barring", keep, "bars", missing(c, "bars"), 400);
	for (i = 0; i < BAR__MAX; i++) {
		v = in_get(c, bar_names[i]);
		if (v == NULL && form_raw(c, bar_names[i]) == NULL)
			continue;
		if (v == NULL || strcmp(v, "yes") != 0)
			return reshow(c, "barring", keep, bar_names[i], "invalid", 400);
		bits |= 1U << i;
	}
	rc = page_change(c, bar_txn, (void *)(uintptr_t)bits);
	if (rc == 409)
		return reshow(c, "barring", keep, "bars", "terminated", rc);
	return rc;
}

static int
suspend_get(struct ctx *c)
{
	return life_page(c, "suspend", 0);
}

static int
suspend_txn(struct ctx *c, void *arg)
{
	const char *const *d = arg;

	return done(c, life_suspend(c, c->ids[1], d[0], d[1]), "suspended");
}

static int
suspend_post(struct ctx *c)
{
	static const char *const keep[] = { "from", "to", NULL };
	const char *d[2] = { in_get(c, "from"), in_get(c, "to") }, *code;
	int rc;

	/* From today on; to: a date, not before from. */
	if ((rc = sub_check_date(c, d[0], &code)) != 0)
		return rc;
	if (code != NULL)
		return reshow(c, "suspend", keep, "from", d[0] ? code : missing(c, "from"), 400);
	if ((rc = sub_check_date(c, d[1], &code)) != 0)
		return rc;
	if (code == NULL && strcmp(d[1], d[0]) < 0)
		code = "before-start";
	if (code != NULL)
		return reshow(c, "suspend", keep, "to", d[1] ? code : missing(c, "to"), 400);
	rc = page_change(c, suspend_txn, (void *)d);
	if (rc == 409)
		return reshow(c, "suspend", keep, "from", "terminated", rc);
	return rc;
}

/* ---- the PUK: shown once, on the answer to the POST ---- */

struct puk {
	struct ctx	*c;
	long long	 sim;
	char		 iccid[23], puk[9];
	int		 found;
};

/* The PUK read and its showing audited in one transaction. */
static int
puk_txn(void *arg)
{
	struct puk *k = arg;
	int rc;

	if ((rc = life_puk(k->c, k->c->ids[1], k->sim, k->iccid, k->puk)) < 0)
		return rc;
	k->found = rc;
	return DB_OK;
}

static int
puk_post(struct ctx *c)
{
	struct puk k = { c, 0, "", "", 0 };
	struct dbrow row;
	xmlNodePtr e;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUMMARY], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if (in_get(c, "sim") == NULL || parse_int(in_get(c, "sim"), 1, INT64_MAX,
	    &k.sim) == -1)
		return 400;
	if ((rc = db_txn(c->db, puk_txn, &k)) < 0)
		return page_db_status(rc);
	if (!k.found)
		return 404;
	page_begin(c, "sim-puk");
	e = x_el(c->root, "puk");
	x_attr(e, "subscription", row.col[SUM_ID]);
	x_text(e, "ref", row.col[SUM_REF]);
	x_text(e, "user", row.col[SUM_USER]);
	x_text(e, "iccid", k.iccid);
	x_text(e, "code", k.puk[0] ? k.puk : NULL);
	return 0;
}

#define LIFE_ROUTE(path, get, fields, post) \
	{ "/companies/#/subscriptions/#/" path, R_COMPANY | R_ONCE, "lifecycle", get, NULL, \
	    post, fields, "subscriptions" }
static const struct route routes[] = {
	LIFE_ROUTE("sim-swap", swap_get, swap_fields, swap_post),
	LIFE_ROUTE("spare-sim", spare_get, spare_fields, spare_post),
	LIFE_ROUTE("barring", bar_get, bar_fields, bar_post),
	LIFE_ROUTE("suspend", suspend_get, suspend_fields, suspend_post),
	/* No form key: every showing is one more (audited). */
	{ "/companies/#/subscriptions/#/puk", R_COMPANY, "sim-puk", NULL, NULL, puk_post,
	    puk_fields, "subscriptions" },
};
#undef LIFE_ROUTE

static const char *const pages[] = { "lifecycle", "sim-puk", NULL };
static const char *const flashes[] = { "sim-swapped", "sim-activated", "barring-saved",
	"suspended", NULL };

const struct module lifecycle_module = {
	.name = "lifecycle", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
