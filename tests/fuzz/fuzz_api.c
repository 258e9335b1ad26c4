/*
 * What the partner API takes from a client before any lookup: the key of
 * an Authorization header (api_bearer) and a list's paging and filters
 * (api_query_parse over kv_parse_query), on the same bytes.
 */
#include "config.h"

#include "api/key.h"
#include "core/request.h"
#include "core/util.h"
#include "fuzz.h"

static const char *const states[] = { "active", "closed", NULL };

static void
check_bearer(const uint8_t *data, size_t size)
{
	char *h = fuzz_strndup(data, size);
	char key[API_KEY_LEN + 1], prefix[API_PREFIX_LEN + 1];

	if (api_bearer(h, key, prefix) == 0) {
		CHECK(strlen(key) == API_KEY_LEN && strlen(prefix) == API_PREFIX_LEN);
		CHECK(strncmp(key, prefix, API_PREFIX_LEN) == 0);
		CHECK(strncmp(prefix, "sck_", 4) == 0 && key[API_PREFIX_LEN] == '.');
		CHECK(strlen(h) == API_KEY_LEN + 7);
		CHECK(strcmp(h + 7, key) == 0);
	}
	free(h);
}

static void
check_query(const uint8_t *data, size_t size)
{
	struct kvlist l = { 0 };
	struct api_query q;
	const char *field = NULL;
	char *copy = fuzz_memdup(data, size);
	int rc;

	if (kv_parse_query(&l, copy, size) == REQ_OK) {
		rc = api_query_parse(&l, states, &q, &field);
		CHECK(rc == APIQ_OK || rc == APIQ_MALFORMED || rc == APIQ_INVALID);
		if (rc == APIQ_OK) {
			CHECK(field == NULL);
			CHECK(q.offset >= 0 && q.limit >= 1 && q.limit <= API_LIMIT_MAX);
			CHECK(q.state == NULL || strcmp(q.state, "active") == 0 ||
			    strcmp(q.state, "closed") == 0);
			CHECK(q.from[0] == '\0' || strlen(q.from) == 10);
			CHECK(q.to[0] == '\0' || strlen(q.to) == 10);
			CHECK(!(q.from[0] && q.to[0]) || strcmp(q.from, q.to) <= 0);
			CHECK(q.since[0] == '\0' || (strlen(q.since) == 19 && q.since[10] == ' '));
		} else
			CHECK(field != NULL && kv_get(&l, field) != NULL);
	}
	kv_free(&l);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_bearer(data, size);
	check_query(data, size);
	return 0;
}
