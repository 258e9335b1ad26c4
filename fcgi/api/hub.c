/*
 * The partner API's event hub (see hub.h): subscriptions made with a key,
 * events written beside the change, their signed delivery by libcurl from
 * the mail child, and the delivery log.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <libxml/tree.h>
#include <sodium.h>

#include "api/door.h"
#include "api/hub.h"
#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/netaddr.h"
#include "core/page.h"
#include "core/response.h"
#include "core/route.h"
#include "core/util.h"
#include "core/xml.h"

#define SUBS_MAX	20	/* live subscriptions of a key */
#define LOG_MAX		500	/* attempts a delivery log shows, the newest events' */

/* Each event: its TMF name, the area a key needs for it, what it carries;
 * one with a subscription of its own is wanted by its own name, the others
 * come with the subscription they are named after (an order's creation
 * with its state changes: the order's whole life is one subscription). */
static const struct {
	const char	*name;
	const char	*area;
	const char	*resource;
	const char	*field;
	const char	*with;		/* NULL: subscribed to by name */
} types[] = {
	[HUB_ORDER] = { "ProductOrderStateChangeEvent", "orders", "productOrder", "state" },
	[HUB_TICKET] = { "TroubleTicketStateChangeEvent", "support", "troubleTicket",
	    "state" },
	[HUB_BILL] = { "CustomerBillCreateEvent", "invoices", "customerBill", "state" },
	[HUB_THRESHOLD] = { "UsageThresholdEvent", "subscriptions", "product",
	    "usageThreshold" },
	[HUB_ORDER_CREATE] = { "ProductOrderCreateEvent", "orders", "productOrder", "state",
	    "ProductOrderStateChangeEvent" },
};

/* A case's status as TMF621's state, as the troubleTicket resource shows it. */
static const struct {
	const char	*status, *state;
} ticket_states[] = {
	{ "new", "acknowledged" }, { "in-progress", "inProgress" }, { "waiting", "pending" },
	{ "resolved", "resolved" }, { "closed", "closed" },
};

/* Never to be called unless webhook_allow lists them: loopback, private,
 * shared, link-local, benchmarking, multicast and reserved blocks. */
static const char not_public[] =
    "0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12"
    " 192.0.0.0/24 192.168.0.0/16 198.18.0.0/15 224.0.0.0/3"
    " ::/127 64:ff9b::/96 fc00::/7 fe80::/10 ff00::/8";

#define TIME_FMT	"'%Y-%m-%dT%H:%i:%sZ'"

enum { SUB_ID, SUB_CALLBACK, SUB_EVENTS, SUB_CREATED, SUB__COLS };
enum { N_LIVE, N__COLS };
enum { DUE_ID, DUE_TYPE, DUE_BODY, DUE_ATTEMPTS, DUE_CALLBACK, DUE_SECRET, DUE__COLS };
enum { LOG_EVENT, LOG_TYPE, LOG_STATE, LOG_CREATED, LOG_NEXT, LOG_AT, LOG_STATUS,
	LOG_ERROR, LOG_MSEC, LOG__COLS };
enum { Q_ADD, Q_LIVE, Q_LIST, Q_ONE, Q_DELETE, Q_DROP, Q_EMIT, Q_DUE, Q_ATTEMPT,
	Q_DONE, Q_RETRY, Q_GIVE_UP, Q_LOG };
