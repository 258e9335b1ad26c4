/*
 * The operator's staff and their door: sessions of their own (cookie
 * "sca"), a mailed code and then a second factor, TOTP (RFC 6238, liboath)
 * enrolled by QR code, or a one-time recovery code. Customers' sessions and
 * codes never open the back office, and a staff session never opens the
 * portal: the tables, the cookie and the hashes' domains are apart.
 */
#ifndef SELFCARE_STAFF_H
#define SELFCARE_STAFF_H

#include <stddef.h>

#include "core/auth.h"

struct db;

#define STAFF_IDLE_MINUTES	15
#define STAFF_HOURS		8
#define STAFF_RECOVERY_CODES	10
#define STAFF_RECOVERY_LEN	10	/* digits, shown as two groups of five */
#define STAFF_TOTP_SECRET	20	/* bytes: 160 bits, as RFC 4226 advises */

enum staff_stage {
	STAFF_NONE,		/* no session */
	STAFF_CODE,		/* asked for (or waiting to type) the mailed code */
	STAFF_SECOND,		/* the code was right: the second factor now */
	STAFF_OK,		/* logged in */
};

struct staff {
	long long	 session_id;	/* 0: none */
	long long	 id;		/* 0: not known yet (stage code) */
	enum staff_stage stage;
	char		 token[AUTH_TOKEN_LEN + 1];	/* only when made in this request */
	char		 csrf[AUTH_TOKEN_LEN + 1];
	char		 pending_email[255];
	char		 name[201];
	char		 email[255];
	char		 lang[3];
	unsigned	 roles;		/* role bits (module.h); every one for "admin" */
	int		 enrolled;	/* has a second factor */
};

/* The session of a cookie token; 1 found, 0 none, <0 a db_rc. */
int	 staff_session_load(struct db *, const unsigned char key[32], const char *token,
	    struct staff *);
/*
 * Asks for a login code (inside nothing; it makes its own transaction): a
 * session of stage code is made if s has none, the code is stored for any
 * address and mailed only to active staff, so the answer is the same for
 * every address. CODE_OK or CODE_RATE_LIMITED, or <0 a db_rc.
 */
int	 staff_code_request(struct db *, const unsigned char key[32], const char *email,
	    const char *ip, const char *lang, struct staff *s);
/* The mailed code of the session: CODE_OK (s is now a new session of stage
 * second, with a new token), CODE_WRONG, or <0 a db_rc. */
int	 staff_code_verify(struct db *, const unsigned char key[32], struct staff *s,
	    const char *code, const char *ip);
/*
 * Enrolment: the secret waiting for confirmation (made when there is none),
 * as base32 (for typing it in) and as the otpauth:// URI of the QR code.
 */
int	 staff_totp_pending(struct db *, const unsigned char key[32], const struct staff *,
	    char *base32, size_t, char *uri, size_t, const char *issuer);
/*
 * The second factor: a TOTP code (of the enrolled secret, or of the pending
 * one when enrolling: then recovery receives STAFF_RECOVERY_CODES codes,
 * each STAFF_RECOVERY_LEN + 1 bytes, to be shown once) or a recovery code.
 * CODE_OK (s is a new session of stage ok, new token), CODE_WRONG, <0 db_rc.
 */
int	 staff_second_verify(struct db *, const unsigned char key[32], struct staff *s,
	    const char *code, const char *ip, char (*recovery)[STAFF_RECOVERY_LEN + 1]);
int	 staff_logout(struct db *, const struct staff *, const char *ip);

#endif
