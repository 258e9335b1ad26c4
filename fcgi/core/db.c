/*
 * MariaDB access. MYSQL_OPT_RECONNECT stays off: an automatic reconnect
 * silently kills every prepared statement and, inside a transaction, goes on
 * in autocommit. Instead a lost connection closes everything here and the
 * next call reconnects (at most once a second) and prepares again.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <sodium.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/dbaddr.h"
#include "core/log.h"
#include "core/scoreboard.h"
#include "core/util.h"

#define DB_MAX_PARAMS	24
#define DB_BUF_START	256

/* A statement as prepared on this connection. */
struct pstmt {
	MYSQL_STMT	*st;
	unsigned	 ncols;
	MYSQL_BIND	*res;
	char		**bufs;
	size_t		*caps;
	unsigned long	*lens;
	my_bool		*nulls;
	my_bool		*errs;
	char		**cols;		/* what db_fetch hands out */
};

struct db {
	const struct conf	*conf;
	MYSQL			*my;
	struct timespec		 next_try;
	int			 in_txn;
	struct pstmt		*st;		/* by slot (db_register) */
	size_t			 nst;
	/* db_host's addresses (none: the socket) and the one tried first. */
	struct dbaddr		 addr[DBADDR_MAX];
	int			 naddr, cur;
	/* Since db_counts_reset: statements run, and round trips to the
	 * server they took (a statement's first preparation is one more). */
	unsigned		 nstmts, ntrips;
};

/*
 * The registered statements (db_register), by slot. Registration happens
 * before the first connection is made (the
 * supervisor registers before it forks), so every db sees all of them.
 */
#define SLOTS_MAX	1024
static const struct stmt *registered[SLOTS_MAX];
static unsigned nslots;

void
db_register(struct stmt *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (nslots == SLOTS_MAX)
			abort();	/* raise SLOTS_MAX: a build with more statements */
		v[i].slot = nslots;
		registered[nslots++] = &v[i];
	}
}

const char *
db_stmt_name(unsigned slot)
{
	return slot < nslots ? registered[slot]->name : NULL;
}

static const char *
stmt_sql(unsigned slot)
{
	return registered[slot]->sql;
}

static int
is_gone(unsigned e)
{
	switch (e) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
	/* Galera's "WSREP has not yet prepared node for application use": the
	 * node lost the cluster's quorum or is still joining; another may serve. */
	case ER_UNKNOWN_COM_ERROR:
		return 1;
	}
	return 0;
}

static void
stmt_close(struct pstmt *s)
{
	unsigned i;

	if (s->st)
		mysql_stmt_close(s->st);
	for (i = 0; i < s->ncols; i++)
		free(s->bufs[i]);
	free(s->res);
	free(s->bufs);
	free(s->caps);
	free(s->lens);
	free(s->nulls);
	free(s->errs);
	free(s->cols);
	memset(s, 0, sizeof(*s));
}

static void
db_disconnect(struct db *db)
{
	size_t i;

	for (i = 0; i < db->nst; i++)
		stmt_close(&db->st[i]);
	if (db->my)
		mysql_close(db->my);
	db->my = NULL;
}

/*
 * What every session sets first. wsrep_sync_wait = 1 makes a read wait
 * until this node has applied what the cluster committed before it (the
 * page after a 303 may be served by another host on another node).
 */
#define INIT_SQL \
	"SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES," \
	"NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO," \
	"NO_ENGINE_SUBSTITUTION'"
#define INIT_SQL_SYNC	INIT_SQL ", wsrep_sync_wait = 1"

/* Whether sessions wait for the cluster (db_sync_wait; auto: with several nodes). */
static int
sync_wait(const struct conf *c, int naddr)
{
	return c->db_sync_wait > 0 || (c->db_sync_wait < 0 && naddr > 1);
}

