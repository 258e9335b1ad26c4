/* The database's today; see clock.h. */
#include "config.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/util.h"

enum { TODAY_DATE, TODAY__COLS };
static struct stmt stmts[] = {
	STMT("clock.today", "", TODAY__COLS, "SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')"),
};

int
clock_today(struct db *db, char out[11])
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(db, &stmts[0], &row)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	snprintf(out, 11, "%s", row.col[TODAY_DATE]);
	return DB_OK;
}

const struct module clock_module = {
	.name = "clock", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
