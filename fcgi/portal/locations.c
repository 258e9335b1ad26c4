/*
 * The location overview of one company (M3), the subscriptions area's page
 * (references and prices). Another company's id gives 404 whatever it is:
 * the membership is part of the query. Each location's latest case is the
 * support area's, shown only to members who have it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/module.h"
#include "core/util.h"

static int
locations_get(struct ctx *c)
{
	xmlNodePtr co, list = NULL, loc = NULL, sub, e;
	char last[24] = "";
	struct dbrow row;
	int rc, cases = page_has_area(c, "support");

	if ((rc = dbe_run(c->db, ST_LOCATIONS_OF_COMPANY, "ii", c->sess.user_id,
	    c->ids[0])) < 0)
		return page_db_status(rc);
	/* One row per location and subscription, ordered by location; the
	 * company's columns repeat on every row. */
	while ((rc = dbe_fetch(c->db, ST_LOCATIONS_OF_COMPANY, &row)) == 1) {
		if (list == NULL) {
			page_begin(c, "locations");
			co = x_el(c->root, "company");
			x_attr(co, "id", row.col[0]);
			x_text(co, "name", row.col[1]);
			x_text(co, "orgnr", row.col[2]);
			list = x_el(c->root, "locations");
		}
		if (row.col[3] == NULL)
			continue;	/* a company without locations */
		if (loc == NULL || strcmp(last, row.col[3]) != 0) {
			snprintf(last, sizeof(last), "%s", row.col[3]);
			loc = x_el(list, "location");
			x_attr(loc, "id", row.col[3]);
			x_text(loc, "number", row.col[4]);
			x_text(loc, "name", row.col[5]);
			x_text(loc, "status", row.col[6]);
			if (cases && row.col[14] != NULL) {
				e = x_text(loc, "latest-case", row.col[15]);
				x_attr(e, "id", row.col[14]);
			}
		}
		if (row.col[7] == NULL)
			continue;	/* a location without subscriptions */
		sub = x_el(loc, "subscription");
		x_attr(sub, "id", row.col[7]);
		e = x_text(sub, "product", row.col[9]);
		x_attr(e, "code", row.col[8]);
		x_text(sub, "ref", row.col[10]);
		e = x_text(sub, "price", row.col[11]);
		x_attr(e, "currency", row.col[12]);
		x_text(sub, "status", row.col[13]);
	}
	if (rc < 0)
		return page_db_status(rc);
	return list == NULL ? 404 : 0;
}

static const struct route routes[] = {
	{ "/companies/#/locations", R_COMPANY, "locations", locations_get, NULL, NULL,
	    NULL, "subscriptions" },
};

static const char *const pages[] = { "locations", NULL };
static const struct menu_item menu[] = {
	{ "/locations", "nav.locations", "subscriptions" },
	{ NULL, NULL, NULL },
};

const struct module locations_module = {
	.name = "locations", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .menu = menu,
};
