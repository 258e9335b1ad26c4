/*
 * Users and areas of a company (D3) and its audit log. A member with the
 * users area invites people by e-mail: an invitation is stored and mailed
 * with a link, and the invitee becomes a member only by accepting it
 * (pages/invitations.c). The invite form answers the same for every
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
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"

#define AUDIT_PAGE	50

#define AREA_FIELDS \
	{ "area-subscriptions", V_TEXT, 8 }, \
	{ "area-orders", V_TEXT, 8 }, \
	{ "area-invoices", V_TEXT, 8 }, \
	{ "area-support", V_TEXT, 8 }, \
	{ "area-users", V_TEXT, 8 }

const struct field invite_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ "name", V_NAME, 0 },
	{ "role", V_TEXT, 16 },
	AREA_FIELDS,
	{ NULL, V_TEXT, 0 },
};

const struct field member_fields[] = {
	{ "role", V_TEXT, 16 },
	AREA_FIELDS,
	{ NULL, V_TEXT, 0 },
};

const struct field audit_fields[] = {
	{ "before", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* The areas ticked in a form (enum area bits). */
static unsigned
areas_of_form(const struct ctx *c)
{
	char name[40];
	unsigned bits = 0;
	size_t i;

	for (i = 0; area_names[i] != NULL; i++) {
		snprintf(name, sizeof(name), "area-%s", area_names[i]);
		if (form_raw(c, name) != NULL)
			bits |= 1U << i;
	}
	return bits;
}

/* Area bits as a SET value. */
static void
areas_set(unsigned bits, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; area_names[i] != NULL; i++)
		if (bits & (1U << i))
			snprintf(out + strlen(out), len - strlen(out), "%s%s",
			    out[0] ? "," : "", area_names[i]);
}

void
users_areas_el(xmlNodePtr parent, const char *role, const char *set)
{
	xmlNodePtr a = x_el(parent, "areas");
	unsigned bits = strcmp(role, "admin") == 0 ? A_ALL : area_parse(set);
	size_t i;

	for (i = 0; area_names[i] != NULL; i++)
		if (bits & (1U << i))
			x_text(a, "area", area_names[i]);
}

static void
keep_areas(const struct ctx *c, xmlNodePtr f)
{
	char name[40];
	size_t i;

	for (i = 0; area_names[i] != NULL; i++) {
		snprintf(name, sizeof(name), "area-%s", area_names[i]);
		if (form_raw(c, name) != NULL)
			form_value(f, name, "on");
	}
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
	return c->co.admin ? A_ALL : c->co.areas & A_ALL;
}

/* The users page: the members, the open invitations, the invite form. */
static int
users_page(struct ctx *c, xmlNodePtr *invite)
{
	xmlNodePtr list, u;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, ST_MEMBERS, "i", c->co.id)) < 0)
		return page_db_status(rc);
	page_begin(c, "users");
	list = x_el(c->root, "users");
	while ((rc = db_fetch(c->db, ST_MEMBERS, &row)) == 1) {
		u = x_el(list, "user");
		x_attr(u, "id", row.col[0]);
		x_text(u, "name", row.col[1]);
		x_text(u, "email", row.col[2]);
		x_text(u, "role", row.col[3]);
		x_time(u, "added", c->co.time_zone, row.col[5]);
		users_areas_el(u, row.col[3], row.col[4]);
	}
	if (rc < 0 || (rc = db_run(c->db, ST_INVITATIONS_OF_COMPANY, "i", c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "invitations");
	while ((rc = db_fetch(c->db, ST_INVITATIONS_OF_COMPANY, &row)) == 1) {
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
	*invite = form_el(c->root, "invite");
	return 0;
}

int
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
	if ((rc = db_one(c->db, ST_INVITE_IS_MEMBER, &row, "is", c->co.id, iv->email)) < 0)
		return rc;
	if (rc == 1) {
		iv->error = "exists";
		return 409;
	}
	auth_random_token(token);
	auth_hash(c->conf->secret, "invitation", token, strlen(token), th);
	if ((rc = db_run(c->db, ST_INVITATION_PUT, "isssssbi", c->co.id, iv->email,
	    iv->name, iv->role, iv->areas, c->lang, th, (unsigned long)sizeof(th),
	    c->sess.user_id)) < 0)
		return rc;
	if ((rc = page_audit(c, "user-invite", "invitation",
	    db_insert_id(c->db, ST_INVITATION_PUT), iv->email)) < 0)
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

int
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
	areas_set(strcmp(iv.role, "admin") == 0 ? A_ALL : areas, iv.areas, sizeof(iv.areas));
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

	if ((rc = db_one(c->db, ST_ADMINS_COUNT, &row, "i", c->co.id)) < 0)
		return rc;
	parse_int(row.col[0], 0, INT64_MAX, &admins);
	if ((rc = db_one(c->db, ST_MEMBER_LOCK, &row, "ii", c->co.id, c->ids[1])) <= 0)
		return rc < 0 ? rc : 404;
	was_admin = strcmp(row.col[0], "admin") == 0;
	had = was_admin ? A_ALL : area_parse(row.col[1]);
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
		if ((rc = db_run(c->db, ST_MEMBER_DEL, "ii", c->co.id, c->ids[1])) < 0)
			return rc;
		if ((rc = page_audit(c, "user-remove", "user", c->ids[1], NULL)) < 0)
			return rc;
		page_redirectf(c, "/companies/%lld/users?done=user-removed", c->co.id);
		return DB_OK;
	}
	/* The areas the changer does not hold stay as they were. */
	areas = strcmp(mc->role, "admin") == 0 ? A_ALL :
	    (mc->areas & grantable(c)) | (had & ~grantable(c));
	areas_set(areas, set, sizeof(set));
	if ((rc = db_run(c->db, ST_MEMBER_SET, "ssii", mc->role, set, c->co.id,
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

int
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

int
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
	if ((rc = db_run(c->db, ST_INVITATION_DEL, "ii", c->ids[1], c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, ST_INVITATION_DEL) != 1)
		return 404;
	if ((rc = page_audit(c, "invitation-withdraw", "invitation", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/users?done=invitation-withdrawn", c->co.id);
	return DB_OK;
}

int
invitation_remove_post(struct ctx *c)
{
	return page_change(c, invitation_remove_txn, NULL);
}

/* ---- the company's audit log, newest first, paged by id ---- */

int
audit_get(struct ctx *c)
{
	const char *b = in_get(c, "before");
	long long before = 0, last = 0, n = 0;
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if (b != NULL)
		parse_int(b, 1, INT64_MAX, &before);
	if ((rc = db_run(c->db, ST_AUDIT_OF_COMPANY, "iiii", c->co.id, before, before,
	    (long long)AUDIT_PAGE + 1)) < 0)
		return page_db_status(rc);
	page_begin(c, "audit");
	list = x_el(c->root, "audit");
	while ((rc = db_fetch(c->db, ST_AUDIT_OF_COMPANY, &row)) == 1) {
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
