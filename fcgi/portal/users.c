/*
 * Users and areas of a company. A member with the
 * users area invites people by e-mail: an invitation is stored and mailed
 * with a link, and the invitee becomes a member only by accepting it
 * (portal/invitations.c). The invite form answers the same for every
 * address (nothing is looked up outside this company), and the users page
 * shows what this company's member typed, never another company's data.
 *
 * Who may grant what: a full administrator anything. A member with the
 * users area but not the admin role grants only areas they hold (areas
 * they do not hold stay on a member as they were), never the admin role,
 * never changes an administrator or their own membership, and removes only
 * members whose areas they all hold. The last administrator can be neither
 * demoted nor removed (checked in the transaction, with the admins locked).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "portal/portal.h"
#include "portal/selfservice.h"
#include "core/route.h"
#include "core/util.h"

/*
 * The forms' fields: the invitee or the role, then a box "area-NAME" for
 * each area the modules declare (filled in by users_init, once every
 * module is known).
 */
static struct field invite_fields[FIELDS_MAX] = {
	{ "email", V_EMAIL, 254 },
	{ "name", V_NAME, 0 },
	{ "role", V_TEXT, 16 },
};
static struct field member_fields[FIELDS_MAX] = {
	{ "role", V_TEXT, 16 },
};
static struct boxes boxes;

enum { MEMBER_ID, MEMBER_NAME, MEMBER_EMAIL, MEMBER_ROLE, MEMBER_AREAS, MEMBER_ADDED,
	MEMBER_NUMBER, MEMBER__COLS };
enum { INVITED_ID, INVITED_EMAIL, INVITED_NAME, INVITED_ROLE, INVITED_AREAS,
	INVITED_AT, INVITED_EXPIRES, INVITED__COLS };
enum { HELD_ROLE, HELD_AREAS, HELD__COLS };
enum { ADMINS_COUNT, ADMINS__COLS };
enum { Q_USERS_MEMBERS, Q_USERS_INVITATIONS, Q_USERS_INVITATION_DEL, Q_USERS_ADMINS_COUNT,
	Q_USERS_MEMBER_LOCK, Q_USERS_MEMBER_SET, Q_USERS_MEMBER_DEL };
static struct stmt stmts[] = {
	[Q_USERS_MEMBERS] = STMT("users.members", "i", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email, m.role, m.areas,"
	    " DATE_FORMAT(m.created_at, '%Y-%m-%dT%H:%i:%s'), m.employee_number"
	    " FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? ORDER BY u.name, u.id"),
	[Q_USERS_INVITATIONS] = STMT("users.invitations", "i", INVITED__COLS,
	    "SELECT id, email, name, role, areas, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%s') FROM invitations"
	    " WHERE company_id = ? AND accepted_at IS NULL AND expires_at > NOW()"
	    " ORDER BY email"),
	[Q_USERS_INVITATION_DEL] = STMT("users.invitation_del", "ii", 0,
	    "DELETE FROM invitations WHERE id = ? AND company_id = ? AND accepted_at IS NULL"),
	/* Locks the company's administrators: the last one stays. */
	[Q_USERS_ADMINS_COUNT] = STMT("users.admins_count", "i", ADMINS__COLS,
	    "SELECT COUNT(*) FROM memberships WHERE company_id = ? AND role = 'admin' FOR UPDATE"),
	[Q_USERS_MEMBER_LOCK] = STMT("users.member_lock", "ii", HELD__COLS,
	    "SELECT m.role, m.areas FROM memberships m"
	    " WHERE m.company_id = ? AND m.user_id = ? FOR UPDATE"),
	[Q_USERS_MEMBER_SET] = STMT("users.member_set", "ssii", 0,
	    "UPDATE memberships SET role = ?, areas = ? WHERE company_id = ? AND user_id = ?"),
	[Q_USERS_MEMBER_DEL] = STMT("users.member_del", "ii", 0,
	    "DELETE FROM memberships WHERE company_id = ? AND user_id = ?"),
};

