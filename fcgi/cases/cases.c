/*
 * Cases: the status model, the working time its targets are measured in,
 * and every write to a case (made, locked, moved, commented, assigned).
 * The pages that show cases (portal/cases.c, admin/care.c) read them with
 * statements of their own.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/hub.h"
#include "cases/cases.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"

/* The company id comes from the dispatcher's membership. */
enum { LOCKED_STATUS, LOCKED_SUBJECT, LOCKED_EMAIL, LOCKED_LANG, LOCKED__COLS };
enum { Q_CASE_NEW, Q_CASE_LOCK, Q_CASE_SET_STATUS, Q_CASE_HISTORY_ADD,
	Q_CASE_COMMENT_ADD, Q_CASE_OPERATOR_COMMENT_ADD, Q_CASE_ASSIGN };
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
	/* By the customer's user or the operator's staff member (the other 0). */
	[Q_CASE_HISTORY_ADD] = STMT("cases.history_add", "issII", 0,
	    "INSERT INTO case_status_history (case_id, from_status, to_status, user_id,"
	    " staff_id) VALUES (?, ?, ?, ?, ?)"),
	[Q_CASE_COMMENT_ADD] = STMT("cases.comment_add", "iis", 0,
	    "INSERT INTO case_comments (case_id, author, user_id, body)"
	    " VALUES (?, 'customer', ?, ?)"),
	[Q_CASE_OPERATOR_COMMENT_ADD] = STMT("cases.operator_comment_add", "iiis", 0,
	    "INSERT INTO case_comments (case_id, author, staff_id, internal, body)"
	    " VALUES (?, 'operator', ?, ?, ?)"),
	[Q_CASE_ASSIGN] = STMT("cases.assign", "Iii", 0,
	    "UPDATE cases SET assignee_id = ?, updated_at = NOW()"
	    " WHERE id = ? AND company_id = ?"),
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

int
case_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

const char *
case_text_problem(const char *val, const char *raw, size_t max)
{
	/* Byte bounds: a UTF-8 string of n bytes has at most n characters. */
	if (case_blank(val) && !(raw != NULL && strlen(raw) > max))
		return "required";
	if (val == NULL || strlen(val) > max)
		return "too-long";
	return NULL;
}

/* ---- working time ---- */

#define WEEK		(7 * CASE_DAY)
#define WORKWEEK	(5 * CASE_DAY)
/* 1970-01-01 was a Thursday: working time counts from the Monday before. */
#define MONDAY		(3 * CASE_DAY)

long long
case_working_time(long long t)
{
	long long u = t + MONDAY, r;

	if (u < 0)
		u = 0;
	r = u % WEEK;
	return u / WEEK * WORKWEEK + (r < WORKWEEK ? r : WORKWEEK);
}

long long
case_working_until(long long w)
{
	if (w < 0)
		w = 0;
	return w / WORKWEEK * WEEK + w % WORKWEEK - MONDAY;
}

long long
case_age_days(long long made, long long now)
{
	long long d = case_working_time(now) - case_working_time(made);

	return d > 0 ? d / CASE_DAY : 0;
}

long long
case_due(long long made, int target_days)
{
	return case_working_until(case_working_time(made) + target_days * CASE_DAY);
}

int
case_overdue(enum case_status st, long long made, long long now, int target_days)
{
	return (st == CS_NEW || st == CS_IN_PROGRESS) &&
	    case_working_time(now) - case_working_time(made) > target_days * CASE_DAY;
}

long long
case_older_cut(long long now, int days)
{
	long long w = case_working_time(now) - days * CASE_DAY;

	/* The earliest time of that working time: where a week's working
	 * time ends, the weekend's Saturday (made then is no older). */
	if (w > 0 && w % WORKWEEK == 0)
		return case_working_until(w) - 2 * CASE_DAY;
	return case_working_until(w);
}

/* ---- writes ---- */

/* A case locked for a change, with what its mails need. */
struct locked {
	int	 status;
	char	 subject[CASE_SUBJECT_MAX + 1];
	char	 email[255];	/* the creator's; "" when gone */
	char	 lang[3];
};

/* Locks the case (the company is part of the key): 1 with what it is, 0
 * when the company has no such case, or a db_rc. */
