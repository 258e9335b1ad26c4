/*
 * Employees of a company mobile scheme: members of role employee, who hold
 * no area of the company. They see the subscriptions whose user they are
 * (every statement names the company and the user), and confirm their
 * phone number with a code sent by SMS before self-service. The codes
 * follow the login codes' rules (auth.h): random, kept as a keyed hash,
 * bound to the session that asked, ten minutes, five tries, rate-limited.
 * A number shown wrong is the company's to correct: the page names its
 * administrators.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/auth.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "mail/sms.h"
#include "portal/selfservice.h"

enum { SUB_ID, SUB_REF, SUB_PRODUCT, SUB_STATUS, SUB_STARTED, SUB_PRICE, SUB_CURRENCY,
	SUB_LOCATION, SUB__COLS };
enum { PH_PHONE, PH_VERIFIED, PH__COLS };
enum { AD_NAME, AD_EMAIL, AD__COLS };
enum { N_COUNT, N__COLS };
enum { CUR_ID, CUR_PHONE, CUR_HASH, CUR_ATTEMPTS, CUR_LIVE, CUR__COLS };
enum {
	Q_MINE, Q_ONE, Q_PHONE, Q_ADMINS, Q_OF_SESSION, Q_OF_USER, Q_CODE_NEW,
	Q_CODE_PENDING, Q_CODE_CURRENT, Q_CODE_FAIL, Q_CODE_USE, Q_CONFIRMED,
};

#define EMP_SUB_SQL \
	"SELECT s.id, s.ref, p.name, s.status, DATE_FORMAT(s.started_on, '%Y-%m-%d')," \
	" s.monthly_price, s.currency, l.name FROM subscriptions s" \
	" JOIN products p ON p.id = s.product_id" \
	" LEFT JOIN locations l ON l.id = s.location_id AND l.company_id = s.company_id" \
	" WHERE s.company_id = ? AND s.user_id = ?"

static struct stmt stmts[] = {
	[Q_MINE] = STMT("employee.mine", "ii", SUB__COLS,
	    EMP_SUB_SQL " ORDER BY s.status, s.ref"),
	[Q_ONE] = STMT("employee.one", "iii", SUB__COLS, EMP_SUB_SQL " AND s.id = ?"),
	/* Confirmed while the number confirmed is still the user's number. */
	[Q_PHONE] = STMT("employee.phone", "i", PH__COLS,
	    "SELECT phone, COALESCE(phone IS NOT NULL AND phone_verified = phone, 0)"
	    " FROM users WHERE id = ?"),
	[Q_ADMINS] = STMT("employee.admins", "i", AD__COLS,
	    "SELECT u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND m.role = 'admin' AND u.status = 'active'"
	    " ORDER BY u.name, u.id LIMIT 5"),
	[Q_OF_SESSION] = STMT("employee.codes_of_session", "ii", N__COLS,
	    "SELECT COUNT(*) FROM phone_codes WHERE session_id = ? AND user_id = ?"
	    " AND created_at > NOW() - INTERVAL 15 MINUTE"),
	[Q_OF_USER] = STMT("employee.codes_of_user", "i", N__COLS,
	    "SELECT COUNT(*) FROM phone_codes WHERE user_id = ?"
	    " AND created_at > NOW() - INTERVAL 1 HOUR"),
	[Q_CODE_NEW] = STMT("employee.code_new", "isbis", 0,
	    "INSERT INTO phone_codes (user_id, phone, code_hash, session_id, client_ip,"
	    " expires_at) VALUES (?, ?, ?, ?, ?, NOW() + INTERVAL 10 MINUTE)"),
	[Q_CODE_PENDING] = STMT("employee.code_pending", "iii", N__COLS,
	    "SELECT COUNT(*) FROM phone_codes WHERE user_id = ? AND session_id = ?"
	    " AND used_at IS NULL AND attempts < ? AND expires_at > NOW()"),
	/* Only the session's newest unused code counts, as for login codes. */
	[Q_CODE_CURRENT] = STMT("employee.code_current", "ii", CUR__COLS,
	    "SELECT id, phone, code_hash, attempts, expires_at > NOW() FROM phone_codes"
	    " WHERE user_id = ? AND session_id = ? AND used_at IS NULL"
	    " ORDER BY id DESC LIMIT 1 FOR UPDATE"),
	[Q_CODE_FAIL] = STMT("employee.code_fail", "i", 0,
	    "UPDATE phone_codes SET attempts = attempts + 1 WHERE id = ?"),
	[Q_CODE_USE] = STMT("employee.code_use", "i", 0,
	    "UPDATE phone_codes SET used_at = NOW() WHERE id = ? AND used_at IS NULL"),
	[Q_CONFIRMED] = STMT("employee.confirmed", "sis", 0,
	    "UPDATE users SET phone_verified = ?, phone_verified_at = NOW()"
	    " WHERE id = ? AND phone = ?"),
};

