/* The company overview (M2): the companies the user administers, and the
 * invitations to other companies waiting for the user's answer. */
#include "config.h"

#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"

int
companies_get(struct ctx *c)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, ST_COMPANIES_OF_USER, "i", c->sess.user_id)) < 0)
		return page_db_status(rc);
	page_begin(c, "companies");
	list = x_el(c->root, "companies");
	while ((rc = db_fetch(c->db, ST_COMPANIES_OF_USER, &row)) == 1) {
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
