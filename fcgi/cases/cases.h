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
 */
#ifndef SELFCARE_CASES_H
#define SELFCARE_CASES_H

struct ctx;
struct db;

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
 * (checked against the table for actor); writes history, audit and mail
 * to the case's creator. Returns DB_OK, a db_rc, or 409 when the
 * transition is not allowed (nothing written).
 */
int		 case_set_status(struct ctx *, long long case_id,
		    enum case_status to, enum case_actor);

#endif
