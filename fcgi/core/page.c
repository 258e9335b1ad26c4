/* Building the page document, and the small helpers every handler uses. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

#include "core/audit.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "core/module.h"
#include "core/page.h"
#include "core/response.h"
#include "core/route.h"
#include "core/util.h"

/* The one-time keys of forms: a key a user used names the result it gave. */
enum { FORMKEY_RESULT, FORMKEY__COLS };
enum { Q_FORMKEY_GET, Q_FORMKEY_ADD, Q_STAFF_FORMKEY_GET, Q_STAFF_FORMKEY_ADD };
static struct stmt stmts[] = {
	[Q_FORMKEY_GET] = STMT("page.formkey_get", "is", FORMKEY__COLS,
	    "SELECT result FROM form_keys WHERE user_id = ? AND form_key = ?"),
	[Q_FORMKEY_ADD] = STMT("page.formkey_add", "iss", 0,
	    "INSERT INTO form_keys (user_id, form_key, result) VALUES (?, ?, ?)"),
	[Q_STAFF_FORMKEY_GET] = STMT("page.staff_formkey_get", "is", FORMKEY__COLS,
	    "SELECT result FROM staff_form_keys WHERE staff_id = ? AND form_key = ?"),
	[Q_STAFF_FORMKEY_ADD] = STMT("page.staff_formkey_add", "iss", 0,
	    "INSERT INTO staff_form_keys (staff_id, form_key, result) VALUES (?, ?, ?)"),
};

/* Whether the caller is the back office's (a staff member), not a customer. */
static int
is_staff(const struct ctx *c)
{
	return c->rroute != NULL && c->rroute->m->door == DOOR_ADMIN;
}

static int
field_index(const struct ctx *c, const char *name)
{
	const struct field *decl;
	size_t i;

	if (c->route == NULL)
		return -1;
	decl = c->req->method == METHOD_POST ? c->route->post_fields :
	    c->route->get_fields;
	for (i = 0; decl != NULL && decl[i].name != NULL; i++)
		if (strcmp(decl[i].name, name) == 0)
			return (int)i;
	/* The dispatcher's own fields follow the declared ones (route.c):
	 * POST: [formkey on R_ONCE routes,] csrf; GET: done. */
	if (c->req->method == METHOD_POST) {
		if (c->route->flags & R_ONCE) {
			if (strcmp(name, "formkey") == 0)
				return (int)i;
			i++;
		}
		if (strcmp(name, "csrf") == 0)
			return (int)i;
	} else if (strcmp(name, "done") == 0)
		return (int)i;
	return -1;
}

const char *
in_get(const struct ctx *c, const char *name)
{
	int i = field_index(c, name);

	return i < 0 ? NULL : c->in[i].val;
}

int
in_bad(const struct ctx *c, const char *name)
{
	int i = field_index(c, name);

	return i < 0 ? 0 : c->in[i].bad;
}

xmlNodePtr
x_time(xmlNodePtr parent, const char *name, const char *zone, const char *utc)
{
	char iso[TZ_ISO_LEN];

	if (utc == NULL || tz_local(iso, sizeof(iso), zone, utc) == -1)
		return NULL;
	return x_text(parent, name, iso);
}

/*
 * The company part of the context: the one-time form key of this page's
 * forms, the company switcher (every company of the user) and the active
 * company with the member's role and areas (the menu links each area).
 */
/* The company menu: the entries of every module the member may open, in
 * module order, as links under the company (layout.xsl draws them). In a
 * staff member's read-only view, the entries whose page the view has, as
 * links inside it. */
/*
 * An entry's aria-current: "page" on the page it links, "true" on a page
 * inside it (a case of the cases), NULL otherwise; the overview is every
 * page's prefix, so only its own page marks it. Decided here, where the
 * path is at hand, rather than by two XPath tests per entry in the layout.
 */
static const char *
menu_current(const struct ctx *c, const char *href, const char *overview)
{
	const char *path = c->req->path;
	size_t n = strlen(href);

	if (path == NULL)
		return NULL;
	if (strcmp(path, href) == 0)
		return "page";
	return strcmp(href, overview) != 0 && strncmp(path, href, n) == 0 && path[n] == '/' ?
	    "true" : NULL;
}

