/*
 * The dispatcher: a request through the route the modules declare, its
 * preconditions in order, then the handler. Order of checks: path (404),
 * method (405), fields (400), session (503 if the database is away), login
 * (303 or 401), origin and CSRF on POST (403), company and area (404, 403),
 * then the handler.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>

#include "admin/staff.h"
#include "api/door.h"
#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/module.h"
#include "core/page.h"
#include "core/render.h"
#include "core/dispatch.h"
#include "core/route.h"
#include "core/util.h"


static const struct field csrf_only[] = { { NULL, V_TEXT, 0 } };

/* The declared fields plus the dispatcher's own, for a POST: the one-time
 * form key (R_ONCE), then csrf (page.c's field_index knows this order). */
static size_t
post_decl(const struct route *r, struct field *out)
{
	const struct field *decl = r->post_fields;
	size_t n = 0;

	for (; decl != NULL && decl->name != NULL && n < FIELDS_MAX - 3; decl++)
		out[n++] = *decl;
	if (r->flags & R_ONCE)
		out[n++] = (struct field){ "formkey", V_TOKEN, 0 };
	out[n++] = (struct field){ "csrf", V_TOKEN, 0 };
	out[n] = (struct field){ NULL, V_TEXT, 0 };
	return n;
}

/* The declared fields plus done, the confirmation after a redirect. */
static size_t
get_decl(const struct field *decl, struct field *out)
{
	size_t n = 0;

	for (; decl != NULL && decl->name != NULL && n < FIELDS_MAX - 2; decl++)
		out[n++] = *decl;
	out[n++] = (struct field){ "done", V_FLASH, 0 };
	out[n] = (struct field){ NULL, V_TEXT, 0 };
	return n;
}

/* The one-time key of this page's forms: kept when a form is re-shown. */
static void
form_key(struct ctx *c)
{
	if (c->req->method == METHOD_POST && (c->route->flags & R_ONCE) &&
	    in_get(c, "formkey") != NULL)
		snprintf(c->formkey, sizeof(c->formkey), "%s", in_get(c, "formkey"));
	else
		auth_random_token(c->formkey);
}

/* The switcher being filled from the session's rows: c->sw kept in the
 * order of ORDER BY name, id (key[i] the weight of c->sw[i]'s name). */
struct switcher {
	struct ctx	*c;
	char		*key[SWITCH_MAX];
};

/* Whether (key a, id ia) sorts before (key b, id ib). */
static int
sw_before(const char *a, long long ia, const char *b, long long ib)
{
	int d = strcmp(a, b);

	return d < 0 || (d == 0 && ia < ib);
}

/* Puts a company in its place; of more than SWITCH_MAX, the first by name stay. */
static void
sw_add(struct switcher *w, long long id, const char *name, const char *key)
{
	struct ctx *c = w->c;
	size_t i = c->nsw;

	while (i > 0 && sw_before(key, id, w->key[i - 1], c->sw[i - 1].id))
		i--;
	if (i == SWITCH_MAX)
		return;
	if (c->nsw == SWITCH_MAX)
		free(w->key[--c->nsw]);
	memmove(&c->sw[i + 1], &c->sw[i], (c->nsw - i) * sizeof(c->sw[0]));
	memmove(&w->key[i + 1], &w->key[i], (c->nsw - i) * sizeof(w->key[0]));
	c->sw[i].id = id;
	snprintf(c->sw[i].name, sizeof(c->sw[0].name), "%s", name);
	w->key[i] = estrdup(key);
	c->nsw++;
}

/* One membership (company id, name, orgnr, country, role, areas, time
 * zone, status): an entry of the switcher (not for a company the operator
 * closed), and the active company if it is want. */
