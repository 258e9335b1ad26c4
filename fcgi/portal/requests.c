/*
 * All of a company's requests on one page: its orders (orders/orders.c),
 * change requests and support cases (cases/cases.c), each with its state
 * and last change, newest first; filtered by kind, state, the date of the
 * last change (the company's local date) and a text (the title, or the
 * request's number), paged, and as CSV. A member sees the kinds of the
 * areas they hold: orders and change requests with "orders", cases with
 * "support"; every statement takes the company.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "core/csv.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/tz.h"
#include "core/util.h"
#include "orders/orders.h"
#include "subscriptions/change.h"

#define PAGE_ROWS	50
#define CSV_MAX		100000
#define TEXT_MAX	100

/*
 * The kinds, the area each needs, and whether the request has a page of
 * that area to link to (a change request is a case: its page is support's).
 */
enum { KIND_ORDER, KIND_CHANGE, KIND_CASE, KIND__MAX };
static const struct {
	const char	*name, *area, *page_area;
} kinds[KIND__MAX] = {
	[KIND_ORDER] = { "order", "orders", "orders" },
	[KIND_CHANGE] = { "change", "orders", "support" },
	[KIND_CASE] = { "case", "support", "support" },
};

/*
 * The date bounds are widened by a day (UTC against the company's local
 * date); the exact local date is checked on each row (in_range).
 * Parameters: lang, company, orders?, company, changes?, cases?, kind x2,
 * state x2, from x2, to x2, text x3 (pattern, pattern, the number), limit.
 */
#define TEXT(x)	SQL_TEXT(x)
enum { REQ_KIND, REQ_ID, REQ_STATE, REQ_CREATED, REQ_UPDATED, REQ_TITLE, REQ__COLS };
enum { Q_LIST };
static struct stmt stmts[] = {
	[Q_LIST] = STMT("requests.list", "siiiii" "sssssssssss" "i", REQ__COLS,
	    "SELECT r.kind, r.id, r.state, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(r.updated_at, '%Y-%m-%dT%H:%i:%s'), r.title FROM ("
	    "  SELECT " TEXT("'order'") " AS kind, o.id, " TEXT("o.state") " AS state,"
	    "   o.created_at, o.updated_at,"
	    "   " TEXT("CONCAT(" PRODUCT_NAME ", ' x ', i.quantity)") " AS title"
	    "  FROM orders o JOIN order_items i ON i.id = (SELECT MIN(j.id) FROM order_items j"
	    "   WHERE j.order_id = o.id)"
	    "  JOIN products p ON p.id = i.product_id" PRODUCT_NAME_JOIN
	    "  WHERE o.company_id = ? AND ? = 1"
	    "  UNION ALL"
	    "  SELECT " TEXT("IF(k.kind = 'change', 'change', 'case')") ", k.id,"
	    "   " TEXT("k.status") ", k.created_at, k.updated_at, " TEXT("k.subject")
	    "  FROM cases k"
	    "  WHERE k.company_id = ? AND ((k.kind = 'change' AND ? = 1)"
	    "   OR (k.kind = 'support' AND ? = 1))"
	    " ) r"
	    " WHERE (? = '' OR r.kind = ?) AND (? = '' OR r.state = ?)"
	    " AND (? = '' OR r.updated_at >= ? - INTERVAL 1 DAY)"
	    " AND (? = '' OR r.updated_at < ? + INTERVAL 2 DAY)"
	    " AND (? = '' OR r.title LIKE ? OR CAST(r.id AS CHAR) = ?)"
	    " ORDER BY r.updated_at DESC, r.kind, r.id DESC LIMIT ?"),
};
#undef TEXT

