/*
 * The companies the user administers, with the invitations to other
 * companies waiting for the user's answer, and a company's overview.
 */
#include "config.h"

#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"

enum { CO_ID, CO_NAME, CO_ORGNR, CO_ADDED, CO_ROLE, CO_LOCATIONS, CO_TIME_ZONE, CO_AREAS,
	CO_STATUS, CO__COLS };
/* The overview's figures, each of the company given in every parameter. */
enum { COUNT_LOCATIONS, COUNT_SUBSCRIPTIONS, COUNT_OPEN_CASES, COUNT_USERS,
	COUNT_UNPAID_INVOICES, COUNT_OVERDUE_INVOICES, COUNT__COLS };
enum { Q_COMPANIES_OF_USER, Q_COMPANY_COUNTS };
static struct stmt stmts[] = {
	[Q_COMPANIES_OF_USER] = STMT("companies.of_user", "i", CO__COLS,
	    "SELECT c.id, c.name, c.orgnr, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " m.role, (SELECT COUNT(*) FROM locations l WHERE l.company_id = c.id),"
	    " c.time_zone, m.areas, c.status"
	    " FROM memberships m JOIN companies c ON c.id = m.company_id"
	    " WHERE m.user_id = ? ORDER BY c.name, c.id"),
	[Q_COMPANY_COUNTS] = STMT("companies.counts", "iiiiii", COUNT__COLS,
	    "SELECT (SELECT COUNT(*) FROM locations WHERE company_id = ?),"
	    " (SELECT COUNT(*) FROM subscriptions WHERE company_id = ?"
	    " AND status <> 'terminated'),"
	    " (SELECT COUNT(*) FROM cases WHERE company_id = ?"
	    " AND status NOT IN ('resolved', 'closed')),"
	    " (SELECT COUNT(*) FROM memberships WHERE company_id = ?),"
	    " (SELECT COUNT(*) FROM invoices WHERE company_id = ?"
	    "  AND status IN ('unpaid', 'partly_paid')),"
	    " (SELECT COUNT(*) FROM invoices WHERE company_id = ?"
	    "  AND status IN ('unpaid', 'partly_paid') AND due_date < CURDATE())"),
};

static int
companies_list_get(struct ctx *c)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_COMPANIES_OF_USER], c->sess.user_id)) < 0)
		return page_db_status(rc);
	page_begin(c, "companies");
	list = x_el(c->root, "companies");
	while ((rc = db_fetch(c->db, &stmts[Q_COMPANIES_OF_USER], &row)) == 1) {
		e = x_el(list, "company");
		x_attr(e, "id", row.col[CO_ID]);
		x_text(e, "name", row.col[CO_NAME]);
		x_text(e, "orgnr", row.col[CO_ORGNR]);
		x_text(e, "locations", row.col[CO_LOCATIONS]);
		/* Each company's date in its own zone. */
		x_time(e, "added", row.col[CO_TIME_ZONE], row.col[CO_ADDED]);
		x_text(e, "role", row.col[CO_ROLE]);
		users_areas_el(e, row.col[CO_ROLE], row.col[CO_AREAS]);
		/* Closed by the operator: listed, but its pages do not open. */
		if (strcmp(row.col[CO_STATUS], "closed") == 0)
			x_text(e, "closed", "yes");
	}
	if (rc < 0 || (rc = invitations_of_user(c, c->root)) < 0)
		return page_db_status(rc);
	return 0;
}

/* ---- the overview ---- */

static int
companies_overview_get(struct ctx *c)
{
	xmlNodePtr o;
	struct dbrow row;
	int rc;

	rc = db_one(c->db, &stmts[Q_COMPANY_COUNTS], &row, c->co.id, c->co.id, c->co.id,
	    c->co.id, c->co.id, c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 500;
	page_begin(c, "overview");
	o = x_el(c->root, "overview");
	/* Each figure for the members with the area whose pages it counts. */
	if (page_has_area(c, "subscriptions")) {
		x_text(o, "locations", row.col[COUNT_LOCATIONS]);
		x_text(o, "subscriptions", row.col[COUNT_SUBSCRIPTIONS]);
	}
	if (page_has_area(c, "support"))
		x_text(o, "open-cases", row.col[COUNT_OPEN_CASES]);
	if (page_has_area(c, "users"))
		x_text(o, "users", row.col[COUNT_USERS]);
	/* Unpaid invoices, and how many are overdue: for the invoices area. */
	if (page_has_area(c, "invoices")) {
		xmlNodePtr e = x_text(o, "unpaid-invoices", row.col[COUNT_UNPAID_INVOICES]);

		x_attr(e, "overdue", row.col[COUNT_OVERDUE_INVOICES]);
	}
	/* "My support cases", latest first: only for members with the area. */
	if (page_has_area(c, "support") &&
	    (rc = cases_list(c, c->root, "support", 5)) < 0)
		return page_db_status(rc);
	return 0;
}

static const struct route routes[] = {
	{ "/companies", R_LOGIN, "companies", companies_list_get, NULL,
	    invitation_accept_post, invitation_accept_fields, NULL },
	{ "/companies/#", R_COMPANY, "overview", companies_overview_get, NULL, NULL, NULL,
	    NULL },
};

static const char *const pages[] = { "companies", "overview", NULL };
static const struct menu_item menu[] = {
	{ "", "nav.overview", NULL },
	{ NULL, NULL, NULL },
};

const struct module companies_module = {
	.name = "companies",
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .menu = menu, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
