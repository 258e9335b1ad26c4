/* The SQL text of every named statement (see sql.h). */
#include "config.h"

#include "core/sql.h"

const char *const sql_text[ST__MAX] = {
[ST_AUDIT] =
	"INSERT INTO audit_log (user_id, company_id, action, object, object_id,"
	" detail, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
[ST_TODAY] =
	"SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",

};
