/* Bulk changes worked outside the request (see bulk.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/util.h"
#include "subscriptions/bar.h"
#include "subscriptions/bulk.h"
#include "subscriptions/change.h"

enum { WAIT_ID, WAIT_COMPANY, WAIT_COUNTRY, WAIT_USER, WAIT_LANG, WAIT_IP, WAIT_KIND,
	WAIT_PRODUCT, WAIT_COST_CENTRE, WAIT_BAR_SET, WAIT_BAR_CLEAR, WAIT__COLS };
enum { LINE_ID, LINE_SUB, LINE_PRODUCT, LINE__COLS };
enum { Q_WAITING, Q_CLAIM, Q_BATCH, Q_LINE_END, Q_COUNTS, Q_END };
/* Waiting: queued, or running without a heartbeat for the seconds given. */
#define WAITING \
	" (j.state = 'queued' OR (j.state = 'running'" \
	" AND j.heartbeat_at < NOW() - INTERVAL ? SECOND))"
static struct stmt stmts[] = {
	[Q_WAITING] = STMT("bulkrun.waiting", "i", WAIT__COLS,
	    "SELECT j.id, j.company_id, c.country, COALESCE(j.user_id, 0), j.lang,"
	    " j.client_ip, j.kind, j.product_id, j.cost_centre, j.bar_set, j.bar_clear"
	    " FROM bulk_jobs j JOIN companies c ON c.id = j.company_id"
	    " WHERE" WAITING " ORDER BY j.id LIMIT 1"),
	[Q_CLAIM] = STMT("bulkrun.claim", "ii", 0,
	    "UPDATE bulk_jobs j SET j.state = 'running', j.started_at = COALESCE(j.started_at,"
	    " NOW()), j.heartbeat_at = NOW() WHERE j.id = ? AND" WAITING),
	/* The lines not worked, with the plan each has now (NULL: no longer
	 * the company's). */
	[Q_BATCH] = STMT("bulkrun.batch", "iii", LINE__COLS,
	    "SELECT l.id, s.id, s.product_id FROM bulk_job_lines l"
	    " LEFT JOIN subscriptions s ON s.id = l.subscription_id AND s.company_id = ?"
	    " WHERE l.job_id = ? AND l.outcome IS NULL ORDER BY l.id LIMIT ?"),
	[Q_LINE_END] = STMT("bulkrun.line_end", "sssii", 0,
	    "UPDATE bulk_job_lines SET outcome = ?, reason = ?, detail = ?, done_at = NOW()"
	    " WHERE id = ? AND job_id = ?"),
	[Q_COUNTS] = STMT("bulkrun.counts", "iii", 0,
	    "UPDATE bulk_jobs SET lines_done = lines_done + ?,"
	    " lines_failed = lines_failed + ?, heartbeat_at = NOW() WHERE id = ?"),
	[Q_END] = STMT("bulkrun.end", "i", 0,
	    "UPDATE bulk_jobs SET state = 'done', finished_at = NOW(), heartbeat_at = NOW()"
	    " WHERE id = ?"),
};
#undef WAITING

/* A job being worked: who asked it, as the changes see them (a ctx). */
struct run {
	struct ctx	 c;
	struct request	 req;
	long long	 id;
	char		 kind[16], product[24], cost_centre[65], country[3], ip[46];
	int		 has_cost_centre;
	long long	 product_id;
	unsigned	 bar_set, bar_clear;	/* kind bars */
	long long	 done, failed;	/* of the batch */
	int		 lines;		/* the batch's */
};

#define ON_THE_PLAN	1	/* a plan change to the plan it has */

/* What a change's status means on a line: the reason shown. */
static const struct {
	int		 rc;
	const char	*kind;		/* NULL: any */
	const char	*reason;
} reasons[] = {
	{ ON_THE_PLAN, "plan", "same-plan" },
	{ 404, NULL, "not-found" },
	{ 409, NULL, "terminated" },
	{ 400, "plan", "plan-not-offered" },
	{ 400, NULL, "service-not-offered" },
	{ 422, "service-add", "has-service" },
	{ 422, "service-remove", "no-service" },
};

static const char *
reason_of(const struct run *r, int rc)
{
	size_t i;

	for (i = 0; i < COUNTOF(reasons); i++)
		if (reasons[i].rc == rc &&
		    (reasons[i].kind == NULL || strcmp(reasons[i].kind, r->kind) == 0))
			return reasons[i].reason;
	return "error";
}

