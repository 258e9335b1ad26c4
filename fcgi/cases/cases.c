/* Cases: the status model and the one function that changes a status. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/page.h"
#include "core/util.h"

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
case_set_status(struct ctx *c, long long case_id, enum case_status to,
    enum case_actor actor)
{
	struct dbrow row;
	char id[24], subject[201], email[255], lang[3], detail[64];
	int rc, from;

	/* Locks the case; the company is part of the key. */
	rc = dbe_one(c->db, ST_CASE_LOCK, &row, "ii", case_id, c->co.id);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if ((from = case_status_parse(row.col[0])) < 0)
		return DB_ERROR;
	snprintf(subject, sizeof(subject), "%s", row.col[1]);
	snprintf(email, sizeof(email), "%s", row.col[2] ? row.col[2] : "");
	snprintf(lang, sizeof(lang), "%s", row.col[3] ? row.col[3] : "");
	if (!case_transition_ok(actor, (enum case_status)from, to))
		return 409;
	if ((rc = dbe_run(c->db, ST_CASE_SET_STATUS, "sii", status_names[to], case_id,
	    c->co.id)) < 0)
		return rc;
	if ((rc = dbe_run(c->db, ST_CASE_HISTORY_ADD, "issI", case_id,
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
