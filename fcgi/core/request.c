/*
 * Request parsing. Everything read from the client is bounded and decoded
 * here once; handlers never see raw bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "core/cookie.h"
#include "core/request.h"
#include "core/util.h"

int	(*req_upload_path)(const char *);

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pct_decode(char *dst, const char *src, size_t len, int plus_space, size_t *outlen)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)src[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= len)
				return -1;
			h = hexval((unsigned char)src[i + 1]);
			l = hexval((unsigned char)src[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = h * 16 + l;
			i += 2;
		} else if (c == '+' && plus_space)
			c = ' ';
		if (c == '\0')
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	if (outlen)
		*outlen = o;
	return 0;
}

static int
kv_add(struct kvlist *l, const char *k, size_t klen, const char *v, size_t vlen,
    int decode)
{
	struct kv *e;
	size_t n;

	if (l->n >= REQ_MAX_FIELDS)
		return REQ_TOO_LARGE;
	if (klen == 0)
		return REQ_MALFORMED;
	l->v = erealloc(l->v, (l->n + 1) * sizeof(*l->v));
	e = &l->v[l->n];
	e->key = emalloc(klen + 1);
	e->val = emalloc(vlen + 1);
	if (decode) {
		if (pct_decode(e->key, k, klen, 1, NULL) == -1 ||
		    pct_decode(e->val, v, vlen, 1, &e->vlen) == -1)
			goto bad;
	} else {
		memcpy(e->key, k, klen);
		e->key[klen] = '\0';
		memcpy(e->val, v, vlen);
		e->val[vlen] = '\0';
		e->vlen = vlen;
	}
	/* Text fields are UTF-8; anything else is malformed input. */
	n = strlen(e->key);
	if (n == 0 || !utf8_valid(e->key, n) || !utf8_valid(e->val, e->vlen))
		goto bad;
	l->n++;
	return REQ_OK;
bad:
	free(e->key);
	free(e->val);
	return REQ_MALFORMED;
}

int
kv_parse_query(struct kvlist *l, const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *p = s + pos, *amp, *eq;
		size_t n;
		int rc;

		amp = memchr(p, '&', len - pos);
		n = amp ? (size_t)(amp - p) : len - pos;
		pos += n + 1;
		if (n == 0)
			continue;
		eq = memchr(p, '=', n);
		if (eq == NULL)
			rc = kv_add(l, p, n, "", 0, 1);
		else
			rc = kv_add(l, p, (size_t)(eq - p), eq + 1, n - (size_t)(eq - p) - 1, 1);
		if (rc != REQ_OK)
			return rc;
	}
	return REQ_OK;
}

/* The value of parameter name in a header value ("…; name=v" or
 * name="v", no escapes), or NULL; its length in *n. */
static const char *
header_param(const char *v, size_t vlen, const char *name, size_t *n)
{
	const char *p = v, *end = v + vlen;
	size_t nl = strlen(name);

	while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
		for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
			;
		if ((size_t)(end - p) <= nl || strncasecmp(p, name, nl) != 0 || p[nl] != '=')
			continue;
		p += nl + 1;
		if (p < end && *p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));

			p++;
			if (q == NULL)
				return NULL;
			*n = (size_t)(q - p);
		} else
			for (*n = 0; p + *n < end && p[*n] != ';' && p[*n] != ' '; (*n)++)
				;
		return p;
	}
	return NULL;
}

/* One part's headers (up to the blank line) → the field's name, and the
 * file's name when it is a file (files: whether one may be). */
