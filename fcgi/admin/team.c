/*
 * The role "admin": the administrators of the back office manage its
 * staff. The list shows each member's roles, whether the second factor is
 * enrolled, whether the account is active, and the last login (from the
 * audit log). A member is added with a name, an address and roles, and is
 * mailed the back office's address: no password, they log in with the
 * mailed code and enrol the authenticator app. Roles change, a member is
 * disabled (their sessions end) or enabled, and the second factor is reset
 * (secret and recovery codes gone, sessions ended: they enrol again).
 *
 * No administrator disables or demotes themselves, and the last active
 * administrator keeps the role: both are checked in the transaction with
 * every active administrator's row locked, so two administrators demoting
 * each other at once are taken one after the other.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/audit.h"
#include "core/valid.h"
#include "admin/team.h"

#define ROLES_LEN	256	/* the staff.roles column */

/*
 * The forms' fields: a box "role-NAME" for each role the back office's
 * modules declare (filled in by team_init, once every module is known).
 */
static struct field add_fields[FIELDS_MAX] = {
	{ "name", V_NAME, 0 },
	{ "email", V_EMAIL, 254 },
};
static struct field roles_fields[FIELDS_MAX];
static const struct field status_fields[] = {
	{ "status", V_WORD, 16 },
	{ NULL, V_TEXT, 0 },
};
static struct boxes boxes;

enum { MEM_ID, MEM_NAME, MEM_EMAIL, MEM_ROLES, MEM_STATUS, MEM_ENROLLED,
	MEM_LAST_LOGIN, MEM_ADDED, MEM__COLS };
enum { ADMIN_ID, ADMIN__COLS };
enum { HELD_ROLES, HELD__COLS };
enum { Q_MEMBERS, Q_MEMBER, Q_ADD, Q_ADMINS, Q_LOCK, Q_SET_ROLES, Q_SET_STATUS,
	Q_END_SESSIONS, Q_FORGET_TOTP, Q_FORGET_RECOVERY };

/* The last login is the newest staff-login row: read backwards along
 * audit_staff (staff_id, at), it stops at the first one. */
#define MEMBER_SELECT \
	"SELECT s.id, s.name, s.email, s.roles, s.status, s.totp_enrolled_at IS NOT NULL," \
	" DATE_FORMAT((SELECT a.at FROM audit_log a WHERE a.staff_id = s.id" \
	"  AND a.action = 'staff-login' ORDER BY a.at DESC LIMIT 1), '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%s') FROM staff s"

static struct stmt stmts[] = {
	[Q_MEMBERS] = STMT("admin.members", "", MEM__COLS,
	    MEMBER_SELECT " ORDER BY s.name, s.id"),
	[Q_MEMBER] = STMT("admin.member", "i", MEM__COLS,
	    MEMBER_SELECT " WHERE s.id = ?"),
	/* The address is unique: a second member of it is DB_DUPLICATE. */
	[Q_ADD] = STMT("admin.add", "ssss", 0,
	    "INSERT INTO staff (email, name, roles, lang) VALUES (?, ?, ?, ?)"),
	/* Locks every active administrator (the table is small: the scan
	 * locks it all, which orders every change of staff one after another). */
	[Q_ADMINS] = STMT("admin.admins", "", ADMIN__COLS,
	    "SELECT id FROM staff WHERE status = 'active' AND FIND_IN_SET('admin', roles) > 0"
	    " FOR UPDATE"),
	[Q_LOCK] = STMT("admin.lock", "i", HELD__COLS,
	    "SELECT roles FROM staff WHERE id = ? FOR UPDATE"),
	[Q_SET_ROLES] = STMT("admin.set_roles", "si", 0,
	    "UPDATE staff SET roles = ? WHERE id = ?"),
	[Q_SET_STATUS] = STMT("admin.set_status", "si", 0,
	    "UPDATE staff SET status = ? WHERE id = ?"),
	[Q_END_SESSIONS] = STMT("admin.end_sessions", "i", 0,
	    "UPDATE staff_sessions SET revoked_at = NOW()"
	    " WHERE staff_id = ? AND revoked_at IS NULL"),
	/* The step counter starts again with the new secret: its first code
	 * may fall in the step of the old one's last. */
	[Q_FORGET_TOTP] = STMT("admin.forget_totp", "i", 0,
	    "UPDATE staff SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = 0"
	    " WHERE id = ?"),
	[Q_FORGET_RECOVERY] = STMT("admin.forget_recovery", "i", 0,
	    "DELETE FROM staff_recovery_codes WHERE staff_id = ?"),
};

