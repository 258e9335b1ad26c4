/*
 * Authentication: one-time login codes sent by e-mail, and sessions.
 * Codes and session tokens come from libsodium's RNG and are stored only as
 * keyed BLAKE2b hashes (crypto_generichash with the server key).
 */
#ifndef SELFCARE_AUTH_H
#define SELFCARE_AUTH_H

#include <stddef.h>

#include "core/cookie.h"

#define AUTH_TOKEN_LEN	43	/* 32 random bytes, base64url without padding */
#define AUTH_CODE_LEN	8
#define AUTH_HASH_LEN	32
#define AUTH_CODE_TRIES	5	/* wrong tries before a code is burnt */
#define AUTH_CODE_MINUTES 10
#define AUTH_MAX_CODES_PER_SESSION 3	/* per address and session, per 15 minutes */
#define AUTH_MAX_CODES_PER_EMAIL 5	/* per address and hour, from unknown browsers */
#define AUTH_MAX_CODES_PER_IP	20	/* per hour */
#define AUTH_DEVICE_DAYS 180	/* a browser stays known for an address */
#define AUTH_DEVICE_MAX	64	/* "EXPIRES.MAC": 20 digits, '.', 43 */

struct db;
struct stmt;

/* The columns of a membership (the switcher, the active company), as both
 * the session's statement and the dispatcher's read them; MS_STATUS is the
 * company's (active, or closed by the operator); MS_NAME_ORDER the name's
 * collation weight in hex, which strcmp orders as ORDER BY name would. */
enum { MS_COMPANY_ID, MS_NAME, MS_ORGNR, MS_COUNTRY, MS_ROLE, MS_AREAS, MS_TIME_ZONE,
	MS_STATUS, MS_NAME_ORDER, MS__COLS };
/* With a location asked for: the membership's company id again when that
 * company holds the location, else NULL. */
enum { MS_HOLDS_LOCATION = MS__COLS };


struct session {
	long long	id;		/* 0: no session */
	long long	user_id;	/* 0: anonymous */
	char		token[AUTH_TOKEN_LEN + 1];	/* only when created in this request */
	char		csrf[AUTH_TOKEN_LEN + 1];
	char		pending_email[255];
	char		user_name[201];
	char		user_email[255];
	char		user_lang[3];
};

/* Pure helpers (unit-tested). */
void	 auth_random_token(char out[AUTH_TOKEN_LEN + 1]);
void	 auth_random_code(char out[AUTH_CODE_LEN + 1]);
void	 auth_hash(const unsigned char key[32], const char *domain,
	    const char *data, size_t len, unsigned char out[AUTH_HASH_LEN]);
/* The CSRF token is derived from the session token: nothing more to store. */
void	 auth_csrf_for(const unsigned char key[32], const unsigned char
	    token_hash[AUTH_HASH_LEN], char out[AUTH_TOKEN_LEN + 1]);
/* Constant-time comparison of two tokens of equal length. */
int	 auth_token_equal(const char *, const char *);
/*
 * The CSRF token of a visitor without a session: a keyed hash of a random
 * cookie value (double submit). Nothing is stored, so showing a login form
 * costs no row.
 */
void	 auth_anon_csrf(const unsigned char key[32], const char *cookie,
	    char out[AUTH_TOKEN_LEN + 1]);
/*
 * The known-browser cookie of an address, set at login: "EXPIRES.MAC",
 * EXPIRES a Unix time and MAC a keyed hash of the address and EXPIRES.
 * auth_device_known() tells whether a cookie value is one for the address
 * that has not expired at now.
 */
void	 auth_device_token(const unsigned char key[32], const char *email,
	    long long expires, char out[AUTH_DEVICE_MAX]);
int	 auth_device_known(const unsigned char key[32], const char *cookie,
	    const char *email, long long now);

/* Looks up the session of a cookie token; 1 found, 0 none, <0 db_rc. */
int	 auth_session_load(struct db *, const unsigned char key[32],
	    const char *token, struct session *);
/* The same, with the user's memberships read in the same statement:
 * each(arg, cols) once per membership, cols the MS_* columns, in no
 * order (MS_NAME_ORDER gives the name's); with location non-zero also
 * MS_HOLDS_LOCATION. */
int	 auth_session_load_memberships(struct db *, const unsigned char key[32],
	    const char *token, long long location, struct session *,
	    void (*each)(void *arg, char **cols), void *arg);
