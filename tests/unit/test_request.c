/* Request parsing: percent-decoding, query strings, cookies, paths, Accept. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"

static void
test_pct_decode(void)
{
	static const struct {
		const char *in;
		int plus;
		int rc;
		const char *out;
	} t[] = {
		{ "abc", 0, 0, "abc" },
		{ "a%20b", 0, 0, "a b" },
		{ "a+b", 1, 0, "a b" },
		{ "a+b", 0, 0, "a+b" },
		{ "%C3%A6%c3%b8", 0, 0, "\xc3\xa6\xc3\xb8" },
		{ "%", 0, -1, NULL },
		{ "%4", 0, -1, NULL },
		{ "a%4", 0, -1, NULL },
		{ "%zz", 0, -1, NULL },
		{ "%00", 0, -1, NULL },
		{ "", 0, 0, "" },
	};
	size_t i, n;
	char out[64];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = pct_decode(out, t[i].in, strlen(t[i].in), t[i].plus, &n);

		CHECK(rc == t[i].rc, "pct_decode(\"%s\") = %d", t[i].in, rc);
		if (rc == 0 && t[i].out)
			CHECK(strcmp(out, t[i].out) == 0 && n == strlen(t[i].out),
			    "pct_decode(\"%s\") gave \"%s\"", t[i].in, out);
	}
}

static void
test_query(void)
{
	struct kvlist l = { 0 };
	struct buf_ { char s[2048]; } big;
	size_t i;
	int rc;

	rc = kv_parse_query(&l, "a=1&b=two+words&&c=%C3%A5&d", 27);
	CHECK(rc == REQ_OK, "rc %d", rc);
	CHECK(l.n == 4, "n %zu", l.n);
	CHECK(kv_get(&l, "b") && strcmp(kv_get(&l, "b"), "two words") == 0, "b");
	CHECK(kv_get(&l, "c") && strcmp(kv_get(&l, "c"), "\xc3\xa5") == 0, "c");
	CHECK(kv_get(&l, "d") && *kv_get(&l, "d") == '\0', "d empty");
	CHECK(kv_get(&l, "x") == NULL, "absent");
	kv_free(&l);

	rc = kv_parse_query(&l, "a=1&a=2", 7);
	CHECK(rc == REQ_OK && kv_count(&l, "a") == 2, "duplicates kept for the validator");
	kv_free(&l);

	CHECK(kv_parse_query(&l, "=x", 2) == REQ_MALFORMED, "empty name");
	kv_free(&l);
	CHECK(kv_parse_query(&l, "a=%ff", 5) == REQ_MALFORMED, "invalid UTF-8");
	kv_free(&l);
	CHECK(kv_parse_query(&l, "a=%01", 5) == REQ_MALFORMED, "control character");
	kv_free(&l);
	CHECK(kv_parse_query(&l, "a=x%0Ay", 7) == REQ_OK, "newline in text is allowed");
	kv_free(&l);

	big.s[0] = '\0';
	for (i = 0; i < REQ_MAX_FIELDS + 1; i++)
		strcat(big.s, "f=1&");
	CHECK(kv_parse_query(&l, big.s, strlen(big.s)) == REQ_TOO_LARGE, "too many fields");
	kv_free(&l);
}

static void
test_cookies(void)
{
	struct kvlist l = { 0 };
	const char *h = "sc=abc; lang=da;junk; =x;  other = 1 ; scf=%41";
	struct buf big = { 0 };
	int i;

	CHECK(kv_parse_cookies(&l, h, strlen(h)) == REQ_OK, "parse");
	CHECK(kv_get(&l, "sc") && strcmp(kv_get(&l, "sc"), "abc") == 0, "sc");
	CHECK(kv_get(&l, "lang") && strcmp(kv_get(&l, "lang"), "da") == 0, "lang");
	CHECK(kv_get(&l, "junk") == NULL, "junk skipped");
	CHECK(kv_get(&l, "other") == NULL, "a cookie not ours is skipped");
	CHECK(kv_get(&l, "scf") && strcmp(kv_get(&l, "scf"), "%41") == 0, "values raw");
	kv_free(&l);

	/* A neighbouring site's 200 cookies, 12 KB, before ours: ours are
	 * found, nothing else is kept, the request does not fail. */
	for (i = 0; i < 200; i++)
		buf_printf(&big, "tracker%d=%050d; ", i, i);
	buf_puts(&big, "__Host-sc=tok; sc2=x; lang=nb");
	CHECK(big.len > 12000, "a long header (%zu)", big.len);
	CHECK(kv_parse_cookies(&l, big.p, big.len) == REQ_OK, "many cookies: REQ_OK");
	CHECK(l.n == 2, "only ours kept: %zu", l.n);
	CHECK(kv_get(&l, "__Host-sc") && strcmp(kv_get(&l, "__Host-sc"), "tok") == 0,
	    "the session cookie among many");
	kv_free(&l);

	/* Our own name repeated: a few copies kept (the dispatcher refuses a
	 * doubled session cookie), never more than REQ_MAX_COOKIES. */
	buf_free(&big);
	for (i = 0; i < 40; i++)
		buf_puts(&big, "sc=x; ");
	CHECK(kv_parse_cookies(&l, big.p, big.len) == REQ_OK, "repeats: REQ_OK");
	CHECK(l.n == REQ_MAX_COOKIES && kv_count(&l, "sc") == REQ_MAX_COOKIES,
	    "repeats bounded: %zu", l.n);
	kv_free(&l);
	buf_free(&big);
}