/* The flags of bits as "data, premium" into out. */
static void
bar_list(char *out, size_t len, unsigned bits)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < BAR__MAX; i++)
		if (bits & (1U << i))
			n += snprintf(out + n, len - n, "%s%s", n ? ", " : "", bar_names[i]);
}

/* A change of bars; res->to what changed ("bar data; unbar premium"), or
 * "unchanged": a subscription that had them so is done, with nothing written. */
static int
apply_bars(struct run *r, long long sub, struct sub_result *res)
{
	char on[32], off[32];
	unsigned changed;
	int rc;

	if ((rc = sub_change_bars(&r->c, sub, r->bar_set, r->bar_clear, &changed)) != DB_OK)
		return rc;
	bar_list(on, sizeof(on), changed & r->bar_set);
	bar_list(off, sizeof(off), changed & r->bar_clear);
	snprintf(res->to, sizeof(res->to), "%s%s%s%s%s", on[0] ? "bar " : "", on,
	    on[0] && off[0] ? "; " : "", off[0] ? "unbar " : "", off);
	if (changed == 0)
		snprintf(res->to, sizeof(res->to), "unchanged");
	return DB_OK;
}

/* One line's change; DB_OK, a status of change.h or a db_rc. */
static int
apply(struct run *r, long long sub, struct sub_result *res)
{
	if (strcmp(r->kind, "bars") == 0)
		return apply_bars(r, sub, res);
	if (strcmp(r->kind, "plan") == 0)
		return sub_change_plan(&r->c, sub, r->product, res);
	if (strcmp(r->kind, "service-add") == 0)
		return sub_add_service(&r->c, sub, r->product, res);
	if (strcmp(r->kind, "service-remove") == 0)
		return sub_remove_service(&r->c, sub, r->product, res);
	snprintf(res->to, sizeof(res->to), "%s", r->cost_centre);
	return sub_set_cost_centre(&r->c, sub, r->has_cost_centre ? r->cost_centre : NULL);
}

static int
line_end(struct run *r, long long line, int rc, const struct sub_result *res)
{
	char detail[sizeof(res->from) + sizeof(res->to) + 4];

	if (rc == DB_OK) {
		r->done++;
		if (res->from[0] != '\0' && strcmp(r->kind, "plan") == 0)
			snprintf(detail, sizeof(detail), "%s -> %s", res->from, res->to);
		else
			snprintf(detail, sizeof(detail), "%s", res->to);
		/* The column holds 200 characters; names are shorter than that. */
		return db_run(r->c.db, &stmts[Q_LINE_END], "done", NULL, detail, line, r->id);
	}
	r->failed++;
	return db_run(r->c.db, &stmts[Q_LINE_END], "failed", reason_of(r, rc), NULL, line,
	    r->id);
}

/* One batch, one transaction (db_txn: retried whole on a deadlock). */
static int
batch_txn(void *arg)
{
	struct run *r = arg;
	long long line[BULK_BATCH], sub[BULK_BATCH], plan[BULK_BATCH];
	struct db *db = r->c.db;
	struct dbrow row;
	int i, n = 0, rc;

	r->done = r->failed = 0;
	if ((rc = db_run(db, &stmts[Q_BATCH], r->c.co.id, r->id, (long long)BULK_BATCH)) < 0)
		return rc;
	while (n < BULK_BATCH && (rc = db_fetch(db, &stmts[Q_BATCH], &row)) == 1) {
		parse_int(row.col[LINE_ID], 1, INT64_MAX, &line[n]);
		sub[n] = plan[n] = 0;
		if (row.col[LINE_SUB] != NULL) {
			parse_int(row.col[LINE_SUB], 1, INT64_MAX, &sub[n]);
			parse_int(row.col[LINE_PRODUCT], 1, INT64_MAX, &plan[n]);
		}
		n++;
	}
	if (rc < 0)
		return rc;
	r->lines = n;
	for (i = 0; i < n; i++) {
		struct sub_result res = { "", "", "" };

		if (sub[i] == 0)
			rc = 404;
		else if (strcmp(r->kind, "plan") == 0 && plan[i] == r->product_id)
			rc = ON_THE_PLAN;
		else {
			if ((rc = db_query(db, "SAVEPOINT line")) < 0)
				return rc;
			rc = apply(r, sub[i], &res);
			/* The connection or a deadlock: the batch again, or later. */
			if (rc == DB_RETRY || rc == DB_UNAVAILABLE)
				return rc;
			if (rc != DB_OK && db_query(db, "ROLLBACK TO SAVEPOINT line") < 0)
				return DB_UNAVAILABLE;
		}
		if ((rc = line_end(r, line[i], rc, &res)) < 0)
			return rc;
	}
	return db_run(db, &stmts[Q_COUNTS], r->done, r->failed, r->id);
}

