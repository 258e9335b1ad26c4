/*
 * Users and areas of a company (D3). A member with the
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

#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "portal/portal.h"
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
static char box_names[AREA_MAX][48];

static void
users_init(void)
{
	const char *const *areas = area_names();
	size_t i;

	/* Room is left for the dispatcher's formkey, csrf and the end. */
	for (i = 0; areas[i] != NULL && 3 + i < FIELDS_MAX - 4; i++) {
		snprintf(box_names[i], sizeof(box_names[i]), "area-%s", areas[i]);
		invite_fields[3 + i] = (struct field){ box_names[i], V_TEXT, 8 };
		member_fields[1 + i] = (struct field){ box_names[i], V_TEXT, 8 };
	}
}

/* The areas ticked in a form (area bits). */
static unsigned
areas_of_form(const struct ctx *c)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; area_names()[i] != NULL; i++)
		if (form_raw(c, box_names[i]) != NULL)
			bits |= 1U << i;
	return bits;
}

void
users_areas_el(xmlNodePtr parent, const char *role, const char *set)
{
	xmlNodePtr a = x_el(parent, "areas");
	unsigned bits = strcmp(role, "admin") == 0 ? area_all() : area_parse(set);
	size_t i;

	for (i = 0; area_names()[i] != NULL; i++)
		if (bits & (1U << i))
			x_text(a, "area", area_names()[i]);
}

static void
keep_areas(const struct ctx *c, xmlNodePtr f)
{
	size_t i;

	for (i = 0; area_names()[i] != NULL; i++)
		if (form_raw(c, box_names[i]) != NULL)
			form_value(f, box_names[i], "on");
}

static int
valid_role(const char *r)
{
	return r != NULL && (strcmp(r, "admin") == 0 || strcmp(r, "manager") == 0);
}

/* The areas a member may hand out: all for an administrator, else their own. */
static unsigned
grantable(const struct ctx *c)
{
	return c->co.admin ? area_all() : c->co.areas & area_all();
}

