/*
 * Bulk changes worked outside the request (tables bulk_jobs and
 * bulk_job_lines, migration 021; the pages are portal/bulk.c's). A job
 * confirmed by the company (queued) is claimed by the process that works
 * it (running, with a heartbeat) and worked BULK_BATCH lines at a time,
 * each batch one transaction and each line a savepoint of it: a line that
 * fails is rolled back alone and recorded failed with its reason, and the
 * counts of the job move with every batch committed, so the progress page
 * shows them while it runs. Every line goes through subscriptions/change.c
 * as the company's own change would, in the name of who confirmed it.
 * A job left running by a process that died (no heartbeat for BULK_STALE
 * seconds) is claimed again and goes on with the lines not worked.
 *
 * Who works them: the server's mail child (core/server.c, as it does the
 * billing runs), and `selfcare bulk --queued` once.
 */
#ifndef SELFCARE_SUBSCRIPTIONS_BULK_H
#define SELFCARE_SUBSCRIPTIONS_BULK_H

#include <stdio.h>

struct conf;
struct db;

#define BULK_BATCH	200	/* lines a transaction */
#define BULK_STALE	600	/* seconds without a heartbeat: the process died */

/* 1 a job waits to be worked, 0 none, <0 a db_rc. */
int	 bulk_pending(struct db *);
/* Works every job waiting, reporting each on out and problems on err: the
 * number of jobs worked, or <0 a db_rc (what was not reached waits). */
int	 bulk_work(struct db *, const struct conf *, FILE *out, FILE *err);

#endif
