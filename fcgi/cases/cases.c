/*
 * Cases: the status model, and every write to a case (made, locked, moved,
 * commented). The pages that show cases (portal/cases.c) read them with
 * statements of their own.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"

/* The company id comes from the dispatcher's membership. */
enum { LOCKED_STATUS, LOCKED_SUBJECT, LOCKED_EMAIL, LOCKED_LANG, LOCKED__COLS };
enum { Q_CASE_NEW, Q_CASE_LOCK, Q_CASE_SET_STATUS, Q_CASE_HISTORY_ADD,
	Q_CASE_COMMENT_ADD };
static struct stmt stmts[] = {
	[Q_CASE_NEW] = STMT("cases.new", "isssIII", 0,
	    "INSERT INTO cases (company_id, kind, category, subject, location_id,"
	    " subscription_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"),
	[Q_CASE_LOCK] = STMT("cases.lock", "ii", LOCKED__COLS,
	    "SELECT k.status, k.subject, u.email, u.lang FROM cases k"
	    " LEFT JOIN users u ON u.id = k.created_by"
	    " WHERE k.id = ? AND k.company_id = ? FOR UPDATE"),
	[Q_CASE_SET_STATUS] = STMT("cases.set_status", "sii", 0,
	    "UPDATE cases SET status = ?, updated_at = NOW() WHERE id = ? AND company_id = ?"),
	[Q_CASE_HISTORY_ADD] = STMT("cases.history_add", "issI", 0,
	    "INSERT INTO case_status_history (case_id, from_status, to_status, user_id)"
	    " VALUES (?, ?, ?, ?)"),
	[Q_CASE_COMMENT_ADD] = STMT("cases.comment_add", "iis", 0,
	    "INSERT INTO case_comments (case_id, author, user_id, body)"
	    " VALUES (?, 'customer', ?, ?)"),
};

static const char *const status_names[CS__MAX] = {
	[CS_NEW] = "new",
	[CS_IN_PROGRESS] = "in-progress",
	[CS_WAITING] = "waiting",
	[CS_RESOLVED] = "resolved",
	[CS_CLOSED] = "closed",
};

/* allowed[actor][from] is the set of statuses it may go to. */
#define B(s) (1U << (s))
static const unsigned allowed[2][CS__MAX] = {
	[ACTOR_OPERATOR] = {
		[CS_NEW] = B(CS_IN_PROGRESS) | B(CS_WAITING) | B(CS_RESOLVED) | B(CS_CLOSED),
		[CS_IN_PROGRESS] = B(CS_WAITING) | B(CS_RESOLVED) | B(CS_CLOSED),
		[CS_WAITING] = B(CS_IN_PROGRESS) | B(CS_RESOLVED) | B(CS_CLOSED),
		[CS_RESOLVED] = B(CS_IN_PROGRESS) | B(CS_CLOSED),	/* reopen */
		[CS_CLOSED] = 0,
	},
	[ACTOR_CUSTOMER] = {
		/* Only through a comment on a case waiting for the customer. */
		[CS_WAITING] = B(CS_IN_PROGRESS),
	},
};
#undef B

const char *const case_support_categories[] = {
	"technical", "billing", "order", "account", "other", NULL
};
const char *const case_change_categories[] = {
	"change-subscription", "more-data", "terminate", "move", "other", NULL
};

const char *
case_status_name(enum case_status s)
{
	return (unsigned)s < CS__MAX ? status_names[s] : NULL;
}

int
case_status_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < CS__MAX; i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

int
case_transition_ok(enum case_actor a, enum case_status from, enum case_status to)
{
	if ((unsigned)a > ACTOR_OPERATOR || (unsigned)from >= CS__MAX ||
	    (unsigned)to >= CS__MAX)
		return 0;
	return (allowed[a][from] & (1U << to)) != 0;
}

enum case_status
case_after_customer_comment(enum case_status from)
{
	return case_transition_ok(ACTOR_CUSTOMER, from, CS_IN_PROGRESS) ?
	    CS_IN_PROGRESS : from;
}

int
case_open(enum case_status s)
{
	return s != CS_CLOSED;
}

int
case_in_list(const char *const *list, const char *v)
{
	for (; v != NULL && *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return 1;
	return 0;
}

/* Locks the case (the company is part of the key): 1 with its row and
 * status, 0 when the company has no such case, or a db_rc. */
static int
lock_case(struct ctx *c, long long case_id, struct dbrow *row, int *st)
{
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_CASE_LOCK], row, case_id, c->co.id)) <= 0)
		return rc;
	if ((*st = case_status_parse(row->col[LOCKED_STATUS])) < 0)
		return DB_ERROR;
	return 1;
}

int
case_lock(struct ctx *c, long long case_id, enum case_status *st)
{
	struct dbrow row;
	int rc, s;

	if ((rc = lock_case(c, case_id, &row, &s)) == 1)
		*st = (enum case_status)s;
	return rc;
}

long long
case_create(struct ctx *c, const char *kind, const char *category,
    const char *subject, const char *body, long long location_id,
    long long subscription_id)
{
	long long id;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_CASE_NEW], c->co.id, kind, category, subject,
	    location_id, subscription_id, c->sess.user_id)) < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_CASE_NEW]);
	if (body[0] != '\0' && (rc = case_comment_add(c, id, body)) < 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_CASE_HISTORY_ADD], id, NULL,
	    status_names[CS_NEW], c->sess.user_id)) < 0)
		return rc;
	return id;
}

int
case_comment_add(struct ctx *c, long long case_id, const char *body)
{
	return db_run(c->db, &stmts[Q_CASE_COMMENT_ADD], case_id, c->sess.user_id, body);
}

int
case_set_status(struct ctx *c, long long case_id, enum case_status to,
    enum case_actor actor)
{
	struct dbrow row;
	char id[24], subject[201], email[255], lang[3], detail[64];
	int rc, from;

	rc = lock_case(c, case_id, &row, &from);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	snprintf(subject, sizeof(subject), "%s", row.col[LOCKED_SUBJECT]);
	snprintf(email, sizeof(email), "%s", row.col[LOCKED_EMAIL] ?
	    row.col[LOCKED_EMAIL] : "");
	snprintf(lang, sizeof(lang), "%s", row.col[LOCKED_LANG] ? row.col[LOCKED_LANG] : "");
	if (!case_transition_ok(actor, (enum case_status)from, to))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_CASE_SET_STATUS], status_names[to], case_id,
	    c->co.id)) < 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_CASE_HISTORY_ADD], case_id,
	    status_names[from], status_names[to],
	    actor == ACTOR_CUSTOMER ? c->sess.user_id : 0LL)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s -> %s", status_names[from], status_names[to]);
	if ((rc = page_audit(c, "case-status", "case", case_id, detail)) < 0)
		return rc;
	if (email[0] != '\0') {
		char key[40];
		const char *vars[] = { "id", id, "subject", subject, "status",
		    NULL, NULL };

		snprintf(id, sizeof(id), "%lld", case_id);
		snprintf(key, sizeof(key), "case.status.%s", status_names[to]);
		vars[5] = i18n_get(i18n_lang(lang) ? lang : c->lang, key);
		rc = page_mail(c, email, lang, "mail.case.status.subject",
		    "mail.case.status.body", vars);
	}
	return rc;
}

/* No routes: the statements of the model, for every page that writes a case. */
const struct module cases_module = {
	.name = "cases", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
