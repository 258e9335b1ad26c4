/*
 * The partner API's untrusted input before any lookup: keys in the
 * Authorization header, the paging and filters of a list's query.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "api/key.h"
#include "core/request.h"
#include "core/util.h"
#include "core/valid.h"

void
api_key_new(char out[API_KEY_LEN + 1], char prefix[API_PREFIX_LEN + 1])
{
	unsigned char rnd[4];
	char hex[9], secret[AUTH_TOKEN_LEN + 1];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	auth_random_token(secret);
	snprintf(prefix, API_PREFIX_LEN + 1, "sck_%s", hex);
	snprintf(out, API_KEY_LEN + 1, "%s.%s", prefix, secret);
	sodium_memzero(secret, sizeof(secret));
}

void
api_key_hash(const unsigned char server[32], const char *key,
    unsigned char out[AUTH_HASH_LEN])
{
	auth_hash(server, "api-key", key, strlen(key), out);
}

static int
is_b64url(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

static int
is_hex(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

int
api_bearer(const char *h, char key[API_KEY_LEN + 1], char prefix[API_PREFIX_LEN + 1])
{
	size_t i;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return -1;
	h += 7;
	if (strlen(h) != API_KEY_LEN || strncmp(h, "sck_", 4) != 0 ||
	    h[API_PREFIX_LEN] != '.')
		return -1;
	for (i = 4; i < API_PREFIX_LEN; i++)
		if (!is_hex((unsigned char)h[i]))
			return -1;
	for (i = API_PREFIX_LEN + 1; i < API_KEY_LEN; i++)
		if (!is_b64url((unsigned char)h[i]))
			return -1;
	memcpy(key, h, API_KEY_LEN + 1);
	memcpy(prefix, h, API_PREFIX_LEN);
	prefix[API_PREFIX_LEN] = '\0';
	return 0;
}

/* YYYY-MM-DDTHH:MM:SSZ, a real date and time; kept without the Z. */
static int
parse_since(const char *v, char out[20])
{
	char date[11];
	int hh, mm, ss;
	size_t i;

	if (strlen(v) != 20 || v[10] != 'T' || v[13] != ':' || v[16] != ':' ||
	    v[19] != 'Z')
		return -1;
	for (i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (v[i] < '0' || v[i] > '9'))
			return -1;
	memcpy(date, v, 10);
	date[10] = '\0';
	if (valid_value(V_DATE, date, 10) != 0)
		return -1;
	hh = (v[11] - '0') * 10 + (v[12] - '0');
	mm = (v[14] - '0') * 10 + (v[15] - '0');
	ss = (v[17] - '0') * 10 + (v[18] - '0');
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	memcpy(out, v, 19);
	out[10] = ' ';
	out[19] = '\0';
	return 0;
}

static int
parse_date(const char *v, char out[11])
{
	char copy[11];

	if (strlen(v) != 10)
		return -1;
	memcpy(copy, v, 11);
	if (valid_value(V_DATE, copy, 10) != 0)
		return -1;
	memcpy(out, copy, 11);
	return 0;
}

static int
in_list(const char *v, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

/* The parameters a list takes, each once. */
static const char *const params[] = {
	"offset", "limit", "state", "createdFrom", "createdTo", "updatedSince", NULL,
};

int
api_query_parse(const struct kvlist *q, const char *const *states,
    struct api_query *out, const char **field)
{
	const char *v;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->limit = API_LIMIT_DEFAULT;
	for (i = 0; i < q->n; i++) {
		*field = q->v[i].key;
		if (!in_list(q->v[i].key, params) || kv_count(q, q->v[i].key) != 1)
			return APIQ_MALFORMED;
	}
	if ((v = kv_get(q, *field = "offset")) != NULL &&
	    parse_int(v, 0, INT32_MAX, &out->offset) == -1)
		return APIQ_MALFORMED;
	if ((v = kv_get(q, *field = "limit")) != NULL) {
		if (parse_int(v, INT32_MIN, INT32_MAX, &out->limit) == -1)
			return APIQ_MALFORMED;
		if (out->limit < 1 || out->limit > API_LIMIT_MAX)
			return APIQ_INVALID;
	}
	if ((v = kv_get(q, *field = "state")) != NULL) {
		if (!in_list(v, states))
			return APIQ_INVALID;
		out->state = v;
	}
	if ((v = kv_get(q, *field = "createdFrom")) != NULL && parse_date(v, out->from) == -1)
		return APIQ_MALFORMED;
	if ((v = kv_get(q, *field = "createdTo")) != NULL && parse_date(v, out->to) == -1)
		return APIQ_MALFORMED;
	if (out->from[0] && out->to[0] && strcmp(out->from, out->to) > 0)
		return APIQ_INVALID;
	if ((v = kv_get(q, *field = "updatedSince")) != NULL &&
	    parse_since(v, out->since) == -1)
		return APIQ_MALFORMED;
	*field = NULL;
	return APIQ_OK;
}
