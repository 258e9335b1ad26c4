/* Login codes and sessions; see auth.h and the security section of README.md. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/module.h"
#include "core/i18n.h"
#include "core/log.h"
#include "mail/mail.h"
#include "core/util.h"

/* ---- statements ---- */

/* A session's columns (session_parse); a membership's follow them in
 * Q_SESSION_MEMBERSHIPS (auth.h's MS_*). */
enum { SESS_ID, SESS_USER_ID, SESS_PENDING_EMAIL, SESS_IDLE, SESS_USER_NAME,
	SESS_USER_EMAIL, SESS_USER_LANG, SESS__COLS };

enum {
	Q_SESSION_BY_TOKEN, Q_SESSION_MEMBERSHIPS, Q_SESSION_LOCATION, Q_SESSION_TOUCH, Q_SESSION_NEW,
	Q_SESSION_SET_PENDING, Q_SESSION_REVOKE, Q_SESSIONS_PURGE, Q_CODES_PURGE,
	Q_DOOR, Q_DOOR_LAST = Q_DOOR + DQ__N - 1,	/* the door's block (auth.h) */
	Q_PHONE_CODES_PURGE,
};

static struct stmt stmts[] = {
/* Sessions: idle 30 minutes, absolute 12 hours (ASVS V3.3). */
[Q_SESSION_BY_TOKEN] = STMT("session.by_token", "b", SESS__COLS,
	    "SELECT s.id, s.user_id, s.pending_email,"
	    " TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()), u.name, u.email, u.lang"
	    " FROM sessions s LEFT JOIN users u ON u.id = s.user_id"
	    AUTH_SQL_SESSION_LIVE("user_id", "u", "12", "30")),
/* The same session and, in the same round trip, the user's memberships
 * (the company switcher of company-scoped pages): one row per membership;
 * an anonymous session or a user without companies gives one row with the
 * membership columns NULL. Unsorted: ORDER BY c.name made the server copy
 * the rows into a temporary table and sort it (~12 % of the statement's
 * cost); the dispatcher sorts by the name's collation weight instead. */
#define SESSION_MEMBERSHIPS_COLS \
	    "SELECT s.id, s.user_id, s.pending_email," \
	    " TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()), u.name, u.email, u.lang," \
	    " c.id, c.name, c.orgnr, c.country, m.role, m.areas, c.time_zone, c.status," \
	    " HEX(WEIGHT_STRING(c.name))"
#define SESSION_MEMBERSHIPS_FROM \
	    " FROM sessions s LEFT JOIN users u ON u.id = s.user_id" \
	    " LEFT JOIN (memberships m JOIN companies c ON c.id = m.company_id)" \
	    "  ON m.user_id = s.user_id"
[Q_SESSION_MEMBERSHIPS] = STMT("session.memberships", "b", SESS__COLS + MS__COLS,
	    SESSION_MEMBERSHIPS_COLS SESSION_MEMBERSHIPS_FROM
	    AUTH_SQL_SESSION_LIVE("user_id", "u", "12", "30")),
/* And which membership's company holds the location in the path (a
 * primary-key lookup per membership): a location page's company in the
 * session's round trip. */
[Q_SESSION_LOCATION] = STMT("session.location", "ib", SESS__COLS + MS__COLS + 1,
	    SESSION_MEMBERSHIPS_COLS ", l.company_id" SESSION_MEMBERSHIPS_FROM
	    " LEFT JOIN locations l ON l.id = ? AND l.company_id = m.company_id"
	    AUTH_SQL_SESSION_LIVE("user_id", "u", "12", "30")),
[Q_SESSION_TOUCH] = STMT("session.touch", "i", 0,
	    "UPDATE sessions SET last_seen_at = NOW() WHERE id = ?"),
[Q_SESSION_NEW] = STMT("session.new", "bIs", 0,
	    "INSERT INTO sessions (token_hash, user_id, client_ip) VALUES (?, ?, ?)"),
[Q_SESSION_SET_PENDING] = STMT("session.set_pending", "si", 0,
	    "UPDATE sessions SET pending_email = ? WHERE id = ? AND user_id IS NULL"),
[Q_SESSION_REVOKE] = STMT("session.revoke", "i", 0, AUTH_SQL_REVOKE("sessions")),
[Q_SESSIONS_PURGE] = STMT("session.purge", "", 0,
	    "DELETE FROM sessions WHERE created_at < NOW() - INTERVAL 2 DAY LIMIT 1000"),
/* The customers' door: an address's codes are counted from browsers not
 * known for it. */
AUTH_DOOR_STMTS(Q_DOOR, "session", "login_codes", "users", "user_id",
	    " AND known_device = 0"),
[Q_DOOR + DQ_CODE_NEW] = STMT("session.code_new", "sIbsii", 0,
	    "INSERT INTO login_codes (email, user_id, code_hash, client_ip, session_id,"
	    " known_device, expires_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, NOW() + INTERVAL 10 MINUTE)"),
[Q_CODES_PURGE] = STMT("session.codes_purge", "", 0,
	    "DELETE FROM login_codes WHERE created_at < NOW() - INTERVAL 2 DAY LIMIT 1000"),
/* The codes of employees' phone checks (portal/employee.c) go the same way. */
[Q_PHONE_CODES_PURGE] = STMT("session.phone_codes_purge", "", 0,
	    "DELETE FROM phone_codes WHERE created_at < NOW() - INTERVAL 2 DAY LIMIT 1000"),
};

