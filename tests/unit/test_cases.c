/*
 * The case status model (fcgi/portal/cases.c), as a table of cases: every
 * (actor, from, to) triple against the transitions the README documents.
 * Self-contained (no harness): prints each failure, exits 1 if any.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cases/cases.h"

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		failures++; \
	} \
} while (0)

/* The allowed moves, written out once more by hand. */
static const struct { enum case_actor a; const char *from, *to; } allowed[] = {
	{ ACTOR_OPERATOR, "new", "in-progress" },
	{ ACTOR_OPERATOR, "new", "waiting" },
	{ ACTOR_OPERATOR, "new", "resolved" },
	{ ACTOR_OPERATOR, "new", "closed" },
	{ ACTOR_OPERATOR, "in-progress", "waiting" },
	{ ACTOR_OPERATOR, "in-progress", "resolved" },
	{ ACTOR_OPERATOR, "in-progress", "closed" },
	{ ACTOR_OPERATOR, "waiting", "in-progress" },
	{ ACTOR_OPERATOR, "waiting", "resolved" },
	{ ACTOR_OPERATOR, "waiting", "closed" },
	{ ACTOR_OPERATOR, "resolved", "in-progress" },
	{ ACTOR_OPERATOR, "resolved", "closed" },
	{ ACTOR_CUSTOMER, "waiting", "in-progress" },
};

static int
is_allowed(enum case_actor a, int from, int to)
{
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i].a == a && case_status_parse(allowed[i].from) == from &&
		    case_status_parse(allowed[i].to) == to)
			return 1;
	return 0;
}

int
main(void)
{
	int a, from, to;

	/* Names round-trip; unknown names are refused. */
	for (from = 0; from < CS__MAX; from++)
		CHECK(case_status_parse(case_status_name((enum case_status)from)) == from);
	CHECK(case_status_parse("waiting for customer") == -1);
	CHECK(case_status_parse("") == -1);
	CHECK(case_status_parse(NULL) == -1);
	CHECK(case_status_name(CS__MAX) == NULL);

	for (a = ACTOR_CUSTOMER; a <= ACTOR_OPERATOR; a++)
		for (from = 0; from < CS__MAX; from++)
			for (to = 0; to < CS__MAX; to++)
				if (case_transition_ok((enum case_actor)a, (enum case_status)from,
				    (enum case_status)to) != is_allowed((enum case_actor)a, from, to)) {
					fprintf(stderr, "actor %d: %s -> %s\n", a,
					    case_status_name((enum case_status)from),
					    case_status_name((enum case_status)to));
					failures++;
				}
	/* Out of range never passes. */
	CHECK(!case_transition_ok(ACTOR_OPERATOR, CS__MAX, CS_NEW));
	CHECK(!case_transition_ok(ACTOR_OPERATOR, CS_NEW, CS__MAX));
	CHECK(!case_transition_ok((enum case_actor)7, CS_NEW, CS_CLOSED));

	/* A customer's comment: only "waiting" moves (to in-progress). */
	CHECK(case_after_customer_comment(CS_WAITING) == CS_IN_PROGRESS);
	CHECK(case_after_customer_comment(CS_NEW) == CS_NEW);
	CHECK(case_after_customer_comment(CS_IN_PROGRESS) == CS_IN_PROGRESS);
	CHECK(case_after_customer_comment(CS_RESOLVED) == CS_RESOLVED);
	CHECK(case_after_customer_comment(CS_CLOSED) == CS_CLOSED);
	CHECK(!case_open(CS_CLOSED) && case_open(CS_RESOLVED) && case_open(CS_NEW));

	CHECK(case_in_list(case_support_categories, "billing"));
	CHECK(!case_in_list(case_support_categories, "more-data"));
	CHECK(case_in_list(case_change_categories, "more-data"));
	CHECK(!case_in_list(case_change_categories, NULL));

	if (failures == 0)
		printf("test_cases: ok\n");
	return failures ? 1 : 0;
}
