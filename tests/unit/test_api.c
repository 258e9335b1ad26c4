/* The partner API's input before any lookup: keys and a list's query (api/key.c). */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "api/key.h"
#include "core/request.h"
#include "check.h"

static const char *const states[] = { "active", "closed", NULL };

static void
test_bearer(void)
{
	static const struct {
		const char	*h;
		int		 ok;
	} t[] = {
		{ "Bearer sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1 },
		{ "bearer sck_0123abcd.abcdefghijklmnopqrstuvwxyz-_0123456789ABCDE", 1 },
		{ "Bearer  sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Basic sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer sck_0123ABCD.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 0 },
		{ "Bearer sck_0123abcdXAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer xyz_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
		{ "Bearer sck_0123abcd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ", 0 },
		{ "Bearer ", 0 },
		{ "", 0 },
	};
	char key[API_KEY_LEN + 1], prefix[API_PREFIX_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ok = api_bearer(t[i].h, key, prefix) == 0;

		CHECK(ok == t[i].ok, "%s", t[i].h);
		if (ok)
			CHECK(strcmp(prefix, "sck_0123abcd") == 0 &&
			    strcmp(key, t[i].h + 7) == 0, "%s", t[i].h);
	}
	CHECK(api_bearer(NULL, key, prefix) == -1, "no header");
}

static void
test_new_key(void)
{
	char a[API_KEY_LEN + 1], b[API_KEY_LEN + 1], pa[API_PREFIX_LEN + 1],
	    pb[API_PREFIX_LEN + 1], hdr[API_KEY_LEN + 8], key[API_KEY_LEN + 1],
	    prefix[API_PREFIX_LEN + 1];
	unsigned char server[32] = { 1 }, other[32] = { 2 }, ha[AUTH_HASH_LEN],
	    hb[AUTH_HASH_LEN];

	api_key_new(a, pa);
	api_key_new(b, pb);
	CHECK(strlen(a) == API_KEY_LEN && strncmp(a, pa, API_PREFIX_LEN) == 0, "%s", a);
	CHECK(strcmp(a, b) != 0, "two keys alike");
	/* What api_key_new makes, api_bearer takes. */
	snprintf(hdr, sizeof(hdr), "Bearer %s", a);
	CHECK(api_bearer(hdr, key, prefix) == 0 && strcmp(key, a) == 0, "%s", hdr);
	/* The stored hash depends on the key and on the server's secret. */
	api_key_hash(server, a, ha);
	api_key_hash(server, b, hb);
	CHECK(memcmp(ha, hb, sizeof(ha)) != 0, "two keys, one hash");
	api_key_hash(other, a, hb);
	CHECK(memcmp(ha, hb, sizeof(ha)) != 0, "the server key does not count");
}

static void
test_query(void)
{
	static const struct {
		const char	*q;
		int		 rc;
		const char	*field;
	} t[] = {
		{ "", APIQ_OK, NULL },
		{ "offset=40&limit=100&state=closed", APIQ_OK, NULL },
		{ "createdFrom=2026-01-31&createdTo=2026-01-31", APIQ_OK, NULL },
		{ "updatedSince=2024-02-29T23:59:59Z", APIQ_OK, NULL },
		{ "limit=abc", APIQ_MALFORMED, "limit" },
		{ "limit=0", APIQ_INVALID, "limit" },
		{ "limit=101", APIQ_INVALID, "limit" },
		{ "limit=-5", APIQ_INVALID, "limit" },
		{ "offset=-1", APIQ_MALFORMED, "offset" },
		{ "offset=1x", APIQ_MALFORMED, "offset" },
		{ "state=open", APIQ_INVALID, "state" },
		{ "state=", APIQ_INVALID, "state" },
		{ "colour=red", APIQ_MALFORMED, "colour" },
		{ "limit=1&limit=2", APIQ_MALFORMED, "limit" },
		{ "createdFrom=2026-02-30", APIQ_MALFORMED, "createdFrom" },
		{ "createdTo=2026-1-1", APIQ_MALFORMED, "createdTo" },
		{ "createdFrom=2026-02-02&createdTo=2026-02-01", APIQ_INVALID, "createdTo" },
		{ "updatedSince=2026-01-01", APIQ_MALFORMED, "updatedSince" },
		{ "updatedSince=2026-01-01T24:00:00Z", APIQ_MALFORMED, "updatedSince" },
		{ "updatedSince=2026-01-01T10:00:00+01:00", APIQ_MALFORMED, "updatedSince" },
		{ "updatedSince=2025-02-29T10:00:00Z", APIQ_MALFORMED, "updatedSince" },
	};
	struct api_query q;
	const char *field;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct kvlist l = { 0 };
		int rc;

		CHECK(kv_parse_query(&l, t[i].q, strlen(t[i].q)) == REQ_OK, "%s", t[i].q);
		field = "unset";
		rc = api_query_parse(&l, states, &q, &field);
		CHECK(rc == t[i].rc, "%s: %d", t[i].q, rc);
		CHECK((field == NULL && t[i].field == NULL) ||
		    (field && t[i].field && strcmp(field, t[i].field) == 0),
		    "%s: %s", t[i].q, field ? field : "(none)");
		kv_free(&l);
	}
	{
		struct kvlist l = { 0 };
		const char *s = "offset=40&limit=7&updatedSince=2026-03-04T05:06:07Z";

		kv_parse_query(&l, s, strlen(s));
		CHECK(api_query_parse(&l, states, &q, &field) == APIQ_OK, "%s", s);
		CHECK(q.offset == 40 && q.limit == 7, "paging");
		CHECK(strcmp(q.since, "2026-03-04 05:06:07") == 0, "%s", q.since);
		CHECK(q.state == NULL && q.from[0] == '\0', "defaults");
		kv_free(&l);
		kv_parse_query(&l, "", 0);
		CHECK(api_query_parse(&l, states, &q, &field) == APIQ_OK &&
		    q.limit == API_LIMIT_DEFAULT && q.offset == 0, "the default page");
		kv_free(&l);
	}
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_bearer();
	test_new_key();
	test_query();
	return check_status("test_api");
}
