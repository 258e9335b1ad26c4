/*
 * The Cookie and Accept headers: kv_parse_cookies on arbitrary bytes and
 * accept_wants_xml on a NUL-terminated copy.
 */
#include "config.h"

#include "core/request.h"
#include "core/util.h"
#include "fuzz.h"

static const char *const names[] = { "__Host-sc", "sc", "lang", "" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist l = { 0 };
	char *copy = fuzz_memdup(data, size), *s;
	const char *x, *h;
	size_t i;
	int rc;

	rc = kv_parse_cookies(&l, copy, size);
	CHECK(rc == REQ_OK || rc == REQ_TOO_LARGE);	/* odd cookies are skipped */
	CHECK(l.n <= REQ_MAX_FIELDS);
	for (i = 0; i < l.n; i++) {
		const struct kv *e = &l.v[i];
		size_t kn = strlen(e->key);

		CHECK(kn > 0);
		CHECK(strlen(e->val) == e->vlen);
		CHECK(utf8_valid(e->key, kn) && utf8_valid(e->val, e->vlen));
		CHECK(strchr(e->key, '=') == NULL && strchr(e->key, ';') == NULL);
		CHECK(strchr(e->val, ';') == NULL);
		CHECK(e->key[0] != ' ' && e->key[0] != '\t');
		CHECK(e->vlen == 0 || (e->val[e->vlen - 1] != ' ' &&
		    e->val[e->vlen - 1] != '\t'));
		CHECK(kv_get(&l, e->key) != NULL && kv_count(&l, e->key) >= 1);
	}
	for (i = 0; i < COUNTOF(names); i++)
		CHECK((kv_get(&l, names[i]) == NULL) == (kv_count(&l, names[i]) == 0));
	kv_free(&l);
	free(copy);

	s = fuzz_strndup(data, size);
	x = strstr(s, "application/xml");
	h = strstr(s, "text/html");
	CHECK(accept_wants_xml(s) == (x != NULL && (h == NULL || x < h)));
	CHECK(accept_wants_xml(NULL) == 0);
	free(s);
	return 0;
}