/* The users page: the members, the open invitations, the invite form. */
static int
users_page(struct ctx *c, xmlNodePtr *invite)
{
	xmlNodePtr list, u;
	struct dbrow row;
	size_t i;
	int rc;

	if ((rc = dbe_run(c->db, ST_MEMBERS, "i", c->co.id)) < 0)
		return page_db_status(rc);
	page_begin(c, "users");
	list = x_el(c->root, "users");
	while ((rc = dbe_fetch(c->db, ST_MEMBERS, &row)) == 1) {
		u = x_el(list, "user");
		x_attr(u, "id", row.col[0]);
		x_text(u, "name", row.col[1]);
		x_text(u, "email", row.col[2]);
		x_text(u, "role", row.col[3]);
		x_time(u, "added", c->co.time_zone, row.col[5]);
		users_areas_el(u, row.col[3], row.col[4]);
	}
	if (rc < 0 || (rc = dbe_run(c->db, ST_INVITATIONS_OF_COMPANY, "i", c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "invitations");
	while ((rc = dbe_fetch(c->db, ST_INVITATIONS_OF_COMPANY, &row)) == 1) {
		u = x_el(list, "invitation");
		x_attr(u, "id", row.col[0]);
		x_text(u, "email", row.col[1]);
		x_text(u, "name", row.col[2]);
		x_text(u, "role", row.col[3]);
		x_time(u, "invited", c->co.time_zone, row.col[5]);
		x_time(u, "expires", c->co.time_zone, row.col[6]);
		users_areas_el(u, row.col[3], row.col[4]);
	}
	if (rc < 0)
		return page_db_status(rc);
	/* Every area of the portal: a checkbox each in the forms. */
	list = x_el(c->root, "areas");
	for (i = 0; area_names()[i] != NULL; i++)
		x_text(list, "area", area_names()[i]);
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
invite_txn(struct ctx *c, void *arg)
{
	struct invite *iv = arg;
	char token[AUTH_TOKEN_LEN + 1], url[400], inviter[NAME_MAX_BYTES + 1];
	unsigned char th[AUTH_HASH_LEN];
	struct dbrow row;
	int rc;

	/* Only this company's members are looked at: the answer is the same
	 * for an address known elsewhere and for one never seen. */
	if ((rc = dbe_one(c->db, ST_INVITE_IS_MEMBER, &row, "is", c->co.id, iv->email)) < 0)
		return rc;
	if (rc == 1) {
		iv->error = "exists";
		return 409;
	}
	auth_random_token(token);
	auth_hash(c->conf->secret, "invitation", token, strlen(token), th);
	if ((rc = dbe_run(c->db, ST_INVITATION_PUT, "isssssbi", c->co.id, iv->email,
	    iv->name, iv->role, iv->areas, c->lang, th, (unsigned long)sizeof(th),
	    c->sess.user_id)) < 0)
		return rc;
	if ((rc = page_audit(c, "user-invite", "invitation",
	    dbe_insert_id(c->db, ST_INVITATION_PUT), iv->email)) < 0)
		return rc;
	/* The link is ours alone; the inviter's name is quoted as data. */
	snprintf(url, sizeof(url), "%s/invitation?t=%s", c->conf->base_url, token);
	valid_name_defuse(inviter, sizeof(inviter), c->sess.user_name);
	{
		const char *vars[] = { "company", c->co.name, "inviter", inviter,
		    "url", url, NULL };

		if ((rc = page_mail(c, iv->email, c->lang, "mail.invite.subject",
		    "mail.invite.body", vars)) < 0)
			return rc;
	}
	page_redirectf(c, "/companies/%lld/users?done=user-invited", c->co.id);
	return DB_OK;
}

static int
users_post(struct ctx *c)
{
	struct invite iv = { 0 };
	const char *name_problem = valid_name_problem(form_raw(c, "name"));
	unsigned areas = areas_of_form(c);
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
	keep_areas(c, f);
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
	if ((strcmp(iv.role, "admin") == 0 && !c->co.admin) || (areas & ~grantable(c))) {
		form_error(f, strcmp(iv.role, "admin") == 0 && !c->co.admin ? "role" :
		    "areas", "not-allowed");
		c->status = 403;
		return 0;
	}
	area_format(strcmp(iv.role, "admin") == 0 ? area_all() : areas, iv.areas, sizeof(iv.areas));
	rc = page_change(c, invite_txn, &iv);
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
member_txn(struct ctx *c, void *arg)
{
	struct member_change *mc = arg;
	struct dbrow row;
	long long admins = 0;
	unsigned had, areas;
	int rc, was_admin;
	char set[80], detail[120];

	if ((rc = dbe_one(c->db, ST_ADMINS_COUNT, &row, "i", c->co.id)) < 0)
		return rc;
	parse_int(row.col[0], 0, INT64_MAX, &admins);
	if ((rc = dbe_one(c->db, ST_MEMBER_LOCK, &row, "ii", c->co.id, c->ids[1])) <= 0)
		return rc < 0 ? rc : 404;
	was_admin = strcmp(row.col[0], "admin") == 0;
	had = was_admin ? area_all() : area_parse(row.col[1]);
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
		if ((rc = dbe_run(c->db, ST_MEMBER_DEL, "ii", c->co.id, c->ids[1])) < 0)
			return rc;
		if ((rc = page_audit(c, "user-remove", "user", c->ids[1], NULL)) < 0)
			return rc;
		page_redirectf(c, "/companies/%lld/users?done=user-removed", c->co.id);
		return DB_OK;
	}
	/* The areas the changer does not hold stay as they were. */
	areas = strcmp(mc->role, "admin") == 0 ? area_all() :
	    (mc->areas & grantable(c)) | (had & ~grantable(c));
	area_format(areas, set, sizeof(set));
	if ((rc = dbe_run(c->db, ST_MEMBER_SET, "ssii", mc->role, set, c->co.id,
	    c->ids[1])) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s", mc->role, set);
	if ((rc = page_audit(c, "user-update", "user", c->ids[1], detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=user-updated", c->co.id);
	return DB_OK;
}

static int
member_answer(struct ctx *c, struct member_change *mc, int rc)
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
	keep_areas(c, g);
	form_error(g, mc->field ? mc->field : "role", mc->error);
	c->status = strcmp(mc->error, "last-admin") == 0 ? 409 :
	    strcmp(mc->error, "not-allowed") == 0 ? 403 : 400;
	return 0;
}

static int
member_post(struct ctx *c)
{
	struct member_change mc = { 0 };

	mc.role = in_get(c, "role");
	mc.areas = areas_of_form(c);
	if (!valid_role(mc.role)) {
		mc.error = "invalid";
		return member_answer(c, &mc, 400);
	}
	return member_answer(c, &mc, page_change(c, member_txn, &mc));
}

static int
member_remove_post(struct ctx *c)
{
	struct member_change mc = { 0 };

	return member_answer(c, &mc, page_change(c, member_txn, &mc));
}

/* An open invitation withdrawn: its link stops working. */
static int
invitation_remove_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = dbe_run(c->db, ST_INVITATION_DEL, "ii", c->ids[1], c->co.id)) < 0)
		return rc;
	if (dbe_affected(c->db, ST_INVITATION_DEL) != 1)
		return 404;
	if ((rc = page_audit(c, "invitation-withdraw", "invitation", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=invitation-withdrawn", c->co.id);
	return DB_OK;
}

static int
invitation_remove_post(struct ctx *c)
{
	return page_change(c, invitation_remove_txn, NULL);
}

static const struct route routes[] = {
	{ "/companies/#/users", R_COMPANY | R_ONCE, "users", users_get, NULL,
	    users_post, invite_fields, "users" },
	{ "/companies/#/users/#", R_COMPANY, "users", NULL, NULL,
	    member_post, member_fields, "users" },
	{ "/companies/#/users/#/remove", R_COMPANY, "users", NULL, NULL,
	    member_remove_post, NULL, "users" },
	{ "/companies/#/invitations/#/remove", R_COMPANY, "users", NULL, NULL,
	    invitation_remove_post, NULL, "users" },
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
};