static void
users_init(void)
{
	size_t i;

	boxes_init(&boxes, "area", area_names());
	/* Room is left for the dispatcher's formkey, csrf and the end. */
	for (i = 0; area_names()[i] != NULL && 3 + i < FIELDS_MAX - 4; i++) {
		invite_fields[3 + i] = (struct field){ boxes.field[i], V_TEXT, 8 };
		member_fields[1 + i] = (struct field){ boxes.field[i], V_TEXT, 8 };
	}
}

void
users_areas_el(xmlNodePtr parent, const char *role, const char *set)
{
	boxes_el(parent, "areas", "area", area_names(),
	    strcmp(role, "admin") == 0 ? area_all() : area_parse(set));
}

static int
valid_role(const char *r)
{
	return r != NULL && (strcmp(r, "admin") == 0 || strcmp(r, "manager") == 0 ||
	    strcmp(r, "employee") == 0);
}

/* The areas a role gives: all to an administrator, none to an employee
 * (who sees only their own subscriptions), the boxes to a manager. */
static unsigned
role_areas(const char *role, unsigned areas)
{
	if (strcmp(role, "admin") == 0)
		return area_all();
	return strcmp(role, "employee") == 0 ? 0 : areas;
}

/* The areas a member may hand out: all for an administrator, else their own. */
static unsigned
grantable(const struct ctx *c)
{
	return c->co.admin ? area_all() : c->co.areas & area_all();
}

int
users_list(struct ctx *c, xmlNodePtr parent)
{
	xmlNodePtr list, u;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_USERS_MEMBERS], c->co.id)) < 0)
		return rc;
	list = x_el(parent, "users");
	while ((rc = db_fetch(c->db, &stmts[Q_USERS_MEMBERS], &row)) == 1) {
		u = x_el(list, "user");
		x_attr(u, "id", row.col[MEMBER_ID]);
		x_text(u, "name", row.col[MEMBER_NAME]);
		x_text(u, "email", row.col[MEMBER_EMAIL]);
		x_text(u, "role", row.col[MEMBER_ROLE]);
		x_time(u, "added", c->co.time_zone, row.col[MEMBER_ADDED]);
		users_areas_el(u, row.col[MEMBER_ROLE], row.col[MEMBER_AREAS]);
		x_text(u, "employee-number", row.col[MEMBER_NUMBER]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_USERS_INVITATIONS], c->co.id)) < 0)
		return rc;
	list = x_el(parent, "invitations");
	while ((rc = db_fetch(c->db, &stmts[Q_USERS_INVITATIONS], &row)) == 1) {
		u = x_el(list, "invitation");
		x_attr(u, "id", row.col[INVITED_ID]);
		x_text(u, "email", row.col[INVITED_EMAIL]);
		x_text(u, "name", row.col[INVITED_NAME]);
		x_text(u, "role", row.col[INVITED_ROLE]);
		x_time(u, "invited", c->co.time_zone, row.col[INVITED_AT]);
		x_time(u, "expires", c->co.time_zone, row.col[INVITED_EXPIRES]);
		users_areas_el(u, row.col[INVITED_ROLE], row.col[INVITED_AREAS]);
	}
	return rc;
}

/* The users page: the members, the open invitations, the invite form. */
int
users_page(struct ctx *c, xmlNodePtr *invite)
{
	int rc;

	page_begin(c, "users");
	if ((rc = users_list(c, c->root)) < 0)
		return page_db_status(rc);
	/* Every area of the portal: a checkbox each in the forms. */
	boxes_el(c->root, "areas", "area", area_names(), area_all());
	*invite = form_el(c->root, "invite");
	return 0;
}

static int
users_get(struct ctx *c)
{
	xmlNodePtr f;

	return users_page(c, &f);
}

struct invite {
	const char	*email, *name, *role;
	char		 areas[80];
	const char	*error;
};

