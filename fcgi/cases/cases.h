/*
 * Cases: support cases and change requests, one status model.
 *
 *   new ──▶ in-progress ──▶ waiting ──▶ in-progress …
 *    │          │  ▲            │
 *    └──────────┴──┴──▶ resolved ──▶ closed
 *
 * The operator moves a case along the table in cases.c; a customer never
 * sets a status, but a customer's comment on a case waiting for the
 * customer sends it back to in-progress. case_set_status() is the one
 * place that changes a status: it checks the transition, writes the
 * history row, the audit row and the "status changed" mail.
 *
 * The operator's side (the back office's customer care) assigns a case to
 * a staff member, replies (the customer sees the reply, by the staff
 * member's first name and "customer care", and gets a mail) and writes
 * internal notes, which no customer page ever shows. Its work is measured
 * against a target in working days (Monday to Friday, counted in UTC;
 * public holidays are not known): a case that is new or in progress, the
 * ball in the operator's court, is overdue once more working time than the
 * target has passed since it was made.
 */
#ifndef SELFCARE_CASES_H
#define SELFCARE_CASES_H

#include <stddef.h>

struct ctx;
struct db;

#define CASE_SUBJECT_MAX	200
#define CASE_BODY_MAX		5000
#define CASE_DAY		86400LL

enum case_status {
	CS_NEW,
	CS_IN_PROGRESS,
	CS_WAITING,		/* waiting for the customer */
	CS_RESOLVED,
	CS_CLOSED,
	CS__MAX
};

enum case_actor {
	ACTOR_CUSTOMER,
	ACTOR_OPERATOR,
};

/* Pure (unit-tested). */
const char	*case_status_name(enum case_status);
/* -1 for an unknown name. */
int		 case_status_parse(const char *);
/* Whether actor may move a case from one status to another. */
int		 case_transition_ok(enum case_actor, enum case_status from,
		    enum case_status to);
/* The status after a customer's comment (from itself when unchanged). */
enum case_status case_after_customer_comment(enum case_status from);
/* Whether a comment may be added by the customer in this status. */
int		 case_open(enum case_status);

/* Whether s is absent or nothing but white space. */
int		 case_blank(const char *);
/*
 * Why a submitted text is refused: "required" (absent or nothing but white
 * space), "too-long" (more than max bytes, or refused by its field's own
 * bound), or NULL when it passes; val is the validated value (NULL:
 * invalid), raw the value as sent.
 */
const char	*case_text_problem(const char *val, const char *raw, size_t max);

/*
 * Working time (pure): seconds of Monday to Friday (UTC) from a fixed
 * Monday to t (a Unix time), so that a case's age is the difference of
 * two. case_working_until is its inverse: the latest time at which that
 * much working time has passed (a weekend's Monday, not its Saturday).
 */
long long	 case_working_time(long long t);
long long	 case_working_until(long long w);
/* Whole working days from made to now. */
long long	 case_age_days(long long made, long long now);
/* When a case made then is overdue after (more than target_days working days). */
long long	 case_due(long long made, int target_days);
/* Whether a case of that status made then is overdue at now. */
int		 case_overdue(enum case_status, long long made, long long now,
		    int target_days);
/* The cut for a list of cases older than days working days at now: exactly
 * those made before it (made < cut). */
long long	 case_older_cut(long long now, int days);

/* The categories of support cases and the changes of change requests. */
extern const char *const case_support_categories[];
extern const char *const case_change_categories[];
int		 case_in_list(const char *const *list, const char *);

/*
 * Inside a transaction, for the company of the request (ctx->co) and its
 * user: a new case of kind ("support", "change") in status new, with its
 * first history row and body as its first comment unless body is empty;
 * location_id and subscription_id 0 for none. Its id, or a db_rc.
 */
long long	 case_create(struct ctx *, const char *kind, const char *category,
		    const char *subject, const char *body, long long location_id,
		    long long subscription_id);
/* Inside a transaction: locks the company's case, its status in *st; 1,
 * 0 when the company has no such case, or a db_rc. */
int		 case_lock(struct ctx *, long long case_id, enum case_status *st);
/* The user's comment on a case (locked by case_lock); a db_rc. */
int		 case_comment_add(struct ctx *, long long case_id, const char *body);

/*
 * Inside a transaction: moves case id of company company_id to status to
 * (checked against the table for actor); writes history (by the user, or
 * for the operator the staff member of ctx->staff), audit and mail to the
 * case's creator. Returns DB_OK, a db_rc, or 409 when the transition is
 * not allowed (nothing written).
 */
int		 case_set_status(struct ctx *, long long case_id,
		    enum case_status to, enum case_actor);

/*
 * The operator's side, inside a transaction, for the case of ctx->co.id and
 * the staff member of ctx->staff; each audited. DB_OK, 404 when the company
 * has no such case, 409 when it is closed, or a db_rc.
 *
 * A comment of one of these kinds: */
enum case_comment {
	CC_REPLY,	/* the creator sees it and gets a mail with it and a link */
	CC_NOTE,	/* internal: the staff's only, never on a customer's page */
	CC_RECORD,	/* what the operator did, seen by the creator; no mail and
			 * no audit row of its own (the caller audits the deed) */
};
int		 case_operator_comment(struct ctx *, long long case_id, const char *body,
		    enum case_comment);
/* Assigns the case to staff member staff_id (0: nobody); name names them
 * in the audit row. */
int		 case_assign(struct ctx *, long long case_id, long long staff_id,
		    const char *name);

#endif