static void
company_row(struct switcher *w, long long want, char **col)
{
	struct ctx *c = w->c;
	int closed = col[MS_STATUS] != NULL && strcmp(col[MS_STATUS], "closed") == 0;
	long long id;

	if (parse_int(col[MS_COMPANY_ID], 1, INT64_MAX, &id) == -1)
		return;
	if (!closed)
		sw_add(w, id, col[MS_NAME], col[MS_NAME_ORDER] ? col[MS_NAME_ORDER] : "");
	if (id != want)
		return;
	c->co.id = id;
	c->co.closed = closed;
	snprintf(c->co.name, sizeof(c->co.name), "%s", col[MS_NAME]);
	snprintf(c->co.orgnr, sizeof(c->co.orgnr), "%s", col[MS_ORGNR]);
	snprintf(c->co.country, sizeof(c->co.country), "%s", col[MS_COUNTRY]);
	c->co.admin = strcmp(col[MS_ROLE], "admin") == 0;
	c->co.employee = strcmp(col[MS_ROLE], "employee") == 0;
	c->co.areas = c->co.admin ? area_all() | AREA_ADMIN :
	    c->co.employee ? 0 : area_parse(col[MS_AREAS]);
	snprintf(c->co.time_zone, sizeof(c->co.time_zone), "%s",
	    col[MS_TIME_ZONE] ? col[MS_TIME_ZONE] : "");
}

/* A row of the session's statement: the company in the path (R_COMPANY),
 * or the one that holds the location in the path (R_LOCATION). */
static void
session_company_row(void *arg, char **col)
{
	struct switcher *w = arg;
	struct ctx *c = w->c;
	long long want = c->ids[0];

	if ((c->route->flags & R_LOCATION) && (col[MS_HOLDS_LOCATION] == NULL ||
	    parse_int(col[MS_HOLDS_LOCATION], 1, INT64_MAX, &want) == -1))
		want = 0;
	company_row(w, want, col);
}

/*
 * Company scope: the user's memberships (the switcher) and the active
 * company among them, both read with the session (load_session). The
 * company comes from the path (R_COMPANY) or from the location in the path
 * (R_LOCATION), through the membership in both cases: a company or
 * location of someone else is simply not found (404).
 */
static int
load_company(struct ctx *c)
{
	if (c->co.id == 0)
		return 404;
	/* Closed by the operator: its members are told so, and see nothing. */
	if (c->co.closed) {
		c->why = "company-closed";
		return 403;
	}
	if ((c->rroute->need & c->co.areas) != c->rroute->need ||
	    (c->co.employee && !(c->route->flags & R_EMPLOYEE)))
		return 403;
	form_key(c);
	return 0;
}

static int host_is(const struct ctx *, const char *);

/*
 * The Origin of a POST against ours: base_url's scheme://host[:port] (it
 * may carry a path), or on admin_host the back office's own origin, the
 * scheme of base_url and the Host the request came to (already checked
 * to be admin_host).
 */
static int
origin_ok(const struct ctx *c)
{
	const char *o = c->req->origin, *base = c->conf->base_url;
	size_t n, skip = strncmp(base, "https://", 8) == 0 ? 8 : 7;

	if (o == NULL)
		return 1;	/* same-origin GET-style forms in old browsers send none */
	if (c->conf->admin_host[0] && host_is(c, c->conf->admin_host))
		return strlen(o) == skip + strlen(c->req->host) &&
		    strncmp(o, base, skip) == 0 &&
		    strcasecmp(o + skip, c->req->host) == 0;
	n = strcspn(base + skip, "/") + skip;
	return strlen(o) == n && strncmp(o, base, n) == 0;
}

/* The whole body of an RFC 8058 one-click POST, in either form encoding. */
static int
one_click(const struct request *r)
{
	return r->form.n == 1 && strcmp(r->form.v[0].key, "List-Unsubscribe") == 0 &&
	    strcmp(r->form.v[0].val, "One-Click") == 0;
}

/* The value of one of our token cookies, if it is there once and well-formed. */
static int
token_cookie(const struct ctx *c, enum cookie which, char out[AUTH_TOKEN_LEN + 1])
{
	const char *name = cookie_name(which, c->conf->cookie_secure);
	const char *tok = kv_get(&c->req->cookies, name);

	if (tok == NULL || kv_count(&c->req->cookies, name) != 1 ||
	    strlen(tok) != AUTH_TOKEN_LEN)
		return 0;
	memcpy(out, tok, AUTH_TOKEN_LEN + 1);
	return valid_value(V_TOKEN, out, 0) == 0;
}

