/*
 * The case status model (fcgi/cases/cases.c), as a table of cases: every
 * (actor, from, to) triple against the transitions the README documents;
 * the working time customer care's target is measured in, as a table of
 * times; the refusal of submitted texts.
 * Self-contained (no harness): prints each failure, exits 1 if any.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* "2026-01-05 09:00:00" (UTC) as a Unix time. */
static long long
at(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%d %H:%M:%S", &tm) == NULL)
		return -1;
	return (long long)timegm(&tm);
}

/*
 * Working time, Monday to Friday in UTC. 2026-01-05 is a Monday; the
 * target is 2 working days unless said.
 */
static const struct {
	const char	*made, *now;
	int		 target;
	long long	 age;		/* whole working days */
	const char	*due;
	int		 overdue;	/* while new or in progress */
} ages[] = {
	/* A weekday to a weekday: plain days. */
	{ "2026-01-05 09:00:00", "2026-01-05 17:00:00", 2, 0, "2026-01-07 09:00:00", 0 },
	{ "2026-01-05 09:00:00", "2026-01-07 09:00:00", 2, 2, "2026-01-07 09:00:00", 0 },
	{ "2026-01-05 09:00:00", "2026-01-07 09:00:01", 2, 2, "2026-01-07 09:00:00", 1 },
	/* Friday noon: the weekend does not count, due Tuesday noon. */
	{ "2026-01-09 12:00:00", "2026-01-12 11:59:59", 2, 0, "2026-01-13 12:00:00", 0 },
	{ "2026-01-09 12:00:00", "2026-01-13 12:00:01", 2, 2, "2026-01-13 12:00:00", 1 },
	/* Made on a Saturday: it starts on Monday, due Wednesday 00:00. */
	{ "2026-01-10 10:00:00", "2026-01-11 23:00:00", 2, 0, "2026-01-14 00:00:00", 0 },
	{ "2026-01-10 10:00:00", "2026-01-13 23:59:59", 2, 1, "2026-01-14 00:00:00", 0 },
	{ "2026-01-10 10:00:00", "2026-01-14 00:00:01", 2, 2, "2026-01-14 00:00:00", 1 },
	/* A target that ends on a Friday night is due on Monday morning. */
	{ "2026-01-08 00:00:00", "2026-01-10 12:00:00", 2, 2, "2026-01-12 00:00:00", 0 },
	{ "2026-01-08 00:00:00", "2026-01-12 00:00:01", 2, 2, "2026-01-12 00:00:00", 1 },
	/* A longer target across two weekends. */
	{ "2026-01-05 09:00:00", "2026-01-19 09:00:00", 10, 10, "2026-01-19 09:00:00", 0 },
	{ "2026-01-05 09:00:00", "2026-01-20 09:00:00", 10, 11, "2026-01-19 09:00:00", 1 },
	/* A clock behind the case's time: no age. */
	{ "2026-01-07 09:00:00", "2026-01-06 09:00:00", 2, 0, "2026-01-09 09:00:00", 0 },
};

/* The cut of "older than days": made before it, exactly the older ones. */
static const struct {
	const char	*now;
	int		 days;
	const char	*cut;
} cuts[] = {
	{ "2026-01-07 09:00:00", 2, "2026-01-05 09:00:00" },
	/* Monday 10:00 less one day is Friday 10:00. */
	{ "2026-01-12 10:00:00", 1, "2026-01-09 10:00:00" },
	/* On a weekend, the week's working time ended on Friday night; what
	 * was made on the weekend is no older than what was made at its start. */
	{ "2026-01-11 15:00:00", 0, "2026-01-10 00:00:00" },
	{ "2026-01-11 15:00:00", 1, "2026-01-09 00:00:00" },
	{ "2026-01-12 00:00:00", 5, "2026-01-03 00:00:00" },
};

static void
check_working_time(void)
{
	static const enum case_status ours[] = { CS_NEW, CS_IN_PROGRESS };
	static const enum case_status theirs[] = { CS_WAITING, CS_RESOLVED, CS_CLOSED };
	long long made, now, cut, t;
	size_t i, j;

	for (i = 0; i < sizeof(ages) / sizeof(ages[0]); i++) {
		made = at(ages[i].made);
		now = at(ages[i].now);
		if (case_age_days(made, now) != ages[i].age ||
		    case_due(made, ages[i].target) != at(ages[i].due)) {
			fprintf(stderr, "%s .. %s: age %lld, due %lld (want %lld, %s)\n",
			    ages[i].made, ages[i].now, case_age_days(made, now),
			    case_due(made, ages[i].target), ages[i].age, ages[i].due);
			failures++;
		}
		for (j = 0; j < sizeof(ours) / sizeof(ours[0]); j++)
			CHECK(case_overdue(ours[j], made, now, ages[i].target) ==
			    ages[i].overdue);
		/* Waiting for the customer, resolved or closed: never the operator's. */
		for (j = 0; j < sizeof(theirs) / sizeof(theirs[0]); j++)
			CHECK(!case_overdue(theirs[j], made, now, ages[i].target));
		/* Overdue is "older than the target": the cut agrees. */
		cut = case_older_cut(now, ages[i].target);
		CHECK((made < cut) == ages[i].overdue);
	}
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		now = at(cuts[i].now);
		cut = case_older_cut(now, cuts[i].days);
		if (cut != at(cuts[i].cut)) {
			fprintf(stderr, "cut %s - %d: %lld, want %s\n", cuts[i].now,
			    cuts[i].days, cut, cuts[i].cut);
			failures++;
		}
		/* Around the cut, every hour of two weeks: older exactly before it. */
		for (t = now - 14 * CASE_DAY; t <= now; t += 3600)
			CHECK((t < cut) == (case_working_time(now) - case_working_time(t) >
			    cuts[i].days * CASE_DAY));
	}
	/* The inverse: the latest time of a working time. */
	CHECK(case_working_until(case_working_time(at("2026-01-06 13:30:00"))) ==
	    at("2026-01-06 13:30:00"));
	CHECK(case_working_until(case_working_time(at("2026-01-10 13:30:00"))) ==
	    at("2026-01-12 00:00:00"));
}

/* What a submitted text is refused for: value as validated, as sent. */
static const struct {
	const char	*val, *raw;
	const char	*code;
} texts[] = {
	{ "Hei", "Hei", NULL },
	{ NULL, NULL, "required" },
	{ "", "", "required" },
	{ " \t\r\n", " \t\r\n", "required" },
	{ "12345", "12345", NULL },
	{ "123456", "123456", "too-long" },
	{ NULL, "123456", "too-long" },		/* refused by its field's bound */
};

static void
check_texts(void)
{
	size_t i;
	const char *got;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		got = case_text_problem(texts[i].val, texts[i].raw, 5);
		if ((got == NULL) != (texts[i].code == NULL) ||
		    (got != NULL && strcmp(got, texts[i].code) != 0)) {
			fprintf(stderr, "text %zu: %s, want %s\n", i, got ? got : "ok",
			    texts[i].code ? texts[i].code : "ok");
			failures++;
		}
	}
	CHECK(case_blank(NULL) && case_blank(" ") && !case_blank(" x "));
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

	check_working_time();
	check_texts();
	if (failures == 0)
		printf("test_cases: ok\n");
	return failures ? 1 : 0;
}