int
bulk_pending(struct db *db)
{
	struct dbrow row;

	return db_one(db, &stmts[Q_WAITING], &row, (long long)BULK_STALE);
}

/* The job of a waiting row, as a ctx of its company and its user. */
static void
run_init(struct run *r, struct db *db, const struct conf *conf, const struct dbrow *row)
{
	const char *lang = i18n_lang(row->col[WAIT_LANG]);
	long long set = 0, clear = 0;

	memset(r, 0, sizeof(*r));
	parse_int(row->col[WAIT_ID], 1, INT64_MAX, &r->id);
	snprintf(r->kind, sizeof(r->kind), "%s", row->col[WAIT_KIND]);
	snprintf(r->product, sizeof(r->product), "%s",
	    row->col[WAIT_PRODUCT] ? row->col[WAIT_PRODUCT] : "");
	parse_int(r->product, 1, INT64_MAX, &r->product_id);
	parse_int(row->col[WAIT_BAR_SET], 0, (1 << BAR__MAX) - 1, &set);
	parse_int(row->col[WAIT_BAR_CLEAR], 0, (1 << BAR__MAX) - 1, &clear);
	r->bar_set = (unsigned)set;
	r->bar_clear = (unsigned)clear;
	r->has_cost_centre = row->col[WAIT_COST_CENTRE] != NULL &&
	    row->col[WAIT_COST_CENTRE][0] != '\0';
	snprintf(r->cost_centre, sizeof(r->cost_centre), "%s",
	    r->has_cost_centre ? row->col[WAIT_COST_CENTRE] : "");
	snprintf(r->ip, sizeof(r->ip), "%s", row->col[WAIT_IP]);
	r->req.remote_addr = r->ip;
	r->c.conf = conf;
	r->c.db = db;
	r->c.req = &r->req;
	r->c.lang = lang ? lang : "nb";
	parse_int(row->col[WAIT_COMPANY], 1, INT64_MAX, &r->c.co.id);
	snprintf(r->c.co.country, sizeof(r->c.co.country), "%s", row->col[WAIT_COUNTRY]);
	parse_int(row->col[WAIT_USER], 0, INT64_MAX, &r->c.sess.user_id);
}

int
bulk_work(struct db *db, const struct conf *conf, FILE *out, FILE *err)
{
	static struct run r;	/* a ctx is large: not on the stack */
	struct dbrow row;
	long long done, failed;
	int rc, n = 0;

	for (;;) {
		if ((rc = db_one(db, &stmts[Q_WAITING], &row, (long long)BULK_STALE)) <= 0)
			return rc < 0 ? rc : n;
		run_init(&r, db, conf, &row);
		/* Another process claimed it first: the next one, if any. */
		if ((rc = db_run(db, &stmts[Q_CLAIM], r.id, (long long)BULK_STALE)) < 0)
			return rc;
		if (db_affected(db, &stmts[Q_CLAIM]) != 1)
			continue;
		done = failed = 0;
		do {
			if ((rc = db_txn(db, batch_txn, &r)) != DB_OK) {
				fprintf(err, "bulk job %lld: stopped (%d), %lld done,"
				    " %lld failed; it goes on later\n", r.id, rc, done, failed);
				return rc < 0 ? rc : DB_ERROR;
			}
			done += r.done;
			failed += r.failed;
		} while (r.lines == BULK_BATCH);
		if ((rc = db_run(db, &stmts[Q_END], r.id)) < 0)
			return rc;
		fprintf(out, "bulk job %lld: done, %lld line(s) changed, %lld failed\n",
		    r.id, done, failed);
		n++;
	}
}

const struct module bulkrun_module = {
	.name = "bulkrun", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
