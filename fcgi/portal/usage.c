/*
 * Usage pages of the subscriptions area: the meter of this billing period
 * (used against the quota, percent used, days left) on a subscription's
 * page, and the usage page of a location ("Forbruk" in the location
 * overview) and of one subscription: the meter and the history, daily use
 * this period and use per period for the last 12, which the stylesheet
 * draws as charts; the same figures as CSV. Everything is read from the
 * daily aggregates (usage_daily), never from the records, and through the
 * company: another company's subscription or location gives 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "portal/topups.h"
#include "portal/usage.h"
#include "subscriptions/change.h"
#include "usage/usage.h"

#define PERIODS		12	/* the history: this period and the 11 before */
#define LOCATION_SUBS	50	/* subscriptions shown on a location's page */

enum { US_ID, US_REF, US_PRODUCT_CODE, US_PRODUCT, US__COLS };
enum { UL_NUMBER, UL_NAME, UL__COLS };
enum { UD_KEY, UD_AMOUNT, UD__COLS };
enum { Q_SUB, Q_LOCATION, Q_LOCATION_SUBS, Q_DAILY, Q_PERIODS };
static struct stmt stmts[] = {
	[Q_SUB] = STMT("usage.subscription", "sii", US__COLS,
	    "SELECT s.id, s.ref, p.code, " PRODUCT_NAME
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.id = ? AND s.company_id = ?"),
	[Q_LOCATION] = STMT("usage.location", "ii", UL__COLS,
	    "SELECT number, name FROM locations WHERE id = ? AND company_id = ?"),
	[Q_LOCATION_SUBS] = STMT("usage.location_subscriptions", "siii", US__COLS,
	    "SELECT s.id, s.ref, p.code, " PRODUCT_NAME
	    " FROM subscriptions s JOIN products p ON p.id = s.product_id" PRODUCT_NAME_JOIN
	    " WHERE s.location_id = ? AND s.company_id = ? AND s.status <> 'terminated'"
	    " ORDER BY s.id LIMIT ?"),
	[Q_DAILY] = STMT("usage.daily", "iiss", UD__COLS,
	    "SELECT DATE_FORMAT(day, '%Y-%m-%d'), amount FROM usage_daily"
	    " WHERE subscription_id = ? AND company_id = ? AND usage_type = 'data'"
	    " AND day >= ? AND day < ? ORDER BY day"),
	[Q_PERIODS] = STMT("usage.periods", "iiss", UD__COLS,
	    "SELECT DATE_FORMAT(day, '%Y-%m'), SUM(amount) FROM usage_daily"
	    " WHERE subscription_id = ? AND company_id = ? AND usage_type = 'data'"
	    " AND day >= ? AND day < ? GROUP BY 1 ORDER BY 1"),
};

static void
num_attr(xmlNodePtr e, const char *name, long long v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", v);
	x_attr(e, name, s);
}

/* An amount of data as bytes and gigabytes. */
static void
bytes_attrs(xmlNodePtr e, const char *bytes, const char *gb, long long v)
{
	char s[32];

	num_attr(e, bytes, v);
	usage_gb(v, s, sizeof(s));
	x_attr(e, gb, s);
}

void
usage_meter_add(xmlNodePtr parent, const struct usage_quota *q)
{
	const struct usage_period *p = &q->period;
	xmlNodePtr m = x_el(parent, "meter");

	x_attr(m, "period", p->name);
	x_attr(m, "start", p->start);
	num_attr(m, "days", p->days);
	num_attr(m, "left", p->left);
	bytes_attrs(m, "used", "used-gb", q->used);
	if (q->quota > 0) {
		bytes_attrs(m, "quota", "quota-gb", q->quota);
		bytes_attrs(m, "plan", "plan-gb", q->plan);
		bytes_attrs(m, "topups", "topups-gb", q->topups);
		num_attr(m, "percent", usage_percent(q->used, q->quota));
	}
}

int
usage_meter_el(struct ctx *c, xmlNodePtr parent, long long sub)
{
	struct usage_quota q;
	int rc;

	if ((rc = usage_quota(c->db, c->co.id, sub, c->co.time_zone, (long long)time(NULL),
	    &q)) <= 0)
		return rc;
	usage_meter_add(parent, &q);
	return DB_OK;
}

/* Day k (0-based) of a period as "YYYY-MM-DD". */
static void
period_day(const struct usage_period *p, int k, char out[24])
{
	snprintf(out, 24, "%.8s%02d", p->start, (k + 1) % 100);
}

/* The rows of st in key order, each period key of keys[0..n) given one
 * element (0 when it has no row). */
static int
series_el(struct ctx *c, xmlNodePtr parent, const char *name, const char *key,
    struct stmt *st, char (*keys)[24], int n)
{
	struct dbrow row;
	xmlNodePtr e;
	int k, more;
	long long v;