static int
lock_case(struct ctx *c, long long case_id, struct locked *k)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_CASE_LOCK], &row, case_id, c->co.id)) <= 0)
		return rc;
	if ((k->status = case_status_parse(row.col[LOCKED_STATUS])) < 0)
		return DB_ERROR;
	snprintf(k->subject, sizeof(k->subject), "%s", row.col[LOCKED_SUBJECT]);
	snprintf(k->email, sizeof(k->email), "%s", row.col[LOCKED_EMAIL] ?
	    row.col[LOCKED_EMAIL] : "");
	snprintf(k->lang, sizeof(k->lang), "%s", row.col[LOCKED_LANG] ?
	    row.col[LOCKED_LANG] : "");
	return 1;
}

int
case_lock(struct ctx *c, long long case_id, enum case_status *st)
{
	struct locked k;
	int rc;

	if ((rc = lock_case(c, case_id, &k)) == 1)
		*st = (enum case_status)k.status;
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
	    status_names[CS_NEW], c->sess.user_id, 0LL)) < 0)
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
	struct locked k;
	char id[24], detail[64];
	int rc, from;

	rc = lock_case(c, case_id, &k);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	from = k.status;
	if (!case_transition_ok(actor, (enum case_status)from, to))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_CASE_SET_STATUS], status_names[to], case_id,
	    c->co.id)) < 0)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_CASE_HISTORY_ADD], case_id,
	    status_names[from], status_names[to],
	    actor == ACTOR_CUSTOMER ? c->sess.user_id : 0LL,
	    actor == ACTOR_OPERATOR ? c->staff.id : 0LL)) < 0 ||
	    (rc = hub_emit(c->db, HUB_TICKET, c->co.id, case_id, status_names[to])) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s -> %s", status_names[from], status_names[to]);
	if ((rc = page_audit(c, "case-status", "case", case_id, detail)) < 0)
		return rc;
	if (k.email[0] != '\0') {
		char key[40];
		const char *vars[] = { "id", id, "subject", k.subject, "status",
		    NULL, NULL };

		snprintf(id, sizeof(id), "%lld", case_id);
		snprintf(key, sizeof(key), "case.status.%s", status_names[to]);
		vars[5] = i18n_get(i18n_lang(k.lang) ? k.lang : c->lang, key);
		rc = page_mail(c, k.email, k.lang, "mail.case.status.subject",
		    "mail.case.status.body", vars);
	}
	return rc;
}

int
case_operator_comment(struct ctx *c, long long case_id, const char *body,
    enum case_comment kind)
{
	struct locked k;
	char id[24], url[320];
	int rc;

	if ((rc = lock_case(c, case_id, &k)) <= 0)
		return rc < 0 ? rc : 404;
	if (!case_open((enum case_status)k.status))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_CASE_OPERATOR_COMMENT_ADD], case_id, c->staff.id,
	    (long long)(kind == CC_NOTE), body)) < 0)
		return rc;
	if (kind == CC_RECORD)
		return DB_OK;
	if ((rc = page_audit(c, kind == CC_NOTE ? "case-note" : "case-reply", "case",
	    case_id, NULL)) < 0)
		return rc;
	if (kind == CC_NOTE || k.email[0] == '\0')
		return DB_OK;
	snprintf(id, sizeof(id), "%lld", case_id);
	snprintf(url, sizeof(url), "%s/companies/%lld/cases/%lld", c->conf->base_url,
	    c->co.id, case_id);
	{
		const char *vars[] = { "id", id, "subject", k.subject, "reply", body,
		    "url", url, NULL };

		return page_mail(c, k.email, k.lang, "mail.case.reply.subject",
		    "mail.case.reply.body", vars);
	}
}

int
case_assign(struct ctx *c, long long case_id, long long staff_id, const char *name)
{
	struct locked k;
	int rc;

	if ((rc = lock_case(c, case_id, &k)) <= 0)
		return rc < 0 ? rc : 404;
	if (!case_open((enum case_status)k.status))
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_CASE_ASSIGN], staff_id, case_id, c->co.id)) < 0)
		return rc;
	return page_audit(c, "case-assign", "case", case_id, name);
}

/* No routes: the statements of the model, for every page that writes a case. */
const struct module cases_module = {
	.name = "cases", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
