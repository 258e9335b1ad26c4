/* Staff sessions, login codes and the second factor; see staff.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "admin/staff.h"
#include "core/audit.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/module.h"
#include "core/util.h"
#include "mail/mail.h"

#define TOTP_STEP	30	/* seconds (RFC 6238's default, every app's) */
#define TOTP_WINDOW	1	/* one step either side: clocks drift */

/* ---- statements ---- */

enum { SS_ID, SS_STAFF_ID, SS_STAGE, SS_PENDING_EMAIL, SS_IDLE, SS_NAME, SS_EMAIL,
	SS_LANG, SS_ROLES, SS_ENROLLED, SS__COLS };
enum { TOTP_SECRET, TOTP_ENROLLED, TOTP_LAST_STEP, TOTP__COLS };

enum {
	Q_SESSION, Q_TOUCH, Q_NEW, Q_REVOKE,
	Q_DOOR, Q_DOOR_LAST = Q_DOOR + DQ__N - 1,	/* the door's block (core/auth.h) */
	Q_TOTP_GET, Q_TOTP_PENDING, Q_TOTP_ENROLLED, Q_TOTP_STEP,
	Q_RECOVERY_CLEAR, Q_RECOVERY_ADD, Q_RECOVERY_USE,
};

static struct stmt stmts[] = {
/* 15 minutes idle, 8 hours in all; a disabled member's sessions end. */
[Q_SESSION] = STMT("staff.session", "b", SS__COLS,
	    "SELECT s.id, s.staff_id, s.stage, s.pending_email,"
	    " TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()), t.name, t.email, t.lang,"
	    " t.roles, t.totp_enrolled_at IS NOT NULL"
	    " FROM staff_sessions s LEFT JOIN staff t ON t.id = s.staff_id"
	    AUTH_SQL_SESSION_LIVE("staff_id", "t", "8", "15")),
[Q_TOUCH] = STMT("staff.touch", "i", 0,
	    "UPDATE staff_sessions SET last_seen_at = NOW() WHERE id = ?"),
[Q_NEW] = STMT("staff.session_new", "bIsss", 0,
	    "INSERT INTO staff_sessions (token_hash, staff_id, stage, pending_email,"
	    " client_ip) VALUES (?, ?, ?, ?, ?)"),
[Q_REVOKE] = STMT("staff.revoke", "i", 0, AUTH_SQL_REVOKE("staff_sessions")),
/* The staff's door: staff have no known browsers, every code of an address
 * counts. */
AUTH_DOOR_STMTS(Q_DOOR, "staff", "staff_codes", "staff", "staff_id", ""),
[Q_DOOR + DQ_CODE_NEW] = STMT("staff.code_new", "sIbsi", 0,
	    "INSERT INTO staff_codes (email, staff_id, code_hash, client_ip, session_id,"
	    " expires_at) VALUES (?, ?, ?, ?, ?, NOW() + INTERVAL 10 MINUTE)"),
[Q_TOTP_GET] = STMT("staff.totp_get", "i", TOTP__COLS,
	    "SELECT totp_secret, totp_enrolled_at IS NOT NULL, totp_last_step FROM staff"
	    " WHERE id = ? FOR UPDATE"),
[Q_TOTP_PENDING] = STMT("staff.totp_pending", "bi", 0,
	    "UPDATE staff SET totp_secret = ? WHERE id = ? AND totp_enrolled_at IS NULL"),
[Q_TOTP_ENROLLED] = STMT("staff.totp_enrolled", "ii", 0,
	    "UPDATE staff SET totp_enrolled_at = NOW(), totp_last_step = ? WHERE id = ?"),
/* A code is taken once: the step it belongs to must be later than the last. */
[Q_TOTP_STEP] = STMT("staff.totp_step", "iii", 0,
	    "UPDATE staff SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?"),
[Q_RECOVERY_CLEAR] = STMT("staff.recovery_clear", "i", 0,
	    "DELETE FROM staff_recovery_codes WHERE staff_id = ?"),
[Q_RECOVERY_ADD] = STMT("staff.recovery_add", "ib", 0,
	    "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?, ?)"),
[Q_RECOVERY_USE] = STMT("staff.recovery_use", "ib", 0,
	    "UPDATE staff_recovery_codes SET used_at = NOW()"
	    " WHERE staff_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1"),
};

