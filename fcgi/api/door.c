/*
 * The partner API's door. Order of checks: path (404), method (405),
 * Accept (406), the key (401, the same answer and the same work for a
 * key that is wrong, unknown, expired or revoked), its rate (429 with
 * Retry-After), its areas (403), then the handler; a read answers with
 * an ETag and 304 to a matching If-None-Match. A write's body, if any,
 * must be XML (415) and read under the untrusted-XML rules (400) before
 * its handler sees it; a write on an existing resource checks If-Match
 * against that ETag (api_if_match, 412). A billing partner's key uses the
 * payments alone.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <sodium.h>

#include "api/door.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/page.h"
#include "core/pool.h"
#include "core/response.h"
#include "core/route.h"
#include "core/util.h"
#include "core/xml.h"
#include "core/xmlsafe.h"

enum { KEY_ID, KEY_KIND, KEY_HASH, KEY_AREAS, KEY_LIVE, KEY_NAME, KEY__COLS };
enum { RATE_HITS, RATE_LEFT, RATE__COLS };
enum { Q_KEY_BY_PREFIX, Q_KEY_TOUCH, Q_RATE_HIT, Q_RATE_GET, Q_RATE_PURGE };
static struct stmt stmts[] = {
	[Q_KEY_BY_PREFIX] = STMT("apidoor.key_by_prefix", "s", KEY__COLS,
	    "SELECT id, kind, secret_hash, areas,"
	    " revoked_at IS NULL AND (expires_at IS NULL OR expires_at > NOW()), name"
	    " FROM api_keys WHERE prefix = ?"),
	/* The last use, written at most every ten seconds or from a new address. */
	[Q_KEY_TOUCH] = STMT("apidoor.key_touch", "sis", 0,
	    "UPDATE api_keys SET last_used_at = NOW(), last_used_ip = ? WHERE id = ?"
	    " AND (last_used_at IS NULL OR last_used_at < NOW() - INTERVAL 10 SECOND"
	    " OR NOT last_used_ip <=> ?)"),
	[Q_RATE_HIT] = STMT("apidoor.rate_hit", "i", 0,
	    "INSERT INTO api_rate (key_id, minute, hits)"
	    " VALUES (?, DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:00'), 1)"
	    " ON DUPLICATE KEY UPDATE hits = hits + 1"),
	[Q_RATE_GET] = STMT("apidoor.rate_get", "i", RATE__COLS,
	    "SELECT hits, 60 - SECOND(NOW()) FROM api_rate"
	    " WHERE key_id = ? AND minute = DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:00')"),
	[Q_RATE_PURGE] = STMT("apidoor.rate_purge", "i", 0,
	    "DELETE FROM api_rate WHERE key_id = ? AND minute < NOW() - INTERVAL 2 MINUTE"),
};

/* Each status's code in the error document, and what it says. */
static const struct {
	int		 status;
	const char	*code;
	const char	*reason;
} errors[] = {
	{ 400, "badRequest", "The request is malformed" },
	{ 401, "unauthorized", "A valid API key is required" },
	{ 403, "forbidden", "The key does not grant this resource" },
	{ 404, "notFound", "No such resource" },
	{ 405, "methodNotAllowed", "The resource does not answer this method" },
	{ 406, "notAcceptable", "The API answers application/xml only" },
	{ 409, "conflict", "The resource's state does not allow this" },
	{ 412, "preconditionFailed", "The resource changed since its ETag was read" },
	{ 415, "unsupportedMediaType", "The API reads application/xml only" },
	{ 422, "invalidValue", "A value is well-formed but not allowed" },
	{ 429, "tooManyRequests", "The key's rate limit is reached" },
	{ 503, "unavailable", "The service is unavailable; try again" },
	{ 500, "internalError", "Internal error" },
};

static const char *const kinds[] = {
	[API_COMPANY] = "company", [API_RESELLER] = "reseller", [API_MEDIATION] = "mediation",
	[API_BILLING] = "billing",
};

