/*
 * The usage alerts' settings (usage/alerts.h): the company's two
 * thresholds in percent of a subscription's quota, and whether the full
 * administrator who sees the page gets the mails (each decides for
 * themselves; the page lists who does). A full administrator's page.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"

#define THRESHOLD_MAX	100

enum { SET_FIRST, SET_SECOND, SET__COLS };
enum { ADM_USER, ADM_NAME, ADM_EMAIL, ADM_ALERTS, ADM__COLS };
enum { Q_SETTINGS, Q_ADMINS, Q_SET, Q_OPT };
static struct stmt stmts[] = {
	[Q_SETTINGS] = STMT("alerts.settings", "i", SET__COLS,
	    "SELECT alert_first, alert_second FROM companies WHERE id = ?"),
	[Q_ADMINS] = STMT("alerts.admins", "i", ADM__COLS,
	    "SELECT u.id, u.name, u.email, m.usage_alerts FROM memberships m"
	    " JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' ORDER BY u.name, u.id"),
	[Q_SET] = STMT("alerts.set", "iii", 0,
	    "UPDATE companies SET alert_first = ?, alert_second = ? WHERE id = ?"),
	[Q_OPT] = STMT("alerts.opt", "iii", 0,
	    "UPDATE memberships SET usage_alerts = ? WHERE user_id = ? AND company_id = ?"
	    " AND role = 'admin'"),
};

static const struct field fields[] = {
	{ "first", V_TEXT, 8 },
	{ "second", V_TEXT, 8 },
	{ "mine", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

struct settings {
	long long	 first, second;
	int		 mine;
};

/* <alerts first second> with an <admin> per full administrator; the form. */
static int
alerts_page(struct ctx *c, xmlNodePtr *form, struct settings *now)
{
	struct dbrow row;
	xmlNodePtr a, e;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SETTINGS], &row, c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "alerts");
	a = x_el(c->root, "alerts");
	x_attr(a, "first", row.col[SET_FIRST]);
	x_attr(a, "second", row.col[SET_SECOND]);
	parse_int(row.col[SET_FIRST], 0, THRESHOLD_MAX, &now->first);
	parse_int(row.col[SET_SECOND], 0, THRESHOLD_MAX, &now->second);
	now->mine = 0;
	if ((rc = db_run(c->db, &stmts[Q_ADMINS], c->co.id)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_ADMINS], &row)) == 1) {
		e = x_el(a, "admin");
		x_attr(e, "id", row.col[ADM_USER]);
		if (row.col[ADM_ALERTS][0] == '1')
			x_attr(e, "alerts", "yes");
		if (atoll(row.col[ADM_USER]) == c->sess.user_id) {
			x_attr(e, "me", "yes");
			now->mine = row.col[ADM_ALERTS][0] == '1';
		}
		x_text(e, "name", row.col[ADM_NAME]);
		x_text(e, "email", row.col[ADM_EMAIL]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "alerts");
	return 0;
}

static void
form_values(xmlNodePtr f, const struct settings *v)
{
	char n[24];

	snprintf(n, sizeof(n), "%lld", v->first);
	form_value(f, "first", n);
	snprintf(n, sizeof(n), "%lld", v->second);
	form_value(f, "second", n);
	if (v->mine)
		form_value(f, "mine", "yes");
}

static int
alerts_get(struct ctx *c)
{
	struct settings now;
	xmlNodePtr f;
	int rc;

	if ((rc = alerts_page(c, &f, &now)) != 0)
		return rc;
	form_values(f, &now);
	return 0;
}

static int
alerts_txn(struct ctx *c, void *arg)
{
	const struct settings *v = arg;
	char detail[64];
	int rc;

	snprintf(detail, sizeof(detail), "first=%lld second=%lld mine=%s", v->first,
	    v->second, v->mine ? "yes" : "no");
	if ((rc = db_run(c->db, &stmts[Q_SET], v->first, v->second, c->co.id)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_OPT], (long long)v->mine, c->sess.user_id,
	    c->co.id)) < 0 ||
	    (rc = page_audit(c, "usage-alerts", "company", c->co.id, detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/alerts?done=alerts-saved", c->co.id);
	return DB_OK;
}

/* A threshold: a whole percent, 1 to 100. */
static int
threshold(const struct ctx *c, const char *field, long long *out)
{
	const char *v = form_raw(c, field);

	return v != NULL && in_get(c, field) != NULL &&
	    parse_int(v, 1, THRESHOLD_MAX, out) == 0 ? 0 : -1;
}

static int
alerts_post(struct ctx *c)
{
	const char *mine = form_raw(c, "mine");
	struct settings v, now;
	xmlNodePtr f;
	int rc, bad = 0;

	memset(&v, 0, sizeof(v));
	/* A checkbox: ticked or not. */
	v.mine = mine != NULL && strcmp(mine, "yes") == 0;
	if (threshold(c, "first", &v.first) == -1)
		bad |= 1;
	if (threshold(c, "second", &v.second) == -1)
		bad |= 2;
	/* Two thresholds, the second above the first. */
	if (bad == 0 && v.second <= v.first)
		bad |= 2;
	if (bad == 0)
		return page_change(c, alerts_txn, &v);
	if ((rc = alerts_page(c, &f, &now)) != 0)
		return rc;
	form_keep(c, f, "first");
	form_keep(c, f, "second");
	if (v.mine)
		form_value(f, "mine", "yes");
	if (bad & 1)
		form_error(f, "first", form_raw(c, "first") == NULL ||
		    form_raw(c, "first")[0] == '\0' ? "required" : "invalid");
	if (bad & 2)
		form_error(f, "second", form_raw(c, "second") == NULL ||
		    form_raw(c, "second")[0] == '\0' ? "required" : "invalid");
	c->status = 400;
	return 0;
}

static const struct route routes[] = {
	{ "/companies/#/alerts", R_COMPANY | R_ONCE, "alerts", alerts_get, NULL,
	    alerts_post, fields, "admin" },
};

static const char *const pages[] = { "alerts", NULL };
static const char *const flashes[] = { "alerts-saved", NULL };
static const struct menu_item menu[] = {
	{ "/alerts", "nav.alerts", "admin" },
	{ NULL, NULL, NULL },
};

const struct module alerts_module = {
	.name = "alerts", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