static void
team_init(void)
{
	size_t i;

	boxes_init(&boxes, "role", role_names());
	/* Room is left for the dispatcher's formkey, csrf and the end. */
	for (i = 0; role_names()[i] != NULL && 2 + i < FIELDS_MAX - 4; i++) {
		add_fields[2 + i] = (struct field){ boxes.field[i], V_TEXT, 8 };
		roles_fields[i] = (struct field){ boxes.field[i], V_TEXT, 8 };
	}
}

/* <roles><role>NAME</role>…</roles> of role bits, in the modules' order. */
static void
roles_el(xmlNodePtr parent, unsigned bits)
{
	boxes_el(parent, "roles", "role", role_names(), bits);
}

/* One member of staff; times in the server's zone (the operator's). */
static void
member_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr m = x_el(parent, "member");

	x_attr(m, "id", row->col[MEM_ID]);
	x_attr(m, "status", row->col[MEM_STATUS]);
	x_attr(m, "enrolled", strcmp(row->col[MEM_ENROLLED], "1") == 0 ? "yes" : "no");
	x_text(m, "name", row->col[MEM_NAME]);
	x_text(m, "email", row->col[MEM_EMAIL]);
	roles_el(m, role_parse(row->col[MEM_ROLES]));
	x_time(m, "last-login", NULL, row->col[MEM_LAST_LOGIN]);
	x_time(m, "added", NULL, row->col[MEM_ADDED]);
}

/* The list page: every member, every role (a box each), the add form. */
static int
staff_page(struct ctx *c, xmlNodePtr *add)
{
	struct dbrow row;
	xmlNodePtr list;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_MEMBERS])) < 0)
		return page_db_status(rc);
	page_begin(c, "admin-staff");
	list = x_el(c->root, "members");
	while ((rc = db_fetch(c->db, &stmts[Q_MEMBERS], &row)) == 1)
		member_el(list, &row);
	if (rc < 0)
		return page_db_status(rc);
	roles_el(c->root, role_all());
	*add = form_el(c->root, "add");
	return 0;
}

static int
staff_get(struct ctx *c)
{
	xmlNodePtr f;

	return staff_page(c, &f);
}

/* Where the back office answers: its own host when it has one. */
static void
backoffice_url(const struct conf *cf, char *out, size_t len)
{
	const char *b = cf->base_url;

	if (cf->admin_host[0])
		snprintf(out, len, "%.*s://%s/admin/login", (int)strcspn(b, ":"), b,
		    cf->admin_host);
	else
		snprintf(out, len, "%s/admin/login", b);
}

struct addition {
	const char	*name, *email;
	char		 roles[ROLES_LEN];
};

static int
staff_add_txn(struct ctx *c, void *arg)
{
	struct addition *a = arg;
	char url[600], by[NAME_MAX_BYTES + 1];
	long long id;
	int rc;

	rc = db_run(c->db, &stmts[Q_ADD], a->email, a->name, a->roles, c->lang);
	if (rc == DB_DUPLICATE)
		return 409;
	if (rc < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_ADD]);
	if ((rc = page_audit(c, "staff-add", "staff", id, a->roles)) < 0)
		return rc;
	backoffice_url(c->conf, url, sizeof(url));
	valid_name_defuse(by, sizeof(by), c->staff.name);
	{
		const char *vars[] = { "name", a->name, "by", by, "url", url, NULL };

		if ((rc = page_mail(c, a->email, c->lang, "mail.staff.welcome.subject",
		    "mail.staff.welcome.body", vars)) < 0)
			return rc;
	}
	page_redirect(c, "/admin/staff?done=staff-added");
	return DB_OK;
}