/* One connection to host:port (NULL: the socket). */
static MYSQL *
connect_one(const struct conf *c, const char *host, int port, int sync,
    unsigned long flags, char *err, size_t errlen, unsigned *code)
{
	unsigned int ctimeout = 3, rwtimeout = (unsigned)c->request_timeout;
	my_bool off = 0;
	MYSQL *my;

	if ((my = mysql_init(NULL)) == NULL) {
		snprintf(err, errlen, "mysql_init failed");
		return NULL;
	}
	if (rwtimeout > 2)
		rwtimeout -= 1;	/* below the request limit, so the page can answer 503 */
	mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &ctimeout);
	mysql_optionsv(my, MYSQL_OPT_READ_TIMEOUT, &rwtimeout);
	mysql_optionsv(my, MYSQL_OPT_WRITE_TIMEOUT, &rwtimeout);
	mysql_optionsv(my, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(my, MYSQL_INIT_COMMAND, sync ? INIT_SQL_SYNC : INIT_SQL);
	if (mysql_real_connect(my, host, c->db_user, c->db_password, c->db_name,
	    (unsigned)port, host ? NULL : c->db_socket, flags) == NULL) {
		if (host != NULL)
			snprintf(err, errlen, "%s port %d: %s", host, port, mysql_error(my));
		else
			snprintf(err, errlen, "%s", mysql_error(my));
		if (code != NULL)
			*code = mysql_errno(my);
		mysql_close(my);
		return NULL;
	}
	return my;
}

/* Not a Galera node that says it cannot serve (a server without wsrep is ready). */
static int
node_ready(MYSQL *my)
{
	MYSQL_RES *res;
	MYSQL_ROW r;
	int ready = 1;

	if (mysql_query(my, "SHOW STATUS LIKE 'wsrep_ready'") != 0 ||
	    (res = mysql_store_result(my)) == NULL)
		return 0;
	if ((r = mysql_fetch_row(res)) != NULL && r[1] != NULL)
		ready = strcmp(r[1], "ON") == 0;
	mysql_free_result(res);
	return ready;
}

/*
 * A connection to the first of v[] that answers, from v[*cur] on (n == 0:
 * the socket); *cur is left at the one that did. A node that answers but is
 * not part of the cluster's primary component is passed over too.
 */
static MYSQL *
connect_list(const struct conf *c, const struct dbaddr *v, int n, int *cur,
    unsigned long flags, char *err, size_t errlen, unsigned *code)
{
	int i, k, sync = sync_wait(c, n);
	MYSQL *my;

	if (n == 0)
		return connect_one(c, NULL, 0, sync, flags, err, errlen, code);
	for (i = 0; i < n; i++) {
		k = (*cur + i) % n;
		if ((my = connect_one(c, v[k].host, v[k].port, sync, flags, err,
		    errlen, code)) == NULL)
			continue;
		if (n > 1 && !node_ready(my)) {
			snprintf(err, errlen, "%s port %d: the node is not ready "
			    "(wsrep_ready is OFF)", v[k].host, v[k].port);
			if (code != NULL)
				*code = ER_UNKNOWN_COM_ERROR;
			mysql_close(my);
			continue;
		}
		if (i > 0)
			log_warn("database: connected to %s port %d", v[k].host, v[k].port);
		*cur = k;
		return my;
	}
	return NULL;
}

/* The configuration's addresses (checked when it was read). */
static int
conf_addrs(const struct conf *c, struct dbaddr *v)
{
	char why[256];
	int n = dbaddr_parse(c->db_host, c->db_port, v, why, sizeof(why));

	if (n < 0) {
		log_error("database: db_host: %s", why);
		return 0;
	}
	return n;
}

static MYSQL *
connect_new(const struct conf *c, unsigned long flags, char *err, size_t errlen,
    unsigned *code)
{
	struct dbaddr v[DBADDR_MAX];
	int cur = 0;

	return connect_list(c, v, conf_addrs(c, v), &cur, flags, err, errlen, code);
}

static int
db_ensure(struct db *db)
{
	struct timespec now;
	char err[512];

	if (db->my)
		return DB_OK;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < db->next_try.tv_sec ||
	    (now.tv_sec == db->next_try.tv_sec && now.tv_nsec < db->next_try.tv_nsec))
		return DB_UNAVAILABLE;
	if ((db->my = connect_list(db->conf, db->addr, db->naddr, &db->cur, 0, err,
	    sizeof(err), NULL)) == NULL) {
		/* Back off for a second so a dead server is not hammered by every request. */
		db->next_try = now;
		db->next_try.tv_sec += 1;
		log_error("database: %s", err);
		return DB_UNAVAILABLE;
	}
	return DB_OK;
}

static int
classify(struct db *db, unsigned e, const char *msg, unsigned id)
{
	if (is_gone(e)) {
		log_warn("database connection lost (%u %s)", e, msg);
		db_disconnect(db);
		/* The next connection starts with the next node. */
		if (db->naddr > 1)
			db->cur = (db->cur + 1) % db->naddr;
		return DB_UNAVAILABLE;
	}
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return DB_RETRY;
	if (e == ER_DUP_ENTRY)
		return DB_DUPLICATE;
	log_error("database: %s: %u %s", db_stmt_name(id) ? db_stmt_name(id) : "query",
	    e, msg);
	return DB_ERROR;
}