static int
users_invite_txn(struct ctx *c, void *arg)
{
	struct invite *iv = arg;
	int rc;

	rc = invitation_send(c, iv->email, iv->name, iv->role, iv->areas, c->lang,
	    c->sess.user_id, c->sess.user_name);
	if (rc == 409)
		iv->error = "exists";
	if (rc != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=user-invited", c->co.id);
	return DB_OK;
}

static int
users_post(struct ctx *c)
{
	struct invite iv = { 0 };
	const char *name_problem = valid_name_problem(form_raw(c, "name"));
	unsigned areas = boxes_of_form(c, &boxes);
	xmlNodePtr f;
	int rc, bad = 0;

	iv.email = in_get(c, "email");
	iv.role = in_get(c, "role");
	iv.name = in_get(c, "name");
	if ((rc = users_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "email");
	form_keep(c, f, "name");
	form_keep(c, f, "role");
	boxes_keep(c, &boxes, f);
	if (iv.email == NULL)
		bad = 1, form_error(f, "email", form_raw(c, "email") &&
		    *form_raw(c, "email") ? "invalid" : "required");
	if (name_problem != NULL)
		bad = 1, form_error(f, "name", name_problem);
	if (!valid_role(iv.role))
		bad = 1, form_error(f, "role", form_raw(c, "role") &&
		    *form_raw(c, "role") ? "invalid" : "required");
	if (bad) {
		c->status = 400;
		return 0;
	}
	/* What the inviter may not give, they may not offer either. */
	if ((strcmp(iv.role, "admin") == 0 && !c->co.admin) ||
	    (role_areas(iv.role, areas) & ~grantable(c))) {
		form_error(f, strcmp(iv.role, "admin") == 0 && !c->co.admin ? "role" :
		    "areas", "not-allowed");
		c->status = 403;
		return 0;
	}
	area_format(role_areas(iv.role, areas), iv.areas, sizeof(iv.areas));
	rc = page_change(c, users_invite_txn, &iv);
	if (rc == 409) {
		form_error(f, "email", iv.error);
		c->status = rc;
		return 0;
	}
	return rc;
}

struct member_change {
	const char	*role;		/* NULL: remove */
	unsigned	 areas;		/* as submitted */
	const char	*field;		/* of the error */
	const char	*error;
};

/* Whether a non-administrator may touch this member at all. */
static const char *
member_refusal(const struct ctx *c, const struct member_change *mc, int was_admin,
    unsigned had)
{
	if (c->co.admin)
		return NULL;
	if (c->ids[1] == c->sess.user_id || was_admin ||
	    (mc->role != NULL && strcmp(mc->role, "admin") == 0))
		return "role";
	if ((mc->areas & ~grantable(c)) || (mc->role == NULL && (had & ~grantable(c))))
		return "areas";
	return NULL;
}

static int
users_member_txn(struct ctx *c, void *arg)
{
	struct member_change *mc = arg;
	struct dbrow row;
	long long admins = 0;
	unsigned had, areas;
	int rc, was_admin;
	char set[80], detail[120];

	if ((rc = db_one(c->db, &stmts[Q_USERS_ADMINS_COUNT], &row, c->co.id)) < 0)
		return rc;
	parse_int(row.col[ADMINS_COUNT], 0, INT64_MAX, &admins);
	if ((rc = db_one(c->db, &stmts[Q_USERS_MEMBER_LOCK], &row, c->co.id,
	    c->ids[1])) <= 0)
		return rc < 0 ? rc : 404;
	was_admin = strcmp(row.col[HELD_ROLE], "admin") == 0;
	had = was_admin ? area_all() : area_parse(row.col[HELD_AREAS]);
	if ((mc->field = member_refusal(c, mc, was_admin, had)) != NULL) {
		mc->error = "not-allowed";
		return 403;
	}
	if (was_admin && admins <= 1 && (mc->role == NULL || strcmp(mc->role, "admin") != 0)) {
		mc->field = "role";
		mc->error = "last-admin";
		return 409;
	}
	if (mc->role == NULL) {
		if ((rc = db_run(c->db, &stmts[Q_USERS_MEMBER_DEL], c->co.id, c->ids[1])) < 0)
			return rc;
		if ((rc = page_audit(c, "user-remove", "user", c->ids[1], NULL)) < 0)
			return rc;
		page_redirectf(c, "/companies/%lld/users?done=user-removed", c->co.id);
		return DB_OK;
	}
	/* The areas the changer does not hold stay as they were. */
	areas = role_areas(mc->role, (mc->areas & grantable(c)) | (had & ~grantable(c)));
	area_format(areas, set, sizeof(set));
	if ((rc = db_run(c->db, &stmts[Q_USERS_MEMBER_SET], mc->role, set, c->co.id,
	    c->ids[1])) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s", mc->role, set);
	if ((rc = page_audit(c, "user-update", "user", c->ids[1], detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=user-updated", c->co.id);
	return DB_OK;
}

static int
users_member_answer(struct ctx *c, struct member_change *mc, int rc)
{
	xmlNodePtr f, g;
	char name[32];

	if (rc != 403 && rc != 409 && rc != 400)
		return rc;
	if ((rc = users_page(c, &f)) != 0)
		return rc;
	snprintf(name, sizeof(name), "member-%lld", c->ids[1]);
	g = form_el(c->root, name);
	form_keep(c, g, "role");
	boxes_keep(c, &boxes, g);
	form_error(g, mc->field ? mc->field : "role", mc->error);
	c->status = strcmp(mc->error, "last-admin") == 0 ? 409 :
	    strcmp(mc->error, "not-allowed") == 0 ? 403 : 400;
	return 0;
}

static int
users_member_post(struct ctx *c)
{
	struct member_change mc = { 0 };

	mc.role = in_get(c, "role");
	mc.areas = boxes_of_form(c, &boxes);
	if (!valid_role(mc.role)) {
		mc.error = "invalid";
		return users_member_answer(c, &mc, 400);
	}
	return users_member_answer(c, &mc, page_change(c, users_member_txn, &mc));
}

static int
users_member_remove_post(struct ctx *c)
{
	struct member_change mc = { 0 };

	return users_member_answer(c, &mc, page_change(c, users_member_txn, &mc));
}

/* An open invitation withdrawn: its link stops working. */
static int
users_invitation_remove_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = db_run(c->db, &stmts[Q_USERS_INVITATION_DEL], c->ids[1], c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_USERS_INVITATION_DEL]) != 1)
		return 404;
	if ((rc = page_audit(c, "invitation-withdraw", "invitation", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=invitation-withdrawn", c->co.id);
	return DB_OK;
}

static int
users_invitation_remove_post(struct ctx *c)
{
	return page_change(c, users_invitation_remove_txn, NULL);
}

static const struct route routes[] = {
	{ "/companies/#/users", R_COMPANY | R_ONCE, "users", users_get, NULL,
	    users_post, invite_fields, "users" },
	{ "/companies/#/users/#", R_COMPANY, "users", NULL, NULL,
	    users_member_post, member_fields, "users" },
	{ "/companies/#/users/#/remove", R_COMPANY, "users", NULL, NULL,
	    users_member_remove_post, NULL, "users" },
	{ "/companies/#/invitations/#/remove", R_COMPANY, "users", NULL, NULL,
	    users_invitation_remove_post, NULL, "users" },
	{ "/companies/#/users/#/employee-number", R_COMPANY, "users", NULL, NULL,
	    selfservice_number_post, selfservice_number_fields, "admin" },
};

static const char *const pages[] = { "users", NULL };
static const char *const flashes[] = { "user-invited", "user-updated", "user-removed",
	"invitation-withdrawn", NULL };
static const struct menu_item menu[] = {
	{ "/users", "nav.users", "users" },
	{ NULL, NULL, NULL },
};

const struct module users_module = {
	.name = "users", .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu, .init = users_init,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
