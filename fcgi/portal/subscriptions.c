/*
 * Subscriptions of a company: the list (search, sort, pages, CSV),
 * a user's profile (details, SIM cards, services, price, cost centre,
 * history), and from it a plan change or a termination, each through a
 * confirmation step (GET asks "are you sure", POST does it).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/csv.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/route.h"
#include "core/util.h"
#include "core/module.h"

#define SUBS_PAGE	50
#define CSV_MAX		20000
#define COST_MAX	64

/* A product's name in the reader's language (pn: its product_names row in
 * that language), the Norwegian one where it has none. */
#define PRODUCT_NAME	"COALESCE(pn.name, p.name)"
#define PRODUCT_NAME_JOIN \
	" LEFT JOIN product_names pn ON pn.product_id = p.id AND pn.lang = ?"

/* The list: search in name, e-mail, phone, ref, product (as shown). */
#define SUBS_FROM \
	" FROM subscriptions s JOIN products p ON p.id = s.product_id" \
	PRODUCT_NAME_JOIN \
	" LEFT JOIN users u ON u.id = s.user_id" \
	" WHERE s.company_id = ? AND (? = '' OR u.name LIKE ? OR u.email LIKE ?" \
	" OR u.phone LIKE ? OR s.ref LIKE ? OR " PRODUCT_NAME " LIKE ?)"
/* COUNT(*) OVER (): the number of matches on every row, so a page that has
 * rows needs no COUNT statement of its own. */
#define SUBS_COLS \
	"SELECT s.id, s.ref, p.code, " PRODUCT_NAME ", s.status, s.monthly_price, s.currency," \
	" u.id, u.name, u.email, u.phone, s.cost_centre, DATE_FORMAT(s.ends_on, '%Y-%m-%d')," \
	" COUNT(*) OVER ()"
/* The four orders of the list share its columns and parameters. */
#define SUBS_LIST(name, order) \
	STMT(name, "sissssssii", SUB__COLS, SUBS_COLS SUBS_FROM order)

/* A row of the list, in every order. */
enum { SUB_ID, SUB_REF, SUB_PRODUCT_CODE, SUB_PRODUCT, SUB_STATUS, SUB_MONTHLY_PRICE,
	SUB_CURRENCY, SUB_USER_ID, SUB_USER_NAME, SUB_USER_EMAIL, SUB_USER_PHONE,
	SUB_COST_CENTRE, SUB_ENDS, SUB_MATCHES, SUB__COLS };
enum { SUBS_COUNT_MATCHES, SUBS_COUNT__COLS };
/* The profile. */
enum { PROF_ID, PROF_REF, PROF_PRODUCT_ID, PROF_PRODUCT_CODE, PROF_PRODUCT, PROF_STATUS,
	PROF_MONTHLY_PRICE, PROF_CURRENCY, PROF_STARTED, PROF_ENDS, PROF_COST_CENTRE,
	PROF_USER_ID, PROF_USER_NAME, PROF_USER_EMAIL, PROF_USER_PHONE, PROF_LOCATION_ID,
	PROF_LOCATION_NUMBER, PROF_LOCATION_NAME, PROF__COLS };
enum { SIM_ID, SIM_ICCID, SIM_TYPE, SIM_STATUS, SIM__COLS };
enum { SVC_ID, SVC_PRODUCT_CODE, SVC_PRODUCT, SVC_MONTHLY_PRICE, SVC_CURRENCY,
	SVC_STARTED, SVC__COLS };
enum { HIST_ID, HIST_ACTION, HIST_FROM, HIST_TO, HIST_EFFECTIVE, HIST_DETAIL, HIST_BY,
	HIST_AT, HIST__COLS };
/* A plan to change to (the plans offered, or the one chosen), with its
 * note in the reader's language. */
enum { PLAN_ID, PLAN_CODE, PLAN_NAME, PLAN_MONTHLY_PRICE, PLAN_CURRENCY, PLAN_NOTE,
	PLAN__COLS };
/* The subscription locked for a change; ENDING: a termination is set. */
enum { LOCK_STATUS, LOCK_PRODUCT_ID, LOCK_CURRENCY, LOCK_PRODUCT, LOCK_REF, LOCK_ENDING,
	LOCK__COLS };

