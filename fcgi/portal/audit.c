/* The company's audit log (B4): what its administrators did, newest first. */
#include "config.h"

#include <stdint.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define AUDIT_PAGE	50

static const struct field audit_fields[] = {
	{ "before", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* Paged by id: ?before= the last id of the previous page. */
static int
audit_get(struct ctx *c)
{
	const char *b = in_get(c, "before");
	long long before = 0, last = 0, n = 0;
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if (b != NULL)
		parse_int(b, 1, INT64_MAX, &before);
	if ((rc = dbe_run(c->db, ST_AUDIT_OF_COMPANY, "iiii", c->co.id, before, before,
	    (long long)AUDIT_PAGE + 1)) < 0)
		return page_db_status(rc);
	page_begin(c, "audit");
	list = x_el(c->root, "audit");
	while ((rc = dbe_fetch(c->db, ST_AUDIT_OF_COMPANY, &row)) == 1) {
		if (++n > AUDIT_PAGE) {
			/* One more row than shown: there is a next page. */
			x_attr_int(list, "next-before", last);
			continue;
		}
		parse_int(row.col[0], 1, INT64_MAX, &last);
		e = x_el(list, "entry");
		x_attr(e, "id", row.col[0]);
		x_time(e, "at", c->co.time_zone, row.col[1]);
		x_text(e, "user", row.col[2]);
		x_text(e, "email", row.col[3]);
		x_text(e, "action", row.col[4]);
		x_text(e, "object", row.col[5]);
		x_text(e, "object-id", row.col[6]);
		x_text(e, "detail", row.col[7]);
		x_text(e, "ip", row.col[8]);
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
	.pages = pages, .menu = menu,
};
