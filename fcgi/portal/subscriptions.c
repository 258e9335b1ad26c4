/*
 * Subscriptions of a company: the list (search, sort, pages, CSV),
 * a user's profile (details, SIM cards, services, price, cost centre,
 * history), and from it a plan change or a termination, each through a
 * confirmation step (GET asks "are you sure", POST does it). The changes
 * themselves are subscriptions/change.c's, which the back office shares.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/page.h"
#include "portal/portal.h"
#include "portal/usage.h"
#include "core/route.h"
#include "core/util.h"
#include "core/module.h"
#include "subscriptions/bar.h"
#include "subscriptions/change.h"
#include "subscriptions/ending.h"
#include "subscriptions/life.h"
#include "subscriptions/search.h"
#include "usage/usage.h"

#define SUBS_PAGE	50
#define CSV_MAX		20000
#define COST_MAX	64

/* The list: search in name, e-mail, phone, ref, product (as shown). */
#define SUBS_FROM	SUB_SEARCH_FROM
/* COUNT(*) OVER (): the number of matches on every row, so a page that has
 * rows needs no COUNT statement of its own. */
#define SUBS_COLS \
	"SELECT s.id, s.ref, p.code, " PRODUCT_NAME ", " SUB_STATUS_NOW("s") "," \
	" s.monthly_price, s.currency," \
	" u.id, u.name, u.email, u.phone, s.cost_centre, DATE_FORMAT(s.ends_on, '%Y-%m-%d')," \
	" COUNT(*) OVER (), " BARS_OF("s")
/* The four orders of the list share its columns and parameters. */
#define SUBS_LIST(name, order) \
	STMT(name, "sissssssii", SUB__COLS, SUBS_COLS SUBS_FROM order)

/* A row of the list, in every order. */
enum { SUB_ID, SUB_REF, SUB_PRODUCT_CODE, SUB_PRODUCT, SUB_STATUS, SUB_MONTHLY_PRICE,
	SUB_CURRENCY, SUB_USER_ID, SUB_USER_NAME, SUB_USER_EMAIL, SUB_USER_PHONE,
	SUB_COST_CENTRE, SUB_ENDS, SUB_MATCHES, SUB_BARS, SUB__COLS };
enum { SUBS_COUNT_MATCHES, SUBS_COUNT__COLS };
/* The profile. */
enum { PROF_ID, PROF_REF, PROF_PRODUCT_ID, PROF_PRODUCT_CODE, PROF_PRODUCT, PROF_STATUS,
	PROF_MONTHLY_PRICE, PROF_CURRENCY, PROF_STARTED, PROF_ENDS, PROF_COST_CENTRE,
	PROF_USER_ID, PROF_USER_NAME, PROF_USER_EMAIL, PROF_USER_PHONE, PROF_LOCATION_ID,
	PROF_LOCATION_NUMBER, PROF_LOCATION_NAME, PROF_END_REASON, PROF_END_NOTE,
	PROF_LIFE, PROF_QUOTA = PROF_LIFE + LIFE__COLS,
	PROF__COLS = PROF_QUOTA + USAGE_QUOTA__COLS };
/* The profile's three lists in one statement: each row its list (kind)
 * and id, then its list's own columns. */
enum { LIST_KIND, LIST_ID, LIST__COLS = LIST_ID + 9 };
enum { SIM_ID = LIST_ID, SIM_ICCID, SIM_TYPE, SIM_STATUS };
enum { SVC_ID = LIST_ID, SVC_PRODUCT_CODE, SVC_PRODUCT, SVC_MONTHLY_PRICE, SVC_CURRENCY,
	SVC_STARTED };
enum { HIST_ID = LIST_ID, HIST_ACTION, HIST_FROM, HIST_TO, HIST_EFFECTIVE, HIST_DETAIL,
	HIST_BY, HIST_BY_OPERATOR, HIST_AT };

enum { Q_SUBS_COUNT, Q_SUBS_BY_NAME, Q_SUBS_BY_REF, Q_SUBS_BY_EMAIL, Q_SUBS_BY_PHONE,
	Q_SUB_GET, Q_SUB_LISTS };
