/* Audit rows; see audit.h. */
#include "config.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/module.h"
#include "core/util.h"

enum { Q_ADD, Q_ADD_STAFF };
static struct stmt stmts[] = {
	[Q_ADD] = STMT("auditlog.add", "IIssIss", 0,
	    "INSERT INTO audit_log (user_id, company_id, action, object, object_id,"
	    " detail, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?)"),
	[Q_ADD_STAFF] = STMT("auditlog.add_staff", "IIssIss", 0,
	    "INSERT INTO audit_log (staff_id, company_id, action, object, object_id,"
	    " detail, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?)"),
};

int
audit_add(struct db *db, long long user_id, long long company_id, const char *action,
    const char *object, long long object_id, const char *detail, const char *ip)
{
	return db_run(db, &stmts[Q_ADD], user_id, company_id, action, object, object_id,
	    detail, ip);
}

int
audit_add_staff(struct db *db, long long staff_id, long long company_id,
    const char *action, const char *object, long long object_id, const char *detail,
    const char *ip)
{
	return db_run(db, &stmts[Q_ADD_STAFF], staff_id, company_id, action, object,
	    object_id, detail, ip);
}

int
audit_add_system(struct db *db, long long company_id, const char *action,
    const char *object, long long object_id, const char *detail)
{
	return audit_add(db, 0, company_id, action, object, object_id, detail, "");
}

const struct module auditlog_module = {
	.name = "auditlog", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
