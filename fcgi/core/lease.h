/*
 * Leases: work that must run on one host at a time (the outbox's delivery,
 * the queued billing runs) is done only by the process holding the lease
 * of its name, a row of the table leases with a holder and a time it runs
 * out (the database's clock, so hosts need not agree on theirs). With
 * several selfcare hosts, or a second deliverer started by mistake, the
 * others find it held and do nothing.
 */
#ifndef SELFCARE_LEASE_H
#define SELFCARE_LEASE_H

#include <stddef.h>

struct db;

#define LEASE_MAIL	"mail"
#define LEASE_BILLING	"billing"

/*
 * Takes or renews the lease name for secs seconds from now: 1 when this
 * process holds it, 0 when another does (who it is in who, if not NULL),
 * or a db_rc.
 */
int	 lease_take(struct db *, const char *name, int secs, char *who, size_t len);
/* Gives the lease back if this process holds it. */
void	 lease_give(struct db *, const char *name);
/* This process's name as a holder: "host pid random". */
const char *lease_me(void);

#endif