static void
test_paths(void)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} t[] = {
		{ "/", REQ_OK, "/" },
		{ "/companies", REQ_OK, "/companies" },
		{ "/companies/", REQ_OK, "/companies" },
		{ "/companies/1/locations", REQ_OK, "/companies/1/locations" },
		{ "/a%20b", REQ_OK, "/a b" },
		{ "//evil", REQ_MALFORMED, NULL },
		{ "/a/./b", REQ_MALFORMED, NULL },
		{ "/a/../b", REQ_MALFORMED, NULL },
		{ "/a/..", REQ_MALFORMED, NULL },
		{ "/a/.", REQ_MALFORMED, NULL },
		{ "/%2e%2e/x", REQ_MALFORMED, NULL },
		{ "/a/%2e%2e", REQ_MALFORMED, NULL },
		{ "/a%00b", REQ_MALFORMED, NULL },
		{ "/a%ff", REQ_MALFORMED, NULL },
		{ "relative", REQ_MALFORMED, NULL },
		{ "", REQ_MALFORMED, NULL },
	};
	char longp[REQ_MAX_PATH + 10];
	size_t i;
	char *out;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc;

		out = NULL;
		rc = path_clean(t[i].in, strlen(t[i].in), &out);
		CHECK(rc == t[i].rc, "path_clean(\"%s\") = %d", t[i].in, rc);
		if (rc == REQ_OK && t[i].out)
			CHECK(strcmp(out, t[i].out) == 0, "path_clean(\"%s\") = \"%s\"",
			    t[i].in, out);
		free(out);
	}
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	out = NULL;
	CHECK(path_clean(longp, strlen(longp), &out) == REQ_MALFORMED, "over-long path");
	free(out);
}

static void
test_accept(void)
{
	CHECK(!accept_wants_xml(NULL), "no header");
	CHECK(accept_wants_xml("application/xml"), "xml");
	CHECK(!accept_wants_xml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
	    "browser");
	CHECK(accept_wants_xml("application/xml, text/html;q=0.5"), "xml first");
	CHECK(!accept_wants_xml("*/*"), "anything");
}

/* One part with headers h and value v, between the delimiters of ct. */
#define BOUNDARY	"----FormBoundary7MA4YWxk"
#define PART(h, v)	"--" BOUNDARY "\r\n" h "\r\n\r\n" v "\r\n--" BOUNDARY "--"
#define FIELD_A		"Content-Disposition: form-data; name=\"a\""