static void
context_menu(const struct ctx *c, xmlNodePtr company)
{
	const char *cur;
	const struct rmenu *m;
	const struct rroute *rr;
	xmlNodePtr menu = x_el(company, "menu"), e;
	char href[sizeof(c->view) + 64], overview[32];
	struct fixbuf f;
	long long ids[4];
	size_t i, n, nids;

	fix_init(&f, overview, sizeof(overview));
	fix_puts(&f, "/companies/");
	fix_int(&f, c->co.id);
	m = menu_all(&n);
	for (i = 0; i < n; i++) {
		if (m[i].door != DOOR_PORTAL || (m[i].need & c->co.areas) != m[i].need)
			continue;
		/* The page under the company's home, or under the view's. */
		fix_init(&f, href, sizeof(href));
		fix_puts(&f, c->view[0] == '\0' ? overview : c->view);
		fix_puts(&f, m[i].item->path);
		if (c->view[0] == '\0') {
			/* An employee's menu: only the pages an employee may open. */
			if (c->co.employee && ((rr = route_find(href, ids, COUNTOF(ids),
			    &nids)) == NULL || !(rr->r->flags & R_EMPLOYEE)))
				continue;
		} else if (route_find(href, ids, COUNTOF(ids), &nids) == NULL)
			continue;
		e = x_el(menu, "item");
		x_attr(e, "href", href);
		x_attr(e, "label", m[i].item->label);
		if ((cur = menu_current(c, href, overview)) != NULL)
			x_attr(e, "current", cur);
	}
}

static void
context_company(struct ctx *c, xmlNodePtr cx)
{
	xmlNodePtr sw, e;
	size_t i;

	x_text(cx, "formkey", c->formkey);
	sw = x_el(cx, "switcher");
	for (i = 0; i < c->nsw; i++) {
		e = x_el(sw, "company");
		x_attr_int(e, "id", c->sw[i].id);
		if (c->sw[i].id == c->co.id)
			x_attr(e, "current", "yes");
		x_text(e, "name", c->sw[i].name);
	}
	e = x_el(cx, "company");
	x_attr_int(e, "id", c->co.id);
	x_attr(e, "role", c->co.admin ? "admin" : c->co.employee ? "employee" : "manager");
	x_text(e, "name", c->co.name);
	x_text(e, "orgnr", c->co.orgnr);
	for (i = 0; area_names()[i] != NULL; i++)
		if (c->co.areas & (1U << i))
			x_text(e, "area", area_names()[i]);
	context_menu(c, e);
}

/*
 * The back office's context: the staff member (when logged in, with the
 * roles held), csrf, path, flash, the page's form key and the menu of the
 * back office's pages the roles open. An error page gets the caller only.
 */
static void
context_staff(struct ctx *c, xmlNodePtr cx, int full)
{
	const struct rmenu *m;
	xmlNodePtr e, menu;
	size_t i, n;

	if (c->staff.stage == STAFF_OK) {
		e = x_el(cx, "staff");
		x_attr_int(e, "id", c->staff.id);
		x_text(e, "name", c->staff.name);
		x_text(e, "email", c->staff.email);
		for (i = 0; role_names()[i] != NULL; i++)
			if (c->staff.roles & (1U << i))
				x_text(e, "role", role_names()[i]);
	}
	if (c->staff.csrf[0])
		x_text(cx, "csrf", c->staff.csrf);
	if (!full)
		return;
	x_text(cx, "path", c->req->path);
	if (c->req->method != METHOD_POST && in_get(c, "done") != NULL)
		x_attr(x_el(cx, "flash"), "code", in_get(c, "done"));
	if (c->route != NULL && (c->route->flags & R_ONCE))
		x_text(cx, "formkey", c->formkey);
	if (c->staff.stage != STAFF_OK)
		return;
	menu = x_el(cx, "menu");
	m = menu_all(&n);
	for (i = 0; i < n; i++) {
		if (m[i].door != DOOR_ADMIN || (m[i].need & c->staff.roles) != m[i].need)
			continue;
		e = x_el(menu, "item");
		x_attr(e, "href", m[i].item->path);
		x_attr(e, "label", m[i].item->label);
	}
}

/* Who sees a company's page in a read-only view: <view base><staff/></view>. */
static void
context_view(const struct ctx *c, xmlNodePtr cx)
{
	xmlNodePtr v = x_el(cx, "view"), s;

	x_attr(v, "base", c->view);
	s = x_el(v, "staff");
	x_attr_int(s, "id", c->staff.id);
	x_text(s, "name", c->staff.name);
	x_text(s, "email", c->staff.email);
}