/* ---- sessions ---- */

static const char *const stage_names[] = {
	[STAFF_NONE] = "", [STAFF_CODE] = "code", [STAFF_SECOND] = "totp", [STAFF_OK] = "ok",
};

static void
copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Whether a list of role names ("care,admin") holds name. */
static int
role_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (*list) {
		if (strncmp(list, name, n) == 0 && (list[n] == ',' || list[n] == '\0'))
			return 1;
		list += strcspn(list, ",");
		if (*list == ',')
			list++;
	}
	return 0;
}

/* Staff tokens are hashed in their own domain: a customer's token of the
 * same bytes would never match one. */
static void
token_hash(const unsigned char key[32], const char *token, unsigned char h[AUTH_HASH_LEN])
{
	auth_hash(key, "staff-session", token, strlen(token), h);
}

int
staff_session_load(struct db *db, const unsigned char key[32], const char *token,
    struct staff *s)
{
	unsigned char th[AUTH_HASH_LEN];
	struct dbrow row;
	long long idle = 0;
	int rc, i;

	memset(s, 0, sizeof(*s));
	token_hash(key, token, th);
	if ((rc = db_one(db, &stmts[Q_SESSION], &row, th, (unsigned long)sizeof(th))) <= 0)
		return rc;
	parse_int(row.col[SS_ID], 1, INT64_MAX, &s->session_id);
	if (row.col[SS_STAFF_ID])
		parse_int(row.col[SS_STAFF_ID], 1, INT64_MAX, &s->id);
	for (i = STAFF_CODE; i <= STAFF_OK; i++)
		if (strcmp(row.col[SS_STAGE], stage_names[i]) == 0)
			s->stage = (enum staff_stage)i;
	copy(s->pending_email, sizeof(s->pending_email), row.col[SS_PENDING_EMAIL]);
	if (row.col[SS_IDLE])
		parse_int(row.col[SS_IDLE], -86400, 86400 * 365, &idle);
	copy(s->name, sizeof(s->name), row.col[SS_NAME]);
	copy(s->email, sizeof(s->email), row.col[SS_EMAIL]);
	copy(s->lang, sizeof(s->lang), row.col[SS_LANG]);
	if (row.col[SS_ROLES] != NULL) {
		s->roles = role_parse(row.col[SS_ROLES]);
		/* The administrators of the back office hold every role (by
		 * name: "admin" need not be a module's role). */
		if (role_listed(row.col[SS_ROLES], "admin"))
			s->roles = role_all();
	}
	s->enrolled = row.col[SS_ENROLLED] != NULL && strcmp(row.col[SS_ENROLLED], "1") == 0;
	auth_csrf_for(key, th, s->csrf);
	return auth_session_touch(db, &stmts[Q_TOUCH], s->session_id, idle);
}

/* A new session (stage, for staff_id if known) with a fresh token in s. */
static int
session_new(struct db *db, const unsigned char key[32], long long staff_id,
    enum staff_stage stage, const char *pending, const char *ip, struct staff *s)
{
	unsigned char th[AUTH_HASH_LEN];
	int rc;

	auth_random_token(s->token);
	token_hash(key, s->token, th);
	if ((rc = db_run(db, &stmts[Q_NEW], th, (unsigned long)sizeof(th), staff_id,
	    stage_names[stage], pending, ip ? ip : "")) < 0)
		return rc;
	s->session_id = db_insert_id(db, &stmts[Q_NEW]);
	s->id = staff_id;
	s->stage = stage;
	copy(s->pending_email, sizeof(s->pending_email), pending);
	auth_csrf_for(key, th, s->csrf);
	return DB_OK;
}

/* A new token for the next step: the old session (old; 0 none) ends
 * (V3.2.1). pending is the address a code is asked for, or NULL. */
static int
session_step(struct db *db, const unsigned char key[32], long long old,
    long long staff_id, enum staff_stage stage, const char *pending, const char *ip,
    struct staff *s)
{
	int rc;