xmlNodePtr
api_begin(struct ctx *c, const char *root)
{
	c->doc = xmlNewDoc(BAD_CAST "1.0");
	c->root = xmlNewDocNode(c->doc, NULL, BAD_CAST root, NULL);
	xmlDocSetRootElement(c->doc, c->root);
	return c->root;
}

static int
send_doc(struct ctx *c, int status, const char *etag)
{
	xmlChar *body = NULL;
	int len = 0;

	xmlDocDumpFormatMemoryEnc(c->doc, &body, &len, "UTF-8", 0);
	if (etag != NULL)
		buf_printf(&c->headers, "ETag: %s\r\n", etag);
	resp_head(c, status, "application/xml; charset=utf-8");
	resp_write(c, (const char *)body, (size_t)len);
	xmlFree(body);
	c->sent = 1;
	return status;
}

int
api_error(struct ctx *c, int status, const char *field)
{
	size_t i;

	for (i = 0; i < COUNTOF(errors) - 1 && errors[i].status != status; i++)
		;
	if (errors[i].status != status)
		status = 500;
	if (c->doc != NULL) {
		pool_free_doc(c->doc);
		c->doc = NULL;
	}
	api_begin(c, "error");
	x_attr_int(c->root, "status", status);
	x_text(c->root, "code", errors[i].code);
	x_text(c->root, "reason", errors[i].reason);
	if (field != NULL)
		x_text(c->root, "field", field);
	return send_doc(c, status, NULL);
}

/* Whether one entity tag of an If-None-Match or If-Match list (or "*") is etag. */
static int
etag_matches(const char *list, const char *etag)
{
	size_t n = strlen(etag), k;

	while (list != NULL && *list) {
		list += strspn(list, " \t,");
		if (strncmp(list, "W/", 2) == 0)
			list += 2;
		k = strcspn(list, " \t,");
		if ((k == 1 && *list == '*') || (k == n && strncmp(list, etag, n) == 0))
			return 1;
		list += k;
	}
	return 0;
}