static const struct field code_fields[] = {
	{ "code", V_CODE, 32 },
	{ NULL, V_TEXT, 0 },
};

/* One subscription of the employee's, as both pages show it. */
static void
sub_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr s = x_el(parent, "subscription"), p;

	x_attr(s, "id", row->col[SUB_ID]);
	x_text(s, "ref", row->col[SUB_REF]);
	x_text(s, "product", row->col[SUB_PRODUCT]);
	x_text(s, "status", row->col[SUB_STATUS]);
	x_text(s, "started", row->col[SUB_STARTED]);
	p = x_text(s, "monthly", row->col[SUB_PRICE]);
	x_attr(p, "currency", row->col[SUB_CURRENCY]);
	if (row->col[SUB_LOCATION] != NULL)
		x_text(s, "location", row->col[SUB_LOCATION]);
}

/* The user's number and whether it is confirmed (*verified), as an element;
 * no element when no number is registered. */
static int
phone_el(struct ctx *c, xmlNodePtr parent, int *verified)
{
	struct dbrow row;
	xmlNodePtr p;
	int rc;

	*verified = 0;
	if ((rc = db_one(c->db, &stmts[Q_PHONE], &row, c->sess.user_id)) < 0)
		return rc;
	if (rc == 0 || row.col[PH_PHONE] == NULL || row.col[PH_PHONE][0] == '\0')
		return 0;
	*verified = strcmp(row.col[PH_VERIFIED], "1") == 0;
	p = x_text(parent, "phone", row.col[PH_PHONE]);
	x_attr(p, "verified", *verified ? "yes" : "no");
	return 1;
}

/* Who corrects a wrong number: the company's administrators, by name. */
static int
admins_el(struct ctx *c, xmlNodePtr parent)
{
	xmlNodePtr list = x_el(parent, "admins"), a;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_ADMINS], c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_ADMINS], &row)) == 1) {
		a = x_el(list, "admin");
		x_text(a, "name", row.col[AD_NAME]);
		x_text(a, "email", row.col[AD_EMAIL]);
	}
	return rc;
}

/* My subscriptions in this company, and the state of my number. */
static int
mine_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr e, list;
	int rc, verified;

	page_begin(c, "employee");
	e = x_el(c->root, "employee");
	x_attr(e, "view", "list");
	if ((rc = phone_el(c, e, &verified)) < 0)
		return page_db_status(rc);
	list = x_el(e, "subscriptions");
	if ((rc = db_run(c->db, &stmts[Q_MINE], c->co.id, c->sess.user_id)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_MINE], &row)) == 1)
		sub_el(list, &row);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* One of my subscriptions; another's is not found. */
static int
one_get(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr e, list;
	int rc, verified;

	if ((rc = db_one(c->db, &stmts[Q_ONE], &row, c->co.id, c->sess.user_id,
	    c->ids[1])) < 0)
		return page_db_status(rc);
	if (rc == 0)
		return 404;
	page_begin(c, "employee");
	e = x_el(c->root, "employee");
	x_attr(e, "view", "subscription");
	/* Another statement: the row of Q_ONE stays as it was. */
	if ((rc = phone_el(c, e, &verified)) < 0)
		return page_db_status(rc);
	list = x_el(e, "subscriptions");
	sub_el(list, &row);
	return (rc = selfservice_box_el(c, e, c->ids[1])) < 0 ? page_db_status(rc) : 0;
}

/* The phone check in its step: none (no number), verified, code (a live
 * code of this session waits), send; with an optional message. */