static int
staff_post(struct ctx *c)
{
	struct addition a = { 0 };
	const char *name_problem = valid_name_problem(form_raw(c, "name"));
	const char *raw_email = form_raw(c, "email");
	xmlNodePtr f;
	int rc;

	a.name = in_get(c, "name");
	a.email = in_get(c, "email");
	if (name_problem == NULL && a.name == NULL)
		name_problem = "invalid";
	if (name_problem == NULL && a.email != NULL) {
		role_format(boxes_of_form(c, &boxes), a.roles, sizeof(a.roles));
		if ((rc = page_change(c, staff_add_txn, &a)) != 409)
			return rc;
	}
	/* Bad input or an address already on the staff: the form again. */
	if ((rc = staff_page(c, &f)) != 0)
		return rc;
	form_keep(c, f, "name");
	form_keep(c, f, "email");
	boxes_keep(c, &boxes, f);
	if (name_problem != NULL)
		form_error(f, "name", name_problem);
	if (a.email == NULL)
		form_error(f, "email", raw_email && *raw_email ? "invalid" : "required");
	else if (name_problem == NULL)
		form_error(f, "email", "duplicate");
	c->status = name_problem != NULL || a.email == NULL ? 400 : 409;
	return 0;
}

/* One member's page, and the form of a refused change when there is one. */
static int
member_page(struct ctx *c)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_MEMBER], &row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "admin-staff-member");
	member_el(c->root, &row);
	roles_el(c->root, role_all());
	return 0;
}

static int
member_get(struct ctx *c)
{
	return member_page(c);
}

enum change_kind { CH_ROLES, CH_ENABLE, CH_DISABLE, CH_SECOND };

struct change {
	enum change_kind kind;
	unsigned	 roles;		/* CH_ROLES: as ticked */
	const char	*error;		/* a refusal */
};

/* Each change's statements; detail receives the audit row's detail. */
static int
apply_roles(struct ctx *c, const struct change *ch, char *detail, size_t len)
{
	role_format(ch->roles, detail, len);
	return db_run(c->db, &stmts[Q_SET_ROLES], detail, c->ids[0]);
}

static int
apply_enable(struct ctx *c, const struct change *ch, char *detail, size_t len)
{
	(void)ch;
	snprintf(detail, len, "active");
	return db_run(c->db, &stmts[Q_SET_STATUS], detail, c->ids[0]);
}

/* A disabled member's sessions end now, not when enabled again. */
static int
apply_disable(struct ctx *c, const struct change *ch, char *detail, size_t len)
{
	int rc;

	(void)ch;
	snprintf(detail, len, "disabled");
	if ((rc = db_run(c->db, &stmts[Q_SET_STATUS], detail, c->ids[0])) < 0)
		return rc;
	return db_run(c->db, &stmts[Q_END_SESSIONS], c->ids[0]);
}

/* Lost phone: the app's secret and the recovery codes are gone, and so is
 * every session; the next login (the mailed code) enrols again. */
static int
apply_second(struct ctx *c, const struct change *ch, char *detail, size_t len)
{
	int rc;

	(void)ch;
	(void)len;
	detail[0] = '\0';
	if ((rc = db_run(c->db, &stmts[Q_FORGET_TOTP], c->ids[0])) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_FORGET_RECOVERY], c->ids[0])) < 0)
		return rc;
	return db_run(c->db, &stmts[Q_END_SESSIONS], c->ids[0]);
}

/* The changes of the member page: what is done, audited and confirmed,
 * and the form (and its field) a refusal is shown on. */