static int
part_name(const char *h, size_t hlen, int files, const char **name, size_t *nlen,
    const char **file, size_t *flen)
{
	const char *p = h, *end = h + hlen;
	int typed = 0;

	*name = *file = NULL;
	while (p < end) {
		const char *e = memchr(p, '\r', (size_t)(end - p)), *v;
		size_t n;

		e = e ? e : end;
		if ((e < end && e[1] != '\n') || (v = memchr(p, ':', (size_t)(e - p))) == NULL)
			return REQ_MALFORMED;
		n = (size_t)(v - p);
		for (v++; v < e && *v == ' '; v++)
			;
		if (n == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			/* form-data with a name; a file only where one is taken */
			if ((size_t)(e - v) < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    (*name = header_param(v, (size_t)(e - v), "name", nlen)) == NULL)
				return REQ_MALFORMED;
			*file = header_param(v, (size_t)(e - v), "filename", flen);
			if (*file != NULL && !files)
				return REQ_MALFORMED;
		} else if (n == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			/* A file is whatever the browser calls it; a field is text. */
			typed = (size_t)(e - v) < 10 || strncasecmp(v, "text/plain", 10) != 0;
		} else
			return REQ_MALFORMED;
		p = e + 2;
	}
	if (*name == NULL || (typed && *file == NULL))
		return REQ_MALFORMED;
	return REQ_OK;
}

static int
upload_add(struct uploads *u, const char *name, size_t nlen, const char *file,
    size_t flen, const char *v, size_t vlen)
{
	struct upload *e;

	if (u->n >= REQ_MAX_FILES)
		return REQ_TOO_LARGE;
	if (nlen == 0 || memchr(name, '\0', nlen) != NULL || !utf8_valid(name, nlen))
		return REQ_MALFORMED;
	u->v = erealloc(u->v, (u->n + 1) * sizeof(*u->v));
	e = &u->v[u->n++];
	e->field = emalloc(nlen + 1);
	memcpy(e->field, name, nlen);
	e->field[nlen] = '\0';
	/* The client's name for it: shown and kept only as text. */
	e->filename = emalloc(flen + 1);
	memcpy(e->filename, file, flen);
	e->filename[flen] = '\0';
	if (memchr(file, '\0', flen) != NULL || !utf8_valid(file, flen))
		e->filename[0] = '\0';
	e->data = emalloc(vlen + 1);
	memcpy(e->data, v, vlen);
	e->data[vlen] = '\0';
	e->len = vlen;
	return REQ_OK;
}

const struct upload *
upload_get(const struct uploads *u, const char *field)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->v[i].field, field) == 0)
			return &u->v[i];
	return NULL;
}

void
uploads_free(struct uploads *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free(u->v[i].field);
		free(u->v[i].filename);
		free(u->v[i].data);
	}
	free(u->v);
	u->v = NULL;
	u->n = 0;
}

int
kv_parse_multipart(struct kvlist *l, const char *ct, const char *s, size_t len)
{
	return multipart_parse(l, NULL, ct, s, len);
}

int
multipart_parse(struct kvlist *l, struct uploads *files, const char *ct, const char *s,
    size_t len)
{
	char delim[80];
	const char *b, *p = s, *end = s + len;
	size_t blen, dlen;

	/* RFC 7578: the boundary is 1 to 70 characters. */
	if ((b = header_param(ct, strlen(ct), "boundary", &blen)) == NULL || blen == 0 ||
	    blen > 70)
		return REQ_MALFORMED;
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%.*s", (int)blen, b);
	/* The body starts with the first delimiter (no preamble). */
	if (len < dlen - 2 || memcmp(p, delim + 2, dlen - 2) != 0)
		return REQ_MALFORMED;
	p += dlen - 2;
	for (;;) {
		const char *head, *hend, *val, *next, *name, *file;
		size_t nlen, flen;
		int rc;

		if (end - p >= 2 && memcmp(p, "--", 2) == 0)
			return REQ_OK;	/* the close delimiter; the epilogue is ignored */
		if (end - p < 2 || memcmp(p, "\r\n", 2) != 0)
			return REQ_MALFORMED;
		head = p + 2;
		if ((hend = memmem(head, (size_t)(end - head), "\r\n\r\n", 4)) == NULL)
			return REQ_MALFORMED;
		val = hend + 4;
		if ((next = memmem(val, (size_t)(end - val), delim, dlen)) == NULL)
			return REQ_MALFORMED;
		if ((rc = part_name(head, (size_t)(hend - head), files != NULL, &name, &nlen,
		    &file, &flen)) != REQ_OK)
			return rc;
		if (file != NULL)
			rc = upload_add(files, name, nlen, file, flen, val, (size_t)(next - val));
		else
			rc = kv_add(l, name, nlen, val, (size_t)(next - val), 0);
		if (rc != REQ_OK)
			return rc;
		p = next + dlen;
	}
}