/* A body's entity tag: a hash of it, quoted. */
static void
etag_of(const xmlChar *body, int len, char etag[API_ETAG_LEN])
{
	unsigned char h[16];
	char hex[2 * sizeof(h) + 1];

	crypto_generichash(h, sizeof(h), body, (unsigned long long)len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(etag, API_ETAG_LEN, "\"%s\"", hex);
}

int
api_if_match(struct ctx *c, int (*doc)(struct ctx *, long long), long long id)
{
	char etag[API_ETAG_LEN];
	xmlChar *body = NULL;
	int len = 0, rc;

	if (c->req->if_match == NULL)
		return 0;
	if ((rc = doc(c, id)) != 0)
		return rc;
	xmlDocDumpFormatMemoryEnc(c->doc, &body, &len, "UTF-8", 0);
	etag_of(body, len, etag);
	xmlFree(body);
	pool_free_doc(c->doc);
	c->doc = NULL;
	c->root = NULL;
	return etag_matches(c->req->if_match, etag) ? 0 : 412;
}

/* A read's answer: its ETag a hash of the body, 304 when the client has it. */
static int
send_read(struct ctx *c)
{
	char etag[API_ETAG_LEN];
	xmlChar *body = NULL;
	int len = 0, rc;

	xmlDocDumpFormatMemoryEnc(c->doc, &body, &len, "UTF-8", 0);
	etag_of(body, len, etag);
	buf_printf(&c->headers, "ETag: %s\r\n", etag);
	if (c->api->total >= 0)
		buf_printf(&c->headers, "X-Total-Count: %lld\r\n", c->api->total);
	if (etag_matches(c->req->if_none_match, etag)) {
		resp_head(c, 304, NULL);
		rc = 304;
	} else {
		resp_head(c, 200, "application/xml; charset=utf-8");
		resp_write(c, (const char *)body, (size_t)len);
		rc = 200;
	}
	xmlFree(body);
	c->sent = 1;
	return rc;
}

/* Accept: absent, or naming XML, application/any or any type. */
static int
accept_ok(const char *a)
{
	static const char *const ok[] = {
		"application/xml", "application/*", "text/xml", "*/*",
	};
	size_t i, n;

	if (a == NULL || *a == '\0')
		return 1;
	while (*a) {
		a += strspn(a, " \t,");
		n = strcspn(a, " \t,;");
		for (i = 0; i < COUNTOF(ok); i++)
			if (n == strlen(ok[i]) && strncasecmp(a, ok[i], n) == 0)
				return 1;
		a += strcspn(a, ",");
	}
	return 0;
}

/*
 * The key: looked up by its prefix, its keyed hash compared in constant
 * time (against a zero hash when no row has the prefix), alive only if
 * neither revoked nor expired. 0, 401 or the database's status.
 */
static int
authenticate(struct ctx *c, struct api_caller *who)
{
	static const unsigned char none[AUTH_HASH_LEN];
	unsigned char got[AUTH_HASH_LEN];
	const unsigned char *want = none;
	char key[API_KEY_LEN + 1];
	struct dbrow row;
	size_t i;
	int rc, ok;

	if (api_bearer(c->req->authorization, key, who->prefix) == -1)
		return 401;
	api_key_hash(c->conf->secret, key, got);
	sodium_memzero(key, sizeof(key));
	if ((rc = db_one(c->db, &stmts[Q_KEY_BY_PREFIX], &row, who->prefix)) < 0)
		return page_db_status(rc);
	if (rc == 1 && row.len[KEY_HASH] == AUTH_HASH_LEN)
		want = (const unsigned char *)row.col[KEY_HASH];
	ok = sodium_memcmp(got, want, AUTH_HASH_LEN) == 0;
	if (!ok || rc == 0 || strcmp(row.col[KEY_LIVE], "1") != 0 ||
	    parse_int(row.col[KEY_ID], 1, INT64_MAX, &who->key_id) == -1)
		return 401;
	for (i = 0; i < COUNTOF(kinds) && strcmp(kinds[i], row.col[KEY_KIND]) != 0; i++)
		;
	if (i == COUNTOF(kinds))
		return 401;
	who->kind = (enum api_kind)i;
	snprintf(who->name, sizeof(who->name), "%s", row.col[KEY_NAME]);
	who->areas = who->kind == API_RESELLER ? area_all() : area_parse(row.col[KEY_AREAS]);
	if ((rc = db_run(c->db, &stmts[Q_KEY_TOUCH], c->req->remote_addr, who->key_id,
	    c->req->remote_addr)) < 0)
		return page_db_status(rc);
	return 0;
}

/* The key's requests this minute against api_rate_limit: 0 or 429. */
static int
rate(struct ctx *c, const struct api_caller *who)
{
	struct dbrow row;
	long long hits, left;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_RATE_HIT], who->key_id)) < 0 ||
	    (rc = db_one(c->db, &stmts[Q_RATE_GET], &row, who->key_id)) < 0)
		return page_db_status(rc);
	if (rc == 0 || parse_int(row.col[RATE_HITS], 0, INT64_MAX, &hits) == -1 ||
	    parse_int(row.col[RATE_LEFT], 0, 60, &left) == -1)
		return 0;
	/* A new minute's first request clears the minutes before. */
	if (hits == 1 && (rc = db_run(c->db, &stmts[Q_RATE_PURGE], who->key_id)) < 0)
		return page_db_status(rc);
	if (hits <= c->conf->api_rate_limit)
		return 0;
	buf_printf(&c->headers, "Retry-After: %lld\r\n", left > 0 ? left : 1);
	return 429;
}