void
page_begin(struct ctx *c, const char *name)
{
	const char *csrf = c->view[0] ? c->staff.csrf : c->sess.csrf;
	int error = strcmp(name, "error") == 0;
	xmlNodePtr cx, u;

	if (c->doc)
		xmlFreeDoc(c->doc);
	c->doc = xmlNewDoc(BAD_CAST "1.0");
	/* A dictionary shares element names across the document. */
	c->doc->dict = xmlDictCreate();
	c->root = xmlNewDocNode(c->doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(c->doc, c->root);
	x_attr(c->root, "name", name);
	x_attr(c->root, "lang", c->lang);
	cx = x_el(c->root, "context");
	/* A staff member's page of a customer's (c->view) has the customer's
	 * context, the staff member in place of a user. */
	if (is_staff(c) && (error || c->view[0] == '\0')) {
		context_staff(c, cx, !error);
		return;
	}
	if (c->view[0])
		context_view(c, cx);
	else if (c->sess.user_id) {
		u = x_el(cx, "user");
		x_attr_int(u, "id", c->sess.user_id);
		x_text(u, "name", c->sess.user_name);
		x_text(u, "email", c->sess.user_email);
	}
	if (csrf[0])
		x_text(cx, "csrf", csrf);
	/* Error pages echo nothing from the request, the path included. */
	if (error)
		return;
	x_text(cx, "path", c->req->path);
	if (c->req->method != METHOD_POST && in_get(c, "done") != NULL)
		x_attr(x_el(cx, "flash"), "code", in_get(c, "done"));
	if (c->co.id)
		context_company(c, cx);
	else if (c->formkey[0])
		x_text(cx, "formkey", c->formkey);	/* a form of no company */
}

int
page_redirect(struct ctx *c, const char *path)
{
	snprintf(c->location, sizeof(c->location), "%s", path);
	return 303;
}

int
page_redirectf(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->location, sizeof(c->location), fmt, ap);
	va_end(ap);
	return 303;
}

int
page_has_area(const struct ctx *c, const char *area)
{
	unsigned bit = area_bit(area);

	return c->co.id != 0 && bit != 0 && (c->co.areas & bit) == bit;
}

xmlNodePtr
form_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr f = x_el(parent, "form");

	x_attr(f, "name", name);
	return f;
}

void
form_value(xmlNodePtr form, const char *field, const char *text)
{
	xmlNodePtr v;

	if (text == NULL)
		return;
	v = x_text(form, "value", text);
	x_attr(v, "name", field);
}

const char *
form_raw(const struct ctx *c, const char *field)
{
	return kv_get(&c->req->form, field);
}

void
boxes_init(struct boxes *b, const char *prefix, const char *const *names)
{
	size_t i;

	b->names = names;
	for (i = 0; names[i] != NULL && i < BOXES_MAX; i++)
		snprintf(b->field[i], sizeof(b->field[i]), "%s-%s", prefix, names[i]);
}

unsigned
boxes_of_form(const struct ctx *c, const struct boxes *b)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; b->names[i] != NULL && i < BOXES_MAX; i++)
		if (form_raw(c, b->field[i]) != NULL)
			bits |= 1U << i;
	return bits;
}

void
boxes_keep(const struct ctx *c, const struct boxes *b, xmlNodePtr form)
{
	size_t i;

	for (i = 0; b->names[i] != NULL && i < BOXES_MAX; i++)
		if (form_raw(c, b->field[i]) != NULL)
			form_value(form, b->field[i], "on");
}

void
boxes_el(xmlNodePtr parent, const char *list, const char *item,
    const char *const *names, unsigned bits)
{
	xmlNodePtr l = x_el(parent, list);
	size_t i;

	for (i = 0; names[i] != NULL && i < BOXES_MAX; i++)
		if (bits & (1U << i))
			x_text(l, item, names[i]);
}

void
form_keep(const struct ctx *c, xmlNodePtr form, const char *field)
{
	/* Form values passed request.c's UTF-8 check: safe to show as text. */
	form_value(form, field, form_raw(c, field));
}

void
form_error(xmlNodePtr form, const char *field, const char *code)
{
	xmlNodePtr e = x_el(form, "error");

	x_attr(e, "field", field);
	x_attr(e, "code", code);
}

