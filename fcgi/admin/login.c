/*
 * The back office's door: the login of the operator's staff (the mailed
 * code, then the second factor: a TOTP code, enrolled by QR code at the
 * first login, or a one-time recovery code), the logout, and the start
 * page with the work waiting. Every step makes a new session token.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "admin/staff.h"
#include "core/conf.h"
#include "core/cookie.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/qr.h"
#include "core/route.h"
#include "core/util.h"

/* What waits for the staff: the start page's figures. */
enum { WORK_OPEN_CASES, WORK_WAITING_CASES, WORK_NEW_CASES, WORK_OVERDUE_INVOICES,
	WORK_COMPANIES, WORK__COLS };
enum { Q_WORK };
static struct stmt stmts[] = {
	[Q_WORK] = STMT("backoffice.work", "", WORK__COLS,
	    "SELECT (SELECT COUNT(*) FROM cases WHERE status IN ('new', 'in-progress')),"
	    " (SELECT COUNT(*) FROM cases WHERE status = 'waiting'),"
	    " (SELECT COUNT(*) FROM cases WHERE status = 'new'),"
	    " (SELECT COUNT(*) FROM invoices WHERE status IN ('unpaid', 'partly_paid')"
	    "  AND due_date < CURDATE()),"
	    " (SELECT COUNT(*) FROM companies)"),
};

static const struct field email_fields[] = {
	{ "email", V_EMAIL, 254 },
	{ NULL, V_TEXT, 0 },
};

static const struct field code_fields[] = {
	{ "code", V_CODE, 32 },
	{ NULL, V_TEXT, 0 },
};

/* A TOTP code (6 digits) or a recovery code ("12345 67890"). */
static const struct field second_fields[] = {
	{ "code", V_TEXT, 16 },
	{ NULL, V_TEXT, 0 },
};

static void
set_staff_cookie(struct ctx *c, const char *token)
{
	page_set_cookie(c, cookie_name(COOKIE_STAFF, c->conf->cookie_secure), token, -1);
}

/* The login page in one of its steps, with an optional message. */
static xmlNodePtr
login_page(struct ctx *c, const char *step, const char *message)
{
	xmlNodePtr l;

	page_begin(c, "admin-login");
	l = x_el(c->root, "login");
	x_attr(l, "step", step);
	if (c->staff.pending_email[0])
		x_text(l, "email", c->staff.pending_email);
	if (message != NULL)
		x_attr(x_el(l, "message"), "code", message);
	return l;
}

static int
admin_login_get(struct ctx *c)
{
	if (c->staff.stage == STAFF_OK)
		return page_redirect(c, "/admin");
	login_page(c, "email", NULL);
	return 0;
}

static int
admin_login_post(struct ctx *c)
{
	const char *email = in_get(c, "email");
	int rc;

	if (c->staff.stage == STAFF_OK)
		return page_redirect(c, "/admin");
	if (email == NULL) {
		login_page(c, "email", "invalid-email");
		c->status = 400;
		return 0;
	}
	rc = staff_code_request(c->db, c->conf->secret, email, c->req->remote_addr,
	    c->lang, &c->staff);
	if (rc < 0)
		return page_db_status(rc);
	if (rc == CODE_RATE_LIMITED) {
		login_page(c, "email", "rate-limited");
		c->status = 429;
		return 0;
	}
	set_staff_cookie(c, c->staff.token);
	return page_redirect(c, "/admin/login/code");
}

static int
admin_code_get(struct ctx *c)
{
	if (c->staff.stage != STAFF_CODE)
		return page_redirect(c, c->staff.stage == STAFF_SECOND ?
		    "/admin/login/second" : "/admin/login");
	login_page(c, "code", "code-sent");
	return 0;
}

static int
admin_code_post(struct ctx *c)
{
	const char *code = in_get(c, "code");
	int rc = CODE_WRONG;

	if (c->staff.stage != STAFF_CODE)
		return page_redirect(c, "/admin/login");
	if (code != NULL && (rc = staff_code_verify(c->db, c->conf->secret, &c->staff,
	    code, c->req->remote_addr)) < 0)
		return page_db_status(rc);
	if (rc != CODE_OK) {
		login_page(c, "code", "invalid-code");
		c->status = 400;
		return 0;
	}
	set_staff_cookie(c, c->staff.token);
	return page_redirect(c, "/admin/login/second");
}

/* The second step: the code form, and for a first login the enrolment
 * (the secret as a QR code and as text to type in). */