/* R_ANON_CSRF: the form token of a visitor without a session of the door. */
static void
anon_csrf(struct ctx *c, char out[AUTH_TOKEN_LEN + 1])
{
	char tok[AUTH_TOKEN_LEN + 1];

	if (!token_cookie(c, COOKIE_CSRF, tok)) {
		auth_random_token(tok);
		page_set_cookie(c, cookie_name(COOKIE_CSRF, c->conf->cookie_secure), tok, -1);
	}
	auth_anon_csrf(c->conf->secret, tok, out);
}

static int
load_session(struct ctx *c)
{
	char copy[AUTH_TOKEN_LEN + 1];
	struct switcher w = { c, { NULL } };
	size_t i;
	int rc;

	if (!token_cookie(c, COOKIE_SESSION, copy))
		return 0;
	/* Company and location pages read the user's memberships (the
	 * switcher, and the membership of the company in the path or of the
	 * location's) in the same round trip. */
	if (c->route->flags & (R_COMPANY | R_LOCATION)) {
		rc = auth_session_load_memberships(c->db, c->conf->secret, copy,
		    (c->route->flags & R_LOCATION) ? c->ids[0] : 0, &c->sess,
		    session_company_row, &w);
		for (i = 0; i < c->nsw; i++)
			free(w.key[i]);
	} else
		rc = auth_session_load(c->db, c->conf->secret, copy, &c->sess);
	return rc < 0 ? rc : 0;
}

static const char *
choose_lang(const struct ctx *c)
{
	const char *l = i18n_offered(kv_get(&c->req->cookies, "lang"));

	if (l == NULL && c->sess.user_id)
		l = i18n_offered(c->sess.user_lang);
	return l ? l : c->conf->default_lang;
}

/* The CSRF token of a POST against the one its door expects, and the Origin. */
static int
csrf_ok(const struct ctx *c, const char *want)
{
	const char *tok = in_get(c, "csrf");

	if (!origin_ok(c) || want[0] == '\0' || tok == NULL || !auth_token_equal(tok, want)) {
		log_warn("request %s: CSRF or origin check failed", c->req->id);
		return 0;
	}
	return 1;
}

/* The Host without its port, for admin_host. */
static int
host_is(const struct ctx *c, const char *want)
{
	const char *h = c->req->host;
	size_t n;

	if (h == NULL)
		return 0;
	n = h[0] == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":");
	return strlen(want) == n && strncasecmp(h, want, n) == 0;
}

/*
 * The portal's door: the customer's session cookie, the login, CSRF, the
 * company and area. 0 to go on, 303 (c->location) or an error status.
 */
static int
portal_caller(struct ctx *c)
{
	const struct route *r = c->route;
	int rc;

	/* A back office of its own host name serves nothing of the portal. */
	if (c->conf->admin_host[0] && host_is(c, c->conf->admin_host))
		return 404;
	if ((rc = load_session(c)) < 0)
		return page_db_status(rc);
	c->lang = choose_lang(c);
	if ((r->flags & R_ANON_CSRF) && c->sess.user_id == 0 && !c->one_click)
		anon_csrf(c, c->sess.csrf);
	if ((r->flags & (R_LOGIN | R_COMPANY | R_LOCATION)) && c->sess.user_id == 0) {
		if (c->req->want_xml)
			return 401;
		page_redirect(c, "/login");
		return 303;
	}
	if (c->req->method == METHOD_POST && !c->one_click &&
	    !(c->sess.id == 0 && (r->flags & R_CSRF_IF_SESSION))) {
		if (!csrf_ok(c, c->sess.csrf))
			return 403;
		/* A form of one-time key without its key is no form of ours. */
		if ((r->flags & R_ONCE) && in_get(c, "formkey") == NULL)
			return 400;
	}
	if ((r->flags & (R_COMPANY | R_LOCATION)) && (rc = load_company(c)) != 0)
		return rc;
	/* A form of no company (every company page has its key already). */
	if ((r->flags & R_ONCE) && c->co.id == 0)
		form_key(c);
	return 0;
}

/*
 * The back office's door: the staff session cookie (never the customer's),
 * its stage (a page needs the second factor passed), CSRF, the roles the
 * route needs. Served on admin_host when one is set.
 */