static const struct field list_fields[] = {
	{ "kind", V_WORD, 0 },
	{ "state", V_TEXT, 16 },
	{ "from", V_DATE, 0 },
	{ "to", V_DATE, 0 },
	{ "q", V_TEXT, TEXT_MAX * 4 },
	{ "page", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

struct filter {
	const char	*kind, *state, *from, *to, *q;
	char		 like[TEXT_MAX * 8 + 3];
	long long	 page;
	int		 may[KIND__MAX];	/* the member holds the kind's area */
};

static int
kind_index(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < KIND__MAX; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * The filter from the query: 0, or 400 with the form's errors under f when
 * a field is not one (f NULL: the CSV, no page).
 */
static int
refuse(xmlNodePtr f, const char *field)
{
	if (f != NULL)
		form_error(f, field, "invalid");
	return 1;
}

static int
filter_of(struct ctx *c, struct filter *fl, xmlNodePtr f)
{
	static const char *const names[] = { "kind", "state", "from", "to", "q" };
	const char **vals[] = { &fl->kind, &fl->state, &fl->from, &fl->to, &fl->q };
	const char *page;
	int i, bad = 0;

	memset(fl, 0, sizeof(*fl));
	/* A field of a bad form the dispatcher refused already (400). */
	for (i = 0; i < (int)COUNTOF(vals); i++)
		*vals[i] = in_get(c, names[i]) ? in_get(c, names[i]) : "";
	if (fl->kind[0] != '\0' && kind_index(fl->kind) < 0)
		bad = refuse(f, "kind");
	if (fl->state[0] != '\0' && order_state_parse(fl->state) < 0 &&
	    case_status_parse(fl->state) < 0)
		bad = refuse(f, "state");
	if (fl->from[0] != '\0' && fl->to[0] != '\0' && strcmp(fl->from, fl->to) > 0)
		bad = refuse(f, "to");
	page = in_get(c, "page");
	if (page == NULL || parse_int(page, 1, INT64_MAX / PAGE_ROWS, &fl->page) == -1)
		fl->page = 1;
	if (fl->q[0] != '\0')
		db_like(fl->q, fl->like, sizeof(fl->like));
	for (i = 0; i < KIND__MAX; i++)
		fl->may[i] = page_has_area(c, kinds[i].area);
	return bad ? 400 : 0;
}

static int
run(struct ctx *c, const struct filter *fl, long long limit)
{
	return db_run(c->db, &stmts[Q_LIST], c->lang, c->co.id,
	    (long long)fl->may[KIND_ORDER], c->co.id, (long long)fl->may[KIND_CHANGE],
	    (long long)fl->may[KIND_CASE], fl->kind, fl->kind, fl->state, fl->state,
	    fl->from, fl->from, fl->to, fl->to, fl->q, fl->like, fl->q, limit);
}

/* Whether the row's last change is within the range, as the company's
 * local date; its local time in updated. */
static int
in_range(struct ctx *c, const struct filter *fl, const struct dbrow *row,
    char *updated, size_t len)
{
	if (tz_local(updated, len, c->co.time_zone, row->col[REQ_UPDATED]) == -1)
		return 0;
	return (fl->from[0] == '\0' || strncmp(updated, fl->from, 10) >= 0) &&
	    (fl->to[0] == '\0' || strncmp(updated, fl->to, 10) <= 0);
}

static void
request_el(struct ctx *c, xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, "request");
	int k = kind_index(row->col[REQ_KIND]);

	x_attr(e, "kind", row->col[REQ_KIND]);
	x_attr(e, "id", row->col[REQ_ID]);
	x_attr(e, "state", row->col[REQ_STATE]);
	if (k >= 0 && page_has_area(c, kinds[k].page_area))
		x_attr(e, "link", "yes");
	x_text(e, "title", row->col[REQ_TITLE]);
	x_time(e, "created", c->co.time_zone, row->col[REQ_CREATED]);
	x_time(e, "updated", c->co.time_zone, row->col[REQ_UPDATED]);
}

static int
list_get(struct ctx *c)
{
	static const char *const kept[] = { "kind", "state", "from", "to", "q", NULL };
	char updated[TZ_ISO_LEN + 1];
	long long skip, n = 0;
	struct filter fl;
	xmlNodePtr f, list, kl;
	struct dbrow row;
	int rc, i;

	page_begin(c, "requests");
	kl = x_el(c->root, "kinds");
	for (i = 0; i < KIND__MAX; i++)
		if (page_has_area(c, kinds[i].area))
			x_text(kl, "kind", kinds[i].name);
	f = form_el(c->root, "filter");
	for (i = 0; kept[i] != NULL; i++)
		form_value(f, kept[i], in_get(c, kept[i]));
	if ((rc = filter_of(c, &fl, f)) != 0) {
		c->status = rc;
		return 0;
	}
	skip = (fl.page - 1) * PAGE_ROWS;
	list = x_el(c->root, "requests");
	x_attr_int(list, "page", fl.page);
	if ((rc = run(c, &fl, CSV_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		if (!in_range(c, &fl, &row, updated, sizeof(updated)) || n++ < skip)
			continue;
		if (n > skip + PAGE_ROWS) {
			/* One more than shown: there is a next page. */
			x_attr_int(list, "next", fl.page + 1);
			break;
		}
		request_el(c, list, &row);
	}
	/* The rest of the result is not read: the next statement discards it. */
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
csv_get(struct ctx *c)
{
	static const char *const head[] = { "kind", "id", "state", "title", "created",
	    "updated", NULL };
	char created[TZ_ISO_LEN + 1], updated[TZ_ISO_LEN + 1];
	struct buf b = { 0 };
	struct filter fl;
	struct csv csv;
	struct dbrow row;
	int rc;

	if (filter_of(c, &fl, NULL) != 0)
		return 400;
	if ((rc = run(c, &fl, CSV_MAX)) < 0)
		return page_db_status(rc);
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		if (!in_range(c, &fl, &row, updated, sizeof(updated)) ||
		    tz_local(created, sizeof(created), c->co.time_zone,
		    row.col[REQ_CREATED]) == -1)
			continue;
		csv_text(&csv, row.col[REQ_KIND]);
		csv_number(&csv, row.col[REQ_ID]);
		csv_text(&csv, row.col[REQ_STATE]);
		csv_text(&csv, row.col[REQ_TITLE]);
		csv_text(&csv, created);
		csv_text(&csv, updated);
		csv_end(&csv);
	}
	if (rc < 0) {
		buf_free(&b);
		return page_db_status(rc);
	}
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, "requests.csv");
	buf_free(&b);
	return rc;
}

static const struct route routes[] = {
	{ "/companies/#/requests", R_COMPANY, "requests", list_get, list_fields, NULL, NULL,
	    NULL },
	{ "/companies/#/requests.csv", R_COMPANY, NULL, csv_get, list_fields, NULL, NULL,
	    NULL },
};

static const char *const pages[] = { "requests", NULL };
static const struct menu_item menu[] = {
	{ "/requests", "nav.requests", NULL },
	{ NULL, NULL, NULL },
};

const struct module requests_module = {
	.name = "requests", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .menu = menu, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