static const struct {
	int		(*apply)(struct ctx *, const struct change *, char *, size_t);
	const char	*action, *flash, *form, *field;
} changes[] = {
	[CH_ROLES] = { apply_roles, "staff-roles", "staff-roles-changed", "roles",
	    "role-admin" },
	[CH_ENABLE] = { apply_enable, "staff-enable", "staff-enabled", "status", "status" },
	[CH_DISABLE] = { apply_disable, "staff-disable", "staff-disabled", "status",
	    "status" },
	[CH_SECOND] = { apply_second, "staff-second-factor-reset",
	    "staff-second-factor-reset", "second-factor", "second-factor" },
};

/*
 * The active administrators, locked: how many, and whether the caller and
 * the member are among them. The caller may have lost the role since the
 * request began (another administrator, a moment ago).
 */
static int
admins_locked(struct ctx *c, long long *n, int *me, int *target)
{
	struct dbrow row;
	long long id;
	int rc;

	*n = 0;
	*me = *target = 0;
	if ((rc = db_run(c->db, &stmts[Q_ADMINS])) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_ADMINS], &row)) == 1) {
		if (parse_int(row.col[ADMIN_ID], 1, INT64_MAX, &id) == -1)
			continue;
		(*n)++;
		*me |= id == c->staff.id;
		*target |= id == c->ids[0];
	}
	return rc;
}

static int
member_change_txn(struct ctx *c, void *arg)
{
	struct change *ch = arg;
	long long id = c->ids[0], admins;
	char detail[ROLES_LEN];
	struct dbrow row;
	int rc, me, was_admin, loses;

	if ((rc = admins_locked(c, &admins, &me, &was_admin)) < 0)
		return rc;
	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, id)) <= 0)
		return rc < 0 ? rc : 404;
	if (!me)
		return 403;
	loses = was_admin && (ch->kind == CH_DISABLE ||
	    (ch->kind == CH_ROLES && !(ch->roles & role_bit("admin"))));
	if (loses && admins <= 1) {
		ch->error = "last-admin";
		return 409;
	}
	if (id == c->staff.id && (loses || ch->kind == CH_DISABLE)) {
		ch->error = "own-account";
		return 403;
	}
	if ((rc = changes[ch->kind].apply(c, ch, detail, sizeof(detail))) < 0 ||
	    (rc = page_audit(c, changes[ch->kind].action, "staff", id,
	    detail[0] ? detail : NULL)) < 0)
		return rc;
	/* Their own second factor reset, the caller's session has ended too. */
	if (ch->kind == CH_SECOND && id == c->staff.id)
		page_redirectf(c, "/admin/login?done=%s", changes[ch->kind].flash);
	else
		page_redirectf(c, "/admin/staff/%lld?done=%s", id, changes[ch->kind].flash);
	return DB_OK;
}

/* The answer to a change: the redirect, or the member page with the form
 * of the change refused (400 bad input, 403 their own account, 409 the
 * last administrator). */
static int
member_answer(struct ctx *c, struct change *ch, int rc)
{
	xmlNodePtr f;
	int status = rc;

	if (ch->error == NULL)
		return rc;
	if ((rc = member_page(c)) != 0)
		return rc;
	f = form_el(c->root, changes[ch->kind].form);
	if (ch->kind == CH_ROLES)
		boxes_keep(c, &boxes, f);
	else
		form_keep(c, f, "status");
	form_error(f, changes[ch->kind].field, ch->error);
	c->status = status;
	return 0;
}

static int
member_roles_post(struct ctx *c)
{
	struct change ch = { CH_ROLES, boxes_of_form(c, &boxes), NULL };

	return member_answer(c, &ch, page_change(c, member_change_txn, &ch));
}

