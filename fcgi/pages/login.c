/*
 * Logging in with a one-time code sent by e-mail (M1). The answer to "send
 * me a code" is the same whether or not the address is known.
 */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "page.h"
#include "pages/pages.h"

const struct field login_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ NULL, V_TEXT, 0 },
};

const struct field login_code_fields[] = {
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

int
login_get(struct ctx *c)
{
	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	login_page(c, "email", NULL, NULL);
	return 0;
}

int
login_post(struct ctx *c)
{
	const char *email = in_get(c, "email");
	int rc;

	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (email == NULL) {
		/* Re-show what was typed only if it is printable text. */
		login_page(c, "email", NULL, "invalid-email");
		c->status = 400;
		return 0;
	}
	rc = auth_code_request(c->db, c->conf->secret, email, c->req->remote_addr,
	    c->lang, c->sess.id);
	if (rc < 0)
		return page_db_status(rc);
	if (rc == CODE_RATE_LIMITED) {
		login_page(c, "email", email, "rate-limited");
		c->status = 429;
		return 0;
	}
	return page_redirect(c, "/login/code");
}

int
login_code_get(struct ctx *c)
{
	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (c->sess.pending_email[0] == '\0')
		return page_redirect(c, "/login");
	login_page(c, "code", c->sess.pending_email, "code-sent");
	return 0;
}

int
login_code_post(struct ctx *c)
{
	const char *code = in_get(c, "code");
	int rc;

	if (c->sess.user_id)
		return page_redirect(c, "/companies");
	if (c->sess.pending_email[0] == '\0')
		return page_redirect(c, "/login");
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
	return page_redirect(c, "/companies");
}

/* An expired session logs out too: there is nothing left to revoke. */
int
logout_post(struct ctx *c)
{
	int rc;

	if (c->sess.id && (rc = auth_logout(c->db, &c->sess, c->req->remote_addr)) < 0)
		return page_db_status(rc);
	page_clear_session_cookie(c);
	return page_redirect(c, "/login?done=logged-out");
}
