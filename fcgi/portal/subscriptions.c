/*
 * Subscriptions of a company (D4): the list (search, sort, pages, CSV),
 * a user's profile (details, SIM cards, services, price, cost centre,
 * history), and from it a plan change or a termination, each through a
 * confirmation step (GET asks "are you sure", POST does it).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"
#include "core/module.h"

#define SUBS_PAGE	50
#define CSV_MAX		20000
#define COST_MAX	64

static const struct field subs_fields[] = {
	{ "q", V_TEXT, 100 },
	{ "sort", V_WORD, 0 },
	{ "page", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field subs_csv_fields[] = {
	{ "q", V_TEXT, 100 },
	{ "sort", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field cost_centre_fields[] = {
	{ "cost-centre", V_TEXT, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field plan_fields[] = {
	{ "product", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

static const struct field terminate_fields[] = {
	{ "date", V_TEXT, 10 },
	{ NULL, V_TEXT, 0 },
};

static const struct {
	const char	*name;
	enum stmt_id	 st;
} sorts[] = {
	{ "name", ST_SUBS_BY_NAME },
	{ "subscription", ST_SUBS_BY_REF },
	{ "email", ST_SUBS_BY_EMAIL },
	{ "phone", ST_SUBS_BY_PHONE },
};

/* The search as a LIKE pattern: the user's %, _ and \ are literal. */
static void
like_pattern(const char *q, char *out, size_t len)
{
	size_t n = 0;

	out[n++] = '%';
	for (; *q && n + 3 < len; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[n++] = '\\';
		out[n++] = *q;
	}
	out[n++] = '%';
	out[n] = '\0';
}

static int
sort_index(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < COUNTOF(sorts); i++)
		if (strcmp(sorts[i].name, s) == 0)
			return (int)i;
	return s == NULL ? 0 : -1;
}

static int
run_list(struct ctx *c, int si, const char *q, long long limit, long long offset)
{
	char pat[310];

	like_pattern(q, pat, sizeof(pat));
	return dbe_run(c->db, sorts[si].st, "issssssii", c->co.id, q, pat, pat, pat,
	    pat, pat, limit, offset);
}

