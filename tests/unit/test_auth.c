/* The pure parts of authentication: codes, tokens, keyed hashes, CSRF. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/auth.h"
#include "check.h"
#include "core/valid.h"

int
main(void)
{
	unsigned char k1[32], k2[32], h1[32], h2[32], h3[32];
	char code[AUTH_CODE_LEN + 1], t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
	char c1[AUTH_TOKEN_LEN + 1], c2[AUTH_TOKEN_LEN + 1];
	int i, distinct = 0, digits_seen[10] = { 0 }, all_digits = 1;
	char first[AUTH_CODE_LEN + 1];

	CHECK(sodium_init() >= 0, "sodium_init");
	memset(k1, 1, sizeof(k1));
	memset(k2, 2, sizeof(k2));

	auth_random_code(first);
	for (i = 0; i < 1000; i++) {
		size_t j;

		auth_random_code(code);
		CHECK(strlen(code) == AUTH_CODE_LEN, "code length %zu", strlen(code));
		for (j = 0; j < strlen(code); j++) {
			if (code[j] < '0' || code[j] > '9')
				all_digits = 0;
			else
				digits_seen[code[j] - '0'] = 1;
		}
		distinct += strcmp(code, first) != 0;
	}
	CHECK(all_digits, "codes are digits");
	CHECK(distinct >= 995, "codes vary (%d of 1000 differ from the first)", distinct);
	for (i = 0; i < 10; i++)
		CHECK(digits_seen[i], "digit %d never drawn", i);

	auth_random_token(t1);
	auth_random_token(t2);
	CHECK(strlen(t1) == AUTH_TOKEN_LEN, "token length");
	CHECK(valid_value(V_TOKEN, t1, 0) == 0, "token is base64url: %s", t1);
	CHECK(strcmp(t1, t2) != 0, "tokens differ");

	auth_hash(k1, "session", t1, strlen(t1), h1);
	auth_hash(k1, "session", t1, strlen(t1), h2);
	CHECK(memcmp(h1, h2, 32) == 0, "hash is deterministic");
	auth_hash(k2, "session", t1, strlen(t1), h2);
	CHECK(memcmp(h1, h2, 32) != 0, "hash depends on the key");
	auth_hash(k1, "login-code", t1, strlen(t1), h3);
	CHECK(memcmp(h1, h3, 32) != 0, "hash depends on the domain");

	auth_csrf_for(k1, h1, c1);
	auth_csrf_for(k1, h1, c2);
	CHECK(strcmp(c1, c2) == 0, "CSRF token is deterministic");
	CHECK(valid_value(V_TOKEN, c1, 0) == 0, "CSRF token passes its validator");
	auth_csrf_for(k1, h3, c2);
	CHECK(strcmp(c1, c2) != 0, "CSRF token differs per session");

	CHECK(auth_token_equal(c1, c1), "equal");
	CHECK(!auth_token_equal(c1, c2), "not equal");
	CHECK(!auth_token_equal(c1, ""), "empty");
	CHECK(!auth_token_equal("abc", "abcd"), "prefix");

	/* The anonymous CSRF token: a keyed hash of the cookie, nothing stored. */
	auth_anon_csrf(k1, t1, c1);
	auth_anon_csrf(k1, t1, c2);
	CHECK(strcmp(c1, c2) == 0 && valid_value(V_TOKEN, c1, 0) == 0,
	    "anonymous CSRF token is deterministic and a token");
	auth_anon_csrf(k1, t2, c2);
	CHECK(strcmp(c1, c2) != 0, "anonymous CSRF token differs per cookie");
	auth_anon_csrf(k2, t1, c2);
	CHECK(strcmp(c1, c2) != 0, "anonymous CSRF token depends on the key");
	auth_hash(k1, "session", t1, strlen(t1), h1);
	auth_csrf_for(k1, h1, c2);
	CHECK(strcmp(c1, c2) != 0, "an anonymous token is never a session's");

	/* The known-browser cookie: for one address, until it expires. */
	{
		char d[AUTH_DEVICE_MAX], bad[AUTH_DEVICE_MAX];

		auth_device_token(k1, "kari@example.no", 2000000000LL, d);
		CHECK(auth_device_known(k1, d, "kari@example.no", 1999999999LL), "known");
		CHECK(!auth_device_known(k1, d, "kari@example.no", 2000000000LL), "expired");
		CHECK(!auth_device_known(k1, d, "mette@example.dk", 1000LL), "another address");
		CHECK(!auth_device_known(k2, d, "kari@example.no", 1000LL), "another key");
		snprintf(bad, sizeof(bad), "2000000001%s", strchr(d, '.'));
		CHECK(!auth_device_known(k1, bad, "kari@example.no", 1000LL), "expiry changed");
		CHECK(!auth_device_known(k1, NULL, "kari@example.no", 1000LL), "no cookie");
		CHECK(!auth_device_known(k1, "x", "kari@example.no", 1000LL), "garbage");
		CHECK(!auth_device_known(k1, ".", "kari@example.no", 1000LL), "a dot");
	}
	return check_status("auth");
}