static int
stmt_prepare(struct db *db, unsigned id)
{
	struct pstmt *s;
	MYSQL_RES *meta;
	my_bool on = 1;
	unsigned i;

	if (db->nst < nslots) {
		/* Statements registered after this db was made (tests). */
		db->st = erealloc(db->st, nslots * sizeof(*db->st));
		memset(db->st + db->nst, 0, (nslots - db->nst) * sizeof(*db->st));
		db->nst = nslots;
	}
	s = &db->st[id];
	if (s->st)
		return DB_OK;
	if ((s->st = mysql_stmt_init(db->my)) == NULL)
		return DB_ERROR;
	/* store_result measures each column (max_length), so the buffers are
	 * sized before the first fetch and a value is never fetched twice. */
	if (mysql_stmt_attr_set(s->st, STMT_ATTR_UPDATE_MAX_LENGTH, &on) != 0) {
		stmt_close(s);
		return DB_ERROR;
	}
	db->ntrips++;
	if (mysql_stmt_prepare(s->st, stmt_sql(id), strlen(stmt_sql(id))) != 0) {
		int rc = classify(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), id);

		if (db->my)
			stmt_close(s);
		return rc;
	}
	meta = mysql_stmt_result_metadata(s->st);
	s->ncols = meta ? mysql_num_fields(meta) : 0;
	if (meta)
		mysql_free_result(meta);
	/* A declaration that does not fit its SQL is a bug: said at once,
	 * never a column read by the wrong name. */
	if ((strlen(registered[id]->params) !=
	    mysql_stmt_param_count(s->st) || s->ncols != registered[id]->ncols)) {
		log_error("database: %s: declared %zu parameters and %u columns, "
		    "its SQL has %lu and %u", registered[id]->name,
		    strlen(registered[id]->params), registered[id]->ncols,
		    mysql_stmt_param_count(s->st), s->ncols);
		stmt_close(s);
		return DB_ERROR;
	}
	if (s->ncols == 0)
		return DB_OK;
	s->res = ecalloc(s->ncols, sizeof(*s->res));
	s->bufs = ecalloc(s->ncols, sizeof(*s->bufs));
	s->caps = ecalloc(s->ncols, sizeof(*s->caps));
	s->lens = ecalloc(s->ncols, sizeof(*s->lens));
	s->nulls = ecalloc(s->ncols, sizeof(*s->nulls));
	s->errs = ecalloc(s->ncols, sizeof(*s->errs));
	s->cols = ecalloc(s->ncols, sizeof(*s->cols));
	for (i = 0; i < s->ncols; i++) {
		s->caps[i] = DB_BUF_START;
		s->bufs[i] = emalloc(s->caps[i]);
		s->res[i].buffer_type = MYSQL_TYPE_STRING;
		s->res[i].buffer = s->bufs[i];
		s->res[i].buffer_length = s->caps[i] - 1;	/* room for our NUL */
		s->res[i].length = &s->lens[i];
		s->res[i].is_null = &s->nulls[i];
		s->res[i].error = &s->errs[i];
	}
	return DB_OK;
}

struct db *
db_new(const struct conf *c)
{
	struct db *db = ecalloc(1, sizeof(*db));

	db->conf = c;
	db->naddr = conf_addrs(c, db->addr);
	db->nst = nslots;
	db->st = ecalloc(db->nst, sizeof(*db->st));
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db->st);
	free(db);
}

/*
 * Grows the result buffers to the longest value of each column in the
 * stored result (STMT_ATTR_UPDATE_MAX_LENGTH). Fetching a truncated value
 * again with mysql_stmt_fetch_column is not used: with the connector of
 * Debian 12.12 (libmariadb3 10.11.18) it hands back an empty value.
 */
static int
fit_buffers(struct pstmt *s)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(s->st);
	MYSQL_FIELD *f;
	unsigned i;

	if (meta == NULL)
		return -1;
	f = mysql_fetch_fields(meta);
	for (i = 0; i < s->ncols && i < mysql_num_fields(meta); i++) {
		if (f[i].max_length + 1 <= s->caps[i])
			continue;
		s->caps[i] = f[i].max_length + 1;
		s->bufs[i] = erealloc(s->bufs[i], s->caps[i]);
		s->res[i].buffer = s->bufs[i];
		s->res[i].buffer_length = s->caps[i] - 1;	/* room for our NUL */
	}
	mysql_free_result(meta);
	return 0;
}

