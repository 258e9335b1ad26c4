/*
 * FastCGI parameters and body: req_parse on an envp array and an in-memory
 * FCGX_Stream, then req_free.
 *
 * Input layout:
 *   byte 0   bits 0-2: REQUEST_METHOD added after the explicit lines
 *                      (none, GET, POST, HEAD, PUT, OPTIONS, GET, POST)
 *            bit 3:    add CONTENT_LENGTH = length of the body
 *            bit 4:    add CONTENT_TYPE = application/x-www-form-urlencoded
 *            bits 5-7: how many bytes each fill of the stream delivers
 *   then     "NAME=value" lines separated by '\n' (each one envp string,
 *            passed as is, so lines without '=' or with odd names occur),
 *            up to an empty line; what follows it is the request body.
 * Parameters given explicitly win over the added ones (FCGX_GetParam
 * returns the first match).
 */
#include "config.h"

#include <fcgiapp.h>
#include <sodium.h>

#include "core/request.h"
#include "core/util.h"
#include "fuzz.h"

struct body {
	unsigned char	*p;	/* exact-size heap copy of the body */
	size_t		 len, pos, chunk;
	unsigned char	 dummy;
};

static void
fill(FCGX_Stream *s)
{
	struct body *b = s->data;
	size_t n;

	if (b->pos >= b->len) {
		/* End of the FCGI_STDIN stream. */
		s->isClosed = 1;
		s->rdNext = s->stop = s->stopUnget = b->p ? b->p + b->len : &b->dummy;
		return;
	}
	n = b->len - b->pos;
	if (b->chunk && n > b->chunk)
		n = b->chunk;
	s->rdNext = s->stopUnget = b->p + b->pos;
	s->stop = s->wrNext = b->p + b->pos + n;
	b->pos += n;
}

static void
empty(FCGX_Stream *s, int doClose)
{
	(void)s;
	(void)doClose;
	abort();	/* req_parse must never write to its input */
}

static const char *const methods[] = {
	NULL, "GET", "POST", "HEAD", "PUT", "OPTIONS", "GET", "POST",
};
static const size_t chunks[] = { 0, 1, 2, 3, 7, 64, 1000, 4096 };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **envp;
	const uint8_t *p, *end, *sep = NULL;
	size_t nlines = 0, i, n = 0, blen;
	struct body body;
	FCGX_Stream in;
	struct request r;
	uint8_t ctl;
	int rc;

	if (size < 1)
		return 0;
	ctl = data[0];
	p = data + 1;
	end = data + size;

	/* The head ends at the first empty line. */
	for (i = 0; p + i < end; i++)
		if (p[i] == '\n' && (i == 0 || p[i - 1] == '\n')) {
			sep = p + i;
			break;
		}
	if (sep == NULL)
		sep = end;
	for (i = 0; p + i < sep; i++)
		if (p[i] == '\n')
			nlines++;
	nlines++;

	envp = calloc(nlines + 4, sizeof(*envp));
	if (envp == NULL)
		abort();
	while (p < sep) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(sep - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(sep - p);

		if (len > 0)
			envp[n++] = fuzz_strndup(p, len);
		p += len + 1;
	}
	blen = sep < end ? (size_t)(end - sep - 1) : 0;

	if (methods[ctl & 7] != NULL) {
		size_t m = strlen(methods[ctl & 7]);

		envp[n] = malloc(sizeof("REQUEST_METHOD=") + m);
		if (envp[n] == NULL)
			abort();
		memcpy(envp[n], "REQUEST_METHOD=", sizeof("REQUEST_METHOD=") - 1);
		memcpy(envp[n] + sizeof("REQUEST_METHOD=") - 1, methods[ctl & 7], m + 1);
		n++;
	}
	if (ctl & 8) {
		char cl[40];

		snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", blen);
		envp[n++] = fuzz_strndup((const uint8_t *)cl, strlen(cl));
	}
	if (ctl & 16) {
		static const char ct[] = "CONTENT_TYPE=application/x-www-form-urlencoded";

		envp[n++] = fuzz_strndup((const uint8_t *)ct, sizeof(ct) - 1);
	}
	envp[n] = NULL;

	memset(&body, 0, sizeof(body));
	body.p = blen ? (unsigned char *)fuzz_memdup(sep + 1, blen) : NULL;
	body.len = blen;
	body.chunk = chunks[ctl >> 5];
	memset(&in, 0, sizeof(in));
	in.rdNext = in.stop = in.wrNext = in.stopUnget = &body.dummy;
	in.isReader = 1;
	in.fillBuffProc = fill;
	in.emptyBuffProc = empty;
	in.data = &body;

	rc = req_parse(&r, envp, &in);
	CHECK(rc == REQ_OK || rc == REQ_MALFORMED || rc == REQ_TOO_LARGE);
	CHECK(strlen(r.id) == 16 && strspn(r.id, "0123456789abcdef") == 16);
	if (rc == REQ_OK) {
		size_t plen;

		CHECK(r.method == METHOD_GET || r.method == METHOD_HEAD ||
		    r.method == METHOD_POST || r.method == METHOD_OTHER);
		CHECK(r.path != NULL);
		plen = strlen(r.path);
		CHECK(plen >= 1 && plen <= REQ_MAX_PATH && r.path[0] == '/');
		CHECK(strstr(r.path, "//") == NULL);
		CHECK(strstr(r.path, "/./") == NULL && strstr(r.path, "/../") == NULL);
		CHECK(utf8_valid(r.path, plen));
		/* The path is canonical: what path_clean makes of itself (the
		 * seeds "/companies/.xml" and "/..xml" once broke this). A '%'
		 * left after decoding would be decoded again: skip those. */
		if (strchr(r.path, '%') == NULL) {
			char *again = NULL;

			CHECK(path_clean(r.path, plen, &again) == REQ_OK);
			CHECK(strcmp(again, r.path) == 0);
			free(again);
		}
		CHECK(r.want_xml == 0 || r.want_xml == 1);
		CHECK(r.remote_addr != NULL);
		CHECK(r.query.n <= REQ_MAX_FIELDS && r.form.n <= REQ_MAX_FIELDS &&
		    r.cookies.n <= REQ_MAX_FIELDS);
		/* Only a POST has a form, and then it came from the body. */
		CHECK(r.method == METHOD_POST || r.form.n == 0);
		CHECK(r.form.n == 0 || body.pos > 0);
		for (i = 0; i < r.form.n; i++)
			CHECK(strlen(r.form.v[i].val) == r.form.v[i].vlen);
		for (i = 0; i < r.query.n; i++)
			CHECK(strlen(r.query.v[i].val) == r.query.v[i].vlen);
	}
	req_free(&r);
	CHECK(r.path == NULL && r.query.n == 0 && r.form.n == 0 && r.cookies.n == 0);

	for (i = 0; i < n; i++)
		free(envp[i]);
	free(envp);
	free(body.p);
	return 0;
}
