/*
 * What the partner API takes from an untrusted client before any lookup:
 * the key of an Authorization header, the paging and filters of a query.
 * Pure (unit-tested and fuzzed). A key is "sck_" and 8 hex digits (the
 * prefix, shown in lists, that finds its row), a dot, and 43 base64url
 * characters of secret; only a keyed hash of the whole is stored.
 */
#ifndef SELFCARE_API_KEY_H
#define SELFCARE_API_KEY_H

#include <stddef.h>

#include "core/auth.h"

struct kvlist;

#define API_PREFIX_LEN	12
#define API_KEY_LEN	(API_PREFIX_LEN + 1 + AUTH_TOKEN_LEN)
#define API_LIMIT_MAX	100	/* a page of a list at most */
#define API_LIMIT_DEFAULT 20

/* A new key in out and its prefix in prefix. */
void	 api_key_new(char out[API_KEY_LEN + 1], char prefix[API_PREFIX_LEN + 1]);
/* The stored form of a key: a keyed hash under the server key. */
void	 api_key_hash(const unsigned char server[32], const char *key,
	    unsigned char out[AUTH_HASH_LEN]);
/* "Bearer KEY" (the scheme in any case, one space): 0 with the key in key
 * and its prefix in prefix, -1 for anything else. */
int	 api_bearer(const char *header, char key[API_KEY_LEN + 1],
	    char prefix[API_PREFIX_LEN + 1]);

/* A list's query: paging and filters, NULL/0 when not given. Dates are
 * YYYY-MM-DD, updatedSince a UTC time YYYY-MM-DDTHH:MM:SSZ (kept without
 * the Z, as the database compares it). */
struct api_query {
	long long	 offset;
	long long	 limit;
	const char	*state;
	char		 from[11];
	char		 to[11];
	char		 since[20];
};

enum api_query_rc {
	APIQ_OK = 0,
	APIQ_MALFORMED = 400,	/* not a number, not a date, unknown, repeated */
	APIQ_INVALID = 422,	/* well-formed but not allowed: limit, state, from > to */
};

/*
 * Parses q against the states the resource has (NULL-terminated; NULL: no
 * state filter). On an error, *field names the parameter at fault.
 */
int	 api_query_parse(const struct kvlist *q, const char *const *states,
	    struct api_query *out, const char **field);

#endif