static struct stmt stmts[] = {
	[Q_SUBS_COUNT] = STMT("subscriptions.count", SUB_SEARCH_PARAMS, SUBS_COUNT__COLS,
	    "SELECT COUNT(*)" SUBS_FROM),
	[Q_SUBS_BY_NAME] = SUBS_LIST("subscriptions.by_name",
	    " ORDER BY u.name IS NULL, u.name, s.ref, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_REF] = SUBS_LIST("subscriptions.by_ref",
	    " ORDER BY s.ref, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_EMAIL] = SUBS_LIST("subscriptions.by_email",
	    " ORDER BY u.email IS NULL, u.email, s.id LIMIT ? OFFSET ?"),
	[Q_SUBS_BY_PHONE] = SUBS_LIST("subscriptions.by_phone",
	    " ORDER BY u.phone IS NULL, u.phone, s.id LIMIT ? OFFSET ?"),
	/* With the meter's quota and use of the period (usage/usage.h). */
	[Q_SUB_GET] = STMT("subscriptions.get", "ssss" "sii", PROF__COLS,
	    "SELECT s.id, s.ref, p.id, p.code, " PRODUCT_NAME ", " SUB_STATUS_NOW("s") ","
	    " s.monthly_price,"
	    " s.currency, DATE_FORMAT(s.started_on, '%Y-%m-%d'),"
	    " DATE_FORMAT(s.ends_on, '%Y-%m-%d'),"
	    " s.cost_centre, u.id, u.name, u.email, u.phone, l.id, l.number, l.name,"
	    " s.end_reason, s.end_note, " LIFE_BOX_COLS("s") ","
	    USAGE_QUOTA_SQL("?", "?", "?", "?")
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " LEFT JOIN users u ON u.id = s.user_id LEFT JOIN locations l ON l.id = s.location_id"
	    " WHERE s.id = ? AND s.company_id = ?"),
	/* SIM cards and services by id, the history newest first. A change
	 * the operator made names the staff member by first name only (as
	 * the case thread does: cases/cases.h). */
	[Q_SUB_LISTS] = STMT("subscriptions.lists", "ii" "isi" "issi", LIST__COLS,
	    "SELECT x.kind, x.id, x.c1, x.c2, x.c3, x.c4, x.c5, x.c6, x.c7, x.c8 FROM ("
	    " SELECT 1 AS kind, m.id AS id, " SQL_TEXT("m.iccid") " AS c1,"
	    "  " SQL_TEXT("m.type") " AS c2, " SQL_TEXT("m.status") " AS c3, NULL AS c4,"
	    "  NULL AS c5, NULL AS c6, NULL AS c7, NULL AS c8"
	    "  FROM sim_cards m"
	    "  JOIN subscriptions s ON s.id = m.subscription_id AND s.company_id = ?"
	    "  WHERE m.subscription_id = ?"
	    " UNION ALL"
	    " SELECT 2, v.id, " SQL_TEXT("p.code") ", " SQL_TEXT(PRODUCT_NAME) ","
	    "  " SQL_TEXT("v.monthly_price") ", " SQL_TEXT("v.currency") ","
	    "  " SQL_TEXT("DATE_FORMAT(v.started_on, '%Y-%m-%d')") ", NULL, NULL, NULL"
	    "  FROM subscription_services v"
	    "  JOIN subscriptions s ON s.id = v.subscription_id AND s.company_id = ?"
	    "  JOIN products p ON p.id = v.product_id" PRODUCT_NAME_JOIN
	    "  WHERE v.subscription_id = ?"
	    " UNION ALL"
	    " SELECT 3, h.id, " SQL_TEXT("h.action") ", " SQL_TEXT("COALESCE(fn.name, fp.name)") ","
	    "  " SQL_TEXT("COALESCE(tn.name, tp.name)") ","
	    "  " SQL_TEXT("DATE_FORMAT(h.effective_on, '%Y-%m-%d')") ", " SQL_TEXT("h.detail") ","
	    "  " SQL_TEXT("COALESCE(u.name, SUBSTRING_INDEX(t.name, ' ', 1))") ","
	    "  IF(h.staff_id IS NOT NULL, '1', '0'),"
	    "  " SQL_TEXT("DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s')")
	    "  FROM subscription_history h"
	    "  JOIN subscriptions s ON s.id = h.subscription_id AND s.company_id = ?"
	    "  LEFT JOIN products fp ON fp.id = h.from_product_id"
	    "  LEFT JOIN product_names fn ON fn.product_id = fp.id AND fn.lang = ?"
	    "  LEFT JOIN products tp ON tp.id = h.to_product_id"
	    "  LEFT JOIN product_names tn ON tn.product_id = tp.id AND tn.lang = ?"
	    "  LEFT JOIN users u ON u.id = h.user_id"
	    "  LEFT JOIN staff t ON t.id = h.staff_id"
	    "  WHERE h.subscription_id = ?"
	    ") x ORDER BY x.kind, IF(x.kind = 3, -x.id, x.id)"),
};
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
	{ "reason", V_WORD, 0 },
	{ "note", V_TEXT, 0 },
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
		sub_product_el(e, row.col[SUB_PRODUCT], row.col[SUB_PRODUCT_CODE], row.col[SUB_REF],
		    row.col[SUB_MONTHLY_PRICE], row.col[SUB_CURRENCY]);
		x_text(e, "status", row.col[SUB_STATUS]);
		x_text(e, "cost-centre", row.col[SUB_COST_CENTRE]);
		x_text(e, "ends", row.col[SUB_ENDS]);
		bars_el(e, row.col[SUB_BARS]);
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
	xmlNodePtr s, e, sims, services, history, by;
	struct usage_quota q;
	struct usage_period *p = &q.period;
	struct dbrow sub, row;
	int rc;

	/* The subscription, its company's check, its life box, its meter and
	 * why it ends in one round trip; the row stays while the lists are
	 * read. */
	if (usage_period_at(c->co.time_zone, (long long)time(NULL), 0, p) != 0)
		return 500;
	rc = db_one(c->db, &stmts[Q_SUB_GET], &sub, p->start, p->end, p->start_utc,
	    p->end_utc, c->lang, c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	row = sub;
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
	sub_product_el(s, row.col[PROF_PRODUCT], row.col[PROF_PRODUCT_CODE], row.col[PROF_REF],
	    row.col[PROF_MONTHLY_PRICE], row.col[PROF_CURRENCY]);
	x_text(s, "status", row.col[PROF_STATUS]);
	x_text(s, "started", row.col[PROF_STARTED]);
	x_text(s, "ends", row.col[PROF_ENDS]);
	x_text(s, "cost-centre", row.col[PROF_COST_CENTRE]);

	/* The SIM cards, services and history in one round trip. */
	if ((rc = db_run(c->db, &stmts[Q_SUB_LISTS], c->co.id, c->ids[1], c->co.id, c->lang,
	    c->ids[1], c->co.id, c->lang, c->lang, c->ids[1])) < 0)
		return page_db_status(rc);
	sims = x_el(s, "sims");
	services = x_el(s, "services");
	history = x_el(s, "history");
	while ((rc = db_fetch(c->db, &stmts[Q_SUB_LISTS], &row)) == 1) {
		switch (row.col[LIST_KIND][0]) {
		case '1':
			e = x_el(sims, "sim");
			x_attr(e, "id", row.col[SIM_ID]);
			x_text(e, "iccid", row.col[SIM_ICCID]);
			x_text(e, "type", row.col[SIM_TYPE]);
			x_text(e, "status", row.col[SIM_STATUS]);
			break;
		case '2':
			e = x_el(services, "service");
			x_attr(e, "id", row.col[SVC_ID]);
			sub_product_el(e, row.col[SVC_PRODUCT], row.col[SVC_PRODUCT_CODE], NULL,
			    row.col[SVC_MONTHLY_PRICE], row.col[SVC_CURRENCY]);
			x_text(e, "started", row.col[SVC_STARTED]);
			break;
		default:
			e = x_el(history, "entry");
			x_attr(e, "id", row.col[HIST_ID]);
			x_text(e, "action", row.col[HIST_ACTION]);
			x_text(e, "from", row.col[HIST_FROM]);
			x_text(e, "to", row.col[HIST_TO]);
			x_text(e, "effective", row.col[HIST_EFFECTIVE]);
			x_text(e, "detail", row.col[HIST_DETAIL]);
			if ((by = x_text(e, "by", row.col[HIST_BY])) != NULL &&
			    strcmp(row.col[HIST_BY_OPERATOR], "1") == 0)
				x_attr(by, "operator", "yes");
			x_time(e, "at", c->co.time_zone, row.col[HIST_AT]);
		}
	}
	if (rc < 0)
		return page_db_status(rc);
	life_box_add(s, sub.col + PROF_LIFE);
	usage_quota_set(&q, sub.col[PROF_QUOTA + USAGE_QUOTA_PLAN_GB],
	    sub.col[PROF_QUOTA + USAGE_QUOTA_USED], sub.col[PROF_QUOTA + USAGE_QUOTA_TOPUP_GB]);
	usage_meter_add(s, &q);
	if (sub.col[PROF_END_REASON] != NULL)
		end_reason_add(s, &(struct end_reason){ sub.col[PROF_END_REASON],
		    sub.col[PROF_END_NOTE] });
	*out = s;
	return 0;
}