static int
second_page(struct ctx *c, const char *message)
{
	char b32[64], uri[512];
	struct buf path = { 0 };
	xmlNodePtr l, e;
	int width, rc;

	l = login_page(c, c->staff.enrolled ? "totp" : "enroll", message);
	if (c->staff.enrolled)
		return 0;
	rc = staff_totp_pending(c->db, c->conf->secret, &c->staff, b32, sizeof(b32), uri,
	    sizeof(uri), c->conf->totp_issuer);
	if (rc < 0)
		return page_db_status(rc);
	e = x_el(l, "enroll");
	x_text(e, "secret", b32);
	x_text(e, "uri", uri);
	if (qr_path(uri, &path, &width) == 0) {
		xmlNodePtr q = x_text(e, "qr", path.p);

		x_attr_int(q, "width", width);
	}
	sodium_memzero(b32, sizeof(b32));
	sodium_memzero(uri, sizeof(uri));
	buf_free(&path);
	return 0;
}

static int
admin_second_get(struct ctx *c)
{
	if (c->staff.stage == STAFF_OK)
		return page_redirect(c, "/admin");
	if (c->staff.stage != STAFF_SECOND)
		return page_redirect(c, "/admin/login");
	return second_page(c, NULL);
}

static int
admin_second_post(struct ctx *c)
{
	char recovery[STAFF_RECOVERY_CODES][STAFF_RECOVERY_LEN + 1];
	const char *code = in_get(c, "code");
	xmlNodePtr l, list;
	int rc = CODE_WRONG, i;

	if (c->staff.stage != STAFF_SECOND)
		return page_redirect(c, "/admin/login");
	memset(recovery, 0, sizeof(recovery));
	if (code != NULL && (rc = staff_second_verify(c->db, c->conf->secret, &c->staff,
	    code, c->req->remote_addr, recovery)) < 0)
		return page_db_status(rc);
	if (rc != CODE_OK) {
		if ((rc = second_page(c, "invalid-code")) != 0)
			return rc;
		c->status = 400;
		return 0;
	}
	set_staff_cookie(c, c->staff.token);
	if (recovery[0][0] == '\0')
		return page_redirect(c, "/admin");
	/* Enrolled just now: the recovery codes, this once and never again. */
	l = login_page(c, "recovery", NULL);
	list = x_el(l, "recovery");
	for (i = 0; i < STAFF_RECOVERY_CODES; i++) {
		char shown[STAFF_RECOVERY_LEN + 2];

		snprintf(shown, sizeof(shown), "%.5s %s", recovery[i], recovery[i] + 5);
		x_text(list, "code", shown);
	}
	sodium_memzero(recovery, sizeof(recovery));
	buf_puts(&c->headers, "Cache-Control: no-store\r\n");
	return 0;
}

static int
admin_logout_post(struct ctx *c)
{
	int rc;

	if (c->staff.session_id && (rc = staff_logout(c->db, &c->staff,
	    c->req->remote_addr)) < 0)
		return page_db_status(rc);
	page_set_cookie(c, cookie_name(COOKIE_STAFF, c->conf->cookie_secure), "", 0);
	return page_redirect(c, "/admin/login?done=staff-logged-out");
}

static int
admin_home_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr w;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_WORK], &row)) <= 0)
		return rc < 0 ? page_db_status(rc) : 500;
	page_begin(c, "admin-home");
	w = x_el(c->root, "work");
	x_text(w, "open-cases", row.col[WORK_OPEN_CASES]);
	x_text(w, "new-cases", row.col[WORK_NEW_CASES]);
	x_text(w, "waiting-cases", row.col[WORK_WAITING_CASES]);
	x_text(w, "overdue-invoices", row.col[WORK_OVERDUE_INVOICES]);
	x_text(w, "companies", row.col[WORK_COMPANIES]);
	return 0;
}

static const struct route routes[] = {
	{ "/admin", R_STAFF, "admin-home", admin_home_get, NULL, NULL, NULL, NULL },
	{ "/admin/login", R_ANON_CSRF, "admin-login", admin_login_get, NULL,
	    admin_login_post, email_fields, NULL },
	{ "/admin/login/code", 0, "admin-login", admin_code_get, NULL, admin_code_post,
	    code_fields, NULL },
	{ "/admin/login/second", 0, "admin-login", admin_second_get, NULL,
	    admin_second_post, second_fields, NULL },
	{ "/admin/logout", R_CSRF_IF_SESSION, NULL, NULL, NULL, admin_logout_post, NULL,
	    NULL },
};

static const char *const pages[] = { "admin-login", "admin-home", NULL };
static const char *const flashes[] = { "staff-logged-out", NULL };
static const struct menu_item menu[] = {
	{ "/admin", "admin.nav.home", NULL },
	{ NULL, NULL, NULL },
};

const struct module backoffice_module = {
	.name = "backoffice", .door = DOOR_ADMIN,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