void
auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char rnd[32];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
}

void
auth_random_code(char out[AUTH_CODE_LEN + 1])
{
	/* Uniform over 10^8: randombytes_uniform avoids modulo bias. */
	snprintf(out, AUTH_CODE_LEN + 1, "%08u", randombytes_uniform(100000000U));
}

void
auth_hash(const unsigned char key[32], const char *domain, const char *data,
    size_t len, unsigned char out[AUTH_HASH_LEN])
{
	crypto_generichash_state st;

	/* The domain keeps a code hash from ever matching a token hash. */
	crypto_generichash_init(&st, key, 32, AUTH_HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
	crypto_generichash_update(&st, (const unsigned char *)data, len);
	crypto_generichash_final(&st, out, AUTH_HASH_LEN);
}

void
auth_csrf_for(const unsigned char key[32], const unsigned char th[AUTH_HASH_LEN],
    char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char h[AUTH_HASH_LEN];

	auth_hash(key, "csrf", (const char *)th, AUTH_HASH_LEN, h);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
auth_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static void
copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

void
auth_anon_csrf(const unsigned char key[32], const char *cookie,
    char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char h[AUTH_HASH_LEN];

	auth_hash(key, "anon-csrf", cookie, strlen(cookie), h);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The MAC part of a known-browser cookie. */
static void
device_mac(const unsigned char key[32], const char *email, long long expires,
    char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char h[AUTH_HASH_LEN];
	struct buf b = { 0 };

	buf_printf(&b, "%lld:%s", expires, email);
	auth_hash(key, "device", b.p, b.len, h);
	buf_free(&b);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_device_token(const unsigned char key[32], const char *email, long long expires,
    char out[AUTH_DEVICE_MAX])
{
	char mac[AUTH_TOKEN_LEN + 1];

	device_mac(key, email, expires, mac);
	snprintf(out, AUTH_DEVICE_MAX, "%lld.%s", expires, mac);
}

int
auth_device_known(const unsigned char key[32], const char *cookie, const char *email,
    long long now)
{
	char num[21], mac[AUTH_TOKEN_LEN + 1];
	const char *dot;
	long long expires;

	if (cookie == NULL || (dot = strchr(cookie, '.')) == NULL ||
	    (size_t)(dot - cookie) >= sizeof(num) || strlen(dot + 1) != AUTH_TOKEN_LEN)
		return 0;
	memcpy(num, cookie, (size_t)(dot - cookie));
	num[dot - cookie] = '\0';
	if (parse_int(num, 1, INT64_MAX, &expires) == -1 || expires <= now)
		return 0;
	device_mac(key, email, expires, mac);
	return auth_token_equal(mac, dot + 1);
}

/* The session columns of ST_SESSION_BY_TOKEN and ST_SESSION_MEMBERSHIPS;
 * returns the seconds since the session was last seen. */
static long long
session_parse(const unsigned char key[32], const unsigned char th[AUTH_HASH_LEN],
    const struct dbrow *row, struct session *s)
{
	long long idle = 0;

	parse_int(row->col[SESS_ID], 1, INT64_MAX, &s->id);
	if (row->col[SESS_USER_ID])
		parse_int(row->col[SESS_USER_ID], 1, INT64_MAX, &s->user_id);
	copy(s->pending_email, sizeof(s->pending_email), row->col[SESS_PENDING_EMAIL]);
	if (row->col[SESS_IDLE])
		parse_int(row->col[SESS_IDLE], -86400, 86400 * 365, &idle);
	copy(s->user_name, sizeof(s->user_name), row->col[SESS_USER_NAME]);
	copy(s->user_email, sizeof(s->user_email), row->col[SESS_USER_EMAIL]);
	copy(s->user_lang, sizeof(s->user_lang), row->col[SESS_USER_LANG]);
	auth_csrf_for(key, th, s->csrf);
	return idle;
}

/* Sliding idle timeout, written at most once a minute per session. */
int
auth_session_touch(struct db *db, struct stmt *touch, long long id, long long idle)
{
	int rc;

	if (idle >= 60 && (rc = db_run(db, touch, id)) < 0)
		return rc;
	return 1;
}

int
auth_session_load(struct db *db, const unsigned char key[32], const char *token,
    struct session *s)
{
	unsigned char th[AUTH_HASH_LEN];
	struct dbrow row;
	int rc;

	memset(s, 0, sizeof(*s));
	auth_hash(key, "session", token, strlen(token), th);
	rc = db_one(db, &stmts[Q_SESSION_BY_TOKEN], &row, th, (unsigned long)sizeof(th));
	if (rc <= 0)
		return rc;
	return auth_session_touch(db, &stmts[Q_SESSION_TOUCH], s->id,
	    session_parse(key, th, &row, s));
}

int
auth_session_load_memberships(struct db *db, const unsigned char key[32],
    const char *token, long long location, struct session *s,
    void (*each)(void *, char **), void *arg)
{
	struct stmt *st = &stmts[location ? Q_SESSION_LOCATION : Q_SESSION_MEMBERSHIPS];
	unsigned char th[AUTH_HASH_LEN];
	struct dbrow row;
	long long idle = 0;
	int rc, n = 0;

	memset(s, 0, sizeof(*s));
	auth_hash(key, "session", token, strlen(token), th);
	if (location)
		rc = db_run(db, st, location, th, (unsigned long)sizeof(th));
	else
		rc = db_run(db, st, th, (unsigned long)sizeof(th));
	if (rc < 0)
		return rc;
	/* Every row repeats the session columns: the first row's are taken. */
	while ((rc = db_fetch(db, st, &row)) == 1) {
		if (n++ == 0)
			idle = session_parse(key, th, &row, s);
		if (s->user_id != 0 && row.col[SESS__COLS + MS_COMPANY_ID] != NULL)
			each(arg, row.col + SESS__COLS);
	}
	if (rc < 0)
		return rc;
	if (n == 0)
		return 0;
	/* The touch is another statement: only once the result is read. */
	return auth_session_touch(db, &stmts[Q_SESSION_TOUCH], s->id, idle);
}

int
auth_session_new(struct db *db, const unsigned char key[32], long long user_id,
    const char *client_ip, struct session *s)
{
	unsigned char th[AUTH_HASH_LEN];
	char ip[46];
	int rc;

	memset(s, 0, sizeof(*s));
	auth_random_token(s->token);
	auth_hash(key, "session", s->token, strlen(s->token), th);
	copy(ip, sizeof(ip), client_ip);
	rc = db_run(db, &stmts[Q_SESSION_NEW], th, (unsigned long)sizeof(th),
	    user_id, ip);
	if (rc < 0)
		return rc;
	s->id = db_insert_id(db, &stmts[Q_SESSION_NEW]);
	s->user_id = user_id;
	auth_csrf_for(key, th, s->csrf);
	return DB_OK;
}

int
auth_session_revoke(struct db *db, long long id)
{
	return db_run(db, &stmts[Q_SESSION_REVOKE], id);
}

/* ---- a door's mailed code ---- */

/* The count of a COUNT(*) statement that db_one ran (rc its result). */
static int
row_count(int rc, const struct dbrow *row, long long *n)
{
	*n = 0;
	if (rc < 0)
		return rc;
	if (rc == 1 && row->col[DN_COUNT])
		parse_int(row->col[DN_COUNT], 0, INT64_MAX, n);
	return DB_OK;
}

/* A code is hashed with its address, in the door's domain. */
static void
code_hash(const struct auth_code *c, const char *code, unsigned char h[AUTH_HASH_LEN])
{
	struct buf b = { 0 };

	buf_printf(&b, "%s:%s", c->email, code);
	auth_hash(c->key, c->door->code_domain, b.p, b.len, h);
	sodium_memzero(b.p, b.len);
	buf_free(&b);
}

static int
request_txn(void *arg)
{
	struct auth_code *c = arg;
	const struct auth_door *d = c->door;
	struct db *db = c->db;
	unsigned char h[AUTH_HASH_LEN];
	char code[AUTH_CODE_LEN + 1], minutes[8];
	struct buf subject = { 0 }, body = { 0 };
	struct dbrow row;
	long long n, id = 0, sid;
	int rc;

	c->result = CODE_RATE_LIMITED;
	/* The person's own retries, in their session. */
	if (c->sid != 0 && ((rc = row_count(db_one(db, &d->stmts[DQ_OF_SESSION], &row,
	    c->sid, c->email), &row, &n)) < 0 || n >= AUTH_MAX_CODES_PER_SESSION))
		return rc < 0 ? rc : DB_OK;
	if ((rc = row_count(db_one(db, &d->stmts[DQ_OF_CLIENT], &row, c->ip), &row,
	    &n)) < 0 || n >= AUTH_MAX_CODES_PER_IP)
		return rc < 0 ? rc : DB_OK;
	/* What bounds the mail to one address across sessions and clients:
	 * a browser that has logged in as the address is never held up by
	 * what the others ask for. */
	if (!c->known && ((rc = row_count(db_one(db, &d->stmts[DQ_OF_ADDRESS], &row,
	    c->email), &row, &n)) < 0 || n >= AUTH_MAX_CODES_PER_EMAIL))
		return rc < 0 ? rc : DB_OK;
	if ((rc = db_one(db, &d->stmts[DQ_BY_EMAIL], &row, c->email)) < 0)
		return rc;
	if (rc == 1)
		parse_int(row.col[DP_ID], 1, INT64_MAX, &id);
	if ((rc = d->code_session(c, &sid)) < 0)
		return rc;

	/* A code is made and stored for unknown addresses too, so that the
	 * work done, the answer and the rate limits are the same. */
	auth_random_code(code);
	code_hash(c, code, h);
	if (d->known_devices)
		rc = db_run(db, &d->stmts[DQ_CODE_NEW], c->email, id, h,
		    (unsigned long)sizeof(h), c->ip, sid, (long long)c->known);
	else
		rc = db_run(db, &d->stmts[DQ_CODE_NEW], c->email, id, h,
		    (unsigned long)sizeof(h), c->ip, sid);
	if (rc == DB_OK && id > 0) {
		const char *vars[] = { "code", code, "minutes", minutes, NULL };

		snprintf(minutes, sizeof(minutes), "%d", AUTH_CODE_MINUTES);
		buf_puts(&subject, i18n_get(c->lang, d->subject));
		i18n_fill(&body, i18n_get(c->lang, d->body), vars);
		rc = mail_enqueue(db, c->email, subject.p, body.p);
		if (rc == DB_OK)
			rc = d->audit(db, id, d->sent, c->ip);
		sodium_memzero(body.p, body.len);
	}
	sodium_memzero(code, sizeof(code));
	buf_free(&subject);
	buf_free(&body);
	c->result = CODE_OK;
	return rc < 0 ? rc : DB_OK;
}

void
auth_code_init(struct auth_code *c, const struct auth_door *d, struct db *db,
    const unsigned char key[32], long long sid, const char *email, const char *ip,
    void *arg)
{
	memset(c, 0, sizeof(*c));
	c->door = d;
	c->db = db;
	c->key = key;
	c->sid = sid;
	c->email = email;
	c->ip = ip;
	c->arg = arg;
}

int
auth_door_request(struct auth_code *c)
{
	int rc;

	if ((rc = db_txn(c->db, request_txn, c)) < 0)
		return rc;
	return c->result;
}

static int
verify_txn(void *arg)
{
	struct auth_code *c = arg;
	const struct auth_door *d = c->door;
	struct db *db = c->db;
	unsigned char h[AUTH_HASH_LEN];
	struct dbrow row;
	long long code_id = 0, id = 0, attempts = 0, live = 0;
	int rc, match;

	c->result = CODE_WRONG;
	if ((rc = db_one(db, &d->stmts[DQ_CODE_CURRENT], &row, c->email, c->sid)) <= 0)
		return rc;
	parse_int(row.col[DC_ID], 1, INT64_MAX, &code_id);
	if (row.col[DC_PRINCIPAL])
		parse_int(row.col[DC_PRINCIPAL], 1, INT64_MAX, &id);
	parse_int(row.col[DC_ATTEMPTS], 0, 255, &attempts);
	parse_int(row.col[DC_LIVE], 0, 1, &live);
	code_hash(c, c->code, h);
	match = row.len[DC_HASH] == AUTH_HASH_LEN &&
	    sodium_memcmp(h, row.col[DC_HASH], AUTH_HASH_LEN) == 0;
	if (!match || !live || attempts >= AUTH_CODE_TRIES || id <= 0)
		/* Every failed try counts, so a burnt code stays burnt. */
		return db_run(db, &d->stmts[DQ_CODE_FAIL], code_id);

	if ((rc = db_run(db, &d->stmts[DQ_CODE_USE], code_id)) < 0)
		return rc;
	if (db_affected(db, &d->stmts[DQ_CODE_USE]) != 1)
		return DB_OK;	/* used concurrently: stays CODE_WRONG */
	if ((rc = d->code_right(c, id)) < 0 || (rc = d->audit(db, id, d->right, c->ip)) < 0)
		return rc;
	c->result = CODE_OK;
	return DB_OK;
}

int
auth_door_verify(struct auth_code *c)
{
	int rc;

	if ((rc = db_txn(c->db, verify_txn, c)) < 0)
		return rc;
	return c->result;
}

struct logout {
	const struct auth_door	*door;
	struct db		*db;
	long long		 sid, id;
	const char		*ip;
};

static int
logout_txn(void *arg)
{
	struct logout *lo = arg;
	int rc;

	if ((rc = db_run(lo->db, lo->door->revoke, lo->sid)) < 0)
		return rc;
	return lo->id ? lo->door->audit(lo->db, lo->id, lo->door->logout, lo->ip) : DB_OK;
}

int
auth_door_logout(const struct auth_door *d, struct db *db, long long sid, long long id,
    const char *ip)
{
	struct logout lo = { d, db, sid, id, ip };

	return db_txn(db, logout_txn, &lo);
}

/* ---- the customers' door ---- */

static int
audit(struct db *db, long long user_id, const char *action, const char *ip)
{
	char addr[46];

	copy(addr, sizeof(addr), ip);
	return audit_add(db, user_id, 0, action, "user", 0, NULL, addr) < 0 ?
	    DB_ERROR : DB_OK;
}

/* The anonymous session is made with the first code, not with the form;
 * c->arg receives it (its id 0 when the visitor had one). */
static int
customer_code_session(struct auth_code *c, long long *sid)
{
	struct session *fresh = c->arg;
	int rc;

	fresh->id = 0;
	if ((*sid = c->sid) == 0) {
		if ((rc = auth_session_new(c->db, c->key, 0, c->ip, fresh)) < 0)
			return rc;
		*sid = fresh->id;
	}
	return db_run(c->db, &stmts[Q_SESSION_SET_PENDING], c->email, *sid);
}

/* A fresh token at login, in c->arg: the anonymous one is never promoted
 * (V3.2.1). */
static int
customer_code_right(struct auth_code *c, long long user_id)
{
	int rc;

	if ((rc = auth_session_revoke(c->db, c->sid)) < 0)
		return rc;
	return auth_session_new(c->db, c->key, user_id, c->ip, c->arg);
}

static const struct auth_door customer_door = {
	.stmts = &stmts[Q_DOOR], .revoke = &stmts[Q_SESSION_REVOKE],
	.code_domain = "login-code", .known_devices = 1, .audit = audit,
	.subject = "mail.login.subject", .body = "mail.login.body",
	.sent = "login-code-sent", .right = "login", .logout = "logout",
	.code_session = customer_code_session, .code_right = customer_code_right,
};

int
auth_code_request(struct db *db, const unsigned char key[32], const char *email,
    const char *client_ip, const char *lang, struct session *s, int known_device)
{
	struct session fresh;
	struct auth_code c;
	char ip[46];
	int rc;

	copy(ip, sizeof(ip), client_ip);
	auth_code_init(&c, &customer_door, db, key, s->id, email, ip, &fresh);
	c.lang = lang;
	c.known = known_device != 0;
	fresh.id = 0;
	if ((rc = auth_door_request(&c)) == CODE_OK && fresh.id != 0) {
		*s = fresh;
		copy(s->pending_email, sizeof(s->pending_email), email);
	}
	return rc;
}

int
auth_code_verify(struct db *db, const unsigned char key[32], struct session *s,
    const char *code, const char *client_ip)
{
	struct session out;
	struct auth_code c;
	int rc;

	if (s->pending_email[0] == '\0' || s->user_id != 0)
		return CODE_WRONG;
	auth_code_init(&c, &customer_door, db, key, s->id, s->pending_email, client_ip,
	    &out);
	c.code = code;
	if ((rc = auth_door_verify(&c)) == CODE_OK)
		*s = out;
	return rc;
}

int
auth_logout(struct db *db, const struct session *s, const char *client_ip)
{
	return auth_door_logout(&customer_door, db, s->id, s->user_id, client_ip);
}

int
auth_purge(struct db *db)
{
	int rc;

	if ((rc = db_run(db, &stmts[Q_SESSIONS_PURGE])) < 0 ||
	    (rc = db_run(db, &stmts[Q_PHONE_CODES_PURGE])) < 0)
		return rc;
	return db_run(db, &stmts[Q_CODES_PURGE]);
}

const struct module session_module = {
	.name = "session", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
