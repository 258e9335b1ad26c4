/* Billing runs queued by the back office (see queue.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "billing/billing.h"
#include "billing/queue.h"
#include "core/db.h"
#include "core/lease.h"
#include "core/log.h"
#include "core/module.h"
#include "core/util.h"

enum { WAIT_ID, WAIT_PERIOD, WAIT_DATE, WAIT__COLS };
enum { Q_WAITING, Q_CLAIM, Q_STEP, Q_END };
/* Waiting: queued, or running without a heartbeat for the seconds given. */
#define WAITING \
	" (state = 'queued' OR (state = 'running'" \
	" AND heartbeat_at < NOW() - INTERVAL ? SECOND))"
static struct stmt stmts[] = {
	[Q_WAITING] = STMT("queue.waiting", "i", WAIT__COLS,
	    "SELECT id, period, DATE_FORMAT(invoice_date, '%Y-%m-%d') FROM billing_runs"
	    " WHERE" WAITING " ORDER BY id LIMIT 1"),
	/* Counted afresh: a run claimed again counts what it does itself. */
	[Q_CLAIM] = STMT("queue.claim", "ii", 0,
	    "UPDATE billing_runs SET state = 'running', started_at = COALESCE(started_at,"
	    " NOW()), heartbeat_at = NOW(), accounts_done = 0, accounts_failed = 0"
	    " WHERE id = ? AND" WAITING),
	[Q_STEP] = STMT("queue.step", "iiii", 0,
	    "UPDATE billing_runs SET accounts = ?, accounts_done = ?, accounts_failed = ?,"
	    " heartbeat_at = NOW() WHERE id = ?"),
	[Q_END] = STMT("queue.end", "si", 0,
	    "UPDATE billing_runs SET state = ?, active_period = NULL, finished_at = NOW(),"
	    " heartbeat_at = NOW() WHERE id = ?"),
};
#undef WAITING

int
billing_queue_pending(struct db *db)
{
	struct dbrow row;

	return db_one(db, &stmts[Q_WAITING], &row, (long long)QUEUE_STALE);
}

/* The billing lease: taken for this long, renewed every RENEW seconds. */
#define BILLING_LEASE	120
#define BILLING_RENEW	20

/* A run being worked: its counts, written after every account. */
struct job {
	struct db	*db;
	long long	 id, done, failed;
	time_t		 renewed;
};

static void
job_step(void *arg, const struct bill_account *a)
{
	struct job *j = arg;

	j->done++;
	j->failed += a->failed;
	/* A count not written is written with the next; the end says all. */
	db_run(j->db, &stmts[Q_STEP], (long long)a->of, j->done, j->failed, j->id);
	if (time(NULL) - j->renewed >= BILLING_RENEW) {
		if (lease_take(j->db, LEASE_BILLING, BILLING_LEASE, NULL, 0) != 1)
			log_error("billing run %lld: the billing lease could not be "
			    "renewed", j->id);
		j->renewed = time(NULL);
	}
}

static int work(struct db *, const struct conf *, FILE *, FILE *);

int
billing_queue_work(struct db *db, const struct conf *conf, FILE *out, FILE *err)
{
	char who[128];
	int rc;

	/* One host works the queue at a time; the claim below keeps a run
	 * from being worked twice even without it. */
	if ((rc = lease_take(db, LEASE_BILLING, BILLING_LEASE, who, sizeof(who))) <= 0) {
		if (rc == 0)
			fprintf(out, "billing runs: the queue is being worked by %s\n", who);
		return rc;
	}
	rc = work(db, conf, out, err);
	lease_give(db, LEASE_BILLING);
	return rc;
}

static int
work(struct db *db, const struct conf *conf, FILE *out, FILE *err)
{
	struct dbrow row;
	char period[8], date[11];
	int rc, billed, n = 0;

	for (;;) {
		struct job j = { db, 0, 0, 0, time(NULL) };
		struct bill_how how = { 0, 0, job_step, &j, NULL, 0 };

		if ((rc = db_one(db, &stmts[Q_WAITING], &row, (long long)QUEUE_STALE)) <= 0)
			return rc < 0 ? rc : n;
		parse_int(row.col[WAIT_ID], 1, INT64_MAX, &j.id);
		snprintf(period, sizeof(period), "%s", row.col[WAIT_PERIOD]);
		snprintf(date, sizeof(date), "%s", row.col[WAIT_DATE]);
		/* Another process claimed it first: the next one, if any. */
		if ((rc = db_run(db, &stmts[Q_CLAIM], j.id, (long long)QUEUE_STALE)) < 0)
			return rc;
		if (db_affected(db, &stmts[Q_CLAIM]) != 1)
			continue;
		how.run = j.id;
		billed = billing_period(db, conf, period, date, &how, err);
		if ((rc = db_run(db, &stmts[Q_END], billed == 0 ? "done" : "failed",
		    j.id)) < 0)
			return rc;
		fprintf(out, "billing run %lld of %s: %s, %lld account(s), %lld failed\n",
		    j.id, period, billed == 0 ? "done" : "failed", j.done, j.failed);
		n++;
	}
}

const struct module queue_module = {
	.name = "queue", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
