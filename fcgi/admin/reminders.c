/*
 * The back office's payment reminders (role "billing"): which overdue
 * invoices a reminder run on a day would remind, read by the run's own
 * selection (billing/remind.h remind_due), with those of the companies
 * whose reminders are stopped shown as such; today's run, sent from here;
 * and the operator's stop per company (companies.no_reminders), switched
 * with a note of why, on a page of its own and in a list of the companies
 * stopped.
 *
 * The run goes in the request: a reminder is a few rows and mails queued
 * in the outbox (the PDF is made at delivery), and one request sends at
 * most REMIND_PER_POST of them; what is left stays due, and the page says
 * how many, for the next press. A run again on the same day sends nothing
 * twice (remind.c). Each reminder is audited in its company's log as the
 * staff member's; the stop and its release in the company's log too
 * (c->co.id), the note as the detail.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing/billing.h"
#include "billing/remind.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"

#define REMIND_PER_POST	200	/* reminders one request sends */
#define STOPPED_SHOWN	200	/* companies with reminders stopped */
#define HISTORY_SHOWN	20	/* a company's stops and releases */
#define NOTE_CHARS	500	/* audit_log.detail holds it */

#define TIME(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%s')"
enum { STOPPED_ID, STOPPED_NAME, STOPPED_NOTE, STOPPED__COLS };
enum { CO_NAME, CO_ORGNR, CO_STATUS, CO_STOPPED, CO__COLS };
enum { HIST_ACTION, HIST_NOTE, HIST_BY, HIST_AT, HIST__COLS };

enum { Q_STOPPED, Q_COMPANY, Q_HISTORY, Q_STOP_SET };
static struct stmt stmts[] = {
	/* With the note of the latest stop. */
	[Q_STOPPED] = STMT("reminders.stopped", "i", STOPPED__COLS,
	    "SELECT c.id, c.name, (SELECT a.detail FROM audit_log a"
	    "  WHERE a.company_id = c.id AND a.action = 'reminders-stop'"
	    "  ORDER BY a.id DESC LIMIT 1)"
	    " FROM companies c WHERE c.no_reminders = 1 ORDER BY c.name, c.id LIMIT ?"),
	[Q_COMPANY] = STMT("reminders.company", "i", CO__COLS,
	    "SELECT name, orgnr, status, no_reminders FROM companies WHERE id = ?"),
	[Q_HISTORY] = STMT("reminders.history", "ii", HIST__COLS,
	    "SELECT a.action, a.detail, s.name, " TIME("a.at")
	    " FROM companies c JOIN audit_log a ON a.company_id = c.id"
	    " LEFT JOIN staff s ON s.id = a.staff_id"
	    " WHERE c.id = ? AND a.action IN ('reminders-stop', 'reminders-resume')"
	    " ORDER BY a.id DESC LIMIT ?"),
	/* The same state again changes nothing. */
	[Q_STOP_SET] = STMT("reminders.stop_set", "iii", 0,
	    "UPDATE companies SET no_reminders = ? WHERE id = ? AND no_reminders <> ?"),
};
#undef TIME

/* Checked by the handlers: a bad day is shown in the form. */
static const struct field date_fields[] = {
	{ "date", V_TEXT, 10 },
	{ NULL, V_TEXT, 0 },
};

static const struct field stop_fields[] = {
	{ "stop", V_WORD, 0 },
	{ "note", V_TEXT, NOTE_CHARS * 4 },
	{ NULL, V_TEXT, 0 },
};

/* The page begun, today's date, the day asked for in *date (NULL: none)
 * and in *why why it is not a day (NULL: it is, or none was asked). */
static int
reminders_begin(struct ctx *c, char today[11], const char **date, const char **why)
{
	long days;
	int rc;

	page_begin(c, "admin-reminders");
	*date = in_get(c, "date");
	*why = NULL;
	if (*date == NULL && form_raw(c, "date") != NULL)
		*why = "invalid";
	else if (*date != NULL && (*date)[0] == '\0')
		*why = "required";
	else if (*date != NULL && bill_date_days(*date, &days) == -1)
		*why = "invalid";
	if ((rc = clock_today(c->db, today)) != DB_OK)
		return page_db_status(rc);
	return 0;
}

