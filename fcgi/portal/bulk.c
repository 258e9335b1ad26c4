/*
 * Bulk changes of a company's subscriptions: many subscriptions chosen at
 * once (all the list's search finds, or the numbers of an uploaded CSV
 * file), one change for all of them (a plan, a service added or removed,
 * the cost centre), worked as a background job (subscriptions/bulk.h).
 *
 * The form makes a draft with its lines (numbers the company does not
 * have fail at once, telling nothing of other companies); the draft's page
 * shows what will be changed and confirms it once per form key (queued);
 * from then on the same page follows the job (it refreshes itself while
 * the job waits or runs) with every line's outcome and reason, and the
 * result as CSV.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "subscriptions/bar.h"
#include "subscriptions/change.h"
#include "subscriptions/search.h"

#define LINES_PAGE	100
#define JOBS_SHOWN	100
#define CSV_ALL		100000000LL	/* the result CSV has every line */
#define COST_MAX	64
#define REF_MAX		64
#define REFRESH		"3"		/* seconds, while the job waits or runs */

enum { CUR_CURRENCY, CUR__COLS };
enum { MATCH_COUNT, MATCH__COLS };
enum { JOB_ID, JOB_STATE, JOB_KIND, JOB_SOURCE, JOB_QUERY, JOB_COST_CENTRE,
	JOB_PRODUCT_ID, JOB_PRODUCT, JOB_PRODUCT_CODE, JOB_USER, JOB_CREATED, JOB_QUEUED,
	JOB_STARTED, JOB_FINISHED, JOB_TOTAL, JOB_DONE, JOB_FAILED, JOB_BAR_SET, JOB_BAR_CLEAR,
	JOB__COLS };
enum { LINE_NO, LINE_REF, LINE_SUB, LINE_OUTCOME, LINE_REASON, LINE_DETAIL, LINE__COLS };
enum { Q_CURRENCY, Q_MATCHES, Q_JOB_ADD, Q_LINES_SEARCH, Q_LINE_ADD, Q_LINES_MATCH,
	Q_LINES_DUPLICATE, Q_LINES_UNKNOWN, Q_JOB_TOTALS, Q_CONFIRM, Q_JOB_GET, Q_JOBS,
	Q_LINES };

/* A job with its change's product in the reader's language. */
#define JOB_SELECT \
	"SELECT j.id, j.state, j.kind, j.source, j.query, j.cost_centre, j.product_id," \
	" " PRODUCT_NAME ", p.code, u.name," \
	" DATE_FORMAT(j.created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(j.queued_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(j.started_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(j.finished_at, '%Y-%m-%dT%H:%i:%s')," \
	" j.lines_total, j.lines_done, j.lines_failed, j.bar_set, j.bar_clear" \
	" FROM bulk_jobs j LEFT JOIN products p ON p.id = j.product_id" PRODUCT_NAME_JOIN \
	" LEFT JOIN users u ON u.id = j.user_id"