	if (old != 0 && (rc = db_run(db, &stmts[Q_REVOKE], old)) < 0)
		return rc;
	return session_new(db, key, staff_id, stage, pending, ip, s);
}

/* ---- the mailed code (core/auth.c's, on the staff's tables) ---- */

static int
staff_audit(struct db *db, long long staff_id, const char *action, const char *ip)
{
	return audit_add_staff(db, staff_id, 0, action, "staff", staff_id, NULL, ip);
}

/* Asking again starts a session of its own: the pending address is the one asked. */
static int
staff_code_session(struct auth_code *c, long long *sid)
{
	struct staff *s = c->arg;
	int rc;

	if ((rc = session_step(c->db, c->key, c->sid, 0, STAFF_CODE, c->email, c->ip, s)) < 0)
		return rc;
	*sid = s->session_id;
	return DB_OK;
}

static int
staff_code_right(struct auth_code *c, long long staff_id)
{
	return session_step(c->db, c->key, c->sid, staff_id, STAFF_SECOND, NULL, c->ip,
	    c->arg);
}

static const struct auth_door staff_door = {
	.stmts = &stmts[Q_DOOR], .revoke = &stmts[Q_REVOKE],
	.code_domain = "staff-code", .audit = staff_audit,	/* no known browsers */
	.subject = "mail.staff.login.subject", .body = "mail.staff.login.body",
	.sent = "staff-code-sent", .right = "staff-code-ok", .logout = "staff-logout",
	.code_session = staff_code_session, .code_right = staff_code_right,
};

/* The door's call for s (unchanged unless it gives CODE_OK). */
static int
staff_door_call(int (*fn)(struct auth_code *), struct db *db,
    const unsigned char key[32], struct staff *s, const char *email, const char *code,
    const char *ip, const char *lang)
{
	struct auth_code c;
	struct staff before = *s;
	int rc;

	auth_code_init(&c, &staff_door, db, key, s->session_id, email, ip ? ip : "", s);
	c.code = code;
	c.lang = lang;
	if ((rc = fn(&c)) != CODE_OK)
		*s = before;
	return rc;
}

int
staff_code_request(struct db *db, const unsigned char key[32], const char *email,
    const char *ip, const char *lang, struct staff *s)
{
	return staff_door_call(auth_door_request, db, key, s, email, NULL, ip, lang);
}

int
staff_code_verify(struct db *db, const unsigned char key[32], struct staff *s,
    const char *code, const char *ip)
{
	char email[sizeof(s->pending_email)];

	if (s->stage != STAFF_CODE || s->pending_email[0] == '\0')
		return CODE_WRONG;
	/* A copy: the next step's session is made in s (and the transaction
	 * may run again). */
	copy(email, sizeof(email), s->pending_email);
	return staff_door_call(auth_door_verify, db, key, s, email, code, ip, NULL);
}

/* ---- the second factor ---- */

/* liboath is set up once per process, on first use. */
static void
oath_ready(void)
{
	static int done;

	if (!done && oath_init() == OATH_OK)
		done = 1;
}

/* The TOTP secret is kept sealed with a key derived from the server's:
 * a copy of the database alone does not give anyone the codes. */
#define SEALED_LEN (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + \
	STAFF_TOTP_SECRET)

static void
seal_key(const unsigned char key[32], unsigned char out[crypto_secretbox_KEYBYTES])
{
	crypto_generichash(out, crypto_secretbox_KEYBYTES, (const unsigned char *)"totp", 4,
	    key, 32);
}

static void
seal(const unsigned char key[32], const unsigned char *secret, unsigned char *out)
{
	unsigned char k[crypto_secretbox_KEYBYTES];

	seal_key(key, k);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, secret, STAFF_TOTP_SECRET,
	    out, k);
	sodium_memzero(k, sizeof(k));
}

static int
unseal(const unsigned char key[32], const char *in, unsigned long len,
    unsigned char secret[STAFF_TOTP_SECRET])
{
	unsigned char k[crypto_secretbox_KEYBYTES];
	int rc;

	if (in == NULL || len != SEALED_LEN)
		return -1;
	seal_key(key, k);
	rc = crypto_secretbox_open_easy(secret, (const unsigned char *)in +
	    crypto_secretbox_NONCEBYTES, len - crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)in, k);
	sodium_memzero(k, sizeof(k));
	return rc;
}