#define SUB_COLUMNS	"id, callback, events, DATE_FORMAT(created_at, " TIME_FMT ")"
static struct stmt stmts[] = {
	[Q_ADD] = STMT("hub.add", "issb", 0,
	    "INSERT INTO hub_subscriptions (key_id, callback, events, secret)"
	    " VALUES (?, ?, ?, ?)"),
	[Q_LIVE] = STMT("hub.live", "i", N__COLS,
	    "SELECT COUNT(*) FROM hub_subscriptions WHERE key_id = ? AND deleted_at IS NULL"
	    " FOR UPDATE"),
	[Q_LIST] = STMT("hub.list", "i", SUB__COLS,
	    "SELECT " SUB_COLUMNS " FROM hub_subscriptions"
	    " WHERE key_id = ? AND deleted_at IS NULL ORDER BY id"),
	[Q_ONE] = STMT("hub.one", "ii", SUB__COLS,
	    "SELECT " SUB_COLUMNS " FROM hub_subscriptions"
	    " WHERE id = ? AND key_id = ? AND deleted_at IS NULL"),
	[Q_DELETE] = STMT("hub.delete", "ii", 0,
	    "UPDATE hub_subscriptions SET deleted_at = NOW()"
	    " WHERE id = ? AND key_id = ? AND deleted_at IS NULL"),
	/* A deleted subscription's events are not sent, and say so. */
	[Q_DROP] = STMT("hub.drop", "i", 0,
	    "UPDATE hub_events SET state = 'failed', done_at = NOW()"
	    " WHERE subscription_id = ? AND state = 'pending'"),
	/* Each live subscription of a live key that sees the company. */
	[Q_EMIT] = STMT("hub.emit", "issis", 0,
	    "INSERT INTO hub_events (subscription_id, company_id, event_type, body)"
	    " SELECT s.id, ?, ?, ? FROM hub_subscriptions s"
	    " JOIN api_keys a ON a.id = s.key_id"
	    " JOIN api_key_companies k ON k.key_id = s.key_id AND k.company_id = ?"
	    " WHERE s.deleted_at IS NULL AND a.revoked_at IS NULL"
	    " AND (a.expires_at IS NULL OR a.expires_at > NOW())"
	    " AND FIND_IN_SET(?, s.events) > 0"),
	/* SKIP LOCKED: a second deliverer takes other rows, never the same. */
	[Q_DUE] = STMT("hub.due", "", DUE__COLS,
	    "SELECT e.id, e.event_type, e.body, e.attempts, s.callback, s.secret"
	    " FROM hub_events e JOIN hub_subscriptions s ON s.id = e.subscription_id"
	    " WHERE e.state = 'pending' AND e.next_attempt_at <= NOW()"
	    " AND s.deleted_at IS NULL ORDER BY e.id LIMIT 1 FOR UPDATE SKIP LOCKED"),
	[Q_ATTEMPT] = STMT("hub.attempt", "iisi", 0,
	    "INSERT INTO hub_attempts (event_id, http_status, error, msec) VALUES (?, ?, ?, ?)"),
	[Q_DONE] = STMT("hub.done", "i", 0,
	    "UPDATE hub_events SET state = 'delivered', attempts = attempts + 1,"
	    " done_at = NOW() WHERE id = ?"),
	/* Back-off: webhook_retry seconds, doubled each time, at most an hour. */
	[Q_RETRY] = STMT("hub.retry", "ii", 0,
	    "UPDATE hub_events SET next_attempt_at = NOW() + INTERVAL"
	    " LEAST(3600, ? * POW(2, LEAST(attempts, 12))) SECOND,"
	    " attempts = attempts + 1 WHERE id = ?"),
	[Q_GIVE_UP] = STMT("hub.give_up", "i", 0,
	    "UPDATE hub_events SET state = 'failed', attempts = attempts + 1,"
	    " done_at = NOW() WHERE id = ?"),
	/* The newest events first, each with its attempts in order. */
	[Q_LOG] = STMT("hub.log", "iii", LOG__COLS,
	    "SELECT e.id, e.event_type, e.state, DATE_FORMAT(e.created_at, " TIME_FMT "),"
	    " IF(e.state = 'pending', DATE_FORMAT(e.next_attempt_at, " TIME_FMT "), NULL),"
	    " DATE_FORMAT(t.at, " TIME_FMT "), t.http_status, t.error, t.msec"
	    " FROM hub_events e JOIN hub_subscriptions s ON s.id = e.subscription_id"
	    " LEFT JOIN hub_attempts t ON t.event_id = e.id"
	    " WHERE s.id = ? AND s.key_id = ? ORDER BY e.id DESC, t.id LIMIT ?"),
};

/* ---- what a callback may be ---- */

int
hub_address_ok(const char *addr, const struct cidr *allow, size_t nallow)
{
	struct cidr deny[NETADDR_MAX];
	int n;

	if (nallow > 0 && netaddr_match(allow, nallow, addr))
		return 1;
	n = netaddr_parse(not_public, deny, COUNTOF(deny));
	return n > 0 && !netaddr_match(deny, (size_t)n, addr);
}

static int
host_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
}