struct change {
	struct ctx	*c;
	int		(*fn)(struct ctx *, void *);
	void		*arg;
	const char	*key;
};

static int
formkey_result(struct ctx *c, const char *key)
{
	struct dbrow row;
	int rc;

	rc = is_staff(c) ?
	    db_one(c->db, &stmts[Q_STAFF_FORMKEY_GET], &row, c->staff.id, key) :
	    db_one(c->db, &stmts[Q_FORMKEY_GET], &row, c->sess.user_id, key);
	if (rc == 1)
		snprintf(c->location, sizeof(c->location), "%s", row.col[FORMKEY_RESULT]);
	return rc;
}

static int
change_txn(void *arg)
{
	struct change *ch = arg;
	struct ctx *c = ch->c;
	int rc;

	if (ch->key != NULL) {
		/* Submitted before: the first submit's result, nothing done again. */
		if ((rc = formkey_result(c, ch->key)) != 0)
			return rc < 0 ? rc : DB_OK;
	}
	c->location[0] = '\0';
	if ((rc = ch->fn(c, ch->arg)) != DB_OK)
		return rc;
	if (c->location[0] == '\0')
		return DB_ERROR;
	/* A concurrent submit of the same key fails here on the primary key
	 * and is rolled back whole. */
	if (ch->key != NULL)
		return db_run(c->db, &stmts[is_staff(c) ? Q_STAFF_FORMKEY_ADD : Q_FORMKEY_ADD],
		    is_staff(c) ? c->staff.id : c->sess.user_id, ch->key,
		    c->location);
	return DB_OK;
}

int
page_change(struct ctx *c, int (*fn)(struct ctx *, void *), void *arg)
{
	struct change ch = { c, fn, arg, NULL };
	int rc;

	if (c->route->flags & R_ONCE)
		ch.key = in_get(c, "formkey");
	rc = db_txn(c->db, change_txn, &ch);
	if (rc == DB_DUPLICATE && ch.key != NULL) {
		if (formkey_result(c, ch.key) == 1)
			return 303;
		return 500;
	}
	if (rc < 0)
		return page_db_status(rc);
	if (rc > 0)
		return rc;
	return 303;
}

int
page_audit(struct ctx *c, const char *action, const char *object,
    long long object_id, const char *detail)
{
	char ip[46];

	snprintf(ip, sizeof(ip), "%s", c->req->remote_addr ? c->req->remote_addr : "");
	if (is_staff(c))
		return audit_add_staff(c->db, c->staff.id, c->co.id, action, object,
		    object_id, detail, ip);
	return audit_add(c->db, c->sess.user_id, c->co.id, action, object, object_id,
	    detail, ip);
}

int
page_mail(struct ctx *c, const char *to, const char *lang, const char *subject_key,
    const char *body_key, const char *const *vars)
{
	struct buf subject = { 0 }, body = { 0 };
	int rc;

	if (i18n_lang(lang) == NULL)
		lang = c->lang;
	i18n_fill(&subject, i18n_get(lang, subject_key), vars);
	i18n_fill(&body, i18n_get(lang, body_key), vars);
	rc = mail_enqueue(c->db, to, subject.p, body.p);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

int
page_send(struct ctx *c, int status, const char *content_type, const char *body,
    size_t len, const char *filename)
{
	if (filename != NULL)
		buf_printf(&c->headers,
		    "Content-Disposition: attachment; filename=\"%s\"\r\n", filename);
	resp_head(c, status, content_type);
	resp_write(c, body, len);
	c->sent = 1;
	return status;
}

int
page_db_status(int rc)
{
	return rc == DB_UNAVAILABLE || rc == DB_RETRY ? 503 : 500;
}

void
page_set_session_cookie(struct ctx *c, const char *token)
{
	resp_cookie(c, c->conf->cookie_secure ? "__Host-sc" : "sc", token, -1, 1);
}

void
page_clear_session_cookie(struct ctx *c)
{
	resp_cookie(c, c->conf->cookie_secure ? "__Host-sc" : "sc", "", 0, 1);
}

void
page_set_cookie(struct ctx *c, const char *name, const char *value, int max_age)
{
	resp_cookie(c, name, value, max_age, 1);
}

const struct module page_module = {
	.name = "page", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
