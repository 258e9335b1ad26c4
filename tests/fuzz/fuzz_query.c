/*
 * Query strings and request paths: kv_parse_query with kv_get/kv_count/
 * kv_free, and pct_decode and path_clean on the same bytes.
 */
#include "config.h"

#include "core/request.h"
#include "core/util.h"
#include "fuzz.h"

static const char *const names[] = {
	"email", "code", "csrf", "set", "next", "id", "year", "a", "", " ", "a b",
};

static void
check_list(const struct kvlist *l)
{
	size_t i, j, sum = 0;

	CHECK(l->n <= REQ_MAX_FIELDS);
	for (i = 0; i < l->n; i++) {
		const struct kv *e = &l->v[i];
		size_t first;

		CHECK(e->key != NULL && e->val != NULL);
		CHECK(e->key[0] != '\0');
		CHECK(strlen(e->val) == e->vlen);	/* decoding refuses NUL */
		CHECK(utf8_valid(e->key, strlen(e->key)));
		CHECK(utf8_valid(e->val, e->vlen));
		CHECK(kv_count(l, e->key) >= 1);
		/* kv_get gives the first value under that name. */
		for (first = 0; strcmp(l->v[first].key, e->key) != 0; first++)
			;
		CHECK(kv_get(l, e->key) == l->v[first].val);
		if (first == i)
			sum += kv_count(l, e->key);
	}
	CHECK(sum == l->n);
	for (j = 0; j < COUNTOF(names); j++)
		CHECK((kv_get(l, names[j]) == NULL) == (kv_count(l, names[j]) == 0));
}

static void
check_pct(const uint8_t *data, size_t size, int plus)
{
	char *dst = malloc(size + 1);
	size_t out = (size_t)-1;

	if (dst == NULL)
		abort();
	if (pct_decode(dst, (const char *)data, size, plus, &out) == 0) {
		CHECK(out <= size);
		CHECK(strlen(dst) == out);
		if (plus)
			CHECK(memchr(dst, '+', out) == NULL ||
			    memchr(data, '%', size) != NULL);
		if (memchr(data, '%', size) == NULL && !plus)
			CHECK(out == size && memcmp(dst, data, size) == 0);
	}
	/* Without outlen it must behave the same. */
	(void)pct_decode(dst, (const char *)data, size, plus, NULL);
	free(dst);
}

static void
check_path(const uint8_t *data, size_t size)
{
	char *raw = fuzz_memdup(data, size), *p = NULL;
	size_t n;

	if (path_clean(raw, size, &p) == REQ_OK) {
		CHECK(p != NULL);
		n = strlen(p);
		CHECK(n >= 1 && n <= REQ_MAX_PATH);
		CHECK(p[0] == '/');
		CHECK(strstr(p, "//") == NULL);
		CHECK(strstr(p, "/./") == NULL);
		CHECK(strstr(p, "/../") == NULL);
		CHECK(!(n >= 2 && strcmp(p + n - 2, "/.") == 0));
		CHECK(!(n >= 3 && strcmp(p + n - 3, "/..") == 0));
		CHECK(n == 1 || p[n - 1] != '/');
		CHECK(utf8_valid(p, n));
		free(p);
	}
	free(raw);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist l = { 0 };
	char *copy = fuzz_memdup(data, size);
	int rc;

	rc = kv_parse_query(&l, copy, size);
	CHECK(rc == REQ_OK || rc == REQ_MALFORMED || rc == REQ_TOO_LARGE);
	check_list(&l);		/* a failed parse keeps what it had */
	kv_free(&l);
	CHECK(l.v == NULL && l.n == 0);
	kv_free(&l);		/* twice is harmless */
	free(copy);

	check_pct(data, size, 0);
	check_pct(data, size, 1);
	check_path(data, size);
	return 0;
}