struct pending {
	struct db		*db;
	const unsigned char	*key;
	long long		 staff_id;
	unsigned char		 secret[STAFF_TOTP_SECRET];
};

static int
pending_txn(void *arg)
{
	struct pending *p = arg;
	unsigned char sealed[SEALED_LEN];
	struct dbrow row;
	int rc;

	if ((rc = db_one(p->db, &stmts[Q_TOTP_GET], &row, p->staff_id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	if (strcmp(row.col[TOTP_ENROLLED], "1") == 0)
		return DB_ERROR;	/* enrolled: nothing is pending */
	if (unseal(p->key, row.col[TOTP_SECRET], row.len[TOTP_SECRET], p->secret) == 0)
		return DB_OK;
	randombytes_buf(p->secret, sizeof(p->secret));
	seal(p->key, p->secret, sealed);
	return db_run(p->db, &stmts[Q_TOTP_PENDING], sealed, (unsigned long)sizeof(sealed),
	    p->staff_id);
}

static void
base32_of(const unsigned char *secret, char *out, size_t len)
{
	char *b32 = NULL;
	size_t n = 0;

	out[0] = '\0';
	oath_ready();
	if (oath_base32_encode((const char *)secret, STAFF_TOTP_SECRET, &b32, &n) ==
	    OATH_OK && b32 != NULL) {
		/* Without the padding: authenticator apps want none. */
		snprintf(out, len, "%.*s", (int)strcspn(b32, "="), b32);
		sodium_memzero(b32, n);
	}
	free(b32);
}

int
staff_totp_pending(struct db *db, const unsigned char key[32], const struct staff *s,
    char *base32, size_t blen, char *uri, size_t ulen, const char *issuer)
{
	struct pending p = { db, key, s->id, { 0 } };
	int rc;

	if ((rc = db_txn(db, pending_txn, &p)) < 0)
		return rc;
	base32_of(p.secret, base32, blen);
	sodium_memzero(p.secret, sizeof(p.secret));
	/* Key Uri Format: otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=… (the
	 * issuer and address are plain in the demo and the config's text). */
	snprintf(uri, ulen, "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1"
	    "&digits=6&period=%d", issuer, s->email, base32, issuer, TOTP_STEP);
	return DB_OK;
}

struct second {
	struct db		*db;
	const unsigned char	*key;
	struct staff		*s;
	const char		*code, *ip;
	char			(*recovery)[STAFF_RECOVERY_LEN + 1];
	long long		 sid;	/* the session of stage second */
	int			 enrolled_now;
	int			 result;
};

/* A recovery code as typed ("12345 67890", "12345-67890") into its digits. */
static int
recovery_digits(const char *in, char out[STAFF_RECOVERY_LEN + 1])
{
	size_t n = 0;

	for (; *in; in++)
		if (*in >= '0' && *in <= '9') {
			if (n == STAFF_RECOVERY_LEN)
				return -1;
			out[n++] = *in;
		} else if (*in != ' ' && *in != '-')
			return -1;
	out[n] = '\0';
	return n == STAFF_RECOVERY_LEN ? 0 : -1;
}

static void
recovery_hash(const unsigned char key[32], long long staff_id, const char *digits,
    unsigned char h[AUTH_HASH_LEN])
{
	struct buf b = { 0 };

	buf_printf(&b, "%lld:%s", staff_id, digits);
	auth_hash(key, "staff-recovery", b.p, b.len, h);
	buf_free(&b);
}

static int
new_recovery_codes(struct second *sc)
{
	unsigned char h[AUTH_HASH_LEN];
	int rc, i;

	if ((rc = db_run(sc->db, &stmts[Q_RECOVERY_CLEAR], sc->s->id)) < 0)
		return rc;
	for (i = 0; i < STAFF_RECOVERY_CODES; i++) {
		snprintf(sc->recovery[i], STAFF_RECOVERY_LEN + 1, "%05u%05u",
		    randombytes_uniform(100000), randombytes_uniform(100000));
		recovery_hash(sc->key, sc->s->id, sc->recovery[i], h);
		if ((rc = db_run(sc->db, &stmts[Q_RECOVERY_ADD], sc->s->id, h,
		    (unsigned long)sizeof(h))) < 0)
			return rc;
	}
	return DB_OK;
}

static int
second_txn(void *arg)
{
	struct second *sc = arg;
	struct db *db = sc->db;
	unsigned char secret[STAFF_TOTP_SECRET], h[AUTH_HASH_LEN];
	char digits[STAFF_RECOVERY_LEN + 1];
	struct dbrow row;
	long long last = 0;
	uint64_t step = 0;
	int rc, pos, enrolled, ok = 0;
	const char *how = "totp";

	sc->result = CODE_WRONG;
	sc->enrolled_now = 0;
	oath_ready();
	if ((rc = db_one(db, &stmts[Q_TOTP_GET], &row, sc->s->id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	enrolled = strcmp(row.col[TOTP_ENROLLED], "1") == 0;
	parse_int(row.col[TOTP_LAST_STEP], 0, INT64_MAX, &last);
	if (strlen(sc->code) == 6 && strspn(sc->code, "0123456789") == 6 &&
	    unseal(sc->key, row.col[TOTP_SECRET], row.len[TOTP_SECRET], secret) == 0) {
		rc = oath_totp_validate3((const char *)secret, sizeof(secret), time(NULL),
		    TOTP_STEP, 0, TOTP_WINDOW, &pos, &step, sc->code);
		sodium_memzero(secret, sizeof(secret));
		ok = rc >= 0 && (long long)step > last;
	} else if (enrolled && recovery_digits(sc->code, digits) == 0) {
		/* A recovery code: once. */
		recovery_hash(sc->key, sc->s->id, digits, h);
		if ((rc = db_run(db, &stmts[Q_RECOVERY_USE], sc->s->id, h,
		    (unsigned long)sizeof(h))) < 0)
			return rc;
		ok = db_affected(db, &stmts[Q_RECOVERY_USE]) == 1;
		how = "recovery-code";
	}
	if (!ok)
		return audit_add_staff(db, sc->s->id, 0, "staff-second-factor-wrong", "staff",
		    sc->s->id, how, sc->ip);
	if (step > 0) {
		if (!enrolled) {
			if ((rc = db_run(db, &stmts[Q_TOTP_ENROLLED], (long long)step,
			    sc->s->id)) < 0 || (rc = new_recovery_codes(sc)) < 0)
				return rc;
			sc->enrolled_now = 1;
			how = "totp-enrolled";
		} else if ((rc = db_run(db, &stmts[Q_TOTP_STEP], (long long)step, sc->s->id,
		    (long long)step)) < 0)
			return rc;
	}
	if ((rc = session_step(db, sc->key, sc->sid, sc->s->id, STAFF_OK, NULL,
	    sc->ip, sc->s)) < 0)
		return rc;
	sc->result = CODE_OK;
	return audit_add_staff(db, sc->s->id, 0, "staff-login", "staff", sc->s->id, how,
	    sc->ip);
}

int
staff_second_verify(struct db *db, const unsigned char key[32], struct staff *s,
    const char *code, const char *ip, char (*recovery)[STAFF_RECOVERY_LEN + 1])
{
	struct second sc = { db, key, s, code, ip ? ip : "", recovery, s->session_id, 0, 0 };
	struct staff before = *s;
	int rc;

	if (s->stage != STAFF_SECOND || s->id == 0)
		return CODE_WRONG;
	rc = db_txn(db, second_txn, &sc);
	if (rc < 0 || sc.result != CODE_OK) {
		*s = before;
		return rc < 0 ? rc : sc.result;
	}
	if (!sc.enrolled_now)
		recovery[0][0] = '\0';	/* nothing new to show */
	return CODE_OK;
}

int
staff_logout(struct db *db, const struct staff *s, const char *ip)
{
	return auth_door_logout(&staff_door, db, s->session_id, s->id, ip ? ip : "");
}

const struct module staff_module = {
	.name = "staff", .door = DOOR_ADMIN, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