static int
phone_page(struct ctx *c, const char *message)
{
	struct dbrow row;
	xmlNodePtr e, m;
	const char *step = "send";
	int rc, verified;

	page_begin(c, "employee-phone");
	e = x_el(c->root, "phone-check");
	if ((rc = phone_el(c, e, &verified)) < 0)
		return page_db_status(rc);
	if (rc == 0)
		step = "none";
	else if (verified)
		step = "verified";
	else {
		if ((rc = db_one(c->db, &stmts[Q_CODE_PENDING], &row, c->sess.user_id,
		    c->sess.id, (long long)AUTH_CODE_TRIES)) < 0)
			return page_db_status(rc);
		if (rc == 1 && strcmp(row.col[N_COUNT], "0") != 0)
			step = "code";
	}
	x_attr(e, "step", step);
	if (message != NULL) {
		m = x_el(e, "message");
		x_attr(m, "code", message);
	}
	if ((rc = admins_el(c, e)) < 0)
		return page_db_status(rc);
	return 0;
}

static int
phone_get(struct ctx *c)
{
	return phone_page(c, NULL);
}

struct phone_txn {
	struct ctx	*c;
	const char	*code;		/* as typed (confirm) */
	const char	*result;	/* NULL done, else the page's message */
	int		 status;
};

/* A count of one of the limits' statements; <0 a db_rc. */
static long long
count_of(struct db *db, struct stmt *st, long long a, long long b, int two)
{
	struct dbrow row;
	long long n = 0;
	int rc;

	rc = two ? db_one(db, st, &row, a, b) : db_one(db, st, &row, a);
	if (rc < 0)
		return rc;
	if (rc == 1)
		parse_int(row.col[N_COUNT], 0, INT64_MAX, &n);
	return n;
}

static void
code_hash(const struct ctx *c, const char *code, unsigned char h[AUTH_HASH_LEN])
{
	auth_hash(c->conf->secret, "phone-code", code, strlen(code), h);
}

static int
send_txn(void *arg)
{
	struct phone_txn *t = arg;
	struct ctx *c = t->c;
	struct buf text = { 0 };
	struct dbrow row;
	unsigned char h[AUTH_HASH_LEN];
	char code[AUTH_CODE_LEN + 1], minutes[8], *phone;
	long long n;
	int rc;

	t->result = NULL;
	if ((rc = db_one(c->db, &stmts[Q_PHONE], &row, c->sess.user_id)) < 0)
		return rc;
	if (rc == 0 || row.col[PH_PHONE] == NULL || row.col[PH_PHONE][0] == '\0') {
		t->result = "no-phone", t->status = 400;
		return 0;
	}
	if (strcmp(row.col[PH_VERIFIED], "1") == 0) {
		t->result = "phone-already-confirmed", t->status = 409;
		return 0;
	}
	phone = estrdup(row.col[PH_PHONE]);
	/* Per session and per user, as login codes per session and address. */
	if ((n = count_of(c->db, &stmts[Q_OF_SESSION], c->sess.id, c->sess.user_id,
	    1)) >= 0 && n < AUTH_MAX_CODES_PER_SESSION &&
	    (n = count_of(c->db, &stmts[Q_OF_USER], c->sess.user_id, 0, 0)) >= 0)
		n = n >= AUTH_MAX_CODES_PER_EMAIL ? AUTH_MAX_CODES_PER_SESSION : 0;
	if (n < 0) {
		rc = (int)n;
		goto out;
	}
	if (n >= AUTH_MAX_CODES_PER_SESSION) {
		t->result = "rate-limited", t->status = 429;
		rc = 0;
		goto out;
	}
	auth_random_code(code);
	code_hash(c, code, h);
	if ((rc = db_run(c->db, &stmts[Q_CODE_NEW], c->sess.user_id, phone, h,
	    (unsigned long)sizeof(h), c->sess.id, c->req->remote_addr)) == DB_OK) {
		const char *vars[] = { "code", code, "minutes", minutes, NULL };

		snprintf(minutes, sizeof(minutes), "%d", AUTH_CODE_MINUTES);
		i18n_fill(&text, i18n_get(c->lang, "sms.phone-code"), vars);
		rc = sms_enqueue(c->db, phone, text.p);
		sodium_memzero(text.p, text.len);
	}
	if (rc == DB_OK)
		rc = page_audit(c, "phone-code-sent", "user", c->sess.user_id, phone);
	sodium_memzero(code, sizeof(code));
out:
	buf_free(&text);
	free(phone);
	return rc;
}

