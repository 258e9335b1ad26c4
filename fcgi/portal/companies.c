/*
 * The companies the user administers (M2), with the invitations to other
 * companies waiting for the user's answer, and a company's overview (D1).
 */
#include "config.h"

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"

static int
companies_get(struct ctx *c)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = dbe_run(c->db, ST_COMPANIES_OF_USER, "i", c->sess.user_id)) < 0)
		return page_db_status(rc);
	page_begin(c, "companies");
	list = x_el(c->root, "companies");
	while ((rc = dbe_fetch(c->db, ST_COMPANIES_OF_USER, &row)) == 1) {
		e = x_el(list, "company");
		x_attr(e, "id", row.col[0]);
		x_text(e, "name", row.col[1]);
		x_text(e, "orgnr", row.col[2]);
		x_text(e, "locations", row.col[5]);
		/* Each company's date in its own zone. */
		x_time(e, "added", row.col[6], row.col[3]);
		x_text(e, "role", row.col[4]);
		users_areas_el(e, row.col[4], row.col[7]);
	}
	if (rc < 0 || (rc = invitations_of_user(c, c->root)) < 0)
		return page_db_status(rc);
	return 0;
}

/* ---- D1 overview ---- */

static int
overview_get(struct ctx *c)
{
	xmlNodePtr o;
	struct dbrow row;
	int rc;

	rc = dbe_one(c->db, ST_COMPANY_COUNTS, &row, "iiiiii", c->co.id, c->co.id,
	    c->co.id, c->co.id, c->co.id, c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 500;
	page_begin(c, "overview");
	o = x_el(c->root, "overview");
	/* Each figure for the members with the area whose pages it counts. */
	if (page_has_area(c, "subscriptions")) {
		x_text(o, "locations", row.col[0]);
		x_text(o, "subscriptions", row.col[1]);
	}
	if (page_has_area(c, "support"))
		x_text(o, "open-cases", row.col[2]);
	if (page_has_area(c, "users"))
		x_text(o, "users", row.col[3]);
	/* Unpaid invoices, and how many are overdue: for the invoices area. */
	if (page_has_area(c, "invoices")) {
		xmlNodePtr e = x_text(o, "unpaid-invoices", row.col[4]);

		x_attr(e, "overdue", row.col[5]);
	}
	/* "My support cases", latest first: only for members with the area. */
	if (page_has_area(c, "support") &&
	    (rc = cases_list(c, c->root, "support", 5)) < 0)
		return page_db_status(rc);
	return 0;
}

static const struct route routes[] = {
	{ "/companies", R_LOGIN, "companies", companies_get, NULL, invitation_accept_post,
	    invitation_accept_fields, NULL },
	{ "/companies/#", R_COMPANY, "overview", overview_get, NULL, NULL, NULL, NULL },
};

static const char *const pages[] = { "companies", "overview", NULL };
static const struct menu_item menu[] = {
	{ "", "nav.overview", NULL },
	{ NULL, NULL, NULL },
};

const struct module companies_module = {
	.name = "companies",
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .menu = menu,
};