/*
 * A door's sessions: the WHERE of a live one by its token's hash (s the
 * sessions, who their principal's column, p the principal's table joined):
 * not ended, within the absolute and idle timeouts (hours and minutes, as
 * text), and a disabled principal's end. The idle timeout slides:
 * auth_session_touch runs touch (i id) for session id when it was last seen
 * idle seconds ago, at most once a minute; it returns 1 or <0 a db_rc.
 */
#define AUTH_SQL_SESSION_LIVE(who, p, hours, minutes) \
	" WHERE s.token_hash = ? AND s.revoked_at IS NULL" \
	" AND s.created_at > NOW() - INTERVAL " hours " HOUR" \
	" AND s.last_seen_at > NOW() - INTERVAL " minutes " MINUTE" \
	" AND (s." who " IS NULL OR " p ".status = 'active')"
int	 auth_session_touch(struct db *, struct stmt *touch, long long id,
	    long long idle);
/* Creates a session (anonymous when user_id is 0) with a fresh token. */
int	 auth_session_new(struct db *, const unsigned char key[32],
	    long long user_id, const char *client_ip, struct session *);
int	 auth_session_revoke(struct db *, long long id);
/* Logout: revokes the session and writes the audit row, in one transaction. */
int	 auth_logout(struct db *, const struct session *, const char *client_ip);

enum code_result {
	CODE_OK,		/* logged in: s now holds the new user session */
	CODE_WRONG,		/* wrong, expired, used or burnt */
	CODE_RATE_LIMITED,
};

/*
 * Requests a login code for an address (inside a transaction): a code row
 * is written for any address; mail is queued only if the user exists. The
 * code belongs to the anonymous session *s; a visitor without one (s->id
 * 0) gets one here, in *s with its token, only when a code is made.
 * Limits: per session and address, per client address, and per address
 * across sessions for browsers not known for it (known_device 0).
 * Returns CODE_OK, CODE_RATE_LIMITED or <0 db_rc.
 */
int	 auth_code_request(struct db *, const unsigned char key[32],
	    const char *email, const char *client_ip, const char *lang,
	    struct session *s, int known_device);
/* Checks a code for the session's pending address, against the codes this
 * session asked for only; on success revokes the anonymous session and
 * fills *s with a new user session. */
int	 auth_code_verify(struct db *, const unsigned char key[32],
	    struct session *s, const char *code, const char *client_ip);

/*
 * The mailed-code login of a door (the customers' portal, the operator's
 * back office): the steps are the same, the tables (the door's
 * statements), the hashes' domain, the mail and the audit rows are the
 * door's own, so that a code or session of one door never opens the other.
 * A door's statements take and give:
 *   of_session (i session, s email), of_client (s ip), of_address (s email):
 *	DN_COUNT, the codes asked for lately (of_address: from browsers not
 *	known for the address, where the door knows browsers);
 *   by_email (s): DP_*, the active principal of an address;
 *   code_new (s email, I principal, b hash, s ip, i session[, i known]);
 *   code_current (s email, i session): DC_*, the session's newest unused code;
 *   code_fail, code_use, revoke (i): a try, the code taken, a session ended.
 */
enum { DN_COUNT, DN__COLS };

/* The SQL of those statements on a door's tables (t its codes, principals
 * or sessions; who the column of the principal), so that the windows of the
 * limits above and the binding of a code to its session are written once. */
#define AUTH_SQL_OF_SESSION(t)	"SELECT COUNT(*) FROM " t \
	" WHERE session_id = ? AND email = ? AND created_at > NOW() - INTERVAL 15 MINUTE"
#define AUTH_SQL_OF_CLIENT(t)	"SELECT COUNT(*) FROM " t \
	" WHERE client_ip = ? AND created_at > NOW() - INTERVAL 1 HOUR"
#define AUTH_SQL_OF_ADDRESS(t, also) "SELECT COUNT(*) FROM " t \
	" WHERE email = ?" also " AND created_at > NOW() - INTERVAL 1 HOUR"
#define AUTH_SQL_BY_EMAIL(t)	"SELECT id, name, lang FROM " t \
	" WHERE email = ? AND status = 'active'"
/* Only the session's newest unused code counts: asking again in the same
 * session retires the old one; another session's codes are not looked at. */
#define AUTH_SQL_CODE_CURRENT(t, who) \
	"SELECT id, " who ", code_hash, attempts, expires_at > NOW() FROM " t \
	" WHERE email = ? AND session_id = ? AND used_at IS NULL" \
	" ORDER BY id DESC LIMIT 1 FOR UPDATE"