/*
 * Only the cookies the portal reads are kept (auth.h names them, and lang);
 * any other is skipped unread. Sites on neighbouring hosts may set cookies
 * for the whole domain, as many and as long as they like: they must not
 * push ours out or make the request fail.
 */
static int
cookie_wanted(const char *name, size_t n)
{
	int w, secure;

	if (n == 4 && memcmp(name, "lang", 4) == 0)
		return 1;
	for (w = 0; w < COOKIE__MAX; w++)
		for (secure = 0; secure < 2; secure++) {
			const char *ours = cookie_name((enum cookie)w, secure);

			if (strlen(ours) == n && memcmp(name, ours, n) == 0)
				return 1;
		}
	return 0;
}

int
kv_parse_cookies(struct kvlist *l, const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *p = s + pos, *semi, *eq;
		size_t n;

		semi = memchr(p, ';', len - pos);
		n = semi ? (size_t)(semi - p) : len - pos;
		pos += n + 1;
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		/* Cookies we did not set (no '=', odd bytes, other names) are
		 * skipped, not fatal. Ours appear a few times at most; more
		 * copies than that are skipped too (a repeated session cookie
		 * is refused by the dispatcher all the same). */
		if ((eq = memchr(p, '=', n)) == NULL || eq == p ||
		    !cookie_wanted(p, (size_t)(eq - p)) || l->n >= REQ_MAX_COOKIES)
			continue;
		kv_add(l, p, (size_t)(eq - p), eq + 1, n - (size_t)(eq - p) - 1, 0);
	}
	return REQ_OK;
}

