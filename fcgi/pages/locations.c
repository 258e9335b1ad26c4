/*
 * The location overview of one company (M3). Another company's id gives
 * 404 whatever it is: the membership is part of every query.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "money.h"
#include "page.h"
#include "pages/pages.h"

int
locations_get(struct ctx *c)
{
	long long company = c->ids[0];
	xmlNodePtr co, list, loc = NULL, sub, e;
	char last[24] = "";
	struct dbrow row;
	int rc;

	rc = db_one(c->db, ST_COMPANY_OF_USER, &row, "ii", c->sess.user_id, company);
	if (rc < 0)
		return page_db_status(rc);
	if (rc == 0)
		return 404;
	page_begin(c, "locations");
	co = x_el(c->root, "company");
	x_attr(co, "id", row.col[0]);
	x_text(co, "name", row.col[1]);
	x_text(co, "orgnr", row.col[2]);

	if ((rc = db_run(c->db, ST_LOCATIONS_OF_COMPANY, "ii", c->sess.user_id,
	    company)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "locations");
	/* One row per location and subscription, ordered by location. */
	while ((rc = db_fetch(c->db, ST_LOCATIONS_OF_COMPANY, &row)) == 1) {
		if (loc == NULL || strcmp(last, row.col[0]) != 0) {
			snprintf(last, sizeof(last), "%s", row.col[0]);
			loc = x_el(list, "location");
			x_attr(loc, "id", row.col[0]);
			x_text(loc, "number", row.col[1]);
			x_text(loc, "name", row.col[2]);
			x_text(loc, "status", row.col[3]);
		}
		if (row.col[4] == NULL)
			continue;
		sub = x_el(loc, "subscription");
		x_attr(sub, "id", row.col[4]);
		e = x_text(sub, "product", row.col[6]);
		x_attr(e, "code", row.col[5]);
		x_text(sub, "ref", row.col[7]);
		e = x_text(sub, "price", row.col[8]);
		x_attr(e, "currency", row.col[9]);
		x_text(sub, "status", row.col[10]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}