static struct stmt stmts[] = {
	/* The currency the company's plans are in: its subscriptions', else
	 * the catalogue's in its country. */
	[Q_CURRENCY] = STMT("bulk.currency", "is", CUR__COLS,
	    "SELECT COALESCE((SELECT currency FROM subscriptions WHERE company_id = ?"
	    " ORDER BY id LIMIT 1), (SELECT currency FROM product_prices WHERE country = ?"
	    " ORDER BY id LIMIT 1))"),
	[Q_MATCHES] = STMT("bulk.matches", SUB_SEARCH_PARAMS, MATCH__COLS,
	    "SELECT COUNT(*)" SUB_SEARCH_FROM),
	[Q_JOB_ADD] = STMT("bulk.job_add", "iIsssIsssii", 0,
	    "INSERT INTO bulk_jobs (company_id, user_id, lang, client_ip, kind, product_id,"
	    " cost_centre, source, query, bar_set, bar_clear)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	/* All the search finds, in the order of their numbers. */
	[Q_LINES_SEARCH] = STMT("bulk.lines_search", "i" SUB_SEARCH_PARAMS, 0,
	    "INSERT INTO bulk_job_lines (job_id, line_no, ref, subscription_id)"
	    " SELECT ?, ROW_NUMBER() OVER (ORDER BY s.ref, s.id), s.ref, s.id"
	    SUB_SEARCH_FROM),
	[Q_LINE_ADD] = STMT("bulk.line_add", "iis", 0,
	    "INSERT INTO bulk_job_lines (job_id, line_no, ref) VALUES (?, ?, ?)"),
	/* A file's numbers: the company's own subscriptions only. */
	[Q_LINES_MATCH] = STMT("bulk.lines_match", "ii", 0,
	    "UPDATE bulk_job_lines l JOIN subscriptions s ON s.ref = l.ref"
	    " AND s.company_id = ? SET l.subscription_id = s.id WHERE l.job_id = ?"),
	[Q_LINES_DUPLICATE] = STMT("bulk.lines_duplicate", "ii", 0,
	    "UPDATE bulk_job_lines l JOIN (SELECT MIN(id) AS first, ref FROM bulk_job_lines"
	    " WHERE job_id = ? GROUP BY ref HAVING COUNT(*) > 1) d ON d.ref = l.ref"
	    " SET l.outcome = 'failed', l.reason = 'duplicate', l.done_at = NOW()"
	    " WHERE l.job_id = ? AND l.id <> d.first"),
	[Q_LINES_UNKNOWN] = STMT("bulk.lines_unknown", "i", 0,
	    "UPDATE bulk_job_lines SET outcome = 'failed', reason = 'unknown-number',"
	    " done_at = NOW() WHERE job_id = ? AND subscription_id IS NULL"
	    " AND outcome IS NULL"),
	[Q_JOB_TOTALS] = STMT("bulk.job_totals", "i", 0,
	    "UPDATE bulk_jobs j SET lines_total = (SELECT COUNT(*) FROM bulk_job_lines"
	    " WHERE job_id = j.id), lines_failed = (SELECT COUNT(*) FROM bulk_job_lines"
	    " WHERE job_id = j.id AND outcome = 'failed') WHERE j.id = ?"),
	/* Confirmed by whoever confirms it: the changes are made in their name. */
	[Q_CONFIRM] = STMT("bulk.confirm", "Isii", 0,
	    "UPDATE bulk_jobs SET state = 'queued', queued_at = NOW(), user_id = ?,"
	    " client_ip = ? WHERE id = ? AND company_id = ? AND state = 'draft'"),
	[Q_JOB_GET] = STMT("bulk.job_get", "sii", JOB__COLS,
	    JOB_SELECT " WHERE j.id = ? AND j.company_id = ?"),
	[Q_JOBS] = STMT("bulk.jobs", "sii", JOB__COLS,
	    JOB_SELECT " WHERE j.company_id = ? ORDER BY j.id DESC LIMIT ?"),
	/* A page of the lines; only the failed ones with failed = 1. */
	[Q_LINES] = STMT("bulk.lines", "iiiii", LINE__COLS,
	    "SELECT l.line_no, l.ref, l.subscription_id, l.outcome, l.reason, l.detail"
	    " FROM bulk_job_lines l JOIN bulk_jobs j ON j.id = l.job_id AND j.company_id = ?"
	    " WHERE l.job_id = ? AND (? = 0 OR l.outcome = 'failed')"
	    " ORDER BY l.line_no, l.id LIMIT ? OFFSET ?"),
};
#undef JOB_SELECT

static const char *const kinds[] = { "plan", "service-add", "service-remove",
	"cost-centre", "bars", NULL };

static const struct field new_fields[] = {
	{ "q", V_TEXT, 100 },
	{ NULL, V_TEXT, 0 },
};

static const struct field create_fields[] = {
	{ "source", V_WORD, 0 },
	{ "q", V_TEXT, 100 },
	{ "kind", V_WORD, 0 },
	{ "plan", V_ID, 0 },
	{ "service", V_ID, 0 },
	{ "cost-centre", V_TEXT, 0 },
	{ "file", V_TEXT, 0 },
	{ "bar-data", V_WORD, 0 },
	{ "bar-abroad", V_WORD, 0 },
	{ "bar-premium", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

/* A bars change: per flag (field "bar-" and its name) keep, bar or unbar. */
static const char *const bar_fields[BAR__MAX] = {
	[BAR_DATA] = "bar-data",
	[BAR_ABROAD] = "bar-abroad",
	[BAR_PREMIUM] = "bar-premium",
};

static const struct field job_fields[] = {
	{ "page", V_ID, 0 },
	{ "failed", V_WORD, 0 },
	{ "refresh", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

static int
known(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The currency of the company's plans into cur (empty: none); a db_rc. */
static int
company_currency(struct ctx *c, char cur[4])
{
	struct dbrow row;
	int rc;

	cur[0] = '\0';
	if ((rc = db_one(c->db, &stmts[Q_CURRENCY], &row, c->co.id, c->co.country)) < 0)
		return rc;
	if (rc == 1 && row.col[CUR_CURRENCY] != NULL)
		snprintf(cur, 4, "%s", row.col[CUR_CURRENCY]);
	return DB_OK;
}

static int
matches(struct ctx *c, const char *q, long long *n)
{
	struct dbrow row;
	char pat[310];
	int rc;

	db_like(q, pat, sizeof(pat));
	if ((rc = db_one(c->db, &stmts[Q_MATCHES], &row, c->lang, c->co.id, q, pat, pat, pat,
	    pat, pat)) < 0)
		return rc;
	*n = 0;
	if (rc == 1)
		parse_int(row.col[MATCH_COUNT], 0, INT64_MAX, n);
	return DB_OK;
}

/* ---- the form: what to change, on which subscriptions ---- */

static int
new_page(struct ctx *c, const char *q, xmlNodePtr *form)
{
	xmlNodePtr e;
	long long n = 0;
	char cur[4];
	int rc;

	if ((rc = matches(c, q, &n)) < 0 || (rc = company_currency(c, cur)) < 0)
		return page_db_status(rc);
	page_begin(c, "bulk-new");
	e = x_el(c->root, "bulk-new");
	x_attr(e, "q", q);
	x_attr_int(e, "matches", n);
	if ((rc = sub_plans_el(c, e, cur, 0)) < 0 || (rc = sub_services_el(c, e, cur)) < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "bulk");
	return 0;
}

static int
bulk_new_get(struct ctx *c)
{
	const char *q = in_get(c, "q");
	xmlNodePtr f;

	return new_page(c, q ? q : "", &f);
}

/* What the form asks for, checked. */
struct order {
	const char	*kind, *source, *q, *cost_centre, *filename;
	long long	 product;
	unsigned	 bar_set, bar_clear;
	char		**refs;		/* the file's numbers */
	size_t		 nrefs;
};

/* The numbers of a CSV file: the column "subscription" when the first line
 * names one (the list's own CSV), else the first; ',' or ';' between cells,
 * quotes and blanks around a cell dropped, empty lines skipped. */
static int
parse_refs(struct order *o, char *data)
{
	char *line, *next, sep = strchr(data, ';') ? ';' : ',';
	size_t col = 0, first = 1;

	if (strncmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3;
	for (line = data; line != NULL && *line != '\0'; line = next) {
		char *cell = line, *end;
		size_t i = 0;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (first) {
			/* A header: the column named subscription. */
			char *h = line, *hend;
			size_t k = 0;

			first = 0;
			for (; h != NULL; h = hend ? hend + 1 : NULL, k++) {
				hend = strchr(h, sep);
				if (strncmp(h + (*h == '"'), "subscription", 12) == 0) {
					col = k;
					break;
				}
			}
			if (h != NULL)
				continue;
		}
		for (; i < col && cell != NULL; i++)
			if ((cell = strchr(cell, sep)) != NULL)
				cell++;
		if (cell == NULL)
			continue;
		if ((end = strchr(cell, sep)) != NULL)
			*end = '\0';
		cell += strspn(cell, " \t\"'");
		end = cell + strlen(cell);
		while (end > cell && strchr(" \t\r\"", end[-1]) != NULL)
			*--end = '\0';
		if (*cell == '\0')
			continue;
		if (strlen(cell) > REF_MAX)
			cell[REF_MAX] = '\0';
		if (o->nrefs % 256 == 0) {
			char **v = realloc(o->refs, (o->nrefs + 256) * sizeof(*v));

			if (v == NULL)
				return -1;
			o->refs = v;
		}
		o->refs[o->nrefs++] = cell;
	}
	return 0;
}

/* The draft and its lines, in page_change's transaction. */
static int
draft_txn(struct ctx *c, void *arg)
{
	struct order *o = arg;
	long long id, pid = o->product > 0 ? o->product : 0;
	char pat[310];
	size_t i;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_JOB_ADD], c->co.id, c->sess.user_id, c->lang,
	    c->req->remote_addr ? c->req->remote_addr : "", o->kind, pid,
	    strcmp(o->kind, "cost-centre") == 0 ? o->cost_centre : NULL, o->source,
	    strcmp(o->source, "search") == 0 ? o->q : o->filename, (long long)o->bar_set,
	    (long long)o->bar_clear)) < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_JOB_ADD]);
	if (strcmp(o->source, "search") == 0) {
		db_like(o->q, pat, sizeof(pat));
		if ((rc = db_run(c->db, &stmts[Q_LINES_SEARCH], id, c->lang, c->co.id, o->q, pat,
		    pat, pat, pat, pat)) < 0)
			return rc;
	} else {
		for (i = 0; i < o->nrefs; i++)
			if ((rc = db_run(c->db, &stmts[Q_LINE_ADD], id, (long long)i + 1,
			    o->refs[i])) < 0)
				return rc;
		if ((rc = db_run(c->db, &stmts[Q_LINES_MATCH], c->co.id, id)) < 0 ||
		    (rc = db_run(c->db, &stmts[Q_LINES_DUPLICATE], id, id)) < 0 ||
		    (rc = db_run(c->db, &stmts[Q_LINES_UNKNOWN], id)) < 0)
			return rc;
	}
	if ((rc = db_run(c->db, &stmts[Q_JOB_TOTALS], id)) < 0 ||
	    (rc = page_audit(c, "bulk-draft", "bulk-job", id, o->kind)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/bulk/%lld", c->co.id, id);
	return DB_OK;
}

/* The flags to set and to clear: the field in error (code set) or NULL. */
static const char *
check_bars(struct ctx *c, struct order *o, const char **code)
{
	const char *v;
	int i;

	*code = "invalid";
	for (i = 0; i < BAR__MAX; i++) {
		v = form_raw(c, bar_fields[i]);
		if (v == NULL || *v == '\0' || strcmp(v, "keep") == 0)
			continue;
		if (strcmp(v, "bar") == 0)
			o->bar_set |= 1U << i;
		else if (strcmp(v, "unbar") == 0)
			o->bar_clear |= 1U << i;
		else
			return bar_fields[i];
	}
	/* Nothing to set or clear is no change. */
	*code = "required";
	return o->bar_set == 0 && o->bar_clear == 0 ? "bars" : NULL;
}

/* The field in error and its code, or NULL: the order is good. */
static const char *
check(struct ctx *c, struct order *o, const char *cur, const char **code)
{
	const struct upload *u = upload_get(&c->req->files, "file");
	const char *pick;
	struct dbrow row;
	long long n = 0;
	int rc;

	*code = "required";
	if (!known(kinds, o->kind))
		return "kind";
	if (strcmp(o->kind, "bars") == 0) {
		if ((pick = check_bars(c, o, code)) != NULL)
			return pick;
	} else if (strcmp(o->kind, "cost-centre") == 0) {
		const char *cc = form_raw(c, "cost-centre");

		*code = "invalid";
		if (cc == NULL || strlen(cc) > COST_MAX || strpbrk(cc, "\r\n") != NULL ||
		    in_bad(c, "cost-centre"))
			return "cost-centre";
		o->cost_centre = cc + strspn(cc, " ");
	} else {
		pick = strcmp(o->kind, "plan") == 0 ? "plan" : "service";
		rc = strcmp(pick, "plan") == 0 ?
		    sub_plan_lookup(c, in_get(c, "plan"), cur, &row) :
		    sub_service_lookup(c, in_get(c, "service"), cur, &row);
		if (rc < 0) {
			*code = NULL;
			return "";
		}
		if (rc == 0) {
			*code = form_raw(c, pick) == NULL || *form_raw(c, pick) == '\0' ?
			    "required" : "invalid";
			return pick;
		}
		parse_int(row.col[SUBPLAN_ID], 1, INT64_MAX, &o->product);
	}
	*code = "required";
	if (o->source != NULL && strcmp(o->source, "file") == 0) {
		if (u == NULL || u->len == 0)
			return "file";
		o->filename = u->filename && u->filename[0] ? u->filename : "-";
		if (parse_refs(o, u->data) == -1) {
			*code = NULL;
			return "";
		}
		return o->nrefs == 0 ? "file" : NULL;
	}
	if (o->source == NULL || strcmp(o->source, "search") != 0)
		return "source";
	if (matches(c, o->q, &n) < 0) {
		*code = NULL;
		return "";
	}
	*code = "invalid";
	return n == 0 ? "q" : NULL;
}

static int
bulk_new_post(struct ctx *c)
{
	struct order o = { in_get(c, "kind"), in_get(c, "source"), in_get(c, "q"), NULL,
	    NULL, 0, 0, 0, NULL, 0 };
	const char *field, *code;
	xmlNodePtr f;
	char cur[4];
	int i, rc;

	if (o.q == NULL)
		o.q = "";
	if ((rc = company_currency(c, cur)) < 0)
		return page_db_status(rc);
	if ((field = check(c, &o, cur, &code)) == NULL)
		rc = page_change(c, draft_txn, &o);
	free(o.refs);
	if (field == NULL)
		return rc;
	if (code == NULL)
		return 503;
	if ((rc = new_page(c, o.q, &f)) != 0)
		return rc;
	c->status = 400;
	form_keep(c, f, "source");
	form_keep(c, f, "kind");
	form_keep(c, f, "plan");
	form_keep(c, f, "service");
	form_keep(c, f, "cost-centre");
	for (i = 0; i < BAR__MAX; i++)
		form_keep(c, f, bar_fields[i]);
	form_error(f, field, code);
	return 0;
}

/* ---- a job: its draft confirmed, its progress, its lines ---- */

/* <bar flag="data" to="bar|unbar"/> per flag a bars job changes. */
static void
bars_change_el(xmlNodePtr ch, const struct dbrow *row)
{
	long long set = 0, clear = 0;
	int i;

	parse_int(row->col[JOB_BAR_SET], 0, (1 << BAR__MAX) - 1, &set);
	parse_int(row->col[JOB_BAR_CLEAR], 0, (1 << BAR__MAX) - 1, &clear);
	for (i = 0; i < BAR__MAX; i++) {
		xmlNodePtr b;

		if (((set | clear) & (1 << i)) == 0)
			continue;
		b = x_el(ch, "bar");
		x_attr(b, "flag", bar_names[i]);
		x_attr(b, "to", set & (1 << i) ? "bar" : "unbar");
	}
}

static void
job_el(struct ctx *c, xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr j = x_el(parent, "job"), ch;
	long long total = 0, done = 0, failed = 0;

	x_attr(j, "id", row->col[JOB_ID]);
	x_attr(j, "state", row->col[JOB_STATE]);
	parse_int(row->col[JOB_TOTAL], 0, INT64_MAX, &total);
	parse_int(row->col[JOB_DONE], 0, INT64_MAX, &done);
	parse_int(row->col[JOB_FAILED], 0, INT64_MAX, &failed);
	x_attr_int(j, "total", total);
	x_attr_int(j, "done", done);
	x_attr_int(j, "failed", failed);
	x_attr_int(j, "left", total - done - failed);
	ch = x_el(j, "change");
	x_attr(ch, "kind", row->col[JOB_KIND]);
	if (row->col[JOB_PRODUCT_ID] != NULL) {
		xmlNodePtr p = x_text(ch, "product", row->col[JOB_PRODUCT]);

		x_attr(p, "id", row->col[JOB_PRODUCT_ID]);
		x_attr(p, "code", row->col[JOB_PRODUCT_CODE]);
	} else if (strcmp(row->col[JOB_KIND], "bars") == 0)
		bars_change_el(ch, row);
	else
		x_text(ch, "cost-centre", row->col[JOB_COST_CENTRE] ?
		    row->col[JOB_COST_CENTRE] : "");
	x_attr(x_text(j, "selection", row->col[JOB_QUERY] ? row->col[JOB_QUERY] : ""),
	    "source", row->col[JOB_SOURCE]);
	x_text(j, "by", row->col[JOB_USER]);
	x_time(j, "created", c->co.time_zone, row->col[JOB_CREATED]);
	x_time(j, "queued", c->co.time_zone, row->col[JOB_QUEUED]);
	x_time(j, "started", c->co.time_zone, row->col[JOB_STARTED]);
	x_time(j, "finished", c->co.time_zone, row->col[JOB_FINISHED]);
}

static int
bulk_jobs_get(struct ctx *c)
{
	xmlNodePtr list;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_JOBS], c->lang, c->co.id, (long long)JOBS_SHOWN)) < 0)
		return page_db_status(rc);
	page_begin(c, "bulk-jobs");
	list = x_el(c->root, "bulk-jobs");
	while ((rc = db_fetch(c->db, &stmts[Q_JOBS], &row)) == 1)
		job_el(c, list, &row);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The company's job of the path: 1 with its row, 0 none, or a db_rc. */
static int
job_get(struct ctx *c, struct dbrow *row)
{
	return db_one(c->db, &stmts[Q_JOB_GET], row, c->lang, c->ids[1], c->co.id);
}

static int
bulk_job_get(struct ctx *c)
{
	const char *p = in_get(c, "page"), *fl = in_get(c, "failed"),
	    *rf = in_get(c, "refresh");
	long long page = 1, shown;
	int failed = fl != NULL && strcmp(fl, "yes") == 0;
	int paused = rf != NULL && strcmp(rf, "off") == 0;
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((p != NULL && parse_int(p, 1, 1000000, &page) == -1) || in_bad(c, "page"))
		return 400;
	if ((rc = job_get(c, &row)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "bulk-job");
	job_el(c, c->root, &row);
	e = x_child(c->root, "job");
	/* While it waits or runs the page reloads itself, unless the reader
	 * turned that off (WCAG 2.2.1: a refresh the user can stop). */
	if (strcmp(row.col[JOB_STATE], "queued") == 0 ||
	    strcmp(row.col[JOB_STATE], "running") == 0)
		x_attr(e, paused ? "paused" : "refresh", paused ? "yes" : REFRESH);
	parse_int(row.col[failed ? JOB_FAILED : JOB_TOTAL], 0, INT64_MAX, &shown);
	if ((rc = db_run(c->db, &stmts[Q_LINES], c->co.id, c->ids[1], (long long)failed,
	    (long long)LINES_PAGE, (page - 1) * LINES_PAGE)) < 0)
		return page_db_status(rc);
	list = x_el(e, "lines");
	x_attr_int(list, "page", page);
	x_attr_int(list, "pages", shown == 0 ? 1 : (shown + LINES_PAGE - 1) / LINES_PAGE);
	if (failed)
		x_attr(list, "failed", "yes");
	while ((rc = db_fetch(c->db, &stmts[Q_LINES], &row)) == 1) {
		xmlNodePtr l = x_el(list, "line"), e;

		x_attr(l, "no", row.col[LINE_NO]);
		if (row.col[LINE_OUTCOME] != NULL)
			x_attr(l, "outcome", row.col[LINE_OUTCOME]);
		e = x_text(l, "ref", row.col[LINE_REF]);
		if (row.col[LINE_SUB] != NULL)
			x_attr(e, "subscription", row.col[LINE_SUB]);
		x_text(l, "reason", row.col[LINE_REASON]);
		x_text(l, "detail", row.col[LINE_DETAIL]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
confirm_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = db_run(c->db, &stmts[Q_CONFIRM], c->sess.user_id,
	    c->req->remote_addr ? c->req->remote_addr : "", c->ids[1], c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_CONFIRM]) != 1)
		return 409;	/* confirmed already (by another key) */
	if ((rc = page_audit(c, "bulk-confirm", "bulk-job", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/bulk/%lld?done=bulk-queued", c->co.id, c->ids[1]);
	return DB_OK;
}

static int
bulk_job_post(struct ctx *c)
{
	struct dbrow row;
	int rc;

	if ((rc = job_get(c, &row)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	rc = page_change(c, confirm_txn, NULL);
	if (rc == 409)
		return page_redirectf(c, "/companies/%lld/bulk/%lld", c->co.id, c->ids[1]);
	return rc;
}

/* Every line as CSV: number, outcome, reason, what it changed. */
static int
bulk_result_get(struct ctx *c)
{
	static const char *const head[] = { "line", "subscription", "outcome", "reason",
	    "detail", NULL };
	struct buf b = { 0 };
	struct csv csv;
	struct dbrow row;
	char name[64];
	int rc;

	if ((rc = job_get(c, &row)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if ((rc = db_run(c->db, &stmts[Q_LINES], c->co.id, c->ids[1], 0LL, CSV_ALL,
	    0LL)) < 0)
		return page_db_status(rc);
	csv_begin(&csv, &b, c->lang);
	csv_row(&csv, head);
	while ((rc = db_fetch(c->db, &stmts[Q_LINES], &row)) == 1) {
		csv_number(&csv, row.col[LINE_NO]);
		csv_text(&csv, row.col[LINE_REF]);
		csv_text(&csv, row.col[LINE_OUTCOME]);
		csv_text(&csv, row.col[LINE_REASON]);
		csv_text(&csv, row.col[LINE_DETAIL]);
		csv_end(&csv);
	}
	if (rc < 0) {
		buf_free(&b);
		return page_db_status(rc);
	}
	snprintf(name, sizeof(name), "bulk-%lld.csv", c->ids[1]);
	rc = page_send(c, 200, "text/csv; charset=utf-8", b.p, b.len, name);
	buf_free(&b);
	return rc;
}

/* A plan change is an order (as one subscription's is): orders too. */
static const struct route routes[] = {
	{ "/companies/#/bulk", R_COMPANY, "bulk-jobs", bulk_jobs_get, NULL, NULL, NULL,
	    "subscriptions orders" },
	{ "/companies/#/bulk/new", R_COMPANY | R_ONCE | R_UPLOAD, "bulk-new", bulk_new_get,
	    new_fields, bulk_new_post, create_fields, "subscriptions orders" },
	{ "/companies/#/bulk/#", R_COMPANY | R_ONCE, "bulk-job", bulk_job_get, job_fields,
	    bulk_job_post, NULL, "subscriptions orders" },
	{ "/companies/#/bulk/#/result.csv", R_COMPANY, NULL, bulk_result_get, NULL, NULL,
	    NULL, "subscriptions orders" },
};

static const char *const pages[] = { "bulk-jobs", "bulk-new", "bulk-job", NULL };
static const char *const flashes[] = { "bulk-queued", NULL };
static const struct menu_item menu[] = {
	{ "/bulk", "nav.bulk", "subscriptions orders" },
	{ NULL, NULL, NULL },
};

const struct module bulk_module = {
	.name = "bulk", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
