/*
 * Why a subscription ends: the reason given with its termination (a code
 * of a fixed list, and words of the customer's own, required for "other"),
 * stored on the subscription (migration 031) and as the termination's
 * history detail. Customer care's carrying out of a change request gives
 * END_REASON_CARE: the customer's words are the case's.
 */
#ifndef SELFCARE_SUBSCRIPTIONS_ENDING_H
#define SELFCARE_SUBSCRIPTIONS_ENDING_H

#include <libxml/tree.h>

struct ctx;

#define END_NOTE_MAX	200	/* characters of the words given */
#define END_REASON_CARE	"customer-request"

/* The reasons a customer chooses from: "moving", "not-needed",
 * "employee-left", "cost", "other"; NULL-ended. */
extern const char *const end_reasons[];

struct end_reason {
	const char	*code;
	const char	*note;		/* NULL: none */
};

/*
 * The reason and note of the request (fields "reason" and "note") into r:
 * NULL (and *code NULL) when good, else the field in error with *code
 * "required" (no reason; no note for "other"), "invalid" or "too-long".
 */
const char	*end_reason_read(const struct ctx *, struct end_reason *r,
		    const char **code);
/* <end-reason code="…">note</end-reason> under parent. */
void		 end_reason_add(xmlNodePtr parent, const struct end_reason *r);

#endif
