/*
 * The audit log: who did what, when, on what, from where. Every change
 * writes a row in its own transaction; the company's administrators read
 * their company's rows (portal/audit.c).
 */
#ifndef SELFCARE_AUDIT_H
#define SELFCARE_AUDIT_H

struct db;

/* One row; user_id, company_id and object_id <= 0, object, detail NULL:
 * none. A db_rc. */
int	 audit_add(struct db *, long long user_id, long long company_id,
	    const char *action, const char *object, long long object_id,
	    const char *detail, const char *ip);

/* The same for what a member of the operator's staff did. */
int	 audit_add_staff(struct db *, long long staff_id, long long company_id,
	    const char *action, const char *object, long long object_id,
	    const char *detail, const char *ip);

/* The same for what the system did by itself (an import, a job): no user,
 * no address. */
int	 audit_add_system(struct db *, long long company_id, const char *action,
	    const char *object, long long object_id, const char *detail);

#endif