enum { Q_SUBS_COUNT, Q_SUBS_BY_NAME, Q_SUBS_BY_REF, Q_SUBS_BY_EMAIL, Q_SUBS_BY_PHONE,
	Q_SUB_GET, Q_SUB_SIMS, Q_SUB_SERVICES, Q_SUB_HISTORY, Q_PLANS_FOR, Q_SUB_LOCK,
	Q_PLAN_GET, Q_SUB_SET_PLAN, Q_SUB_TERMINATE, Q_SUB_SET_COST_CENTRE,
	Q_SUB_HISTORY_ADD };
/*
 * The plans a company may change to (the catalogue, admin/catalogue.c):
 * not retired, orderable today, in the default catalogue or on the
 * company's contract list, and with a price in force today in the
 * company's country and the subscription's currency. Parameters: the
 * language, the country, the currency, the company, the product.
 */
#define PLANS_OFFERED \
	"SELECT p.id, p.code, " PRODUCT_NAME ", r.monthly_price, r.currency, pn.note" \
	" FROM products p" PRODUCT_NAME_JOIN \
	" JOIN product_prices r ON r.product_id = p.id AND r.country = ? AND r.currency = ?" \
	"  AND r.valid_from <= CURDATE() AND (r.valid_to IS NULL OR r.valid_to >= CURDATE())" \
	" WHERE p.kind = 'subscription' AND p.active = 1 AND p.retired_at IS NULL" \
	" AND (p.available_from IS NULL OR p.available_from <= CURDATE())" \
	" AND (p.available_to IS NULL OR p.available_to >= CURDATE())" \
	" AND (p.contract_only = 0 OR EXISTS (SELECT 1 FROM product_companies pc" \
	"  WHERE pc.product_id = p.id AND pc.company_id = ?))"