/* ---- the preview, today's run, the companies stopped ---- */

/* What a run on date would remind, by the run's own selection. */
static int
preview_el(struct ctx *c, const char *date, const char *today)
{
	struct remind_due *due;
	xmlNodePtr p, e;
	char amount[32];
	size_t n, i, sending = 0;
	int rc;

	if ((rc = remind_due(c->db, date, &due, &n)) < 0)
		return page_db_status(rc);
	p = x_el(c->root, "preview");
	x_attr(p, "date", date);
	if (strcmp(date, today) == 0)
		x_attr(p, "today", "yes");
	for (i = 0; i < n; i++) {
		e = x_el(p, "invoice");
		x_attr_int(e, "id", due[i].invoice_id);
		x_attr_int(e, "company", due[i].company_id);
		if (due[i].stopped)
			x_attr(e, "stopped", "yes");
		else
			sending++;
		x_text(e, "number", due[i].number);
		x_text(e, "company-name", due[i].company);
		x_text(e, "due", due[i].due);
		x_text(e, "currency", due[i].currency);
		money_canonical(amount, sizeof(amount), due[i].remaining);
		x_text(e, "remaining", amount);
		money_canonical(amount, sizeof(amount), due[i].fee);
		x_text(e, "fee", due[i].fee > 0 ? amount : NULL);
	}
	x_attr_int(p, "reminders", (long long)sending);
	if (sending > REMIND_PER_POST)
		x_attr_int(p, "per-run", REMIND_PER_POST);
	free(due);
	return 0;
}

static int
stopped_el(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr list = x_el(c->root, "stopped"), e;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_STOPPED], (long long)STOPPED_SHOWN)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_STOPPED], &row)) == 1) {
		e = x_el(list, "company");
		x_attr(e, "id", row.col[STOPPED_ID]);
		x_text(e, "name", row.col[STOPPED_NAME]);
		x_text(e, "note", row.col[STOPPED_NOTE]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
reminders_get(struct ctx *c)
{
	const char *date, *why;
	char today[11];
	xmlNodePtr f;
	int rc;

	if ((rc = reminders_begin(c, today, &date, &why)) != 0)
		return rc;
	f = form_el(c->root, "reminders");
	if (why != NULL) {
		form_value(f, "date", in_get(c, "date") ? in_get(c, "date") : "");
		form_error(f, "date", why);
		c->status = 400;
	} else {
		if (date == NULL)
			date = today;
		form_value(f, "date", date);
		if ((rc = preview_el(c, date, today)) != 0)
			return rc;
	}
	return stopped_el(c);
}

static int
run_done_txn(struct ctx *c, void *arg)
{
	const struct remind_report *rep = arg;
	char detail[160];
	int rc;

	snprintf(detail, sizeof(detail), "%d reminder(s) sent, %d e-mail(s) queued, "
	    "%d fee(s) charged, %d without a recipient, %d failed, %d left", rep->sent,
	    rep->mails, rep->fees, rep->nobody, rep->failed, rep->left);
	if ((rc = page_audit(c, "reminders-run", NULL, 0, detail)) < 0)
		return rc;
	page_redirect(c, rep->failed || rep->nobody || rep->left ?
	    "/admin/reminders?done=reminders-sent-partly" :
	    "/admin/reminders?done=reminders-sent");
	return DB_OK;
}

/* Today's run, as `selfcare remind` would make it, as the staff member's.
 * The form names the day it previewed: a preview of another day (or one
 * left open past midnight) sends nothing. */
static int
reminders_post(struct ctx *c)
{
	struct remind_report rep;
	struct remind_how how = { c->staff.id, c->req->remote_addr ?
	    c->req->remote_addr : "", REMIND_PER_POST, NULL, NULL };
	const char *date, *why;
	char today[11];
	xmlNodePtr f;
	int rc;

	if ((rc = reminders_begin(c, today, &date, &why)) != 0)
		return rc;
	if (why != NULL || date == NULL || strcmp(date, today) != 0) {
		f = form_el(c->root, "reminders");
		form_keep(c, f, "date");
		form_error(f, "date", why ? why : date ? "invalid" : "required");
		c->status = 400;
		return stopped_el(c);
	}
	if ((rc = remind_run(c->db, c->conf, today, &how, &rep)) < 0)
		return page_db_status(rc);
	return page_change(c, run_done_txn, &rep);
}

/* ---- a company's stop ---- */

/* The company of the path in c->co, its page and the stop's history. */
static int
company_page(struct ctx *c, int *stopped, xmlNodePtr *form)
{
	struct dbrow row;
	xmlNodePtr e, list;
	int rc;

	page_begin(c, "admin-reminders-company");
	if ((rc = db_one(c->db, &stmts[Q_COMPANY], &row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	c->co.id = c->ids[0];
	*stopped = strcmp(row.col[CO_STOPPED], "0") != 0;
	e = x_el(c->root, "company");
	x_attr_int(e, "id", c->co.id);
	x_attr(e, "status", row.col[CO_STATUS]);
	x_attr(e, "stopped", *stopped ? "yes" : "no");
	x_text(e, "name", row.col[CO_NAME]);
	x_text(e, "orgnr", row.col[CO_ORGNR]);
	list = x_el(c->root, "history");
	if ((rc = db_run(c->db, &stmts[Q_HISTORY], c->co.id, (long long)HISTORY_SHOWN)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_HISTORY], &row)) == 1) {
		e = x_el(list, "change");
		x_attr(e, "stop", strcmp(row.col[HIST_ACTION], "reminders-stop") == 0 ?
		    "yes" : "no");
		x_text(e, "by", row.col[HIST_BY]);
		x_time(e, "at", NULL, row.col[HIST_AT]);
		x_text(e, "note", row.col[HIST_NOTE]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "stop");
	return 0;
}

static int
company_get(struct ctx *c)
{
	xmlNodePtr f;
	int stopped;

	return company_page(c, &stopped, &f);
}

struct stop {
	int	 on;
	char	 note[NOTE_CHARS * 4 + 1];
};

static int
stop_txn(struct ctx *c, void *arg)
{
	const struct stop *s = arg;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_STOP_SET], (long long)s->on, c->co.id,
	    (long long)s->on)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_STOP_SET]) == 1 &&
	    (rc = page_audit(c, s->on ? "reminders-stop" : "reminders-resume",
	    "company", c->co.id, s->note)) < 0)
		return rc;
	page_redirectf(c, "/admin/reminders/companies/%lld?done=%s", c->co.id,
	    s->on ? "reminders-stopped" : "reminders-resumed");
	return DB_OK;
}