/* A body's Content-Type: XML, with parameters or none. */
static int
xml_type(const char *ct)
{
	static const char *const ok[] = { "application/xml", "text/xml" };
	size_t i, n;

	if (ct == NULL)
		return 0;
	n = strcspn(ct, " \t;");
	for (i = 0; i < COUNTOF(ok); i++)
		if (n == strlen(ok[i]) && strncasecmp(ct, ok[i], n) == 0)
			return 1;
	return 0;
}

/* A write: its body (if any) read, the handler's document sent. */
static int
door_write(struct ctx *c, struct api_caller *who)
{
	int rc;

	if (c->req->body_len > 0) {
		if (!xml_type(c->req->content_type))
			return api_error(c, 415, NULL);
		if ((who->body = xml_read_untrusted_max(c->req->body, c->req->body_len,
		    (c->route->flags & R_MEDIATION) ? REQ_MAX_BULK : XML_MAX_INPUT)) == NULL)
			return api_error(c, 400, NULL);
	}
	c->status = 200;
	rc = c->route->post(c);
	if (who->body != NULL)
		xmlFreeDoc(who->body);
	who->body = NULL;
	if (c->sent)
		return rc;
	if (rc != 0)
		return api_error(c, rc, NULL);
	return send_doc(c, c->status, NULL);
}

/* POST to a post handler, DELETE to one of R_DELETE, GET and HEAD to a get. */
static int
method_ok(enum method m, const struct route *r)
{
	if (m == METHOD_POST || m == METHOD_DELETE)
		return r->post != NULL && (m == METHOD_DELETE) == !!(r->flags & R_DELETE);
	return (m == METHOD_GET || m == METHOD_HEAD) && r->get != NULL;
}

static int
door(struct ctx *c, struct api_caller *who)
{
	const struct route *r;
	int rc;

	if ((c->rroute = route_find(c->req->path, c->ids, COUNTOF(c->ids),
	    &c->nids)) == NULL || c->rroute->m->door != DOOR_API)
		return api_error(c, 404, NULL);
	c->route = r = c->rroute->r;
	if (!method_ok(c->req->method, r)) {
		buf_printf(&c->headers, "Allow: %s\r\n", r->get == NULL ? "POST" :
		    r->post == NULL ? "GET, HEAD" : (r->flags & R_DELETE) ?
		    "GET, HEAD, DELETE" : "GET, HEAD, POST");
		return api_error(c, 405, NULL);
	}
	if (!accept_ok(c->req->accept))
		return api_error(c, 406, NULL);
	if ((rc = authenticate(c, who)) != 0) {
		if (rc == 401)
			buf_puts(&c->headers, "WWW-Authenticate: Bearer realm=\"selfcare\"\r\n");
		return api_error(c, rc, NULL);
	}
	if ((rc = rate(c, who)) != 0)
		return api_error(c, rc, NULL);
	/* A mediation key imports usage (R_MEDIATION's POST), and reads nothing. */
	if ((who->kind == API_MEDIATION) != (c->req->method == METHOD_POST &&
	    (r->flags & R_MEDIATION)) || (who->kind != API_MEDIATION &&
	    (c->rroute->need & who->areas) != c->rroute->need))
		return api_error(c, 403, NULL);
	/* A billing partner's key posts and reads payments, and nothing else. */
	if ((who->kind == API_BILLING) != (c->rroute->m == &apipay_module))
		return api_error(c, 403, NULL);
	who->total = -1;
	if (c->req->method == METHOD_POST || c->req->method == METHOD_DELETE)
		return door_write(c, who);
	c->status = 200;
	rc = r->get(c);
	if (c->sent)
		return rc;
	if (rc != 0)
		return api_error(c, rc, NULL);
	return send_read(c);
}

int
api_dispatch(struct ctx *c)
{
	struct api_caller who;
	int rc;

	memset(&who, 0, sizeof(who));
	c->api = &who;
	rc = door(c, &who);
	c->api = NULL;
	return rc;
}

const struct module apidoor_module = {
	.name = "apidoor", .door = DOOR_API, .stmts = stmts, .nstmts = COUNTOF(stmts),
};
