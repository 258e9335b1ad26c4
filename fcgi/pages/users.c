/*
 * Users and areas of a company (D3) and its audit log. A member with the
 * users area invites people by e-mail (a user is created if new; the
 * invitee logs in with the normal code flow), sets their role and areas,
 * removes them. Only a full administrator grants the admin role or
 * changes an administrator; the last administrator can be neither demoted
 * nor removed (checked in the transaction, with the admins locked).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "page.h"
#include "pages/pages.h"
#include "route.h"
#include "util.h"

#define NAME_MAX_BYTES	200
#define AUDIT_PAGE	50

#define AREA_FIELDS \
	{ "area-subscriptions", V_TEXT, 8 }, \
	{ "area-orders", V_TEXT, 8 }, \
	{ "area-invoices", V_TEXT, 8 }, \
	{ "area-support", V_TEXT, 8 }, \
	{ "area-users", V_TEXT, 8 }

const struct field invite_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ "name", V_TEXT, 0 },
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

/* The areas ticked in a form, as a SET value, and whether any was. */
static void
areas_of_form(const struct ctx *c, char *out, size_t len)
{
	char name[40];
	size_t i;

	out[0] = '\0';
	for (i = 0; area_names[i] != NULL; i++) {
		snprintf(name, sizeof(name), "area-%s", area_names[i]);
		if (form_raw(c, name) != NULL)
			snprintf(out + strlen(out), len - strlen(out), "%s%s",
			    out[0] ? "," : "", area_names[i]);
	}
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

/* The users page; *forms receives the invite form. */
static int
users_page(struct ctx *c, xmlNodePtr *invite)
{
	xmlNodePtr list, u, a;
	struct dbrow row;
	unsigned bits;
	size_t i;
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
		a = x_el(u, "areas");
		bits = strcmp(row.col[3], "admin") == 0 ? A_ALL : area_parse(row.col[4]);
		for (i = 0; area_names[i] != NULL; i++)
			if (bits & (1U << i))
				x_text(a, "area", area_names[i]);
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
	struct dbrow row;
	long long uid = 0;
	char url[300];
	int rc;

	if ((rc = db_one(c->db, ST_USER_FIND, &row, "s", iv->email)) < 0)
		return rc;
	if (rc == 1)
		parse_int(row.col[0], 1, INT64_MAX, &uid);
	else {
		if (iv->name == NULL) {
			iv->error = "required";
			return 400;
		}
		if ((rc = db_run(c->db, ST_USER_NEW, "sss", iv->email, iv->name,
		    c->lang)) < 0)
			return rc;
		uid = db_insert_id(c->db, ST_USER_NEW);
	}
	rc = db_run(c->db, ST_MEMBER_ADD, "iiss", uid, c->co.id, iv->role,
	    strcmp(iv->role, "admin") == 0 ? "subscriptions,orders,invoices,support,users" :
	    iv->areas);
	if (rc == DB_DUPLICATE) {
		iv->error = "exists";
		return 409;
	}
	if (rc < 0)
		return rc;
	if ((rc = page_audit(c, "user-invite", "user", uid, iv->email)) < 0)
		return rc;
	snprintf(url, sizeof(url), "%s/login", c->conf->base_url);
	{
		const char *vars[] = { "company", c->co.name, "inviter",
		    c->sess.user_name, "url", url, NULL };

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
	const char *name = in_get(c, "name");
	xmlNodePtr f;
	int rc, bad = 0;

	iv.email = in_get(c, "email");
	iv.role = in_get(c, "role");
	iv.name = name && name[strspn(name, " \t\r\n")] && strlen(name) <= NAME_MAX_BYTES ?
	    name : NULL;
	areas_of_form(c, iv.areas, sizeof(iv.areas));
	if ((rc = users_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "email");
	form_keep(c, f, "name");
	form_keep(c, f, "role");
	keep_areas(c, f);
	if (iv.email == NULL)
		bad = 1, form_error(f, "email", form_raw(c, "email") &&
		    *form_raw(c, "email") ? "invalid" : "required");
	if (name != NULL && strlen(name) > NAME_MAX_BYTES)
		bad = 1, form_error(f, "name", "too-long");
	if (!valid_role(iv.role))
		bad = 1, form_error(f, "role", form_raw(c, "role") &&
		    *form_raw(c, "role") ? "invalid" : "required");
	else if (strcmp(iv.role, "admin") == 0 && !c->co.admin) {
		form_error(f, "role", "not-allowed");
		c->status = 403;
		return 0;
	}
	if (bad) {
		c->status = 400;
		return 0;
	}
	rc = page_change(c, invite_txn, &iv);
	if (rc == 400 || rc == 409) {
		form_error(f, strcmp(iv.error, "required") == 0 ? "name" : "email", iv.error);
		c->status = rc;
		return 0;
	}
	return rc;
}

struct member_change {
	const char	*role;		/* NULL: remove */
	char		 areas[80];
	const char	*error;
};

static int
member_txn(struct ctx *c, void *arg)
{
	struct member_change *mc = arg;
	struct dbrow row;
	long long admins = 0;
	int rc, was_admin;
	char detail[120];

	if ((rc = db_one(c->db, ST_ADMINS_COUNT, &row, "i", c->co.id)) < 0)
		return rc;
	parse_int(row.col[0], 0, INT64_MAX, &admins);
	if ((rc = db_one(c->db, ST_MEMBER_LOCK, &row, "ii", c->co.id, c->ids[1])) <= 0)
		return rc < 0 ? rc : 404;
	was_admin = strcmp(row.col[0], "admin") == 0;
	if ((was_admin || (mc->role && strcmp(mc->role, "admin") == 0)) && !c->co.admin) {
		mc->error = "not-allowed";
		return 403;
	}
	if (was_admin && admins <= 1 && (mc->role == NULL || strcmp(mc->role, "admin") != 0)) {
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
	if (strcmp(mc->role, "admin") == 0)
		snprintf(mc->areas, sizeof(mc->areas), "subscriptions,orders,invoices,support,users");
	if ((rc = db_run(c->db, ST_MEMBER_SET, "ssii", mc->role, mc->areas, c->co.id,
	    c->ids[1])) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s", mc->role, mc->areas);
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
	form_error(g, "role", mc->error);
	c->status = strcmp(mc->error, "last-admin") == 0 ? 409 :
	    strcmp(mc->error, "not-allowed") == 0 ? 403 : 400;
	return 0;
}

int
member_post(struct ctx *c)
{
	struct member_change mc = { 0 };

	mc.role = in_get(c, "role");
	areas_of_form(c, mc.areas, sizeof(mc.areas));
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