static int
vrun(struct db *db, unsigned id, const char *types, va_list ap)
{
	MYSQL_BIND par[DB_MAX_PARAMS];
	long long ints[DB_MAX_PARAMS];
	unsigned long lens[DB_MAX_PARAMS];
	my_bool nulls[DB_MAX_PARAMS];
	struct pstmt *s;
	size_t i, n = strlen(types);
	int rc;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	if ((rc = stmt_prepare(db, id)) != DB_OK)
		return rc;
	s = &db->st[id];
	if (n > DB_MAX_PARAMS || n != mysql_stmt_param_count(s->st)) {
		log_error("database: %s: %zu parameters given", db_stmt_name(id), n);
		return DB_ERROR;
	}
	memset(par, 0, sizeof(par));
	for (i = 0; i < n; i++) {
		const char *str;

		nulls[i] = 0;
		par[i].is_null = &nulls[i];
		par[i].length = &lens[i];
		switch (types[i]) {
		case 's':
			str = va_arg(ap, const char *);
			par[i].buffer_type = MYSQL_TYPE_STRING;
			par[i].buffer = (void *)(uintptr_t)str;
			lens[i] = str ? strlen(str) : 0;
			nulls[i] = str == NULL;
			break;
		case 'i':
		case 'I':
			ints[i] = va_arg(ap, long long);
			par[i].buffer_type = MYSQL_TYPE_LONGLONG;
			par[i].buffer = &ints[i];
			nulls[i] = types[i] == 'I' && ints[i] <= 0;
			break;
		case 'b':
			par[i].buffer_type = MYSQL_TYPE_BLOB;
			par[i].buffer = (void *)(uintptr_t)va_arg(ap, const void *);
			lens[i] = va_arg(ap, unsigned long);
			break;
		default:
			log_error("database: bad parameter type '%c'", types[i]);
			return DB_ERROR;
		}
	}
	mysql_stmt_free_result(s->st);
	db->nstmts++;
	db->ntrips++;
	if ((n && mysql_stmt_bind_param(s->st, par) != 0) ||
	    mysql_stmt_execute(s->st) != 0)
		return classify(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), id);
	if (s->ncols) {
		if (mysql_stmt_store_result(s->st) != 0)
			return classify(db, mysql_stmt_errno(s->st),
			    mysql_stmt_error(s->st), id);
		if (fit_buffers(s) != 0 || mysql_stmt_bind_result(s->st, s->res) != 0) {
			log_error("database: %s: cannot bind its result",
			    db_stmt_name(id));
			return DB_ERROR;
		}
	}
	return DB_OK;
}

/*
 * A connection found dead on first use (the server restarted while this
 * worker was idle) is reopened once at once: outside a transaction nothing
 * ran on it, so running the statement again is safe.
 */
