/*
 * Invitations to a company: made and mailed by invitation_send (for the
 * users page, portal/users.c, and for the operator's staff when they
 * create a company, admin/customers.c), and accepted here. The invitee
 * accepts by the link in the mail (GET shows the offer, only POST
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

#include "core/audit.h"
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

/* An open invitation by the link's token, or by id for the invitee. */
enum { OPEN_ID, OPEN_COMPANY_ID, OPEN_COMPANY, OPEN_EMAIL, OPEN_NAME, OPEN_ROLE,
	OPEN_AREAS, OPEN_LANG, OPEN__COLS };
#define INVITATION_OPEN \
	"SELECT i.id, i.company_id, c.name, i.email, i.name, i.role, i.areas, i.lang" \
	" FROM invitations i JOIN companies c ON c.id = i.company_id" \
	" WHERE i.accepted_at IS NULL AND i.expires_at > NOW()"
/* The invitations to the user's address, for their companies page. */
enum { OFFER_ID, OFFER_COMPANY_ID, OFFER_COMPANY, OFFER_ROLE, OFFER_AREAS,
	OFFER_EXPIRES, OFFER__COLS };
enum { USER_ID, USER_NAME, USER__COLS };
enum { Q_INVITATIONS_BY_TOKEN, Q_INVITATIONS_FOR_USER, Q_INVITATIONS_OF_EMAIL,
	Q_INVITATIONS_USER_FIND, Q_INVITATIONS_USER_NEW, Q_INVITATIONS_MEMBER_ADD,
	Q_INVITATIONS_ACCEPTED, Q_INVITATIONS_IS_MEMBER, Q_INVITATIONS_MAKE };
static struct stmt stmts[] = {
	[Q_INVITATIONS_BY_TOKEN] = STMT("invitations.by_token", "b", OPEN__COLS,
	    INVITATION_OPEN " AND i.token_hash = ? FOR UPDATE"),
	[Q_INVITATIONS_FOR_USER] = STMT("invitations.for_user", "is", OPEN__COLS,
	    INVITATION_OPEN " AND i.id = ? AND i.email = ? FOR UPDATE"),
	[Q_INVITATIONS_OF_EMAIL] = STMT("invitations.of_email", "s", OFFER__COLS,
	    "SELECT i.id, c.id, c.name, i.role, i.areas, DATE_FORMAT(i.expires_at, '%Y-%m-%d')"
	    " FROM invitations i JOIN companies c ON c.id = i.company_id"
	    " WHERE i.email = ? AND i.accepted_at IS NULL AND i.expires_at > NOW()"
	    " ORDER BY c.name, c.id"),
	[Q_INVITATIONS_USER_FIND] = STMT("invitations.user_find", "s", USER__COLS,
	    "SELECT id, name FROM users WHERE email = ?"),
	[Q_INVITATIONS_USER_NEW] = STMT("invitations.user_new", "sss", 0,
	    "INSERT INTO users (email, name, lang) VALUES (?, ?, ?)"),
	[Q_INVITATIONS_MEMBER_ADD] = STMT("invitations.member_add", "iiss", 0,
	    "INSERT INTO memberships (user_id, company_id, role, areas) VALUES (?, ?, ?, ?)"),
	[Q_INVITATIONS_ACCEPTED] = STMT("invitations.accepted", "i", 0,
	    "UPDATE invitations SET accepted_at = NOW() WHERE id = ? AND accepted_at IS NULL"),
	/* Whether an address is a member of this company already (and nothing
	 * about any other company); only whether there is a row counts. */
	[Q_INVITATIONS_IS_MEMBER] = STMT("invitations.is_member", "is", 1,
	    "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.email = ?"),
	/* Inviting again replaces the offer and its link; LAST_INSERT_ID names
	 * the row either way. invited_by NULL: the operator's staff. */
	[Q_INVITATIONS_MAKE] = STMT("invitations.make", "isssssbI", 0,
	    "INSERT INTO invitations (company_id, email, name, role, areas, lang, token_hash,"
	    " invited_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW() + INTERVAL 7 DAY)"
	    " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), name = VALUES(name),"
	    " role = VALUES(role), areas = VALUES(areas), lang = VALUES(lang),"
	    " token_hash = VALUES(token_hash), invited_by = VALUES(invited_by),"
	    " created_at = NOW(), expires_at = VALUES(expires_at), accepted_at = NULL"),
};
#undef INVITATION_OPEN

