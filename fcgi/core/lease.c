/* Leases in the database; see lease.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/db.h"
#include "core/lease.h"
#include "core/module.h"
#include "core/util.h"

enum { WHO_HOLDER, WHO__COLS };
enum { Q_TAKE, Q_WHO, Q_GIVE };
static struct stmt stmts[] = {
	/* Free, run out or ours. SET goes left to right: taken_at reads the
	 * holder before it is replaced. DATETIME(6) changes at every renewal,
	 * so one affected row means held. */
	[Q_TAKE] = STMT("lease.take", "ssiss", 0,
	    "UPDATE leases SET taken_at = IF(holder <=> ?, taken_at, NOW(6)),"
	    " holder = ?, expires_at = NOW(6) + INTERVAL ? SECOND"
	    " WHERE name = ? AND (holder IS NULL OR holder = ? OR expires_at < NOW(6))"),
	[Q_WHO] = STMT("lease.who", "s", WHO__COLS,
	    "SELECT holder FROM leases WHERE name = ?"),
	[Q_GIVE] = STMT("lease.give", "ss", 0,
	    "UPDATE leases SET holder = NULL, expires_at = NOW(6)"
	    " WHERE name = ? AND holder = ?"),
};

const char *
lease_me(void)
{
	static char me[128];
	static pid_t pid;
	char host[64];

	/* Made again in a child: a fork is another holder. */
	if (pid != getpid()) {
		pid = getpid();
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "?");
		host[sizeof(host) - 1] = '\0';
		snprintf(me, sizeof(me), "%s %ld %08x", host, (long)pid,
		    (unsigned)randombytes_random());
	}
	return me;
}

int
lease_take(struct db *db, const char *name, int secs, char *who, size_t len)
{
	const char *me = lease_me();
	struct dbrow row;
	int rc;

	if ((rc = db_run(db, &stmts[Q_TAKE], me, me, (long long)secs, name, me)) < 0)
		return rc;
	if (db_affected(db, &stmts[Q_TAKE]) == 1)
		return 1;
	if (who != NULL && len > 0) {
		if (db_one(db, &stmts[Q_WHO], &row, name) == 1 && row.col[WHO_HOLDER])
			snprintf(who, len, "%s", row.col[WHO_HOLDER]);
		else
			snprintf(who, len, "another process");
	}
	return 0;
}

void
lease_give(struct db *db, const char *name)
{
	db_run(db, &stmts[Q_GIVE], name, lease_me());
}

const struct module lease_module = {
	.name = "lease", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