static struct stmt stmts[] = {
	[Q_SUBS_COUNT] = STMT("subscriptions.count", "sissssss", SUBS_COUNT__COLS,
	    "SELECT COUNT(*)" SUBS_FROM),
	[Q_SUBS_BY_NAME] = SUBS_LIST("subscriptions.by_name",
	    " ORDER BY u.name IS NULL, u.name, s.ref, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_REF] = SUBS_LIST("subscriptions.by_ref",
	    " ORDER BY s.ref, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_EMAIL] = SUBS_LIST("subscriptions.by_email",
	    " ORDER BY u.email IS NULL, u.email, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_PHONE] = SUBS_LIST("subscriptions.by_phone",
	    " ORDER BY u.phone IS NULL, u.phone, s.id LIMIT ? OFFSET ?"),
	[Q_SUB_GET] = STMT("subscriptions.get", "sii", PROF__COLS,
	    "SELECT s.id, s.ref, p.id, p.code, " PRODUCT_NAME ", s.status, s.monthly_price,"
	    " s.currency, DATE_FORMAT(s.started_on, '%Y-%m-%d'),"
	    " DATE_FORMAT(s.ends_on, '%Y-%m-%d'),"
	    " s.cost_centre, u.id, u.name, u.email, u.phone, l.id, l.number, l.name"
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " LEFT JOIN users u ON u.id = s.user_id LEFT JOIN locations l ON l.id = s.location_id"
	    " WHERE s.id = ? AND s.company_id = ?"),
	[Q_SUB_SIMS] = STMT("subscriptions.sims", "ii", SIM__COLS,
	    "SELECT m.id, m.iccid, m.type, m.status FROM sim_cards m"
	    " JOIN subscriptions s ON s.id = m.subscription_id AND s.company_id = ?"
	    " WHERE m.subscription_id = ? ORDER BY m.id"),
	[Q_SUB_SERVICES] = STMT("subscriptions.services", "isi", SVC__COLS,
	    "SELECT v.id, p.code, " PRODUCT_NAME ", v.monthly_price, v.currency,"
	    " DATE_FORMAT(v.started_on, '%Y-%m-%d') FROM subscription_services v"
	    " JOIN subscriptions s ON s.id = v.subscription_id AND s.company_id = ?"
	    " JOIN products p ON p.id = v.product_id" PRODUCT_NAME_JOIN
	    " WHERE v.subscription_id = ? ORDER BY v.id"),
	[Q_SUB_HISTORY] = STMT("subscriptions.history", "issi", HIST__COLS,
	    "SELECT h.id, h.action, COALESCE(fn.name, fp.name), COALESCE(tn.name, tp.name),"
	    " DATE_FORMAT(h.effective_on, '%Y-%m-%d'),"
	    " h.detail, u.name, DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s')"
	    " FROM subscription_history h"
	    " JOIN subscriptions s ON s.id = h.subscription_id AND s.company_id = ?"
	    " LEFT JOIN products fp ON fp.id = h.from_product_id"
	    " LEFT JOIN product_names fn ON fn.product_id = fp.id AND fn.lang = ?"
	    " LEFT JOIN products tp ON tp.id = h.to_product_id"
	    " LEFT JOIN product_names tn ON tn.product_id = tp.id AND tn.lang = ?"
	    " LEFT JOIN users u ON u.id = h.user_id"
	    " WHERE h.subscription_id = ? ORDER BY h.id DESC"),
	[Q_PLANS_FOR] = STMT("subscriptions.plans_for", "sssii", PLAN__COLS,
	    PLANS_OFFERED " AND p.id <> ? ORDER BY r.monthly_price, 3"),
	[Q_SUB_LOCK] = STMT("subscriptions.lock", "ii", LOCK__COLS,
	    "SELECT s.status, s.product_id, s.currency, p.name, s.ref, s.ends_on IS NOT NULL"
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id"
	    " WHERE s.id = ? AND s.company_id = ? FOR UPDATE"),
	[Q_PLAN_GET] = STMT("subscriptions.plan_get", "sssii", PLAN__COLS,
	    PLANS_OFFERED " AND p.id = ?"),
	/* The subscription takes the plan's price of today (plan_get). */
	[Q_SUB_SET_PLAN] = STMT("subscriptions.set_plan", "isii", 0,
	    "UPDATE subscriptions SET product_id = ?, monthly_price = ?"
	    " WHERE id = ? AND company_id = ?"),
	[Q_SUB_TERMINATE] = STMT("subscriptions.terminate", "sii", 0,
	    "UPDATE subscriptions SET ends_on = ? WHERE id = ? AND company_id = ?"),
	[Q_SUB_SET_COST_CENTRE] = STMT("subscriptions.set_cost_centre", "sii", 0,
	    "UPDATE subscriptions SET cost_centre = ? WHERE id = ? AND company_id = ?"),
	[Q_SUB_HISTORY_ADD] = STMT("subscriptions.history_add", "isIIssi", 0,
	    "INSERT INTO subscription_history (subscription_id, action, from_product_id,"
	    " to_product_id, effective_on, detail, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
};
#undef PLANS_OFFERED
#undef SUBS_LIST
#undef SUBS_COLS
#undef SUBS_FROM

const struct field subscriptions_fields[] = {
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
	unsigned	 q;
} sorts[] = {
	{ "name", Q_SUBS_BY_NAME },
	{ "subscription", Q_SUBS_BY_REF },
	{ "email", Q_SUBS_BY_EMAIL },
	{ "phone", Q_SUBS_BY_PHONE },
};

/* The subscription's user, in the list and on the profile (none: no element). */
static void
user_el(xmlNodePtr parent, const char *id, const char *name, const char *email,
    const char *phone)
{
	xmlNodePtr u;

	if (id == NULL)
		return;
	u = x_el(parent, "user");
	x_attr(u, "id", id);
	x_text(u, "name", name);
	x_text(u, "email", email);
	x_text(u, "phone", phone);
}

/* A product with its code, the subscription's reference (NULL: none) and a
 * price with its currency, in the order the schema has them. */
static void
product_el(xmlNodePtr parent, const char *product, const char *code, const char *ref,
    const char *price, const char *currency)
{
	x_attr(x_text(parent, "product", product), "code", code);
	x_text(parent, "ref", ref);
	x_attr(x_text(parent, "price", price), "currency", currency);
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

	db_like(q, pat, sizeof(pat));
	return db_run(c->db, &stmts[sorts[si].q], c->lang, c->co.id, q, pat, pat, pat, pat, pat,
	    limit, offset);
}

int
subscriptions_list_get(struct ctx *c)
{
	const char *q = in_get(c, "q"), *p = in_get(c, "page");
	xmlNodePtr list, e;
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
	    (rc = db_fetch(c->db, &stmts[sorts[si].q], &row)) < 0)
		return page_db_status(rc);
	/* The total comes with the rows; a page past the end has none, so
	 * only then is it counted on its own. */
	if (rc == 1)
		parse_int(row.col[SUB_MATCHES], 0, INT64_MAX, &total);
	else if (page > 1) {
		struct dbrow crow;
		int crc;

		db_like(q, pat, sizeof(pat));
		crc = db_one(c->db, &stmts[Q_SUBS_COUNT], &crow, c->lang, c->co.id, q, pat, pat,
		    pat, pat, pat);
		if (crc < 0)
			return page_db_status(crc);
		parse_int(crow.col[SUBS_COUNT_MATCHES], 0, INT64_MAX, &total);
	}
	page_begin(c, "subscriptions");
	list = x_el(c->root, "subscriptions");
	x_attr(list, "q", q);
	x_attr(list, "sort", sorts[si].name);
	x_attr_int(list, "page", page);
	x_attr_int(list, "pages", total == 0 ? 1 : (total + SUBS_PAGE - 1) / SUBS_PAGE);
	x_attr_int(list, "total", total);
	for (; rc == 1; rc = db_fetch(c->db, &stmts[sorts[si].q], &row)) {
		e = x_el(list, "subscription");
		x_attr(e, "id", row.col[SUB_ID]);
		user_el(e, row.col[SUB_USER_ID], row.col[SUB_USER_NAME],
		    row.col[SUB_USER_EMAIL], row.col[SUB_USER_PHONE]);
		product_el(e, row.col[SUB_PRODUCT], row.col[SUB_PRODUCT_CODE], row.col[SUB_REF],
		    row.col[SUB_MONTHLY_PRICE], row.col[SUB_CURRENCY]);
		x_text(e, "status", row.col[SUB_STATUS]);
		x_text(e, "cost-centre", row.col[SUB_COST_CENTRE]);
		x_text(e, "ends", row.col[SUB_ENDS]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The list as CSV (csv.h): the price a number, the rest text. */
static int
subscriptions_csv_get(struct ctx *c)
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
	while ((rc = db_fetch(c->db, &stmts[sorts[si].q], &row)) == 1) {
		csv_text(&csv, row.col[SUB_USER_NAME]);
		csv_text(&csv, row.col[SUB_USER_EMAIL]);
		csv_text(&csv, row.col[SUB_USER_PHONE]);
		csv_text(&csv, row.col[SUB_REF]);
		csv_text(&csv, row.col[SUB_PRODUCT]);
		csv_number(&csv, row.col[SUB_MONTHLY_PRICE]);
		csv_text(&csv, row.col[SUB_CURRENCY]);
		csv_text(&csv, row.col[SUB_STATUS]);
		csv_text(&csv, row.col[SUB_COST_CENTRE]);
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

	rc = db_one(c->db, &stmts[Q_SUB_GET], &row, c->lang, c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "subscription");
	s = x_el(c->root, "subscription");
	x_attr(s, "id", row.col[PROF_ID]);
	snprintf(si->status, sizeof(si->status), "%s", row.col[PROF_STATUS]);
	snprintf(si->currency, sizeof(si->currency), "%s", row.col[PROF_CURRENCY]);
	snprintf(si->product_id, sizeof(si->product_id), "%s", row.col[PROF_PRODUCT_ID]);
	snprintf(si->ends, sizeof(si->ends), "%s",
	    row.col[PROF_ENDS] ? row.col[PROF_ENDS] : "");
	user_el(s, row.col[PROF_USER_ID], row.col[PROF_USER_NAME], row.col[PROF_USER_EMAIL],
	    row.col[PROF_USER_PHONE]);
	if (row.col[PROF_LOCATION_ID] != NULL) {
		e = x_el(s, "location");
		x_attr(e, "id", row.col[PROF_LOCATION_ID]);
		x_text(e, "number", row.col[PROF_LOCATION_NUMBER]);
		x_text(e, "name", row.col[PROF_LOCATION_NAME]);
	}
	product_el(s, row.col[PROF_PRODUCT], row.col[PROF_PRODUCT_CODE], row.col[PROF_REF],
	    row.col[PROF_MONTHLY_PRICE], row.col[PROF_CURRENCY]);
	x_text(s, "status", row.col[PROF_STATUS]);
	x_text(s, "started", row.col[PROF_STARTED]);
	x_text(s, "ends", row.col[PROF_ENDS]);
	x_text(s, "cost-centre", row.col[PROF_COST_CENTRE]);

	if ((rc = db_run(c->db, &stmts[Q_SUB_SIMS], c->co.id, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "sims");
	while ((rc = db_fetch(c->db, &stmts[Q_SUB_SIMS], &row)) == 1) {
		e = x_el(list, "sim");
		x_attr(e, "id", row.col[SIM_ID]);
		x_text(e, "iccid", row.col[SIM_ICCID]);
		x_text(e, "type", row.col[SIM_TYPE]);
		x_text(e, "status", row.col[SIM_STATUS]);
	}
	if (rc < 0 ||
	    (rc = db_run(c->db, &stmts[Q_SUB_SERVICES], c->co.id, c->lang, c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "services");
	while ((rc = db_fetch(c->db, &stmts[Q_SUB_SERVICES], &row)) == 1) {
		e = x_el(list, "service");
		x_attr(e, "id", row.col[SVC_ID]);
		product_el(e, row.col[SVC_PRODUCT], row.col[SVC_PRODUCT_CODE], NULL,
		    row.col[SVC_MONTHLY_PRICE], row.col[SVC_CURRENCY]);
		x_text(e, "started", row.col[SVC_STARTED]);
	}
	if (rc < 0 ||
	    (rc = db_run(c->db, &stmts[Q_SUB_HISTORY], c->co.id, c->lang, c->lang,
	    c->ids[1])) < 0)
		return page_db_status(rc);
	list = x_el(s, "history");
	while ((rc = db_fetch(c->db, &stmts[Q_SUB_HISTORY], &row)) == 1) {
		e = x_el(list, "entry");
		x_attr(e, "id", row.col[HIST_ID]);
		x_text(e, "action", row.col[HIST_ACTION]);
		x_text(e, "from", row.col[HIST_FROM]);
		x_text(e, "to", row.col[HIST_TO]);
		x_text(e, "effective", row.col[HIST_EFFECTIVE]);
		x_text(e, "detail", row.col[HIST_DETAIL]);
		x_text(e, "by", row.col[HIST_BY]);
		x_time(e, "at", c->co.time_zone, row.col[HIST_AT]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*out = s;
	return 0;
}

/* A plan, in the list offered and on the confirmation page alike: today's
 * price in the company's country, and the catalogue's note. */
static void
plan_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr e = x_el(parent, "plan");

	x_attr(e, "id", row->col[PLAN_ID]);
	product_el(e, row->col[PLAN_NAME], row->col[PLAN_CODE], NULL,
	    row->col[PLAN_MONTHLY_PRICE], row->col[PLAN_CURRENCY]);
	x_text(e, "note", row->col[PLAN_NOTE]);
}

static int
plans(struct ctx *c, const struct sub_info *si)
{
	xmlNodePtr list;
	struct dbrow row;
	long long pid = 0;
	int rc;

	parse_int(si->product_id, 1, INT64_MAX, &pid);
	if ((rc = db_run(c->db, &stmts[Q_PLANS_FOR], c->lang, c->co.country, si->currency,
	    c->co.id, pid)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "plans");
	while ((rc = db_fetch(c->db, &stmts[Q_PLANS_FOR], &row)) == 1)
		plan_el(list, &row);
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
subscription_get(struct ctx *c)
{
	xmlNodePtr f;

	return profile_page(c, NULL, &f);
}

/*
 * What every change of a subscription writes after the change itself, in
 * its transaction: the history row, the audit row, the redirect to the
 * profile with the confirmation. from, to: products (0: none).
 */
struct sub_change {
	const char	*action;	/* the history's action */
	long long	 from, to;
	const char	*effective;	/* a date, or NULL */
	const char	*detail;	/* the history's detail, or NULL */
	const char	*audit;		/* the audit row's action */
	const char	*audit_detail;
	const char	*done;		/* the confirmation code */
};

static int
subscription_changed(struct ctx *c, const struct sub_change *ch)
{
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_SUB_HISTORY_ADD], c->ids[1], ch->action,
	    ch->from, ch->to, ch->effective, ch->detail, c->sess.user_id)) < 0)
		return rc;
	if ((rc = page_audit(c, ch->audit, "subscription", c->ids[1],
	    ch->audit_detail)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=%s", c->co.id,
	    c->ids[1], ch->done);
	return DB_OK;
}

static int
cost_centre_txn(struct ctx *c, void *arg)
{
	const char *cc = arg;
	struct dbrow row;
	int rc;

	/* The subscription must be this company's (404 otherwise, nothing written). */
	if ((rc = db_one(c->db, &stmts[Q_SUB_LOCK], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if ((rc = db_run(c->db, &stmts[Q_SUB_SET_COST_CENTRE], cc[0] ? cc : NULL,
	    c->ids[1], c->co.id)) < 0)
		return rc;
	return subscription_changed(c, &(struct sub_change){ "cost-centre", 0, 0, NULL,
	    cc, "cost-centre", cc, "cost-centre-saved" });
}

static int
subscription_cost_centre_post(struct ctx *c)
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
	return db_one(c->db, &stmts[Q_PLAN_GET], row, c->lang, c->co.country, currency,
	    c->co.id, pid);
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
		if (rc == 0 || strcmp(row.col[PLAN_ID], si.product_id) == 0)
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
	if (strcmp(action, "plan") == 0)
		plan_el(cf, &row);
	else
		x_text(cf, "date", in_get(c, "date"));
	return 0;
}

static int
check_date(struct ctx *c, const char **code)
{
	const char *d = in_get(c, "date");
	char copy[11], today[11];
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
	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	if (strcmp(d, today) < 0)
		*code = "past-date";
	return 0;
}

static int
subscription_plan_get(struct ctx *c)
{
	return confirm_page(c, "plan", "product", in_get(c, "product") ? NULL : "required");
}

static int
subscription_terminate_get(struct ctx *c)
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
	char currency[4], price[24], detail[64];
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_SUB_LOCK], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[LOCK_STATUS], "terminated") == 0 ||
	    strcmp(row.col[LOCK_ENDING], "1") == 0)
		return 409;
	parse_int(row.col[LOCK_PRODUCT_ID], 1, INT64_MAX, &from);
	snprintf(currency, sizeof(currency), "%s", row.col[LOCK_CURRENCY]);
	if ((rc = plan_lookup(c, product, currency, &row)) <= 0)
		return rc < 0 ? rc : 400;
	parse_int(row.col[PLAN_ID], 1, INT64_MAX, &to);
	if (to == from)
		return 400;
	snprintf(price, sizeof(price), "%s", row.col[PLAN_MONTHLY_PRICE]);
	if ((rc = db_run(c->db, &stmts[Q_SUB_SET_PLAN], to, price, c->ids[1],
	    c->co.id)) < 0)
		return rc;
	snprintf(detail, sizeof(detail), "product %lld -> %lld", from, to);
	return subscription_changed(c, &(struct sub_change){ "plan-change", from, to,
	    NULL, NULL, "plan-change", detail, "plan-changed" });
}

static int
subscription_plan_post(struct ctx *c)
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

	if ((rc = db_one(c->db, &stmts[Q_SUB_LOCK], &row, c->ids[1], c->co.id)) <= 0)
		return rc < 0 ? rc : 404;
	if (strcmp(row.col[LOCK_STATUS], "terminated") == 0 ||
	    strcmp(row.col[LOCK_ENDING], "1") == 0)
		return 409;
	if ((rc = db_run(c->db, &stmts[Q_SUB_TERMINATE], date, c->ids[1], c->co.id)) < 0)
		return rc;
	return subscription_changed(c, &(struct sub_change){ "termination", 0, 0, date,
	    NULL, "terminate", date, "terminated" });
}

static int
subscription_terminate_post(struct ctx *c)
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
	{ "/companies/#/subscriptions", R_COMPANY, "subscriptions", subscriptions_list_get,
	    subscriptions_fields, NULL, NULL, "subscriptions" },
	{ "/companies/#/subscriptions.csv", R_COMPANY, NULL, subscriptions_csv_get,
	    subs_csv_fields, NULL, NULL, "subscriptions" },
	{ "/companies/#/subscriptions/#", R_COMPANY | R_ONCE, "subscription",
	    subscription_get, NULL, subscription_cost_centre_post, cost_centre_fields,
	    "subscriptions" },
	/* A plan change or termination is an order on a subscription. */
	{ "/companies/#/subscriptions/#/plan", R_COMPANY | R_ONCE, "subscription-confirm",
	    subscription_plan_get, plan_fields, subscription_plan_post, plan_fields,
	    "subscriptions orders" },
	{ "/companies/#/subscriptions/#/terminate", R_COMPANY | R_ONCE,
	    "subscription-confirm", subscription_terminate_get, terminate_fields,
	    subscription_terminate_post, terminate_fields, "subscriptions orders" },
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
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
