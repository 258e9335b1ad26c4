/*
 * Single sign-on: the web server authenticates (Apache's mod_auth_openidc,
 * nginx's auth_request) and hands selfcare the address in a server variable
 * it names (sso_variable); selfcare maps it to an active user by e-mail and
 * opens a normal session, as a login code does. Off unless configured; the
 * variable is never a request header (conf.c refuses HTTP_*), so a client
 * cannot say who it is.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

enum { U_ID, U__COLS };
enum { Q_BY_EMAIL };
static struct stmt stmts[] = {
	[Q_BY_EMAIL] = STMT("sso.by_email", "s", U__COLS,
	    "SELECT id FROM users WHERE email = ? AND status = 'active'"),
};

struct sso_login {
	struct ctx	*c;
	const char	*email;
	struct session	 fresh;
	int		 known;
};

static int
sso_txn(void *arg)
{
	struct sso_login *l = arg;
	struct ctx *c = l->c;
	struct dbrow row;
	long long id = 0;
	char ip[46];
	int rc;

	l->known = 0;
	if ((rc = db_one(c->db, &stmts[Q_BY_EMAIL], &row, l->email)) <= 0)
		return rc;
	if (parse_int(row.col[U_ID], 1, INT64_MAX, &id) == -1)
		return DB_ERROR;
	l->known = 1;
	/* A fresh token at login: the browser's old session ends. */
	if (c->sess.id && (rc = auth_session_revoke(c->db, c->sess.id)) < 0)
		return rc;
	if ((rc = auth_session_new(c->db, c->conf->secret, id, c->req->remote_addr,
	    &l->fresh)) < 0)
		return rc;
	snprintf(ip, sizeof(ip), "%s", c->req->remote_addr ? c->req->remote_addr : "");
	return audit_add(c->db, id, 0, "login-sso", "user", 0, NULL, ip) < 0 ?
	    DB_ERROR : DB_OK;
}

/* The login page with a message why single sign-on did not let one in. */
static int
sso_refused(struct ctx *c, const char *why)
{
	xmlNodePtr l, m;

	page_begin(c, "login");
	l = x_el(c->root, "login");
	x_attr(l, "step", "email");
	m = x_el(l, "message");
	x_attr(m, "code", why);
	c->status = 403;
	return 0;
}

static int
sso_get(struct ctx *c)
{
	const char *v;
	char email[255];
	struct sso_login l = { c, email, { 0 }, 0 };
	int rc;

	if (c->conf->sso_variable[0] == '\0')
		return 404;
	v = FCGX_GetParam(c->conf->sso_variable, c->req->envp);
	if (v == NULL || *v == '\0') {
		log_warn("request %s: sso: no %s from the web server", c->req->id,
		    c->conf->sso_variable);
		return sso_refused(c, "sso-missing");
	}
	snprintf(email, sizeof(email), "%s", v);
	if (strlen(v) >= sizeof(email) || valid_value(V_EMAIL, email, 254) != 0)
		return sso_refused(c, "sso-unknown");
	if ((rc = db_txn(c->db, sso_txn, &l)) < 0)
		return page_db_status(rc);
	if (!l.known) {
		log_info("request %s: sso: no active user for the address", c->req->id);
		return sso_refused(c, "sso-unknown");
	}
	page_set_session_cookie(c, l.fresh.token);
	return page_redirect(c, "/companies");
}

/* A refusal shows the login module's page: no document of its own. */
static const struct route routes[] = {
	{ "/sso", R_ANON_CSRF, NULL, sso_get, NULL, NULL, NULL, NULL },
};

const struct module sso_module = {
	.name = "sso", .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
