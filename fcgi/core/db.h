/*
 * The database: one MariaDB connection per worker, named prepared statements
 * (declared by the modules), results read as strings. Losing the server is an expected state:
 * calls return DB_UNAVAILABLE (the page answers 503) and the next request
 * reconnects and re-prepares.
 */
#ifndef SELFCARE_DB_H
#define SELFCARE_DB_H

#include <stddef.h>


struct conf;
struct db;

enum db_rc {
	DB_OK = 0,
	DB_ERROR = -1,		/* a bug or a constraint: 500 */
	DB_UNAVAILABLE = -2,	/* server gone or unreachable: 503 */
	DB_RETRY = -3,		/* deadlock or lock wait: retry the transaction */
	DB_DUPLICATE = -4,	/* unique key violated */
};

struct dbrow {
	unsigned	  n;
	char		**col;	/* NUL-terminated; NULL for SQL NULL */
	unsigned long	 *len;
};

struct db	*db_new(const struct conf *);
void		 db_free(struct db *);

/*
 * Parameter types, one letter per ? in a statement's declaration:
 *   s  const char *   (NULL binds SQL NULL)
 *   i  long long
 *   I  long long, where a value <= 0 binds SQL NULL (optional ids)
 *   b  const void *, unsigned long  (binary)
 * A statement with a result set is buffered; read it with db_fetch.
 */

/*
 * A statement declared by the module that uses it: a name for the logs
 * ("cases.list"), the types of its parameters (one letter per ?, as
 * above) and the number of its result columns, both checked against the
 * SQL when it is prepared (a mismatch is logged and refused), so a handler
 * reads row.col[CASE_SUBJECT] from an enum next to the statement and never
 * counts columns. Modules list theirs with STMT(); module_init registers
 * them (db_register), which numbers their slots in every connection.
 */
struct stmt {
	const char	*name;
	const char	*params;
	unsigned	 ncols;
	const char	*sql;
	unsigned	 slot;		/* set by db_register */
};
#define STMT(name, params, ncols, sql)	{ name, params, ncols, sql, 0 }
/* Text of one collation in a UNION, whatever each table's column has. */
#define SQL_TEXT(x)	"CAST(" x " AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_unicode_ci"

void	 db_register(struct stmt *, size_t n);
/* A statement's name by its slot (the scoreboard's phase); NULL if none. */
const char *db_stmt_name(unsigned slot);

/* Executes st with its declared parameters; <0 a db_rc. */
int	 db_run(struct db *, struct stmt *, ...);
/*
 * Executes st once for each of rows rows in one round trip (MariaDB's
 * array binding, for batched inserts): a column per parameter, its letter
 * 'i' (v: long long[rows]) or 's' (v: const char *[rows], len: their
 * lengths). db_affected counts the rows of all of them.
 */
struct dbcolumn {
	const void		*v;
	const unsigned long	*len;
};
int	 db_run_columns(struct db *, struct stmt *, size_t rows, const struct dbcolumn *);
/* 1: a row in *row (valid until the next call on st), 0: done, <0: db_rc. */
int	 db_fetch(struct db *, struct stmt *, struct dbrow *);
/* Runs, fetches the first row (if any) and keeps it; 1 row, 0 none, <0 db_rc. */
int	 db_one(struct db *, struct stmt *, struct dbrow *, ...);
long long db_insert_id(struct db *, struct stmt *);
long long db_affected(struct db *, struct stmt *);
/* Prepares every statement of the program: how many do not (the log names
 * each: a missing table, or a declaration that does not fit), or a db_rc. */
int	 db_prepare_all(struct db *);

/*
 * Runs fn inside one transaction: commit when it returns 0, roll back on
 * anything else. Deadlocks and lock waits retry the whole function a
 * bounded number of times, so fn must not have effects outside the database.
 */
int	 db_txn(struct db *, int (*fn)(void *), void *arg);

/* Executes a script of several statements on a connection of its own (migrations). */
int	 db_script(const struct conf *, const char *sql, char *err, size_t errlen);
/*
 * Connects with the configuration's settings and hangs up: DB_OK,
 * DB_UNAVAILABLE when the server cannot be reached, DB_ERROR when it
 * refused (the reason in err).
 */
int	 db_check(const struct conf *, char *err, size_t errlen);
/*
 * A search as a LIKE pattern that finds q anywhere: "%q%", the user's %, _
 * and \ made literal (LIKE's default escape). len is at least
 * 2 * strlen(q) + 3, or q is cut short.
 */
void	 db_like(const char *q, char *out, size_t len);
/* A plain query on the worker's connection (no parameters, no result). */
int	 db_query(struct db *, const char *sql);
/* Statements run and round trips taken since the last reset (a request's). */
void	 db_counts(const struct db *, unsigned *stmts, unsigned *trips);
void	 db_counts_reset(struct db *);

#endif