static int
company_post(struct ctx *c)
{
	struct stop s;
	const char *on = in_get(c, "stop"), *why;
	xmlNodePtr f;
	int stopped, rc;

	if ((rc = company_page(c, &stopped, &f)) != 0)
		return rc;
	form_keep(c, f, "stop");
	form_keep(c, f, "note");
	c->status = 400;
	if (on == NULL || (strcmp(on, "yes") != 0 && strcmp(on, "no") != 0)) {
		form_error(f, "stop", on == NULL && form_raw(c, "stop") == NULL ?
		    "required" : "invalid");
		return 0;
	}
	s.on = strcmp(on, "yes") == 0;
	if ((why = valid_line(s.note, sizeof(s.note), form_raw(c, "note"),
	    NOTE_CHARS)) != NULL) {
		form_error(f, "note", why);
		return 0;
	}
	c->status = 0;
	return page_change(c, stop_txn, &s);
}

static const struct route routes[] = {
	{ "/admin/reminders", R_STAFF | R_ONCE, "admin-reminders", reminders_get,
	    date_fields, reminders_post, date_fields, "billing" },
	{ "/admin/reminders/companies/#", R_STAFF | R_ONCE, "admin-reminders-company",
	    company_get, NULL, company_post, stop_fields, "billing" },
};

static const char *const pages[] = { "admin-reminders", "admin-reminders-company",
	NULL };
static const char *const flashes[] = { "reminders-sent", "reminders-sent-partly",
	"reminders-stopped", "reminders-resumed", NULL };
static const struct menu_item menu[] = {
	{ "/admin/reminders", "admin.nav.reminders", "billing" },
	{ NULL, NULL, NULL },
};

const struct module reminders_module = {
	.name = "reminders", .door = DOOR_ADMIN,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
