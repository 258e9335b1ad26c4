/*
 * Every SQL statement of the portal, named. Statements are prepared once per
 * connection and always take bound parameters. Statements that read customer
 * data carry the asking user's id, so tenant isolation holds in the query
 * itself, not only in the handler that calls it.
 */
#ifndef SELFCARE_SQL_H
#define SELFCARE_SQL_H

enum stmt_id {
	ST_AUDIT,
	ST_TODAY,
	/* operation (ops.c) */
	ST__MAX
};

extern const char *const sql_text[ST__MAX];
/* "ST_SESSION_BY_TOKEN" …: made from this file at build time (Makefile.am). */
extern const char *const sql_name[ST__MAX];

#endif