static int
member_status_post(struct ctx *c)
{
	const char *s = in_get(c, "status"), *raw = form_raw(c, "status");
	struct change ch = { CH_ENABLE, 0, NULL };

	if (s != NULL && strcmp(s, "disabled") == 0)
		ch.kind = CH_DISABLE;
	else if (s == NULL || strcmp(s, "active") != 0) {
		ch.error = raw != NULL && *raw ? "invalid" : "required";
		return member_answer(c, &ch, 400);
	}
	return member_answer(c, &ch, page_change(c, member_change_txn, &ch));
}

static int
member_second_post(struct ctx *c)
{
	struct change ch = { CH_SECOND, 0, NULL };

	return member_answer(c, &ch, page_change(c, member_change_txn, &ch));
}

static const struct route routes[] = {
	{ "/admin/staff", R_STAFF | R_ONCE, "admin-staff", staff_get, NULL, staff_post,
	    add_fields, "admin" },
	{ "/admin/staff/#", R_STAFF | R_ONCE, "admin-staff-member", member_get, NULL,
	    member_roles_post, roles_fields, "admin" },
	{ "/admin/staff/#/status", R_STAFF | R_ONCE, "admin-staff-member", NULL, NULL,
	    member_status_post, status_fields, "admin" },
	{ "/admin/staff/#/second-factor", R_STAFF | R_ONCE, "admin-staff-member", NULL,
	    NULL, member_second_post, NULL, "admin" },
};

int
team_add_cli(struct db *db, const struct conf *cf, const char *email, const char *name,
    const char *roles, FILE *out, FILE *err)
{
	char addr[255], list[ROLES_LEN], one[64], url[600], names[ROLES_LEN];
	const char *problem = valid_name_problem(name), *p;
	unsigned bits = 0;
	long long id;
	size_t n;
	int rc;

	snprintf(addr, sizeof(addr), "%s", email);
	if (strlen(email) >= sizeof(addr) || valid_value(V_EMAIL, addr, sizeof(addr)) != 0) {
		fprintf(err, "selfcare: staff-add: not an e-mail address: '%.64s'\n", email);
		return 1;
	}
	if (problem != NULL) {
		fprintf(err, "selfcare: staff-add: the name is %s\n", problem);
		return 1;
	}
	for (p = roles; *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		if (n == 0 || n >= sizeof(one) || role_bit(one) == 0) {
			role_format(role_all(), names, sizeof(names));
			fprintf(err, "selfcare: staff-add: no role '%s' (the roles: %s)\n", one, names);
			return 1;
		}
		bits |= role_bit(one);
	}
	if (bits == 0) {
		fprintf(err, "selfcare: staff-add: no roles given\n");
		return 1;
	}
	role_format(bits, list, sizeof(list));
	rc = db_run(db, &stmts[Q_ADD], addr, name, list, cf->default_lang);
	if (rc == DB_DUPLICATE) {
		fprintf(err, "selfcare: staff-add: %s is on the staff already\n", addr);
		return 1;
	}
	if (rc < 0 || (id = db_insert_id(db, &stmts[Q_ADD])) <= 0 ||
	    audit_add_staff(db, 0, 0, "staff-add", "staff", id, list, "") < 0) {
		fprintf(err, "selfcare: staff-add: the database failed\n");
		return EX_SOFTWARE;
	}
	backoffice_url(cf, url, sizeof(url));
	fprintf(out, "staff %lld added: %s (%s), roles %s; they log in at %s with the code "
	    "mailed to them, then enrol an authenticator app\n", id, addr, name, list, url);
	return 0;
}

static const char *const pages[] = { "admin-staff", "admin-staff-member", NULL };
static const char *const flashes[] = { "staff-added", "staff-roles-changed",
	"staff-disabled", "staff-enabled", "staff-second-factor-reset", NULL };
static const struct menu_item menu[] = {
	{ "/admin/staff", "admin.nav.staff", "admin" },
	{ NULL, NULL, NULL },
};

const struct module admin_module = {
	.name = "admin", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu, .init = team_init,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
