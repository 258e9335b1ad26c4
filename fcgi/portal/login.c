/*
 * Logging in with a one-time code sent by e-mail. The answer to "send
 * me a code" is the same whether or not the address is known. A code works
 * only in the browser session that asked for it; the anonymous session is
 * made with the first code, not when the form is shown.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/module.h"
#include "core/route.h"
#include "core/util.h"

static const struct field login_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ NULL, V_TEXT, 0 },
};

static const struct field login_code_fields[] = {
	{ "code", V_CODE, 32 },
	{ NULL, V_TEXT, 0 },
};

/* The login page in one of its steps, with an optional message. */
static void
login_page(struct ctx *c, const char *step, const char *email, const char *message)
{
	xmlNodePtr l, m;

	page_begin(c, "login");
	l = x_el(c->root, "login");
	x_attr(l, "step", step);
	if (email != NULL && *email != '\0')
		x_text(l, "email", email);
	if (message != NULL) {
		m = x_el(l, "message");
		x_attr(m, "code", message);
	}
}

static int
login_get(struct ctx *c)
{
	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	login_page(c, "email", NULL, NULL);
	return 0;
}

/* The known-browser cookie's name in this configuration. */
static const char *
device_cookie(const struct ctx *c)
{
	return cookie_name(COOKIE_DEVICE, c->conf->cookie_secure);
}

static int
login_post(struct ctx *c)
{
	const char *email = in_get(c, "email");
	long long had = c->sess.id;
	int rc, known;

	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (email == NULL) {
		/* Re-show what was typed only if it is printable text. */
		login_page(c, "email", NULL, "invalid-email");
		c->status = 400;
		return 0;
	}
	known = auth_device_known(c->conf->secret, kv_get(&c->req->cookies,
	    device_cookie(c)), email, (long long)time(NULL));
	rc = auth_code_request(c->db, c->conf->secret, email, c->req->remote_addr,
	    c->lang, &c->sess, known);
	if (rc < 0)
		return page_db_status(rc);
	if (rc == CODE_RATE_LIMITED) {
		login_page(c, "email", email, "rate-limited");
		c->status = 429;
		return 0;
	}
	if (c->sess.id != had)
		page_set_session_cookie(c, c->sess.token);
	return page_redirect(c, "/login/code");
}

static int
login_code_get(struct ctx *c)
{
	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (c->sess.pending_email[0] == '\0')
		return page_redirect(c, "/login");
	login_page(c, "code", c->sess.pending_email, "code-sent");
	return 0;
}

static int
login_code_post(struct ctx *c)
{
	const char *code = in_get(c, "code");
	char email[sizeof(c->sess.pending_email)], device[AUTH_DEVICE_MAX];
	long long expires = (long long)time(NULL) + AUTH_DEVICE_DAYS * 86400LL;
	int rc;

	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (c->sess.pending_email[0] == '\0')
		return page_redirect(c, "/login");
	snprintf(email, sizeof(email), "%s", c->sess.pending_email);
	if (code == NULL)
		rc = CODE_WRONG;
	else if ((rc = auth_code_verify(c->db, c->conf->secret, &c->sess, code,
	    c->req->remote_addr)) < 0)
		return page_db_status(rc);
	if (rc != CODE_OK) {
		login_page(c, "code", c->sess.pending_email, "invalid-code");
		c->status = 400;
		return 0;
	}
	page_set_session_cookie(c, c->sess.token);
	/* This browser may ask for the address's codes whatever others ask. */
	auth_device_token(c->conf->secret, email, expires, device);
	page_set_cookie(c, device_cookie(c), device, AUTH_DEVICE_DAYS * 86400);
	return page_redirect(c, "/companies");
}

/* An expired session logs out too: there is nothing left to revoke. */
static int
logout_post(struct ctx *c)
{
	int rc;

	if (c->sess.id && (rc = auth_logout(c->db, &c->sess, c->req->remote_addr)) < 0)
		return page_db_status(rc);
	page_clear_session_cookie(c);
	return page_redirect(c, "/login?done=logged-out");
}

static const struct route routes[] = {
	{ "/login", R_ANON_CSRF, "login", login_get, NULL, login_post, login_fields, NULL },
	{ "/login/code", R_ANON_CSRF, "login", login_code_get, NULL,
	    login_code_post, login_code_fields, NULL },
	{ "/logout", R_CSRF_IF_SESSION, NULL, NULL, NULL, logout_post, NULL, NULL },
};

static const char *const pages[] = { "login", NULL };
static const char *const flashes[] = { "logged-out", NULL };

const struct module login_module = {
	.name = "login", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes,
};