#define AUTH_SQL_CODE_FAIL(t)	"UPDATE " t " SET attempts = attempts + 1 WHERE id = ?"
#define AUTH_SQL_CODE_USE(t)	"UPDATE " t \
	" SET used_at = NOW() WHERE id = ? AND used_at IS NULL"
/* A door's statements but DQ_CODE_NEW (whose columns are the door's own),
 * named NAME.codes_of_session and so on, in a module's table from base:
 * codes, principals the tables, who and also as above. */
#define AUTH_DOOR_STMTS(base, name, codes, principals, who, also) \
	[(base) + DQ_OF_SESSION] = STMT(name ".codes_of_session", "is", DN__COLS, \
	    AUTH_SQL_OF_SESSION(codes)), \
	[(base) + DQ_OF_CLIENT] = STMT(name ".codes_of_client", "s", DN__COLS, \
	    AUTH_SQL_OF_CLIENT(codes)), \
	[(base) + DQ_OF_ADDRESS] = STMT(name ".codes_of_address", "s", DN__COLS, \
	    AUTH_SQL_OF_ADDRESS(codes, also)), \
	[(base) + DQ_BY_EMAIL] = STMT(name ".by_email", "s", DP__COLS, \
	    AUTH_SQL_BY_EMAIL(principals)), \
	[(base) + DQ_CODE_CURRENT] = STMT(name ".code_current", "si", DC__COLS, \
	    AUTH_SQL_CODE_CURRENT(codes, who)), \
	[(base) + DQ_CODE_FAIL] = STMT(name ".code_fail", "i", 0, AUTH_SQL_CODE_FAIL(codes)), \
	[(base) + DQ_CODE_USE] = STMT(name ".code_use", "i", 0, AUTH_SQL_CODE_USE(codes))
#define AUTH_SQL_REVOKE(t)	"UPDATE " t \
	" SET revoked_at = NOW() WHERE id = ? AND revoked_at IS NULL"
enum { DP_ID, DP_NAME, DP_LANG, DP__COLS };
enum { DC_ID, DC_PRINCIPAL, DC_HASH, DC_ATTEMPTS, DC_LIVE, DC__COLS };

struct auth_code;

/* A door's code statements, one block in this order in its module's table. */
enum { DQ_OF_SESSION, DQ_OF_CLIENT, DQ_OF_ADDRESS, DQ_BY_EMAIL, DQ_CODE_NEW,
	DQ_CODE_CURRENT, DQ_CODE_FAIL, DQ_CODE_USE, DQ__N };

struct auth_door {
	struct stmt	*stmts;			/* DQ__N of them */
	struct stmt	*revoke;		/* of the door's sessions */
	const char	*code_domain;		/* of the code's hash */
	const char	*subject, *body;	/* the mail's i18n keys */
	const char	*sent, *right, *logout;	/* audit actions */
	int		 known_devices;		/* DQ_CODE_NEW binds the known flag */
	int		(*audit)(struct db *, long long id, const char *action,
			    const char *ip);
	/* The session a new code belongs to, in *sid (in the transaction). */
	int		(*code_session)(struct auth_code *, long long *sid);
	/* The code was right for principal id: the session of the next step. */
	int		(*code_right)(struct auth_code *, long long id);
};

struct auth_code {
	const struct auth_door	*door;
	struct db		*db;
	const unsigned char	*key;
	const char		*email;	/* the address asked for, or pending */
	const char		*code;	/* as typed (verify) */
	const char		*ip, *lang;
	long long		 sid;	/* the session asking; 0: none (request) */
	int			 known;	/* a browser known for the address */
	void			*arg;	/* the door's own, for its hooks */
	int			 result;	/* a code_result */
};

/* c for door d, the session sid asking about the address email (code,
 * lang and known empty); then each in its own transaction:
 * auth_door_request gives CODE_OK or CODE_RATE_LIMITED, auth_door_verify
 * CODE_OK or CODE_WRONG; <0 a db_rc. */
void	 auth_code_init(struct auth_code *, const struct auth_door *, struct db *,
	    const unsigned char key[32], long long sid, const char *email,
	    const char *ip, void *arg);
int	 auth_door_request(struct auth_code *);
int	 auth_door_verify(struct auth_code *);
/* Ends session sid and writes the door's logout row for principal id (if
 * any), in one transaction. */
int	 auth_door_logout(const struct auth_door *, struct db *, long long sid,
	    long long id, const char *ip);

/* Old sessions and login codes go (a thousand of each at most): the mail
 * child calls it every ten minutes or so. */
int	 auth_purge(struct db *);

#endif
