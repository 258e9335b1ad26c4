/*
 * Declared fields: the input (after one control byte) is a query string;
 * kv_parse_query, then fields_check against a declaration using every
 * vtype, and valid_value on each value and on the raw bytes.
 */
#include "config.h"

#include <ctype.h>

#include "core/request.h"
#include "core/util.h"
#include "core/valid.h"
#include "fuzz.h"

#define NTYPES (V_TEXT + 1)

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* What an accepted (and normalised) value must look like. */
static void
check_accepted(enum vtype t, const char *v, size_t maxlen)
{
	size_t n = strlen(v), i;
	const char *at;
	long long x;

	if (maxlen)
		CHECK(n <= maxlen);
	switch (t) {
	case V_EMAIL:
		CHECK(n >= 3 && n <= 254);
		at = strchr(v, '@');
		CHECK(at != NULL && strchr(at + 1, '@') == NULL);
		CHECK(at > v && at - v <= 64);
		CHECK(strchr(at + 1, '.') != NULL);
		for (i = 0; i < n; i++)
			CHECK(!(v[i] >= 'A' && v[i] <= 'Z') &&
			    (unsigned char)v[i] > 0x20 && (unsigned char)v[i] < 0x7f);
		CHECK(strpbrk(v, " <>()[]\\,;:\"\r\n") == NULL);
		break;
	case V_CODE:
		CHECK(n == 8);
		for (i = 0; i < n; i++)
			CHECK(v[i] >= '0' && v[i] <= '9');
		break;
	case V_TOKEN:
		CHECK(n == 43 && strspn(v, b64url) == 43);
		break;
	case V_LANG:
		CHECK(!strcmp(v, "nb") || !strcmp(v, "da") || !strcmp(v, "en"));
		break;
	case V_LOCALPATH:
		/* Safe in a Location header: no second slash or backslash
		 * (protocol-relative), no header splitting. */
		CHECK(n >= 1 && n <= REQ_MAX_PATH && v[0] == '/');
		CHECK(v[1] != '/' && v[1] != '\\');
		CHECK(strpbrk(v, "\r\n") == NULL);
		break;
	case V_ID:
		CHECK(parse_int(v, 1, 9007199254740991LL, &x) == 0 && x >= 1);
		break;
	case V_YEAR:
		CHECK(parse_int(v, 2000, 2100, &x) == 0);
		break;
	case V_TEXT:
		CHECK(utf8_valid(v, n));
		break;
	}
}

/* valid_value on a private copy; accepted values are a fixed point. */
static void
try_value(enum vtype t, const char *v, size_t maxlen)
{
	size_t n = strlen(v);
	char *a = malloc(n + 1), *b;

	if (a == NULL)
		abort();
	memcpy(a, v, n + 1);
	if (valid_value(t, a, maxlen) == 0) {
		CHECK(strlen(a) <= n);		/* normalising never grows */
		check_accepted(t, a, maxlen);
		b = malloc(strlen(a) + 1);
		if (b == NULL)
			abort();
		strcpy(b, a);
		CHECK(valid_value(t, b, maxlen) == 0);
		CHECK(strcmp(a, b) == 0);
		free(b);
	}
	free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct field decl[] = {
		{ "email",	V_EMAIL,	0 },
		{ "code",	V_CODE,		0 },
		{ "csrf",	V_TOKEN,	0 },
		{ "set",	V_LANG,		0 },
		{ "next",	V_LOCALPATH,	0 },
		{ "id",		V_ID,		0 },
		{ "year",	V_YEAR,		0 },
		{ "text",	V_TEXT,		0 },
		{ "short",	V_TEXT,		0 },	/* maxlen from the control byte */
		{ "addr",	V_EMAIL,	0 },
		{ NULL,		V_TEXT,		0 },
	};
	struct input in[FIELDS_MAX];
	struct kvlist l = { 0 };
	const char *bad = NULL;
	char *q, *raw;
	size_t i, j, k, nd = COUNTOF(decl) - 1;
	uint8_t ctl;
	int rc;

	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	decl[8].maxlen = ctl & 0x1f;
	decl[9].maxlen = (ctl >> 5) * 20;

	q = fuzz_memdup(data, size);
	(void)kv_parse_query(&l, q, size);
	free(q);

	/* valid_value on every value as every type, before fields_check
	 * normalises them in place. */
	for (i = 0; i < l.n; i++)
		for (k = 0; k < NTYPES; k++) {
			try_value((enum vtype)k, l.v[i].val, 0);
			try_value((enum vtype)k, l.v[i].val, ctl & 0x3f);
		}

	memset(in, 0xa5, sizeof(in));
	rc = fields_check(decl, &l, in, &bad);
	if (rc == 0) {
		for (i = 0; i < l.n; i++) {
			for (j = 0; j < nd; j++)
				if (strcmp(decl[j].name, l.v[i].key) == 0)
					break;
			CHECK(j < nd);				/* declared */
			CHECK(kv_count(&l, l.v[i].key) == 1);	/* once */
			CHECK(in[j].present == 1);
			CHECK(in[j].val == NULL || in[j].val == l.v[i].val);
			CHECK(in[j].bad == (in[j].val == NULL));
			if (in[j].val != NULL)
				check_accepted(decl[j].type, in[j].val, decl[j].maxlen);
		}
		for (j = 0; j < nd; j++) {
			CHECK(in[j].present == (kv_count(&l, decl[j].name) == 1));
			if (!in[j].present)
				CHECK(in[j].val == NULL && !in[j].bad);
		}
	} else {
		CHECK(rc == -1 && bad != NULL);
		for (i = 0; i < l.n && l.v[i].key != bad; i++)
			;
		CHECK(i < l.n);		/* points into the list */
		for (j = 0; j < nd; j++)
			if (strcmp(decl[j].name, bad) == 0)
				break;
		/* unknown, or seen before */
		for (k = 0; k < i && strcmp(l.v[k].key, bad) != 0; k++)
			;
		CHECK(j == nd || k < i);
	}
	CHECK(fields_check(NULL, &l, in, &bad) == (l.n ? -1 : 0));
	kv_free(&l);

	/* The raw bytes as one value: not UTF-8 checked, maybe no NUL at all
	 * up to the first one. */
	raw = fuzz_strndup(data, size);
	for (k = 0; k < NTYPES; k++)
		try_value((enum vtype)k, raw, ctl & 0x3f);
	free(raw);
	return 0;
}
