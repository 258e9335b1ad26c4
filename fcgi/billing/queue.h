/*
 * Billing runs queued by the back office (table billing_runs, migration
 * 015): a run is claimed by the process that works it (queued → running),
 * bills its period with billing_period as `selfcare bill` does, counting
 * the accounts as it goes (and beating a heartbeat), and ends done, or
 * failed when an account or the reading failed. A run left running by a
 * process that died (no heartbeat for QUEUE_STALE seconds) is claimed
 * again: an account billed already is billed nothing twice.
 *
 * Who works them: the server's mail child looks every round and starts a
 * process of its own for them (core/server.c), and `selfcare bill
 * --queued` works them once (a timer's, where no mail child runs).
 */
#ifndef SELFCARE_QUEUE_H
#define SELFCARE_QUEUE_H

#include <stdio.h>

struct conf;
struct db;

#define QUEUE_STALE	600	/* seconds without a heartbeat: the process died */

/* 1 a run waits to be worked, 0 none, <0 a db_rc. */
int	 billing_queue_pending(struct db *);
/*
 * Works every run waiting, one after the other, reporting each on out and
 * problems on err: the number of runs worked, or <0 a db_rc (the runs not
 * reached stay queued).
 */
int	 billing_queue_work(struct db *, const struct conf *, FILE *out, FILE *err);

#endif