/* The code against the session's newest: a wrong try counts (committed),
 * a right one confirms the number the code was sent to, if it is still
 * the user's. */
static int
confirm_txn(void *arg)
{
	struct phone_txn *t = arg;
	struct ctx *c = t->c;
	struct dbrow row;
	unsigned char h[AUTH_HASH_LEN];
	long long id = 0, attempts = 0, n;
	char phone[33];
	int rc;

	t->result = "code-expired", t->status = 400;
	if ((rc = db_one(c->db, &stmts[Q_CODE_CURRENT], &row, c->sess.user_id,
	    c->sess.id)) <= 0)
		return rc;
	parse_int(row.col[CUR_ID], 1, INT64_MAX, &id);
	parse_int(row.col[CUR_ATTEMPTS], 0, 255, &attempts);
	snprintf(phone, sizeof(phone), "%s", row.col[CUR_PHONE]);
	if (attempts >= AUTH_CODE_TRIES || strcmp(row.col[CUR_LIVE], "1") != 0)
		return 0;
	code_hash(c, t->code, h);
	if (row.len[CUR_HASH] != AUTH_HASH_LEN ||
	    sodium_memcmp(h, row.col[CUR_HASH], AUTH_HASH_LEN) != 0) {
		t->result = attempts + 1 >= AUTH_CODE_TRIES ? "code-burnt" : "code-wrong";
		return db_run(c->db, &stmts[Q_CODE_FAIL], id);
	}
	if ((rc = db_run(c->db, &stmts[Q_CODE_USE], id)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_CONFIRMED], phone, c->sess.user_id, phone)) < 0)
		return rc;
	/* The number changed since the code left: nothing is confirmed. */
	if ((n = db_affected(c->db, &stmts[Q_CONFIRMED])) != 1)
		return 0;
	t->result = NULL;
	return page_audit(c, "phone-confirmed", "user", c->sess.user_id, phone);
}

static int
phone_run(struct ctx *c, int (*fn)(void *), const char *code, const char *done)
{
	struct phone_txn t = { c, code, NULL, 0 };
	int rc;

	if ((rc = db_txn(c->db, fn, &t)) < 0)
		return page_db_status(rc);
	if (t.result != NULL) {
		if ((rc = phone_page(c, t.result)) != 0)
			return rc;
		c->status = t.status;
		return 0;
	}
	return page_redirectf(c, "/companies/%lld/me/phone?done=%s", c->co.id, done);
}

static int
phone_post(struct ctx *c)
{
	return phone_run(c, send_txn, NULL, "phone-code-sent");
}

static int
confirm_post(struct ctx *c)
{
	const char *code = in_get(c, "code");
	int rc;

	if (code == NULL) {
		if ((rc = phone_page(c, "code-wrong")) != 0)
			return rc;
		c->status = 400;
		return 0;
	}
	return phone_run(c, confirm_txn, code, "phone-confirmed");
}

static const struct route routes[] = {
	{ "/companies/#/me", R_COMPANY | R_EMPLOYEE, "employee", mine_get, NULL,
	    NULL, NULL, NULL },
	{ "/companies/#/me/subscriptions/#", R_COMPANY | R_EMPLOYEE, "employee", one_get,
	    NULL, NULL, NULL, NULL },
	{ "/companies/#/me/phone", R_COMPANY | R_EMPLOYEE, "employee-phone", phone_get,
	    NULL, phone_post, NULL, NULL },
	{ "/companies/#/me/phone/code", R_COMPANY | R_EMPLOYEE, "employee-phone", NULL,
	    NULL, confirm_post, code_fields, NULL },
};

static const char *const pages[] = { "employee", "employee-phone", NULL };
static const char *const flashes[] = { "phone-code-sent", "phone-confirmed", NULL };
static const struct menu_item menu[] = {
	{ "/me", "nav.me", NULL },
	{ NULL, NULL, NULL },
};

const struct module employee_module = {
	.name = "employee", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu, .stmts = stmts,
	.nstmts = COUNTOF(stmts),
};