static int
run_retry(struct db *db, unsigned id, const char *types, va_list ap)
{
	int was_open = db->my != NULL, rc;
	struct timespec t0, t1;
	va_list again;

	va_copy(again, ap);
	/* The scoreboard shows the statement while it runs (status, slowlog). */
	sb_phase(SB_PHASE(PH_SQL, id));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = vrun(db, id, types, ap);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Only a failure that came at once means a dead connection; one that
	 * came after waiting is the read time-out, and the page answers 503. */
	if (rc == DB_UNAVAILABLE && was_open && !db->in_txn &&
	    (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 500) {
		db->next_try = (struct timespec){ 0, 0 };
		rc = vrun(db, id, types, again);
	}
	va_end(again);
	sb_phase(SB_PHASE(PH_HANDLER, 0));
	return rc;
}


int
fetch(struct db *db, unsigned id, struct dbrow *row)
{
	struct pstmt *s;
	unsigned i;
	int rc;

	if (db->my == NULL || id >= db->nst || (s = &db->st[id])->st == NULL ||
	    s->ncols == 0)
		return DB_UNAVAILABLE;
	rc = mysql_stmt_fetch(s->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		return classify(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), id);
	if (rc == MYSQL_DATA_TRUNCATED) {
		/* The buffers were sized from the result: a bug, never data cut short. */
		log_error("database: %s: a value did not fit its buffer",
		    db_stmt_name(id));
		return DB_ERROR;
	}
	for (i = 0; i < s->ncols; i++) {
		if (s->nulls[i])
			s->cols[i] = NULL;
		else {
			s->bufs[i][s->lens[i]] = '\0';
			s->cols[i] = s->bufs[i];
		}
	}
	row->n = s->ncols;
	row->col = s->cols;
	row->len = s->lens;
	return 1;
}



static long long
insert_id(struct db *db, unsigned id)
{
	return id < db->nst && db->st[id].st ?
	    (long long)mysql_stmt_insert_id(db->st[id].st) : 0;
}

static long long
affected(struct db *db, unsigned id)
{
	return id < db->nst && db->st[id].st ?
	    (long long)mysql_stmt_affected_rows(db->st[id].st) : 0;
}



/* Array binding (db_run_columns): column-wise, a value per row of each
 * parameter; for a string the column is an array of pointers. */
static int
vrun_columns(struct db *db, unsigned id, const char *types, size_t rows,
    const struct dbcolumn *cols)
{
	MYSQL_BIND par[DB_MAX_PARAMS];
	unsigned int size = (unsigned int)rows;
	struct pstmt *s;
	size_t i, n = strlen(types);
	int rc;

	if ((rc = db_ensure(db)) != DB_OK || (rc = stmt_prepare(db, id)) != DB_OK)
		return rc;
	s = &db->st[id];
	if (n > DB_MAX_PARAMS || n != mysql_stmt_param_count(s->st) || rows == 0 ||
	    rows > UINT32_MAX) {
		log_error("database: %s: %zu parameters or %zu rows given", db_stmt_name(id),
		    n, rows);
		return DB_ERROR;
	}
	memset(par, 0, sizeof(par));
	for (i = 0; i < n; i++) {
		par[i].buffer = (void *)(uintptr_t)cols[i].v;
		if (types[i] == 'i')
			par[i].buffer_type = MYSQL_TYPE_LONGLONG;
		else if (types[i] == 's') {
			par[i].buffer_type = MYSQL_TYPE_STRING;
			par[i].length = (unsigned long *)(uintptr_t)cols[i].len;
		} else {
			log_error("database: bad column type '%c'", types[i]);
			return DB_ERROR;
		}
	}
	mysql_stmt_free_result(s->st);
	rc = mysql_stmt_attr_set(s->st, STMT_ATTR_ARRAY_SIZE, &size) != 0 ||
	    mysql_stmt_bind_param(s->st, par) != 0 || mysql_stmt_execute(s->st) != 0 ?
	    classify(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), id) : DB_OK;
	/* The statement's next use binds one row again. */
	size = 0;
	if (db->st[id].st != NULL)
		mysql_stmt_attr_set(s->st, STMT_ATTR_ARRAY_SIZE, &size);
	return rc;
}

/* ---- registered statements: the parameters' types are declared ---- */

int
db_run(struct db *db, struct stmt *st, ...)
{
	va_list ap;
	int rc;

	va_start(ap, st);
	rc = run_retry(db, st->slot, st->params, ap);
	va_end(ap);
	return rc;
}

int
db_run_columns(struct db *db, struct stmt *st, size_t rows, const struct dbcolumn *cols)
{
	int rc;

	sb_phase(SB_PHASE(PH_SQL, st->slot));
	rc = vrun_columns(db, st->slot, st->params, rows, cols);
	sb_phase(SB_PHASE(PH_HANDLER, 0));
	return rc;
}

int
db_fetch(struct db *db, struct stmt *st, struct dbrow *row)
{
	return fetch(db, st->slot, row);
}

int
db_one(struct db *db, struct stmt *st, struct dbrow *row, ...)
{
	va_list ap;
	int rc;

	va_start(ap, row);
	rc = run_retry(db, st->slot, st->params, ap);
	va_end(ap);
	if (rc != DB_OK)
		return rc;
	return fetch(db, st->slot, row);
}

long long
db_insert_id(struct db *db, struct stmt *st)
{
	return insert_id(db, st->slot);
}

long long
db_affected(struct db *db, struct stmt *st)
{
	return affected(db, st->slot);
}

int
db_prepare_all(struct db *db)
{
	unsigned id;
	int rc, bad = 0;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	for (id = 0; id < nslots; id++)
		if ((rc = stmt_prepare(db, id)) == DB_UNAVAILABLE)
			return rc;
		else if (rc != DB_OK)
			bad++;
	return bad;
}