static int
admin_caller(struct ctx *c)
{
	const struct route *r = c->route;
	char tok[AUTH_TOKEN_LEN + 1];
	const char *l;
	int rc;

	if (c->conf->admin_host[0] && !host_is(c, c->conf->admin_host))
		return 404;
	if (token_cookie(c, COOKIE_STAFF, tok) &&
	    (rc = staff_session_load(c->db, c->conf->secret, tok, &c->staff)) < 0)
		return page_db_status(rc);
	l = i18n_offered(kv_get(&c->req->cookies, "lang"));
	if (l == NULL && c->staff.id)
		l = i18n_offered(c->staff.lang);
	c->lang = l ? l : c->conf->default_lang;
	if ((r->flags & R_ANON_CSRF) && c->staff.session_id == 0)
		anon_csrf(c, c->staff.csrf);
	if ((r->flags & R_STAFF) && c->staff.stage != STAFF_OK) {
		if (c->req->want_xml)
			return 401;
		page_redirect(c, "/admin/login");
		return 303;
	}
	if (c->req->method == METHOD_POST &&
	    !(c->staff.session_id == 0 && (r->flags & R_CSRF_IF_SESSION))) {
		if (!csrf_ok(c, c->staff.csrf))
			return 403;
		if ((r->flags & R_ONCE) && in_get(c, "formkey") == NULL)
			return 400;
	}
	if ((c->rroute->need & c->staff.roles) != c->rroute->need) {
		c->why = "role";
		return 403;
	}
	form_key(c);
	return 0;
}

static int (*const doors[DOOR__MAX])(struct ctx *) = {
	[DOOR_PORTAL] = portal_caller,
	[DOOR_ADMIN] = admin_caller,
};

int
route_dispatch(struct ctx *c)
{
	struct field decl[FIELDS_MAX];
	const struct field *fields;
	const struct route *r;
	const char *bad;
	handler_fn fn;
	size_t i;
	int rc;

	c->lang = choose_lang(c);
	if (strncmp(c->req->path, "/api/", 5) == 0)
		return api_dispatch(c);
	if ((c->rroute = route_find(c->req->path, c->ids, COUNTOF(c->ids),
	    &c->nids)) == NULL)
		return render_error(c, 404);
	c->route = r = c->rroute->r;
	switch (c->req->method) {
	case METHOD_GET:
	case METHOD_HEAD:
		fn = r->get;
		get_decl(r->get_fields, decl);
		fields = decl;
		break;
	case METHOD_POST:
		fn = r->post;
		post_decl(r, decl);
		fields = decl;
		c->one_click = (r->flags & R_ONE_CLICK) && one_click(c->req);
		/* A form's fields travel in the body only (a one-click POST
		 * goes to the link itself, its fields in the query). */
		if (c->req->query.n != 0 && fn != NULL && !c->one_click)
			return render_error(c, 400);
		break;
	default:
		fn = NULL;
		fields = csrf_only;
		break;
	}
	if (fn == NULL) {
		buf_puts(&c->headers, "Allow: ");
		if (r->get)
			buf_puts(&c->headers, r->post ? "GET, HEAD, POST" : "GET, HEAD");
		else
			buf_puts(&c->headers, "POST");
		buf_puts(&c->headers, "\r\n");
		return render_error(c, 405);
	}
	if (fields_check(fields, c->req->method == METHOD_POST && !c->one_click ?
	    &c->req->form : &c->req->query, c->in, &bad) == -1)
		return render_error(c, 400);
	if (c->req->method != METHOD_POST || c->one_click)
		for (i = 0; fields != NULL && fields[i].name != NULL; i++)
			if (c->in[i].bad)
				return render_error(c, 400);

	if ((rc = doors[c->rroute->m->door](c)) != 0)
		return rc == 303 ? render_redirect(c, c->location) : render_error(c, rc);
	c->status = 200;
	rc = fn(c);
	if (c->sent)
		return rc;
	if (rc == 0)
		return render_page(c);
	if (rc == 303)
		return render_redirect(c, c->location);
	return render_error(c, rc);
}

const struct module dispatch_module = {
	.name = "dispatch",
};