static int
plans(struct ctx *c, const struct sub_info *si)
{
	long long pid = 0;
	int rc;

	parse_int(si->product_id, 1, INT64_MAX, &pid);
	rc = sub_plans_el(c, c->root, si->currency, pid);
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

/* A change made (rc DB_OK): to the profile with the confirmation. */
static int
changed(struct ctx *c, int rc, const char *done)
{
	if (rc != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/subscriptions/%lld?done=%s", c->co.id,
	    c->ids[1], done);
	return DB_OK;
}

static int
cost_centre_txn(struct ctx *c, void *arg)
{
	return changed(c, sub_set_cost_centre(c, c->ids[1], arg), "cost-centre-saved");
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

/* The confirmation page, or the profile re-shown with error on form. */
static int
confirm_page(struct ctx *c, const char *action, const char *field, const char *code,
    const struct end_reason *why)
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
		rc = sub_plan_lookup(c, in_get(c, "product"), si.currency, &row);
		if (rc < 0)
			return page_db_status(rc);
		if (rc == 0 || strcmp(row.col[SUBPLAN_ID], si.product_id) == 0)
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
		else {
			form_value(f, "date", in_get(c, "date"));
			form_value(f, "reason", in_get(c, "reason"));
			form_value(f, "note", in_get(c, "note"));
		}
		form_error(f, field, code);
		c->status = strcmp(code, "terminated") == 0 ? 409 : 400;
		return 0;
	}
	xmlSetProp(c->root, BAD_CAST "name", BAD_CAST "subscription-confirm");
	cf = x_el(c->root, "confirm");
	x_attr(cf, "action", action);
	if (strcmp(action, "plan") == 0)
		sub_plan_el(cf, &row);
	else {
		x_text(cf, "date", in_get(c, "date"));
		end_reason_add(cf, why);
	}
	return 0;
}

