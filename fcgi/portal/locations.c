/*
 * The location overview of one company, the subscriptions area's page
 * (references and prices). Another company's id gives 404 whatever it is:
 * the dispatcher found the company through the member's membership, and
 * the query takes that company (the operator's staff see the same page,
 * read-only, through admin/customers.c). Each location's latest case is the
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

/* One round trip: the company and its locations (a company without
 * locations still gives one row). */
enum { LOC_COMPANY_ID, LOC_COMPANY_NAME, LOC_COMPANY_ORGNR, LOC_ID, LOC_NUMBER, LOC_NAME,
	LOC_STATUS, LOC_SUB_ID, LOC_SUB_PRODUCT_CODE, LOC_SUB_PRODUCT, LOC_SUB_REF,
	LOC_SUB_MONTHLY_PRICE, LOC_SUB_CURRENCY, LOC_SUB_STATUS, LOC_CASE_ID,
	LOC_CASE_STATUS, LOC__COLS };
enum { Q_LOCATIONS_OF_COMPANY };
static struct stmt stmts[] = {
	[Q_LOCATIONS_OF_COMPANY] = STMT("locations.of_company", "sii", LOC__COLS,
	    "SELECT c.id, c.name, c.orgnr, l.id, l.number, l.name, l.status, s.id,"
	    " p.code, COALESCE(pn.name, p.name), s.ref, s.monthly_price, s.currency,"
	    " s.status, k.id, k.status"
	    " FROM companies c"
	    " LEFT JOIN locations l ON l.company_id = c.id"
	    " LEFT JOIN subscriptions s ON s.location_id = l.id"
	    "  AND s.company_id = c.id AND s.status <> 'terminated'"
	    " LEFT JOIN products p ON p.id = s.product_id"
	    /* The product's name in the reader's language (catalogue). */
	    " LEFT JOIN product_names pn ON pn.product_id = p.id AND pn.lang = ?"
	    /* The latest case of each location (change request or support):
	     * one grouped read of the company's cases, not two subqueries per
	     * row (MariaDB splits it by location through cases_location). */
	    " LEFT JOIN (SELECT location_id, MAX(id) AS id FROM cases"
	    "  WHERE company_id = ? AND location_id IS NOT NULL GROUP BY location_id) lk"
	    "  ON lk.location_id = l.id"
	    " LEFT JOIN cases k ON k.id = lk.id"
	    " WHERE c.id = ?"
	    " ORDER BY l.number, l.id, s.id"),
};

int
locations_get(struct ctx *c)
{
	xmlNodePtr co, list = NULL, loc = NULL, sub, e;
	char last[24] = "";
	struct dbrow row;
	int rc, cases = page_has_area(c, "support");

	if ((rc = db_run(c->db, &stmts[Q_LOCATIONS_OF_COMPANY], c->lang, c->co.id,
	    c->co.id)) < 0)
		return page_db_status(rc);
	/* One row per location and subscription, ordered by location; the
	 * company's columns repeat on every row. */
	while ((rc = db_fetch(c->db, &stmts[Q_LOCATIONS_OF_COMPANY], &row)) == 1) {
		if (list == NULL) {
			page_begin(c, "locations");
			co = x_el(c->root, "company");
			x_attr(co, "id", row.col[LOC_COMPANY_ID]);
			x_text(co, "name", row.col[LOC_COMPANY_NAME]);
			x_text(co, "orgnr", row.col[LOC_COMPANY_ORGNR]);
			list = x_el(c->root, "locations");
		}
		if (row.col[LOC_ID] == NULL)
			continue;	/* a company without locations */
		if (loc == NULL || strcmp(last, row.col[LOC_ID]) != 0) {
			snprintf(last, sizeof(last), "%s", row.col[LOC_ID]);
			loc = x_el(list, "location");
			x_attr(loc, "id", row.col[LOC_ID]);
			x_text(loc, "number", row.col[LOC_NUMBER]);
			x_text(loc, "name", row.col[LOC_NAME]);
			x_text(loc, "status", row.col[LOC_STATUS]);
			if (cases && row.col[LOC_CASE_ID] != NULL) {
				e = x_text(loc, "latest-case", row.col[LOC_CASE_STATUS]);
				x_attr(e, "id", row.col[LOC_CASE_ID]);
			}
		}
		if (row.col[LOC_SUB_ID] == NULL)
			continue;	/* a location without subscriptions */
		sub = x_el(loc, "subscription");
		x_attr(sub, "id", row.col[LOC_SUB_ID]);
		e = x_text(sub, "product", row.col[LOC_SUB_PRODUCT]);
		x_attr(e, "code", row.col[LOC_SUB_PRODUCT_CODE]);
		x_text(sub, "ref", row.col[LOC_SUB_REF]);
		e = x_text(sub, "price", row.col[LOC_SUB_MONTHLY_PRICE]);
		x_attr(e, "currency", row.col[LOC_SUB_CURRENCY]);
		x_text(sub, "status", row.col[LOC_SUB_STATUS]);
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
	.pages = pages, .menu = menu, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