	more = db_fetch(c->db, st, &row);
	for (k = 0; k < n; k++) {
		while (more == 1 && strcmp(row.col[UD_KEY], keys[k]) < 0)
			more = db_fetch(c->db, st, &row);
		v = more == 1 && strcmp(row.col[UD_KEY], keys[k]) == 0 ?
		    atoll(row.col[UD_AMOUNT]) : 0;
		e = x_el(parent, name);
		x_attr(e, key, keys[k]);
		bytes_attrs(e, "bytes", "gb", v);
	}
	while (more == 1)
		more = db_fetch(c->db, st, &row);
	return more < 0 ? more : DB_OK;
}

/* <history>: the days of this period so far, and the last PERIODS periods. */
static int
history_el(struct ctx *c, xmlNodePtr parent, long long sub, const struct usage_period *cur)
{
	struct usage_period first, p;
	char keys[PERIODS > 31 ? PERIODS : 31][24];
	long long now = (long long)time(NULL);
	xmlNodePtr h = x_el(parent, "history"), e;
	int k, n, rc;

	e = x_el(h, "daily");
	n = cur->days - cur->left + 1;
	for (k = 0; k < n; k++)
		period_day(cur, k, keys[k]);
	if ((rc = db_run(c->db, &stmts[Q_DAILY], sub, c->co.id, cur->start, cur->end)) < 0 ||
	    (rc = series_el(c, e, "day", "date", &stmts[Q_DAILY], keys, n)) < 0)
		return rc;
	e = x_el(h, "periods");
	for (k = 0; k < PERIODS; k++) {
		if (usage_period_at(c->co.time_zone, now, PERIODS - 1 - k, &p) != 0)
			return DB_ERROR;
		if (k == 0)
			first = p;
		snprintf(keys[k], sizeof(keys[k]), "%s", p.name);
	}
	if ((rc = db_run(c->db, &stmts[Q_PERIODS], sub, c->co.id, first.start, cur->end)) < 0)
		return rc;
	return series_el(c, e, "period", "name", &stmts[Q_PERIODS], keys, PERIODS);
}

/* One subscription's <subscription> with its meter and history. */
static int
subscription_el(struct ctx *c, xmlNodePtr parent, const struct dbrow *row)
{
	struct usage_quota q;
	long long sub = atoll(row->col[US_ID]);
	xmlNodePtr s, e;
	int rc;

	s = x_el(parent, "subscription");
	x_attr(s, "id", row->col[US_ID]);
	x_text(s, "ref", row->col[US_REF]);
	e = x_text(s, "product", row->col[US_PRODUCT]);
	x_attr(e, "code", row->col[US_PRODUCT_CODE]);
	if ((rc = usage_quota(c->db, c->co.id, sub, c->co.time_zone, (long long)time(NULL),
	    &q)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	usage_meter_add(s, &q);
	return history_el(c, s, sub, &q.period);
}

static int
subscription_page(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr u;
	int rc;

	rc = db_one(c->db, &stmts[Q_SUB], &row, c->lang, c->ids[1], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "usage");
	u = x_el(c->root, "usage");
	if ((rc = subscription_el(c, u, &row)) < 0 || (rc = topups_el(c, u)) < 0)
		return page_db_status(rc);
	return 0;
}

static int
usage_subscription_get(struct ctx *c)
{
	return subscription_page(c);
}

static int
usage_location_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr u, l;
	long long ids[LOCATION_SUBS];
	size_t n = 0, k;
	int rc;

	rc = db_one(c->db, &stmts[Q_LOCATION], &row, c->ids[0], c->co.id);
	if (rc <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "usage");
	u = x_el(c->root, "usage");
	l = x_el(u, "location");
	num_attr(l, "id", c->ids[0]);
	x_text(l, "number", row.col[UL_NUMBER]);
	x_text(l, "name", row.col[UL_NAME]);
	if ((rc = db_run(c->db, &stmts[Q_LOCATION_SUBS], c->lang, c->ids[0], c->co.id,
	    (long long)LOCATION_SUBS)) < 0)
		return page_db_status(rc);
	while (n < LOCATION_SUBS && (rc = db_fetch(c->db, &stmts[Q_LOCATION_SUBS], &row)) == 1)
		ids[n++] = atoll(row.col[US_ID]);
	if (rc < 0)
		return page_db_status(rc);
	/* Each subscription's own statements run after the list is read. */
	for (k = 0; k < n; k++) {
		if ((rc = db_one(c->db, &stmts[Q_SUB], &row, c->lang, ids[k], c->co.id)) < 0 ||
		    (rc == 1 && (rc = subscription_el(c, u, &row)) < 0))
			return page_db_status(rc);
	}
	return (rc = topups_el(c, u)) < 0 ? page_db_status(rc) : 0;
}

/* The history as CSV: one row per day of this period, then per period. */
static int
usage_csv_get(struct ctx *c)
{
	static const char *const head[] = { "subscription", "kind", "date", "gb", "bytes",
		NULL };
	static const struct { const char *list, *item, *key, *kind; } series[] = {
		{ "daily", "day", "date", "day" },
		{ "periods", "period", "name", "period" },
	};
	char name[80];
	struct buf b = { 0 };
	struct csv csv;
	xmlNodePtr s, h, e;
	xmlChar *v;
	size_t k;
	int rc;

	if ((rc = subscription_page(c)) != 0)
		return rc;
	s = x_child(x_child(c->root, "usage"), "subscription");
	h = x_child(s, "history");
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	v = xmlNodeGetContent(x_child(s, "ref"));
	for (k = 0; k < COUNTOF(series); k++)
		for (e = x_child(x_child(h, series[k].list), series[k].item); e != NULL;
		    e = e->next) {
			xmlChar *key = xmlGetProp(e, BAD_CAST series[k].key);
			xmlChar *gb = xmlGetProp(e, BAD_CAST "gb");
			xmlChar *bytes = xmlGetProp(e, BAD_CAST "bytes");

			csv_text(&csv, (const char *)v);
			csv_text(&csv, series[k].kind);
			csv_text(&csv, (const char *)key);
			csv_number(&csv, (const char *)gb);
			csv_number(&csv, (const char *)bytes);
			csv_end(&csv);
			xmlFree(key);
			xmlFree(gb);
			xmlFree(bytes);
		}
	snprintf(name, sizeof(name), "usage-%s.csv", v ? (const char *)v : "");
	xmlFree(v);
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

static const struct route routes[] = {
	{ "/locations/#/usage", R_LOCATION, "usage", usage_location_get, NULL, NULL, NULL,
	    "subscriptions" },
	{ "/companies/#/subscriptions/#/usage", R_COMPANY, "usage", usage_subscription_get,
	    NULL, NULL, NULL, "subscriptions" },
	{ "/companies/#/subscriptions/#/usage.csv", R_COMPANY, NULL, usage_csv_get, NULL,
	    NULL, NULL, "subscriptions" },
};

static const char *const pages[] = { "usage", NULL };

const struct module usage_module = {
	.name = "usage", .routes = routes, .nroutes = COUNTOF(routes), .pages = pages,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