static void
test_multipart(void)
{
	static const char ct[] = "multipart/form-data; boundary=" BOUNDARY;
	static const struct {
		const char	*ct, *body;
		int		 rc;
		const char	*name, *value;	/* the first field, when rc is REQ_OK */
	} t[] = {
		/* RFC 8058's one-click POST */
		{ ct, PART("Content-Disposition: form-data; name=\"List-Unsubscribe\"",
		    "One-Click") "\r\n", REQ_OK, "List-Unsubscribe", "One-Click" },
		{ "multipart/form-data; boundary=\"a b\"", "--a b\r\n"
		    "Content-Disposition: form-data; name=x\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
		    "bl\xc3\xa5\r\nb\xc3\xa6r\r\n--a b\r\n"
		    "Content-Disposition: form-data; name=\"y\"\r\n\r\n\r\n--a b--", REQ_OK,
		    "x", "bl\xc3\xa5\r\nb\xc3\xa6r" },
		{ "multipart/form-data", "--x\r\n\r\n--x--", REQ_MALFORMED, NULL, NULL },
		{ ct, "preamble\r\n" PART(FIELD_A, "1"), REQ_MALFORMED, NULL, NULL },
		{ ct, PART("Content-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"",
		    "%PDF"), REQ_MALFORMED, NULL, NULL },
		{ ct, PART(FIELD_A "\r\nContent-Type: application/octet-stream", "1"),
		    REQ_MALFORMED, NULL, NULL },
		{ ct, PART("Content-Disposition: attachment; name=\"a\"", "1"),
		    REQ_MALFORMED, NULL, NULL },
		{ ct, PART("X-Other: 1\r\n" FIELD_A, "1"), REQ_MALFORMED, NULL, NULL },
		{ ct, "--" BOUNDARY "\r\n" FIELD_A "\r\n\r\nno closing delimiter\r\n",
		    REQ_MALFORMED, NULL, NULL },
		{ ct, PART(FIELD_A, "\xff"), REQ_MALFORMED, NULL, NULL },
		{ ct, PART("Content-Disposition: form-data; name=\"\"", "1"),
		    REQ_MALFORMED, NULL, NULL },
		{ ct, PART(FIELD_A "\r", "1"), REQ_MALFORMED, NULL, NULL },
	};
	size_t i;

	for (i = 0; i < COUNTOF(t); i++) {
		struct kvlist l = { 0 };
		int rc = kv_parse_multipart(&l, t[i].ct, t[i].body, strlen(t[i].body));

		CHECK(rc == t[i].rc, "multipart %zu: rc %d", i, rc);
		if (rc == REQ_OK && t[i].name != NULL)
			CHECK(l.n >= 1 && strcmp(l.v[0].key, t[i].name) == 0 &&
			    strcmp(l.v[0].val, t[i].value) == 0, "multipart %zu: %s=%s", i,
			    l.n ? l.v[0].key : "-", l.n ? l.v[0].val : "-");
		kv_free(&l);
	}
}

/* A route that takes files: a file part of any type, its bytes as sent
 * (not text), beside the text fields; more than REQ_MAX_FILES refused. */
static void
test_multipart_files(void)
{
	static const char ct[] = "multipart/form-data; boundary=" BOUNDARY;
	static const char body[] =
	    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok\r\n"
	    PART("Content-Disposition: form-data; name=\"file\"; filename=\"b.ocr\"\r\n"
	    "Content-Type: application/octet-stream", "NY\xff\x00z");
	size_t len = sizeof(body) - 1, i;
	struct kvlist l = { 0 };
	struct uploads u = { 0 };
	const struct upload *f;
	struct buf many = { 0 };

	CHECK(multipart_parse(&l, &u, ct, body, len) == REQ_OK, "files: parsed");
	CHECK(l.n == 1 && strcmp(kv_get(&l, "csrf"), "tok") == 0, "files: the field");
	f = upload_get(&u, "file");
	CHECK(f != NULL && strcmp(f->filename, "b.ocr") == 0 && f->len == 5 &&
	    memcmp(f->data, "NY\xff\x00z", 5) == 0, "files: the file's bytes");
	CHECK(upload_get(&u, "csrf") == NULL, "files: a field is no file");
	kv_free(&l);
	uploads_free(&u);
	/* Without a place for files, the same body is malformed. */
	CHECK(multipart_parse(&l, NULL, ct, body, len) == REQ_MALFORMED, "files: refused");
	kv_free(&l);
	for (i = 0; i <= REQ_MAX_FILES; i++)
		buf_puts(&many, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		    "name=\"f\"; filename=\"x\"\r\n\r\nx\r\n");
	buf_puts(&many, "--" BOUNDARY "--");
	CHECK(multipart_parse(&l, &u, ct, many.p, many.len) == REQ_TOO_LARGE,
	    "files: too many");
	kv_free(&l);
	uploads_free(&u);
	buf_free(&many);
}

int
main(void)
{
	test_pct_decode();
	test_query();
	test_multipart();
	test_multipart_files();
	test_cookies();
	test_paths();
	test_accept();
	return check_status("request");
}
