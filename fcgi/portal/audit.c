/*
 * The company's audit log: what its administrators (and the operator's
 * staff) did, newest first. A staff member's row names them as the
 * operator's, without the address they worked from (the operator's own
 * network is none of the customer's business).
 */
#include "config.h"

#include <stdint.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define AUDIT_PAGE	50

/* Keyset paging: before = the last id of the previous page (the newest
 * page: INT64_MAX). A plain range on (company_id, id), read backwards up to
 * the limit: "(? = 0 OR a.id < ?)" made MariaDB read every row of the
 * company through (company_id, at) and sort them. */
enum { AUDIT_ID, AUDIT_AT, AUDIT_USER, AUDIT_EMAIL, AUDIT_OPERATOR, AUDIT_ACTION,
	AUDIT_OBJECT, AUDIT_OBJECT_ID, AUDIT_DETAIL, AUDIT_IP, AUDIT__COLS };
enum { Q_AUDIT_OF_COMPANY };
static struct stmt stmts[] = {
	[Q_AUDIT_OF_COMPANY] = STMT("audit.of_company", "iii", AUDIT__COLS,
	    "SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s'), u.name, u.email, s.name,"
	    " a.action, a.object, a.object_id, a.detail,"
	    " IF(a.staff_id IS NULL, a.client_ip, '')"
	    " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
	    " LEFT JOIN staff s ON s.id = a.staff_id"
	    " WHERE a.company_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?"),
};

static const struct field audit_fields[] = {
	{ "before", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* Paged by id: ?before= the last id of the previous page. */
static int
audit_get(struct ctx *c)
{
	const char *b = in_get(c, "before");
	long long before = INT64_MAX, last = 0, n = 0;
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if (b != NULL)
		parse_int(b, 1, INT64_MAX, &before);
	if ((rc = db_run(c->db, &stmts[Q_AUDIT_OF_COMPANY], c->co.id, before,
	    (long long)AUDIT_PAGE + 1)) < 0)
		return page_db_status(rc);
	page_begin(c, "audit");
	list = x_el(c->root, "audit");
	while ((rc = db_fetch(c->db, &stmts[Q_AUDIT_OF_COMPANY], &row)) == 1) {
		if (++n > AUDIT_PAGE) {
			/* One more row than shown: there is a next page. */
			x_attr_int(list, "next-before", last);
			continue;
		}
		parse_int(row.col[AUDIT_ID], 1, INT64_MAX, &last);
		e = x_el(list, "entry");
		x_attr(e, "id", row.col[AUDIT_ID]);
		x_time(e, "at", c->co.time_zone, row.col[AUDIT_AT]);
		x_text(e, "user", row.col[AUDIT_USER]);
		x_text(e, "email", row.col[AUDIT_EMAIL]);
		x_text(e, "operator", row.col[AUDIT_OPERATOR]);
		x_text(e, "action", row.col[AUDIT_ACTION]);
		x_text(e, "object", row.col[AUDIT_OBJECT]);
		x_text(e, "object-id", row.col[AUDIT_OBJECT_ID]);
		x_text(e, "detail", row.col[AUDIT_DETAIL]);
		x_text(e, "ip", row.col[AUDIT_IP]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static const struct route routes[] = {
	{ "/companies/#/audit", R_COMPANY, "audit", audit_get, audit_fields, NULL, NULL,
	    "admin" },
};

static const char *const pages[] = { "audit", NULL };
static const struct menu_item menu[] = {
	{ "/audit", "nav.audit", "admin" },
	{ NULL, NULL, NULL },
};

const struct module audit_module = {
	.name = "audit", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .menu = menu, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