int
invitation_send(struct ctx *c, const char *email, const char *name, const char *role,
    const char *areas, const char *lang, long long invited_by, const char *inviter)
{
	char token[AUTH_TOKEN_LEN + 1], url[400], quoted[NAME_MAX_BYTES + 1];
	unsigned char th[AUTH_HASH_LEN];
	struct dbrow row;
	int rc;

	/* Only this company's members are looked at: the answer is the same
	 * for an address known elsewhere and for one never seen. */
	if ((rc = db_one(c->db, &stmts[Q_INVITATIONS_IS_MEMBER], &row, c->co.id, email)) < 0)
		return rc;
	if (rc == 1)
		return 409;
	auth_random_token(token);
	auth_hash(c->conf->secret, "invitation", token, strlen(token), th);
	if ((rc = db_run(c->db, &stmts[Q_INVITATIONS_MAKE], c->co.id, email, name, role,
	    areas, lang, th, (unsigned long)sizeof(th), invited_by)) < 0)
		return rc;
	if ((rc = page_audit(c, "user-invite", "invitation",
	    db_insert_id(c->db, &stmts[Q_INVITATIONS_MAKE]), email)) < 0)
		return rc;
	/* The link is ours alone; the inviter's name is quoted as data. */
	snprintf(url, sizeof(url), "%s/invitation?t=%s", c->conf->base_url, token);
	valid_name_defuse(quoted, sizeof(quoted), inviter);
	{
		const char *vars[] = { "company", c->co.name, "inviter", quoted,
		    "url", url, NULL };

		return page_mail(c, email, lang, "mail.invite.subject", "mail.invite.body",
		    vars);
	}
}

/* The open invitation of a link's token; 1 found (row filled), 0 not, <0 db_rc. */
static int
invitation_by_token(struct ctx *c, const char *token, struct dbrow *row)
{
	unsigned char th[AUTH_HASH_LEN];

	auth_hash(c->conf->secret, "invitation", token, strlen(token), th);
	return db_one(c->db, &stmts[Q_INVITATIONS_BY_TOKEN], row, th,
	    (unsigned long)sizeof(th));
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
	if (state == NULL && t != NULL && (rc = invitation_by_token(c, t, &row)) < 0)
		return page_db_status(rc);
	if (state == NULL && rc == 1) {
		state = "open";
		x_text(e, "company", row.col[OPEN_COMPANY]);
		x_text(e, "email", row.col[OPEN_EMAIL]);
		x_text(e, "role", row.col[OPEN_ROLE]);
		users_areas_el(e, row.col[OPEN_ROLE], row.col[OPEN_AREAS]);
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
invitation_accept_txn(struct ctx *c, void *arg)
{
	struct accept *a = arg;
	char email[255], name[201], role[16], areas[80], lang[3], ip[46];
	long long id = 0, uid = 0;
	struct dbrow row;
	int rc;

	if (a->token != NULL)
		rc = invitation_by_token(c, a->token, &row);
	else
		rc = db_one(c->db, &stmts[Q_INVITATIONS_FOR_USER], &row, a->id,
		    c->sess.user_email);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	parse_int(row.col[OPEN_ID], 1, INT64_MAX, &id);
	parse_int(row.col[OPEN_COMPANY_ID], 1, INT64_MAX, &a->company);
	snprintf(email, sizeof(email), "%s", row.col[OPEN_EMAIL]);
	snprintf(name, sizeof(name), "%s", row.col[OPEN_NAME]);
	snprintf(role, sizeof(role), "%s", row.col[OPEN_ROLE]);
	snprintf(areas, sizeof(areas), "%s", row.col[OPEN_AREAS]);
	snprintf(lang, sizeof(lang), "%s", row.col[OPEN_LANG]);
	if ((rc = db_one(c->db, &stmts[Q_INVITATIONS_USER_FIND], &row, email)) < 0)
		return rc;
	if (rc == 1)
		parse_int(row.col[USER_ID], 1, INT64_MAX, &uid);
	else {
		/* A new address: its account is made now, with the name given. */
		if ((rc = db_run(c->db, &stmts[Q_INVITATIONS_USER_NEW], email, name,
		    lang)) < 0)
			return rc;
		uid = db_insert_id(c->db, &stmts[Q_INVITATIONS_USER_NEW]);
	}
	/* A member already (added meanwhile): nothing more to give. */
	rc = db_run(c->db, &stmts[Q_INVITATIONS_MEMBER_ADD], uid, a->company, role, areas);
	if (rc < 0 && rc != DB_DUPLICATE)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_INVITATIONS_ACCEPTED], id)) < 0)
		return rc;
	snprintf(ip, sizeof(ip), "%s", c->req->remote_addr ? c->req->remote_addr : "");
	/* The company's log names the invitee, whoever's browser it was. */
	if ((rc = audit_add(c->db, uid, a->company, "invitation-accept", "invitation",
	    id, email, ip)) < 0)
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
	rc = page_change(c, invitation_accept_txn, &a);
	return rc == 404 ? invitation_page(c, "invalid") : rc;
}

int
invitations_of_user(struct ctx *c, xmlNodePtr parent)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_INVITATIONS_OF_EMAIL], c->sess.user_email)) < 0)
		return rc;
	list = x_el(parent, "invitations");
	while ((rc = db_fetch(c->db, &stmts[Q_INVITATIONS_OF_EMAIL], &row)) == 1) {
		e = x_el(list, "invitation");
		x_attr(e, "id", row.col[OFFER_ID]);
		x_attr(e, "company", row.col[OFFER_COMPANY_ID]);
		x_text(e, "name", row.col[OFFER_COMPANY]);
		x_text(e, "role", row.col[OFFER_ROLE]);
		users_areas_el(e, row.col[OFFER_ROLE], row.col[OFFER_AREAS]);
		x_text(e, "expires", row.col[OFFER_EXPIRES]);
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
	return page_change(c, invitation_accept_txn, &a);
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
	.pages = pages, .flashes = flashes, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