void
db_like(const char *q, char *out, size_t len)
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

void
db_counts(const struct db *db, unsigned *stmts, unsigned *trips)
{
	*stmts = db ? db->nstmts : 0;
	*trips = db ? db->ntrips : 0;
}

void
db_counts_reset(struct db *db)
{
	if (db)
		db->nstmts = db->ntrips = 0;
}

int
db_query(struct db *db, const char *sql)
{
	int rc;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	db->nstmts++;
	db->ntrips++;
	if (mysql_query(db->my, sql) != 0)
		return classify(db, mysql_errno(db->my), mysql_error(db->my), SLOTS_MAX);
	return DB_OK;
}

/* Milliseconds since t0. */
static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Deadlocks, lock waits and Galera's certification failures (which arrive
 * as deadlocks, at any statement or at COMMIT) run fn again from the start.
 * So does a connection lost before COMMIT was sent, once and only when it
 * failed at once (a node killed: nothing of fn was committed, and the next
 * connection goes to another node). A connection lost during COMMIT leaves
 * the outcome unknown: that is DB_UNAVAILABLE, never repeated here.
 */
int
db_txn(struct db *db, int (*fn)(void *), void *arg)
{
	int attempt, rc = DB_RETRY, moved = 0;
	struct timespec t0;

	/* Six tries, 4 to 64 ms apart: a row written on two Galera nodes at
	 * once (four clients topping up one subscription) outlasted four. */
	for (attempt = 0; attempt < 6 && rc == DB_RETRY; attempt++) {
		if (attempt > 0)
			usleep(2000 * (1U << attempt) + randombytes_uniform(5000));
		if ((rc = db_query(db, "START TRANSACTION")) != DB_OK &&
		    (rc != DB_UNAVAILABLE ||
		    (rc = db_query(db, "START TRANSACTION")) != DB_OK))
			return rc;	/* (a dead connection found here is reopened once) */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		db->in_txn = 1;
		rc = fn(arg);
		db->in_txn = 0;
		sb_phase(SB_PHASE(PH_COMMIT, 0));
		if (db->my != NULL) {
			db->nstmts++;
			db->ntrips++;
		}
		if (rc == DB_OK) {
			if (mysql_commit(db->my) != 0)
				rc = classify(db, mysql_errno(db->my),
				    mysql_error(db->my), SLOTS_MAX);
		} else if (db->my != NULL)
			mysql_rollback(db->my);
		else if (rc == DB_UNAVAILABLE && !moved && db->naddr > 1 &&
		    ms_since(&t0) < 500) {
			moved = 1;
			db->next_try = (struct timespec){ 0, 0 };
			rc = DB_RETRY;
		}
		sb_phase(SB_PHASE(PH_HANDLER, 0));
	}
	return rc;
}

int
db_script(const struct conf *c, const char *sql, char *err, size_t errlen)
{
	MYSQL *my;
	int rc = 0, status;

	if ((my = connect_new(c, CLIENT_MULTI_STATEMENTS, err, errlen, NULL)) == NULL)
		return -1;
	if (mysql_real_query(my, sql, strlen(sql)) != 0) {
		snprintf(err, errlen, "%u %s", mysql_errno(my), mysql_error(my));
		mysql_close(my);
		return -1;
	}
	do {
		MYSQL_RES *res = mysql_store_result(my);

		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(my) != 0) {
			snprintf(err, errlen, "%u %s", mysql_errno(my), mysql_error(my));
			rc = -1;
			break;
		}
		if ((status = mysql_next_result(my)) > 0) {
			snprintf(err, errlen, "%u %s", mysql_errno(my), mysql_error(my));
			rc = -1;
		}
	} while (status == 0);
	mysql_close(my);
	return rc;
}

int
db_check(const struct conf *c, char *err, size_t errlen)
{
	unsigned code = 0;
	MYSQL *my;

	if ((my = connect_new(c, 0, err, errlen, &code)) != NULL) {
		mysql_close(my);
		return DB_OK;
	}
	/* Not there (yet), or too busy: worth trying again later. */
	if (is_gone(code) || code == CR_UNKNOWN_HOST || code == ER_CON_COUNT_ERROR ||
	    code == ER_TOO_MANY_USER_CONNECTIONS)
		return DB_UNAVAILABLE;
	return DB_ERROR;	/* it answered and refused: user, password, grants, name */
}
