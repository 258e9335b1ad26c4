/*
 * Accepting an invitation to a company (pages/users.c makes them). The
 * invitee accepts by the link in the mail (GET shows the offer, only POST
 * accepts it, so a mail scanner following links accepts nothing) or, once
 * logged in, from the list on their companies page. Only then is the
 * membership made, and the user too if the address has none; nothing of an
 * existing account is read before that. A bad, used, withdrawn or expired
 * link says so, without telling which.
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
#include "core/util.h"
#include "core/module.h"
#include "core/route.h"

static const struct field invitation_fields[] = {
	{ "t", V_TOKEN, 0 },
	{ NULL, V_TEXT, 0 },
};

const struct field invitation_accept_fields[] = {
	{ "invitation", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* The open invitation of a link's token; 1 found (row filled), 0 not, <0 db_rc. */
static int
by_token(struct ctx *c, const char *token, struct dbrow *row)
{
	unsigned char th[AUTH_HASH_LEN];

	auth_hash(c->conf->secret, "invitation", token, strlen(token), th);
	return dbe_one(c->db, ST_INVITATION_BY_TOKEN, row, "b", th, (unsigned long)sizeof(th));
}

/* The link's page: the offer (state open), its confirmation, or invalid (404). */
static int
invitation_page(struct ctx *c, const char *state)
{
	const char *t = in_get(c, "t"), *done = in_get(c, "done");
	xmlNodePtr e;
	struct dbrow row;
	int rc = 0;

	page_begin(c, "invitation");
	e = x_el(c->root, "invitation");
	if (state == NULL && t == NULL && done != NULL &&
	    strcmp(done, "invitation-accepted") == 0)
		state = "accepted";
	if (state == NULL && t != NULL && (rc = by_token(c, t, &row)) < 0)
		return page_db_status(rc);
	if (state == NULL && rc == 1) {
		state = "open";
		x_text(e, "company", row.col[2]);
		x_text(e, "email", row.col[3]);
		x_text(e, "role", row.col[5]);
		users_areas_el(e, row.col[5], row.col[6]);
		x_text(e, "t", t);
	}
	if (state == NULL)
		state = "invalid";
	if (strcmp(state, "invalid") == 0)
		c->status = 404;
	x_attr(e, "state", state);
	return 0;
}

static int
invitation_get(struct ctx *c)
{
	return invitation_page(c, NULL);
}

struct accept {
	const char	*token;		/* by the link */
	long long	 id;		/* or by id, for the logged-in invitee */
	long long	 company;
};

static int
accept_txn(struct ctx *c, void *arg)
{
	struct accept *a = arg;
	char email[255], name[201], role[16], areas[80], lang[3], ip[46];
	long long id = 0, uid = 0;
	struct dbrow row;
	int rc;

	if (a->token != NULL)
		rc = by_token(c, a->token, &row);
	else
		rc = dbe_one(c->db, ST_INVITATION_FOR_USER, &row, "is", a->id,
		    c->sess.user_email);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	parse_int(row.col[0], 1, INT64_MAX, &id);
	parse_int(row.col[1], 1, INT64_MAX, &a->company);
	snprintf(email, sizeof(email), "%s", row.col[3]);
	snprintf(name, sizeof(name), "%s", row.col[4]);
	snprintf(role, sizeof(role), "%s", row.col[5]);
	snprintf(areas, sizeof(areas), "%s", row.col[6]);
	snprintf(lang, sizeof(lang), "%s", row.col[7]);
	if ((rc = dbe_one(c->db, ST_USER_FIND, &row, "s", email)) < 0)
		return rc;
	if (rc == 1)
		parse_int(row.col[0], 1, INT64_MAX, &uid);
	else {
		/* A new address: its account is made now, with the name given. */
		if ((rc = dbe_run(c->db, ST_USER_NEW, "sss", email, name, lang)) < 0)
			return rc;
		uid = dbe_insert_id(c->db, ST_USER_NEW);
	}
	/* A member already (added meanwhile): nothing more to give. */
	rc = dbe_run(c->db, ST_MEMBER_ADD, "iiss", uid, a->company, role, areas);
	if (rc < 0 && rc != DB_DUPLICATE)
		return rc;
	if ((rc = dbe_run(c->db, ST_INVITATION_ACCEPTED, "i", id)) < 0)
		return rc;
	snprintf(ip, sizeof(ip), "%s", c->req->remote_addr ? c->req->remote_addr : "");
	/* The company's log names the invitee, whoever's browser it was. */
	if ((rc = dbe_run(c->db, ST_AUDIT, "IIssIss", uid, a->company, "invitation-accept",
	    "invitation", id, email, ip)) < 0)
		return rc;
	if (a->token != NULL)
		page_redirect(c, "/invitation?done=invitation-accepted");
	else
		page_redirectf(c, "/companies/%lld?done=invitation-accepted", a->company);
	return DB_OK;
}

static int
invitation_post(struct ctx *c)
{
	struct accept a = { in_get(c, "t"), 0, 0 };
	int rc;

	if (a.token == NULL)
		return invitation_page(c, NULL);
	rc = page_change(c, accept_txn, &a);
	return rc == 404 ? invitation_page(c, "invalid") : rc;
}

int
invitations_of_user(struct ctx *c, xmlNodePtr parent)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = dbe_run(c->db, ST_INVITATIONS_OF_EMAIL, "s", c->sess.user_email)) < 0)
		return rc;
	list = x_el(parent, "invitations");
	while ((rc = dbe_fetch(c->db, ST_INVITATIONS_OF_EMAIL, &row)) == 1) {
		e = x_el(list, "invitation");
		x_attr(e, "id", row.col[0]);
		x_attr(e, "company", row.col[1]);
		x_text(e, "name", row.col[2]);
		x_text(e, "role", row.col[3]);
		users_areas_el(e, row.col[3], row.col[4]);
		x_text(e, "expires", row.col[5]);
	}
	return rc;
}

int
invitation_accept_post(struct ctx *c)
{
	struct accept a = { NULL, 0, 0 };
	const char *id = in_get(c, "invitation");

	if (id == NULL || parse_int(id, 1, INT64_MAX, &a.id) == -1)
		return 400;
	return page_change(c, accept_txn, &a);
}

/* The link in the invitation mail (the invitee may have no account yet);
 * accepting at login goes through the companies page (companies.c). */
static const struct route routes[] = {
	{ "/invitation", R_ANON_CSRF, "invitation", invitation_get, invitation_fields,
	    invitation_post, invitation_fields, NULL },
};

static const char *const pages[] = { "invitation", NULL };
static const char *const flashes[] = { "invitation-accepted", NULL };

const struct module invitations_module = {
	.name = "invitations", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes,
};