int
hub_callback_ok(const char *url, const struct cidr *allow, size_t nallow)
{
	unsigned char bin[16];
	char host[256];
	const char *p, *h, *end;
	long long port;
	size_t n, i;

	if (url == NULL || strlen(url) > HUB_URL_MAX)
		return -1;
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '#')
			return -1;
	if (strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else
		return -1;
	end = h + strcspn(h, "/?");
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		return -1;
	if (*h == '[') {
		if ((p = memchr(h, ']', (size_t)(end - h))) == NULL)
			return -1;
		n = (size_t)(p - h - 1);
		h++;
		p++;
	} else {
		p = h + strcspn(h, ":/?");
		n = (size_t)(p - h);
		for (i = 0; i < n; i++)
			if (!host_char((unsigned char)h[i]))
				return -1;
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	if (p < end) {
		char digits[8];

		if (*p != ':' || (size_t)(end - p - 1) >= sizeof(digits) || end == p + 1)
			return -1;
		memcpy(digits, p + 1, (size_t)(end - p - 1));
		digits[end - p - 1] = '\0';
		if (parse_int(digits, 1, 65535, &port) == -1)
			return -1;
	}
	/* A name is looked at when it is called (hub_address_ok on each address). */
	if (inet_pton(AF_INET, host, bin) == 1 || inet_pton(AF_INET6, host, bin) == 1)
		return hub_address_ok(host, allow, nallow) ? 0 : -1;
	return 0;
}

void
hub_sign(const unsigned char key[HUB_SECRET_LEN], long long ts, const char *body,
    size_t len, char out[HUB_SIG_LEN + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char t[24];

	snprintf(t, sizeof(t), "%lld.", ts);
	crypto_auth_hmacsha256_init(&st, key, HUB_SECRET_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, strlen(t));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, HUB_SIG_LEN + 1 - 7, mac, sizeof(mac));
}

/* ---- the events ---- */

int
hub_emit(struct db *db, enum hub_type type, long long company, long long id,
    const char *value)
{
	unsigned char rnd[16];
	char eid[33], when[32], href[96];
	xmlDocPtr doc;
	xmlNodePtr root, res;
	xmlChar *body = NULL;
	struct tm tm;
	time_t now = time(NULL);
	size_t i;
	int rc, len = 0;

	for (i = 0; type == HUB_TICKET && i < COUNTOF(ticket_states); i++)
		if (strcmp(ticket_states[i].status, value) == 0) {
			value = ticket_states[i].state;
			break;
		}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(eid, sizeof(eid), rnd, sizeof(rnd));
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(href, sizeof(href), "/api/v1/%s/%lld", types[type].resource, id);
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "event", NULL);
	xmlDocSetRootElement(doc, root);
	x_text(root, "eventId", eid);
	x_text(root, "eventTime", when);
	x_text(root, "eventType", types[type].name);
	res = x_el(x_el(root, "event"), types[type].resource);
	x_attr_int(res, "id", id);
	x_attr(res, "href", href);
	x_text(res, types[type].field, value);
	xmlDocDumpFormatMemoryEnc(doc, &body, &len, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (body == NULL)
		return DB_ERROR;
	rc = db_run(db, &stmts[Q_EMIT], company, types[type].name, (char *)body, company,
	    types[type].with != NULL ? types[type].with : types[type].name);
	xmlFree(body);
	return rc < 0 ? rc : DB_OK;
}

/* ---- delivery ---- */

static int curl_ready;

void
hub_cleanup(void)
{
	if (curl_ready) {
		curl_global_cleanup();
		curl_ready = 0;
	}
}

struct call {
	const struct cidr	*allow;
	size_t			 nallow;
	int			 refused;	/* an address not to be called */
};

/* Each address curl would connect to, checked first: a name that resolves
 * to the operator's own network is refused as its literal would be. */
static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct call *k = arg;
	char addr[INET6_ADDRSTRLEN];
	const void *in;

	if (purpose != CURLSOCKTYPE_IPCXN ||
	    (a->family != AF_INET && a->family != AF_INET6))
		return CURL_SOCKET_BAD;
	in = a->family == AF_INET ? (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr :
	    (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr;
	if (inet_ntop(a->family, in, addr, sizeof(addr)) == NULL ||
	    !hub_address_ok(addr, k->allow, k->nallow)) {
		k->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* One POST: the HTTP status (0: none came), the reason of a failure in err. */
static long
post(const struct conf *conf, const char *url, const char *type, long long id,
    const unsigned char *secret, const char *body, char *err, size_t errlen)
{
	struct cidr allow[NETADDR_MAX];
	struct call k = { allow, 0, 0 };
	struct curl_slist *h = NULL;
	char line[160], sig[HUB_SIG_LEN + 1], cerr[CURL_ERROR_SIZE] = "";
	long long ts = (long long)time(NULL);
	long status = 0;
	CURL *cu;
	CURLcode cc;
	int n;

	if ((n = netaddr_parse(conf->webhook_allow, allow, COUNTOF(allow))) > 0)
		k.nallow = (size_t)n;
	if ((cu = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "the HTTP client could not be made");
		return 0;
	}
	hub_sign(secret, ts, body, strlen(body), sig);
	h = curl_slist_append(h, "Content-Type: application/xml; charset=utf-8");
	h = curl_slist_append(h, "Expect:");
	snprintf(line, sizeof(line), "X-Selfcare-Event: %s", type);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Selfcare-Delivery: %lld", id);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Selfcare-Timestamp: %lld", ts);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Selfcare-Signature: %s", sig);
	h = curl_slist_append(h, line);
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "http,https");
	/* No proxy from the environment: it would call what the check refused. */
	curl_easy_setopt(cu, CURLOPT_PROXY, "");
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, (long)conf->webhook_timeout);
	curl_easy_setopt(cu, CURLOPT_USERAGENT, "selfcare-webhook/" PACKAGE_VERSION);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(cu, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(cu, CURLOPT_OPENSOCKETDATA, &k);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(cu, CURLOPT_ERRORBUFFER, cerr);
	if ((cc = curl_easy_perform(cu)) != CURLE_OK)
		snprintf(err, errlen, "%s", k.refused ?
		    "the callback's address is not public (webhook_allow)" :
		    cerr[0] ? cerr : curl_easy_strerror(cc));
	else {
		curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &status);
		if (status < 200 || status > 299)
			snprintf(err, errlen, "the callback answered %ld", status);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(cu);
	return status;
}

struct deliver_one {
	struct db		*db;
	const struct conf	*conf;
	int			 done;	/* 1 delivered, 0 nothing due, -1 failed */
};

static long long
msec_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int
deliver_one_txn(void *arg)
{
	struct deliver_one *d = arg;
	struct timespec t0;
	struct dbrow row;
	unsigned char secret[HUB_SECRET_LEN];
	long long id, attempts;
	char err[256] = "", *url = NULL, *type = NULL, *body = NULL;
	long status;
	int rc;

	d->done = 0;
	if ((rc = db_one(d->db, &stmts[Q_DUE], &row)) <= 0)
		return rc;
	if (parse_int(row.col[DUE_ID], 1, INT64_MAX, &id) == -1 ||
	    parse_int(row.col[DUE_ATTEMPTS], 0, INT32_MAX, &attempts) == -1 ||
	    row.len[DUE_SECRET] != HUB_SECRET_LEN)
		return DB_ERROR;
	memcpy(secret, row.col[DUE_SECRET], sizeof(secret));
	url = estrdup(row.col[DUE_CALLBACK]);
	type = estrdup(row.col[DUE_TYPE]);
	body = estrdup(row.col[DUE_BODY]);
	/* The row stays locked while the callback answers: nobody else sends it. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = post(d->conf, url, type, id, secret, body, err, sizeof(err));
	sodium_memzero(secret, sizeof(secret));
	if ((rc = db_run(d->db, &stmts[Q_ATTEMPT], id, (long long)status,
	    err[0] ? err : NULL, msec_since(&t0))) < 0)
		goto out;
	if (err[0] == '\0') {
		d->done = 1;
		rc = db_run(d->db, &stmts[Q_DONE], id);
		log_info("hub: event %lld delivered to %s", id, url);
	} else if (attempts + 1 >= d->conf->webhook_tries) {
		d->done = -1;
		rc = db_run(d->db, &stmts[Q_GIVE_UP], id);
		log_warn("hub: event %lld to %s: %s; given up after %lld tries", id, url, err,
		    attempts + 1);
	} else {
		d->done = -1;
		rc = db_run(d->db, &stmts[Q_RETRY], (long long)d->conf->webhook_retry, id);
		log_warn("hub: event %lld to %s: %s; tried again later", id, url, err);
	}
out:
	free(url);
	free(type);
	free(body);
	return rc < 0 ? rc : DB_OK;
}

int
hub_deliver(struct db *db, const struct conf *conf)
{
	struct deliver_one d = { db, conf, 0 };
	int rc, total = 0, i;

	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return 0;
		curl_ready = 1;
	}
	/* Bounded per round so one round never runs for ever. */
	for (i = 0; i < 100; i++) {
		if ((rc = db_txn(db, deliver_one_txn, &d)) < 0)
			return rc;
		if (d.done == 0)
			break;
		if (d.done == 1)
			total++;
	}
	return total;
}

/* ---- the API: subscriptions and their log ---- */

/* A subscription's <hub>: its id, callback, event types and time. */
static xmlNodePtr
sub_fill(xmlNodePtr e, const struct dbrow *row)
{
	char *events = estrdup(row->col[SUB_EVENTS]), *tok, *save = NULL;

	x_attr(e, "id", row->col[SUB_ID]);
	x_text(e, "callback", row->col[SUB_CALLBACK]);
	for (tok = strtok_r(events, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		x_text(e, "eventType", tok);
	free(events);
	x_text(e, "createdAt", row->col[SUB_CREATED]);
	return e;
}

/* The event types of a body, as the SET column takes them; 0, 403 (an area
 * the key lacks) or 422 (twice). */
static int
body_types(struct ctx *c, xmlNodePtr root, char *out, size_t cap)
{
	unsigned seen = 0;
	xmlNodePtr n;
	xmlChar *v;
	size_t i;

	out[0] = '\0';
	for (n = xmlFirstElementChild(root); n != NULL; n = xmlNextElementSibling(n)) {
		if (xmlStrcmp(n->name, BAD_CAST "eventType") != 0)
			continue;
		v = xmlNodeGetContent(n);
		for (i = 0; v != NULL && i < COUNTOF(types) && (types[i].with != NULL ||
		    xmlStrcmp(v, BAD_CAST types[i].name) != 0); i++)
			;
		xmlFree(v);
		if (i == COUNTOF(types) || (seen & (1u << i)))
			return 422;
		if ((area_parse(types[i].area) & c->api->areas) == 0)
			return 403;
		seen |= 1u << i;
		snprintf(out + strlen(out), cap - strlen(out), "%s%s", out[0] ? "," : "",
		    types[i].name);
	}
	return seen == 0 ? 422 : 0;
}

struct create {
	struct ctx	*c;
	const char	*callback, *events;
	unsigned char	 secret[HUB_SECRET_LEN];
	long long	 id;
	int		 status;
};

static int
create_txn(void *arg)
{
	struct create *k = arg;
	struct dbrow row;
	long long live;
	int rc;

	if ((rc = db_one(k->c->db, &stmts[Q_LIVE], &row, k->c->api->key_id)) < 0)
		return rc;
	if (rc == 1 && parse_int(row.col[N_LIVE], 0, INT64_MAX, &live) == 0 &&
	    live >= SUBS_MAX) {
		k->status = 409;
		return DB_OK;
	}
	if ((rc = db_run(k->c->db, &stmts[Q_ADD], k->c->api->key_id, k->callback, k->events,
	    (const void *)k->secret, (unsigned long)sizeof(k->secret))) < 0)
		return rc;
	k->id = db_insert_id(k->c->db, &stmts[Q_ADD]);
	k->status = 201;
	return DB_OK;
}

static int
hub_post(struct ctx *c)
{
	struct cidr allow[NETADDR_MAX];
	struct create k = { c, NULL, NULL, { 0 }, 0, 0 };
	struct dbrow row;
	char field[64], events[200], hex[2 * HUB_SECRET_LEN + 1];
	xmlNodePtr root, e;
	xmlChar *url = NULL;
	int rc, n;

	if (c->api->body == NULL)
		return api_error(c, 400, "hub");
	if ((rc = api_body_valid(c, "hubCreate", field)) != 0)
		return rc == 422 ? api_error(c, 422, field) : rc;
	root = xmlDocGetRootElement(c->api->body);
	if ((rc = body_types(c, root, events, sizeof(events))) != 0)
		return api_error(c, rc, "eventType");
	n = netaddr_parse(c->conf->webhook_allow, allow, COUNTOF(allow));
	if ((url = xmlNodeGetContent(x_child(root, "callback"))) == NULL ||
	    hub_callback_ok((const char *)url, allow, n > 0 ? (size_t)n : 0) == -1) {
		xmlFree(url);
		return api_error(c, 422, "callback");
	}
	k.callback = (const char *)url;
	k.events = events;
	randombytes_buf(k.secret, sizeof(k.secret));
	if ((rc = db_txn(c->db, create_txn, &k)) < 0 || k.status != 201) {
		xmlFree(url);
		sodium_memzero(k.secret, sizeof(k.secret));
		return rc < 0 ? page_db_status(rc) : api_error(c, k.status, NULL);
	}
	xmlFree(url);
	if ((rc = db_one(c->db, &stmts[Q_ONE], &row, k.id, c->api->key_id)) <= 0) {
		sodium_memzero(k.secret, sizeof(k.secret));
		return rc < 0 ? page_db_status(rc) : 500;
	}
	e = sub_fill(api_begin(c, "hub"), &row);
	/* The secret once, in the answer to the create: it is never shown again. */
	sodium_bin2hex(hex, sizeof(hex), k.secret, sizeof(k.secret));
	sodium_memzero(k.secret, sizeof(k.secret));
	x_text(e, "secret", hex);
	sodium_memzero(hex, sizeof(hex));
	c->status = 201;
	return 0;
}

static int
hub_list(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr list;
	int rc;

	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	list = api_begin(c, "hubList");
	if ((rc = db_run(c->db, &stmts[Q_LIST], c->api->key_id)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1)
		sub_fill(x_el(list, "hub"), &row);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* Subscription ids[0] of the key in row: 0, 404 or a status. */
static int
own(struct ctx *c, struct dbrow *row)
{
	int rc = db_one(c->db, &stmts[Q_ONE], row, c->ids[0], c->api->key_id);

	return rc < 0 ? page_db_status(rc) : rc == 0 ? 404 : 0;
}

static int
hub_one(struct ctx *c)
{
	struct dbrow row;
	int rc;

	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if ((rc = own(c, &row)) != 0)
		return rc;
	sub_fill(api_begin(c, "hub"), &row);
	return 0;
}

static int
delete_txn(void *arg)
{
	struct ctx *c = arg;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_DELETE], c->ids[0], c->api->key_id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_DELETE]) == 0)
		return 404;
	rc = db_run(c->db, &stmts[Q_DROP], c->ids[0]);
	return rc < 0 ? rc : DB_OK;
}

static int
hub_delete(struct ctx *c)
{
	int rc;

	if (c->req->query.n != 0 || c->api->body != NULL)
		return api_error(c, 400, c->api->body != NULL ? "hub" : c->req->query.v[0].key);
	if ((rc = db_txn(c->db, delete_txn, c)) < 0)
		return page_db_status(rc);
	if (rc != 0)
		return rc;
	resp_head(c, 204, NULL);
	c->sent = 1;
	return 204;
}

static int
hub_log(struct ctx *c)
{
	struct dbrow row;
	xmlNodePtr log, ev = NULL, a;
	char last[24] = "";
	int rc;

	if (c->req->query.n != 0)
		return api_error(c, 400, c->req->query.v[0].key);
	if ((rc = own(c, &row)) != 0)
		return rc;
	log = api_begin(c, "deliveryLog");
	x_attr_int(log, "hub", c->ids[0]);
	if ((rc = db_run(c->db, &stmts[Q_LOG], c->ids[0], c->api->key_id,
	    (long long)LOG_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LOG], &row)) == 1) {
		if (ev == NULL || strcmp(last, row.col[LOG_EVENT]) != 0) {
			snprintf(last, sizeof(last), "%s", row.col[LOG_EVENT]);
			ev = x_el(log, "delivery");
			x_attr(ev, "id", row.col[LOG_EVENT]);
			x_text(ev, "eventType", row.col[LOG_TYPE]);
			x_text(ev, "state", row.col[LOG_STATE]);
			x_text(ev, "createdAt", row.col[LOG_CREATED]);
			x_text(ev, "nextAttemptAt", row.col[LOG_NEXT]);
		}
		if (row.col[LOG_AT] == NULL)
			continue;
		a = x_el(ev, "attempt");
		x_attr(a, "at", row.col[LOG_AT]);
		x_attr(a, "status", row.col[LOG_STATUS]);
		x_attr(a, "msec", row.col[LOG_MSEC]);
		x_text(a, "error", row.col[LOG_ERROR]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static const struct route routes[] = {
	{ "/api/v1/hub", 0, NULL, hub_list, NULL, hub_post, NULL, NULL },
	{ "/api/v1/hub/#", R_DELETE, NULL, hub_one, NULL, hub_delete, NULL, NULL },
	{ "/api/v1/hub/#/delivery", 0, NULL, hub_log, NULL, NULL, NULL, NULL },
};

const struct module hub_module = {
	.name = "hub", .door = DOOR_API, .routes = routes, .nroutes = COUNTOF(routes),
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
