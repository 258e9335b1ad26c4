/*
 * Every SQL statement of the portal, named. Statements are prepared once per
 * connection and always take bound parameters. Statements that read customer
 * data carry the asking user's id, so tenant isolation holds in the query
 * itself, not only in the handler that calls it.
 */
#ifndef SELFCARE_SQL_H
#define SELFCARE_SQL_H

enum stmt_id {
	ST_SESSION_BY_TOKEN,
	ST_SESSION_TOUCH,
	ST_SESSION_NEW,
	ST_SESSION_SET_PENDING,
	ST_SESSION_REVOKE,
	ST_SESSIONS_PURGE,
	ST_USER_BY_EMAIL,
	ST_CODES_RECENT_EMAIL,
	ST_CODES_RECENT_IP,
	ST_CODE_NEW,
	ST_CODE_CURRENT,
	ST_CODE_FAIL,
	ST_CODE_USE,
	ST_CODES_PURGE,
	ST_MAIL_ENQUEUE,
	ST_MAIL_DUE,
	ST_MAIL_SENT,
	ST_MAIL_FAILED,
	ST_AUDIT,
	ST_COMPANIES_OF_USER,
	ST_LOCATIONS_OF_COMPANY,
	ST_MIGRATION_GET,
	ST_MIGRATION_ADD,
	ST__MAX
};

extern const char *const sql_text[ST__MAX];

#endif