static int
subscription_plan_get(struct ctx *c)
{
	return confirm_page(c, "plan", "product", in_get(c, "product") ? NULL : "required",
	    NULL);
}

/* The date and the reason of a termination as asked: the field in error
 * (its code in *code) or NULL; <0: an HTTP status. */
static int
terminate_read(struct ctx *c, struct end_reason *why, const char **field,
    const char **code)
{
	int rc;

	*field = "date";
	if ((rc = sub_check_date(c, in_get(c, "date"), code)) != 0)
		return rc;
	if (*code == NULL)
		*field = end_reason_read(c, why, code);
	return 0;
}

static int
subscription_terminate_get(struct ctx *c)
{
	struct end_reason why = { NULL, NULL };
	const char *field, *code;
	int rc;

	if ((rc = terminate_read(c, &why, &field, &code)) != 0)
		return rc;
	return confirm_page(c, "terminate", field, code, &why);
}

static int
plan_txn(struct ctx *c, void *arg)
{
	return changed(c, sub_change_plan(c, c->ids[1], arg, NULL), "plan-changed");
}

static int
subscription_plan_post(struct ctx *c)
{
	int rc = page_change(c, plan_txn, (void *)(uintptr_t)in_get(c, "product"));

	if (rc == 400)
		return confirm_page(c, "plan", "product", "invalid", NULL);
	if (rc == 409)
		return confirm_page(c, "plan", "product", "terminated", NULL);
	return rc;
}

static int
terminate_txn(struct ctx *c, void *arg)
{
	return changed(c, sub_terminate(c, c->ids[1], in_get(c, "date"), arg, NULL),
	    "terminated");
}

static int
subscription_terminate_post(struct ctx *c)
{
	struct end_reason why = { NULL, NULL };
	const char *field, *code;
	int rc;

	if ((rc = terminate_read(c, &why, &field, &code)) != 0)
		return rc;
	if (code != NULL)
		return confirm_page(c, "terminate", field, code, &why);
	rc = page_change(c, terminate_txn, &why);
	if (rc == 409)
		return confirm_page(c, "terminate", "date", "terminated", &why);
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