static int
subs_get(struct ctx *c)
{
	const char *q = in_get(c, "q"), *p = in_get(c, "page");
	xmlNodePtr list, e, u;
	struct dbrow row;
	long long page = 1, total = 0;
	char pat[310];
	int si, rc;

	if ((si = sort_index(in_get(c, "sort"))) < 0)
		return 400;
	if (q == NULL)
		q = "";
	if (p != NULL && parse_int(p, 1, 1000000, &page) == -1)
		return 400;
	if ((rc = run_list(c, si, q, SUBS_PAGE, (page - 1) * SUBS_PAGE)) < 0 ||
	    (rc = dbe_fetch(c->db, sorts[si].st, &row)) < 0)
		return page_db_status(rc);
	/* The total comes with the rows; a page past the end has none, so
	 * only then is it counted on its own. */
	if (rc == 1)
		parse_int(row.col[13], 0, INT64_MAX, &total);
	else if (page > 1) {
		struct dbrow crow;
		int crc;

		like_pattern(q, pat, sizeof(pat));
		crc = dbe_one(c->db, ST_SUBS_COUNT, &crow, "issssss", c->co.id, q, pat,
		    pat, pat, pat, pat);
		if (crc < 0)
			return page_db_status(crc);
		parse_int(crow.col[0], 0, INT64_MAX, &total);
	}
	page_begin(c, "subscriptions");
	list = x_el(c->root, "subscriptions");
	x_attr(list, "q", q);
	x_attr(list, "sort", sorts[si].name);
	x_attr_int(list, "page", page);
	x_attr_int(list, "pages", total == 0 ? 1 : (total + SUBS_PAGE - 1) / SUBS_PAGE);
	x_attr_int(list, "total", total);
	for (; rc == 1; rc = dbe_fetch(c->db, sorts[si].st, &row)) {
		e = x_el(list, "subscription");
		x_attr(e, "id", row.col[0]);
		if (row.col[7] != NULL) {
			u = x_el(e, "user");
			x_attr(u, "id", row.col[7]);
			x_text(u, "name", row.col[8]);
			x_text(u, "email", row.col[9]);
			x_text(u, "phone", row.col[10]);
		}
		x_attr(x_text(e, "product", row.col[3]), "code", row.col[2]);
		x_text(e, "ref", row.col[1]);
		x_attr(x_text(e, "price", row.col[5]), "currency", row.col[6]);
		x_text(e, "status", row.col[4]);
		x_text(e, "cost-centre", row.col[11]);
		x_text(e, "ends", row.col[12]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The list as CSV (csv.h): the price a number, the rest text. */
static int
subs_csv_get(struct ctx *c)
{
	static const char *const head[] = { "name", "email", "phone", "subscription",
	    "product", "monthly_price", "currency", "status", "cost_centre", NULL };
	const char *q = in_get(c, "q");
	struct buf b = { 0 };
	struct csv csv;
	struct dbrow row;
	int si, rc;

	if ((si = sort_index(in_get(c, "sort"))) < 0)
		return 400;
	if ((rc = run_list(c, si, q ? q : "", CSV_MAX, 0)) < 0)
		return page_db_status(rc);
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	while ((rc = dbe_fetch(c->db, sorts[si].st, &row)) == 1) {
		csv_text(&csv, row.col[8]);
		csv_text(&csv, row.col[9]);
		csv_text(&csv, row.col[10]);
		csv_text(&csv, row.col[1]);
		csv_text(&csv, row.col[3]);
		csv_number(&csv, row.col[5]);
		csv_text(&csv, row.col[6]);
		csv_text(&csv, row.col[4]);
		csv_text(&csv, row.col[11]);
		csv_end(&csv);
	}
	if (rc < 0) {
		buf_free(&b);
		return page_db_status(rc);
	}
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, "subscriptions.csv");
	buf_free(&b);
	return rc;
}

/* ---- the profile ---- */

struct sub_info {
	char	 status[16], currency[4], product_id[24], ends[11];
};

static int
profile(struct ctx *c, struct sub_info *si, xmlNodePtr *out)
{
	xmlNodePtr s, e, list;
	struct dbrow row;
	int rc;

	rc = dbe_one(c->db, ST_SUB_GET, &row, "ii", c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "subscription");
	s = x_el(c->root, "subscription");
	x_attr(s, "id", row.col[0]);
	snprintf(si->status, sizeof(si->status), "%s", row.col[5]);
	snprintf(si->currency, sizeof(si->currency), "%s", row.col[7]);
	snprintf(si->product_id, sizeof(si->product_id), "%s", row.col[2]);
	snprintf(si->ends, sizeof(si->ends), "%s", row.col[9] ? row.col[9] : "");
	if (row.col[11] != NULL) {
		e = x_el(s, "user");
		x_attr(e, "id", row.col[11]);
		x_text(e, "name", row.col[12]);
		x_text(e, "email", row.col[13]);
		x_text(e, "phone", row.col[14]);
	}
	if (row.col[15] != NULL) {
		e = x_el(s, "location");
		x_attr(e, "id", row.col[15]);
		x_text(e, "number", row.col[16]);
		x_text(e, "name", row.col[17]);
	}
	x_attr(x_text(s, "product", row.col[4]), "code", row.col[3]);
	x_text(s, "ref", row.col[1]);
	x_attr(x_text(s, "price", row.col[6]), "currency", row.col[7]);
	x_text(s, "status", row.col[5]);
	x_text(s, "started", row.col[8]);
	x_text(s, "ends", row.col[9]);
	x_text(s, "cost-centre", row.col[10]);

	if ((rc = dbe_run(c->db, ST_SUB_SIMS, "ii", c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "sims");
	while ((rc = dbe_fetch(c->db, ST_SUB_SIMS, &row)) == 1) {
		e = x_el(list, "sim");
		x_attr(e, "id", row.col[0]);
		x_text(e, "iccid", row.col[1]);
		x_text(e, "type", row.col[2]);
		x_text(e, "status", row.col[3]);
	}
	if (rc < 0 || (rc = dbe_run(c->db, ST_SUB_SERVICES, "ii", c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "services");
	while ((rc = dbe_fetch(c->db, ST_SUB_SERVICES, &row)) == 1) {
		e = x_el(list, "service");
		x_attr(e, "id", row.col[0]);
		x_attr(x_text(e, "product", row.col[2]), "code", row.col[1]);
		x_attr(x_text(e, "price", row.col[3]), "currency", row.col[4]);
		x_text(e, "started", row.col[5]);
	}
	if (rc < 0 || (rc = dbe_run(c->db, ST_SUB_HISTORY, "ii", c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "history");
	while ((rc = dbe_fetch(c->db, ST_SUB_HISTORY, &row)) == 1) {
		e = x_el(list, "entry");
		x_attr(e, "id", row.col[0]);
		x_text(e, "action", row.col[1]);
		x_text(e, "from", row.col[2]);
		x_text(e, "to", row.col[3]);
		x_text(e, "effective", row.col[4]);
		x_text(e, "detail", row.col[5]);
		x_text(e, "by", row.col[6]);
		x_time(e, "at", c->co.time_zone, row.col[7]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*out = s;
	return 0;
}

static int
plans(struct ctx *c, const struct sub_info *si)
{
	xmlNodePtr list, e;
	struct dbrow row;
	long long pid = 0;
	int rc;

	parse_int(si->product_id, 1, INT64_MAX, &pid);
	if ((rc = dbe_run(c->db, ST_PLANS_FOR, "si", si->currency, pid)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "plans");
	while ((rc = dbe_fetch(c->db, ST_PLANS_FOR, &row)) == 1) {
		e = x_el(list, "plan");
		x_attr(e, "id", row.col[0]);
		x_attr(x_text(e, "product", row.col[2]), "code", row.col[1]);
		x_attr(x_text(e, "price", row.col[3]), "currency", row.col[4]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The profile with its forms; *f receives the form named form (or NULL). */
static int
profile_page(struct ctx *c, const char *form, xmlNodePtr *f)
{
	struct sub_info si;
	xmlNodePtr s;
	int rc;

	/* The plans to change to: for members who may order. */
	if ((rc = profile(c, &si, &s)) != 0 ||
	    (page_has_area(c, "orders") && (rc = plans(c, &si)) != 0))
		return rc;
	*f = form ? form_el(c->root, form) : NULL;
	return 0;
}

static int
sub_get(struct ctx *c)
{
	xmlNodePtr f;

	return profile_page(c, NULL, &f);
}

static int
cost_centre_txn(struct ctx *c, void *arg)
{
	const char *cc = arg;
	struct dbrow row;
	int rc;

	/* The subscription must be this company's (404 otherwise, nothing written). */
	if ((rc = dbe_one(c->db, ST_SUB_LOCK, &row, "ii", c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = dbe_run(c->db, ST_SUB_SET_COST_CENTRE, "sii", cc[0] ? cc : NULL,
	    c->ids[1], c->co.id)) < 0)
		return rc;
	if ((rc = dbe_run(c->db, ST_SUB_HISTORY_ADD, "isIIssi", c->ids[1], "cost-centre",
	    0LL, 0LL, NULL, cc, c->sess.user_id)) < 0)
		return rc;
	if ((rc = page_audit(c, "cost-centre", "subscription", c->ids[1], cc)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=cost-centre-saved",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
sub_post(struct ctx *c)
{
	const char *cc = in_get(c, "cost-centre");
	xmlNodePtr f;
	int rc;

	if (cc != NULL && strlen(cc) <= COST_MAX && strpbrk(cc, "\r\n") == NULL) {
		/* Trimmed; empty clears it. */
		while (*cc == ' ')
			cc++;
		return page_change(c, cost_centre_txn, (void *)(uintptr_t)cc);
	}
	if ((rc = profile_page(c, "cost-centre", &f)) != 0)
		return rc;
	form_keep(c, f, "cost-centre");
	form_error(f, "cost-centre", cc == NULL && form_raw(c, "cost-centre") == NULL ?
	    "required" : strlen(form_raw(c, "cost-centre")) > COST_MAX ? "too-long" :
	    "invalid");
	c->status = 400;
	return 0;
}

/* ---- plan change and termination, each confirmed ---- */

static int
plan_lookup(struct ctx *c, const char *product, const char *currency, struct dbrow *row)
{
	long long pid;

	if (product == NULL || parse_int(product, 1, INT64_MAX, &pid) == -1)
		return 0;
	return dbe_one(c->db, ST_PLAN_GET, row, "is", pid, currency);
}

/* The confirmation page, or the profile re-shown with error on form. */
static int
confirm_page(struct ctx *c, const char *action, const char *field, const char *code)
{
	struct sub_info si;
	struct dbrow row;
	xmlNodePtr s, cf, f;
	int rc;

	if ((rc = profile(c, &si, &s)) != 0)
		return rc;
	if (strcmp(si.status, "terminated") == 0 || si.ends[0] != '\0')
		code = code ? code : "terminated", field = strcmp(action, "plan") == 0 ?
		    "product" : "date";
	if (code == NULL && strcmp(action, "plan") == 0) {
		rc = plan_lookup(c, in_get(c, "product"), si.currency, &row);
		if (rc < 0)
			return page_db_status(rc);
		if (rc == 0 || strcmp(row.col[0], si.product_id) == 0)
			code = "invalid", field = "product";
	}
	if (code != NULL) {
		/* Back to the profile with the error on the form used. */
		xmlUnlinkNode(s);
		xmlFreeNode(s);
		if ((rc = profile_page(c, action, &f)) != 0)
			return rc;
		if (strcmp(action, "plan") == 0)
			form_value(f, "product", in_get(c, "product") ? in_get(c, "product") :
			    form_raw(c, "product"));
		else
			form_value(f, "date", in_get(c, "date"));
		form_error(f, field, code);
		c->status = strcmp(code, "terminated") == 0 ? 409 : 400;
		return 0;
	}
	xmlSetProp(c->root, BAD_CAST "name", BAD_CAST "subscription-confirm");
	cf = x_el(c->root, "confirm");
	x_attr(cf, "action", action);
	if (strcmp(action, "plan") == 0) {
		xmlNodePtr p = x_el(cf, "plan");

		x_attr(p, "id", row.col[0]);
		x_attr(x_text(p, "product", row.col[2]), "code", row.col[1]);
		x_attr(x_text(p, "price", row.col[3]), "currency", row.col[4]);
	} else
		x_text(cf, "date", in_get(c, "date"));
	return 0;
}

static int
check_date(struct ctx *c, const char **code)
{
	const char *d = in_get(c, "date");
	struct dbrow row;
	char copy[11];
	int rc;

	*code = NULL;
	if (d == NULL || *d == '\0') {
		*code = "required";
		return 0;
	}
	snprintf(copy, sizeof(copy), "%s", d);
	if (valid_value(V_DATE, copy, 10) != 0) {
		*code = "invalid";
		return 0;
	}
	if ((rc = dbe_one(c->db, ST_TODAY, &row, "")) <= 0)
		return rc < 0 ? page_db_status(rc) : 500;
	if (strcmp(d, row.col[0]) < 0)
		*code = "past-date";
	return 0;
}

static int
plan_get(struct ctx *c)
{
	return confirm_page(c, "plan", "product", in_get(c, "product") ? NULL : "required");
}

static int
terminate_get(struct ctx *c)
{
	const char *code;
	int rc;

	if ((rc = check_date(c, &code)) != 0)
		return rc;
	return confirm_page(c, "terminate", "date", code);
}

static int
plan_txn(struct ctx *c, void *arg)
{
	const char *product = arg;
	struct dbrow row;
	long long from = 0, to = 0;
	char currency[4], detail[64];
	int rc;

	if ((rc = dbe_one(c->db, ST_SUB_LOCK, &row, "ii", c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[0], "terminated") == 0 || strcmp(row.col[5], "1") == 0)
		return 409;
	parse_int(row.col[1], 1, INT64_MAX, &from);
	snprintf(currency, sizeof(currency), "%s", row.col[2]);
	if ((rc = plan_lookup(c, product, currency, &row)) <= 0)
		return rc < 0 ? rc : 400;
	parse_int(row.col[0], 1, INT64_MAX, &to);
	if (to == from)
		return 400;
	if ((rc = dbe_run(c->db, ST_SUB_SET_PLAN, "iii", to, c->ids[1], c->co.id)) < 0)
		return rc;
	if ((rc = dbe_run(c->db, ST_SUB_HISTORY_ADD, "isIIssi", c->ids[1], "plan-change",
	    from, to, NULL, NULL, c->sess.user_id)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "product %lld -> %lld", from, to);
	if ((rc = page_audit(c, "plan-change", "subscription", c->ids[1], detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=plan-changed",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
plan_post(struct ctx *c)
{
	int rc = page_change(c, plan_txn, (void *)(uintptr_t)in_get(c, "product"));

	if (rc == 400)
		return confirm_page(c, "plan", "product", "invalid");
	if (rc == 409)
		return confirm_page(c, "plan", "product", "terminated");
	return rc;
}

static int
terminate_txn(struct ctx *c, void *arg)
{
	const char *date = arg;
	struct dbrow row;
	int rc;

	if ((rc = dbe_one(c->db, ST_SUB_LOCK, &row, "ii", c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[0], "terminated") == 0 || strcmp(row.col[5], "1") == 0)
		return 409;
	if ((rc = dbe_run(c->db, ST_SUB_TERMINATE, "sii", date, c->ids[1], c->co.id)) < 0)
		return rc;
	if ((rc = dbe_run(c->db, ST_SUB_HISTORY_ADD, "isIIssi", c->ids[1], "termination",
	    0LL, 0LL, date, NULL, c->sess.user_id)) < 0)
		return rc;
	if ((rc = page_audit(c, "terminate", "subscription", c->ids[1], date)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=terminated",
	    c->co.id, c->ids[1]);
	return DB_OK;
}

static int
terminate_post(struct ctx *c)
{
	const char *code;
	int rc;

	if ((rc = check_date(c, &code)) != 0)
		return rc;
	if (code != NULL)
		return confirm_page(c, "terminate", "date", code);
	rc = page_change(c, terminate_txn, (void *)(uintptr_t)in_get(c, "date"));
	if (rc == 409)
		return confirm_page(c, "terminate", "date", "terminated");
	return rc;
}

static const struct route routes[] = {
	{ "/companies/#/subscriptions", R_COMPANY, "subscriptions", subs_get, subs_fields,
	    NULL, NULL, "subscriptions" },
	{ "/companies/#/subscriptions.csv", R_COMPANY, NULL, subs_csv_get, subs_csv_fields,
	    NULL, NULL, "subscriptions" },
	{ "/companies/#/subscriptions/#", R_COMPANY | R_ONCE, "subscription", sub_get, NULL,
	    sub_post, cost_centre_fields, "subscriptions" },
	/* A plan change or termination is an order on a subscription. */
	{ "/companies/#/subscriptions/#/plan", R_COMPANY | R_ONCE, "subscription-confirm",
	    plan_get, plan_fields, plan_post, plan_fields, "subscriptions orders" },
	{ "/companies/#/subscriptions/#/terminate", R_COMPANY | R_ONCE,
	    "subscription-confirm", terminate_get, terminate_fields, terminate_post,
	    terminate_fields, "subscriptions orders" },
};

static const char *const pages[] = { "subscriptions", "subscription",
	"subscription-confirm", NULL };
static const char *const flashes[] = { "plan-changed", "terminated",
	"cost-centre-saved", NULL };
static const struct menu_item menu[] = {
	{ "/subscriptions", "nav.subscriptions", "subscriptions" },
	{ NULL, NULL, NULL },
};

const struct module subscriptions_module = {
	.name = "subscriptions", .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
};