int
path_clean(const char *raw, size_t len, char **out)
{
	char *p;
	size_t n;

	if (len == 0 || len > REQ_MAX_PATH || raw[0] != '/')
		return REQ_MALFORMED;
	p = emalloc(len + 1);
	if (pct_decode(p, raw, len, 0, &n) == -1 || !utf8_valid(p, n) ||
	    strstr(p, "//") != NULL || strstr(p, "/./") != NULL ||
	    strstr(p, "/../") != NULL ||
	    (n >= 2 && strcmp(p + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(p + n - 3, "/..") == 0)) {
		free(p);
		return REQ_MALFORMED;
	}
	/* A trailing slash is the same page: /companies/ is /companies. */
	if (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	*out = p;
	return REQ_OK;
}

int
accept_wants_xml(const char *accept)
{
	const char *x, *h;

	if (accept == NULL)
		return 0;
	x = strstr(accept, "application/xml");
	h = strstr(accept, "text/html");
	/* Browsers list text/html first and application/xml later with a lower q. */
	return x != NULL && (h == NULL || x < h);
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

size_t
kv_count(const struct kvlist *l, const char *key)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			n++;
	return n;
}

void
kv_free(struct kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static const char *
param(char **envp, const char *name)
{
	const char *v = FCGX_GetParam(name, envp);

	return v;
}

static int
read_body(struct request *r, char **envp, FCGX_Stream *in)
{
	const char *cl = param(envp, "CONTENT_LENGTH");
	const char *ct = param(envp, "CONTENT_TYPE");
	long long len = 0;
	char *body;
	int got, rc, upload;

	if (cl != NULL && *cl != '\0' && parse_int(cl, 0, 1LL << 40, &len) == -1)
		return REQ_MALFORMED;
	/* Files only to a route that takes them: the path is known already. */
	upload = r->method == METHOD_POST && req_upload_path != NULL ?
	    req_upload_path(r->path) : 0;
	if (len > (upload == REQ_BULK ? REQ_MAX_BULK : upload ? REQ_MAX_UPLOAD :
	    REQ_MAX_BODY))
		return REQ_TOO_LARGE;
	/* Only a POST's body is read: other methods get their 405 or page,
	 * and libfcgi discards what is left unread. */
	if (r->method != METHOD_POST)
		return REQ_OK;
	if (len == 0)
		return REQ_OK;
	/* The partner API's body is XML, judged by api/door.c: kept raw. */
	if (strncmp(r->path, "/api/", 5) == 0) {
		r->body = emalloc((size_t)len + 1);
		got = FCGX_GetStr(r->body, (int)len, in);
		if (got != (int)len)
			return REQ_MALFORMED;
		r->body[len] = '\0';
		r->body_len = (size_t)len;
		return REQ_OK;
	}
	if (ct == NULL || (strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 &&
	    strncasecmp(ct, "multipart/form-data", 19) != 0))
		return REQ_MALFORMED;
	body = emalloc((size_t)len + 1);
	got = FCGX_GetStr(body, (int)len, in);
	if (got != (int)len) {
		free(body);
		return REQ_MALFORMED;
	}
	/* multipart/form-data: what RFC 8058's one-click POST should use. */
	if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		rc = multipart_parse(&r->form, upload == 1 ? &r->files : NULL, ct, body,
		    (size_t)len);
	else
		rc = kv_parse_query(&r->form, body, (size_t)len);
	free(body);
	return rc;
}

int
req_parse(struct request *r, char **envp, FCGX_Stream *in)
{
	const char *method, *uri, *qs, *cookie, *q;
	unsigned char rnd[8];
	size_t plen;
	int rc;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(r->id, sizeof(r->id), rnd, sizeof(rnd));

	method = param(envp, "REQUEST_METHOD");
	if (method == NULL)
		return REQ_MALFORMED;
	if (strcmp(method, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(method, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(method, "POST") == 0)
		r->method = METHOD_POST;
	else if (strcmp(method, "DELETE") == 0)
		r->method = METHOD_DELETE;
	else
		r->method = METHOD_OTHER;
	r->envp = envp;
	r->origin = param(envp, "HTTP_ORIGIN");
	r->host = param(envp, "HTTP_HOST");
	r->remote_addr = param(envp, "REMOTE_ADDR");
	r->accept = param(envp, "HTTP_ACCEPT");
	r->authorization = param(envp, "HTTP_AUTHORIZATION");
	r->if_none_match = param(envp, "HTTP_IF_NONE_MATCH");
	r->content_type = param(envp, "CONTENT_TYPE");
	r->idempotency_key = param(envp, "HTTP_IDEMPOTENCY_KEY");
	r->if_match = param(envp, "HTTP_IF_MATCH");
	if (r->remote_addr == NULL)
		r->remote_addr = "";

	/* REQUEST_URI is what both nginx and Apache pass unchanged. */
	uri = param(envp, "REQUEST_URI");
	if (uri == NULL)
		uri = param(envp, "DOCUMENT_URI");
	if (uri == NULL)
		return REQ_MALFORMED;
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	/* What the client wants is known before the path is judged, so even
	 * a refused path is answered in XML to an XML client. The suffix
	 * comes off before cleaning ("/..xml" must not become "/."). */
	if (plen > 5 && memcmp(uri + plen - 4, ".xml", 4) == 0) {
		plen -= 4;
		r->want_xml = 1;
	} else
		r->want_xml = accept_wants_xml(param(envp, "HTTP_ACCEPT"));
	if (plen > REQ_MAX_PATH)
		return REQ_TOO_LARGE;
	if ((rc = path_clean(uri, plen, &r->path)) != REQ_OK)
		return rc;

	qs = q ? q + 1 : "";
	if (strlen(qs) > REQ_MAX_QUERY)
		return REQ_TOO_LARGE;
	if ((rc = kv_parse_query(&r->query, qs, strlen(qs))) != REQ_OK)
		return rc;
	/* However long: the web server bounds the header, and only our few
	 * cookies are kept. */
	cookie = param(envp, "HTTP_COOKIE");
	if (cookie != NULL &&
	    (rc = kv_parse_cookies(&r->cookies, cookie, strlen(cookie))) != REQ_OK)
		return rc;
	return read_body(r, envp, in);
}

void
req_free(struct request *r)
{
	free(r->path);
	kv_free(&r->query);
	kv_free(&r->form);
	kv_free(&r->cookies);
	uploads_free(&r->files);
	free(r->body);
	r->path = NULL;
	r->body = NULL;
}
