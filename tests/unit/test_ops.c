/*
 * Operation: status_allow's addresses and blocks, the new keys' values,
 * the statements' names, a log line's path, the scoreboard's slot, and the
 * time limit's prepared FastCGI replies, and what libxml2 keeps between
 * the requests of the request pool.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xslt.h>

#include "check.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/limit.h"
#include "core/log.h"
#include "core/netaddr.h"
#include "core/ops.h"
#include "core/pool.h"
#include "core/render.h"
#include "core/request.h"
#include "core/scoreboard.h"
#include "core/util.h"
#include "core/xmlsafe.h"

static const struct {
	const char *list, *addr;
	int match;
} allow[] = {
	{ "127.0.0.1, ::1", "127.0.0.1", 1 },
	{ "127.0.0.1, ::1", "::1", 1 },
	{ "127.0.0.1, ::1", "::ffff:127.0.0.1", 1 },	/* v4-mapped is v4 */
	{ "127.0.0.1, ::1", "127.0.0.2", 0 },
	{ "127.0.0.1, ::1", "::2", 0 },
	{ "127.0.0.1, ::1", "", 0 },
	{ "127.0.0.1, ::1", "localhost", 0 },
	{ "127.0.0.1, ::1", "127.0.0.1 ", 0 },
	{ "10.0.0.0/8", "10.255.1.2", 1 },
	{ "10.0.0.0/8", "11.0.0.1", 0 },
	{ "192.0.2.128/25", "192.0.2.200", 1 },
	{ "192.0.2.128/25", "192.0.2.127", 0 },
	{ "192.0.2.7/32", "192.0.2.7", 1 },
	{ "0.0.0.0/0", "203.0.113.9", 1 },
	{ "0.0.0.0/0", "2001:db8::1", 0 },	/* a v4 block holds no v6 address */
	{ "2001:db8::/32", "2001:db8:ffff::1", 1 },
	{ "2001:db8::/32", "2001:db9::1", 0 },
	{ "2001:db8::/33", "2001:db8:8000::1", 0 },
	{ "::ffff:192.0.2.0/120", "192.0.2.99", 1 },
	{ "::ffff:192.0.2.0/120", "192.0.3.1", 0 },
	{ "", "127.0.0.1", 0 },			/* nobody */
};

static const struct {
	const char *list;
	int n;		/* entries, -1: refused */
} lists[] = {
	{ "127.0.0.1, ::1", 2 },
	{ " 10.0.0.0/8\t2001:db8::/32 ,, ", 2 },
	{ "", 0 },
	{ "127.0.0.1/33", -1 },
	{ "::1/129", -1 },
	{ "::ffff:10.0.0.0/95", -1 },
	{ "10.0.0.0/", -1 },
	{ "10.0.0.0/-1", -1 },
	{ "10.0.0.0/8x", -1 },
	{ "localhost", -1 },
	{ "127.0.0.1;", -1 },
	{ "1.2.3.4.5", -1 },
	{ "1 2 3", -1 },		/* bare numbers are no addresses */
};

static const struct {
	const char *line;
	int ok;
	int slow, stop;		/* request_slowlog_timeout, process_control_timeout (ms) */
} durations[] = {
	{ "request_slowlog_timeout = 5\n", 1, 5000, -1 },
	{ "request_slowlog_timeout = 5s\n", 1, 5000, -1 },
	{ "request_slowlog_timeout = 500ms\n", 1, 500, -1 },
	{ "request_slowlog_timeout = 2m\n", 1, 120000, -1 },
	{ "request_slowlog_timeout = 0\n", 1, 0, -1 },
	{ "request_slowlog_timeout = 60m\n", 1, 3600000, -1 },
	{ "request_slowlog_timeout = 61m\n", 0, 0, 0 },
	{ "request_slowlog_timeout = 5 s\n", 0, 0, 0 },
	{ "request_slowlog_timeout = 1h\n", 0, 0, 0 },
	{ "request_slowlog_timeout = -1\n", 0, 0, 0 },
	{ "request_slowlog_timeout =\n", 0, 0, 0 },
	{ "request_slowlog_timeout = 99999999999999999999\n", 0, 0, 0 },
	{ "process_control_timeout =\n", 1, 0, -1 },
	{ "process_control_timeout = 45\n", 1, 0, 45000 },
	{ "process_control_timeout = 0\n", 1, 0, 0 },
	{ "process_control_timeout = s\n", 0, 0, 0 },
};

static const struct {
	const char *line;
	int ok;
} values[] = {
	{ "status_path = /status\n", 1 },
	{ "status_path = /fpm-status\n", 1 },
	{ "status_path = /ops/status_2\n", 1 },
	{ "status_path =\n", 1 },
	{ "status_path = status\n", 0 },
	{ "status_path = /\n", 0 },
	{ "status_path = /status/\n", 0 },
	{ "status_path = //status\n", 0 },
	{ "status_path = /a/../status\n", 0 },
	{ "status_path = /.status\n", 0 },
	{ "status_path = /status.xml\n", 0 },
	{ "status_path = /st atus\n", 0 },
	{ "status_path = /status?x\n", 0 },
	{ "ping_path = /p%69ng\n", 0 },
	{ "status_allow = 10.0.0.0/8 ::1\n", 1 },
	{ "status_allow = 10.0.0.0/33\n", 0 },
	{ "log_priority_prefix = auto\n", 1 },
	{ "log_priority_prefix = yes\n", 1 },
	{ "log_priority_prefix = no\n", 1 },
	{ "log_priority_prefix = maybe\n", 0 },
	{ "slowlog = /var/log/selfcare/slow.log\n", 1 },
};

static const struct {
	const char *path, *logged;
} paths[] = {
	{ "/companies/3", "/companies/3" },
	{ "/a b", "/a%20b" },
	{ "/q\"uote\\", "/q%22uote%5C" },
	{ "/100%", "/100%25" },
	{ "/line\nbreak\t", "/line%0Abreak%09" },
	{ "/bl\xc3\xa5", "/bl\xc3\xa5" },	/* UTF-8 stays readable */
	{ NULL, "-" },
};

static void
check_allow(void)
{
	struct cidr list[NETADDR_MAX];
	char many[NETADDR_MAX * 16 + 16];
	size_t i;
	int n;

	for (i = 0; i < COUNTOF(allow); i++) {
		n = netaddr_parse(allow[i].list, list, COUNTOF(list));
		CHECK(n >= 0, "parse \"%s\"", allow[i].list);
		CHECK(n < 0 || netaddr_match(list, (size_t)n, allow[i].addr) ==
		    allow[i].match, "\"%s\" in \"%s\": want %d", allow[i].addr,
		    allow[i].list, allow[i].match);
	}
	for (i = 0; i < COUNTOF(lists); i++) {
		CHECK(netaddr_parse(lists[i].list, NULL, 0) == lists[i].n,
		    "\"%s\": want %d", lists[i].list, lists[i].n);
		CHECK(netaddr_parse(lists[i].list, list, COUNTOF(list)) == lists[i].n,
		    "\"%s\" into the list", lists[i].list);
	}
	/* At most NETADDR_MAX entries. */
	for (i = 0, many[0] = '\0'; i < NETADDR_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "10.0.0.%zu ", i);
	CHECK(netaddr_parse(many, list, COUNTOF(list)) == NETADDR_MAX, "32 entries");
	strcat(many, "10.0.1.1");
	CHECK(netaddr_parse(many, NULL, 0) == -1, "33 entries");
}

static int
parse(struct conf *c, const char *line)
{
	struct conf_msgs m = { 0 };
	int rc;

	conf_defaults(c);
	rc = conf_parse(c, line, strlen(line), "t.conf", &m);
	conf_msgs_free(&m);
	return rc;
}

static void
check_keys(void)
{
	struct conf c;
	size_t i;
	int rc;

	conf_defaults(&c);
	CHECK(strcmp(c.status_path, "") == 0 && strcmp(c.ping_path, "") == 0,
	    "the pages are off by default");
	CHECK(strcmp(c.status_allow, "127.0.0.1, ::1") == 0, "status_allow default");
	CHECK(c.request_slowlog_timeout == 0 && c.process_control_timeout == -1 &&
	    c.log_priority_prefix == -1, "defaults");
	conf_free(&c);
	for (i = 0; i < COUNTOF(durations); i++) {
		rc = parse(&c, durations[i].line);
		CHECK((rc == 0) == durations[i].ok, "%s", durations[i].line);
		if (rc == 0 && durations[i].ok)
			CHECK(c.request_slowlog_timeout == durations[i].slow &&
			    c.process_control_timeout == durations[i].stop,
			    "%s: %d ms, %d ms", durations[i].line,
			    c.request_slowlog_timeout, c.process_control_timeout);
		conf_free(&c);
	}
	for (i = 0; i < COUNTOF(values); i++) {
		rc = parse(&c, values[i].line);
		CHECK((rc == 0) == values[i].ok, "%s", values[i].line);
		conf_free(&c);
	}
}

static void
check_names(void)
{
	static struct stmt t[] = { STMT("test.one", "", 1, "SELECT 1") };
	char buf[64];

	db_register(t, COUNTOF(t));
	sb_name_statements(db_stmt_name);
	CHECK(strcmp(sb_phase_name(SB_PHASE(PH_SQL, t[0].slot), buf, sizeof(buf)),
	    "test.one") == 0, "%s", buf);
	CHECK(strcmp(sb_phase_name(SB_PHASE(PH_TRANSFORM, 0), buf, sizeof(buf)),
	    "transform") == 0, "%s", buf);
	CHECK(strcmp(sb_phase_name(SB_PHASE(PH_SQL, 60000), buf, sizeof(buf)),
	    "statement") == 0, "an unknown statement: %s", buf);
	CHECK(strcmp(sb_phase_name(0xFFFF0000u, buf, sizeof(buf)), "-") == 0,
	    "an unknown phase: %s", buf);
}

static void
check_paths(void)
{
	char out[64];
	size_t i;

	for (i = 0; i < COUNTOF(paths); i++)
		CHECK(strcmp(log_path(out, sizeof(out), paths[i].path),
		    paths[i].logged) == 0, "%s -> %s", paths[i].logged, out);
	/* Too long: cut, never over the buffer, never half an escape. */
	log_path(out, 8, "/a b c d e");
	CHECK(strcmp(out, "/a%20") == 0, "cut: %s", out);
}

static void
check_slot(void)
{
	struct request r;
	struct sb_view v;
	char longpath[300];

	CHECK(sb_init() == 0, "mmap");
	sb_clear(0);
	CHECK(sb_read(0, &v) == -1, "a free slot reads as free");
	sb_attach(0);
	memset(&r, 0, sizeof(r));
	memcpy(r.id, "0123456789abcdef", 17);
	r.method = METHOD_POST;
	r.remote_addr = "2001:db8::7";
	/* 127 bytes kept: the 'å' at bytes 126-127 does not fit whole. */
	memset(longpath, 'a', sizeof(longpath));
	longpath[0] = '/';
	memcpy(longpath + 126, "\xc3\xa5", 2);
	longpath[sizeof(longpath) - 1] = '\0';
	r.path = longpath;
	sb_reading();
	sb_accepted();
	sb_request(&r, "POST");
	sb_phase(SB_PHASE(PH_SQL, 7));
	sb_status(303);
	CHECK(sb_read(0, &v) == 0 && v.state == SB_BUSY, "busy");
	CHECK(strcmp(v.id, r.id) == 0 && strcmp(v.method, "POST") == 0 &&
	    strcmp(v.client, "2001:db8::7") == 0, "fields %s %s %s", v.id,
	    v.method, v.client);
	CHECK(strlen(v.path) == 126 && v.path[125] == 'a', "path cut at a character: %zu",
	    strlen(v.path));
	CHECK(v.status == 303 && v.phase == SB_PHASE(PH_SQL, 7), "status, phase");
	CHECK(v.requests == 1 && v.served == 1 && sb_accepted_total() == 1, "counted");
	sb_idle();
	CHECK(sb_read(0, &v) == 0 && v.state == SB_IDLE && v.phase == PH_NONE, "idle");
	/* The next worker on the slot goes on counting: the total only grows. */
	sb_clear(0);
	sb_attach(0);
	sb_accepted();
	CHECK(sb_read(0, &v) == 0 && v.requests == 2 && v.served == 1 &&
	    sb_accepted_total() == 2, "requests %llu served %llu", v.requests, v.served);
	sb_me = NULL;
}

/* Each prepared reply parses as FastCGI records: STDOUT with the 504 page,
 * an empty STDOUT, END_REQUEST; the request id is left to the handler. */
static void
check_replies(const char *srcdir)
{
	static const char *const langs[] = { "nb", "da", "en" };
	char dir[1024], err[512];
	const unsigned char *p;
	struct conf c;
	size_t len, off, i;
	int xml, types[8], n;

	snprintf(dir, sizeof(dir), "%s/xsl", srcdir);
	conf_defaults(&c);
	free(c.xsl_dir);
	c.xsl_dir = strdup(dir);
	xmlsafe_init(c.xsl_dir, c.schema_dir);
	if (render_init(c.xsl_dir, err, sizeof(err)) == -1) {
		CHECK(0, "render_init: %s", err);
		conf_free(&c);
		return;
	}
	limit_init(&c);
	for (i = 0; i < COUNTOF(langs); i++)
		for (xml = 0; xml < 2; xml++) {
			p = limit_reply(langs[i], xml, &len);
			CHECK(p != NULL, "%s %d", langs[i], xml);
			if (p == NULL)
				continue;
			for (off = 0, n = 0; off + 8 <= len && n < 8; n++) {
				size_t clen = (size_t)p[4] << 8 | p[5];

				types[n] = p[1];
				CHECK(p[0] == 1 && (clen + p[6]) % 8 == 0, "version, padding");
				if (n == 0) {
					CHECK(clen > 100 && memcmp(p + 8, "Status: 504 Gateway Timeout\r\n",
					    29) == 0, "%s %d: the page's status", langs[i], xml);
					CHECK(memmem(p + 8, clen, xml ? "application/xml" : "text/html",
					    xml ? 15 : 9) != NULL, "%s %d: content type", langs[i], xml);
					CHECK(memmem(p + 8, clen, xml ? "status=\"504\"" : "lang=\"",
					    xml ? 12 : 6) != NULL, "%s %d: the page", langs[i], xml);
				}
				off += 8 + clen + p[6];
				p = limit_reply(langs[i], xml, &len) + off;
			}
			CHECK(off == len && n == 3 && types[0] == 6 && types[1] == 6 &&
			    types[2] == 3, "%s %d: %d records", langs[i], xml, n);
		}
	CHECK(limit_reply("sv", 0, &len) == NULL, "no such language");
	limit_free();
	render_free();
	conf_free(&c);
}

static const char pool_xsd[] =
    "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
    "<xs:element name='n' type='xs:decimal'/></xs:schema>";

static void
pool_quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

/* A document against pool_xsd, parsed inside a request's pool: 1 if valid. */
static int
pool_valid(const char *xml)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;
	xmlDocPtr doc;
	int ok;

	pc = xmlSchemaNewMemParserCtxt(pool_xsd, (int)strlen(pool_xsd));
	schema = xmlSchemaParse(pc);
	vc = xmlSchemaNewValidCtxt(schema);
	if (vc != NULL)
		xmlSchemaSetValidStructuredErrors(vc, pool_quiet, NULL);
	doc = xmlReadMemory(xml, (int)strlen(xml), "n.xml", NULL, XML_PARSE_NONET);
	ok = vc != NULL && doc != NULL && xmlSchemaValidateDoc(vc, doc) == 0;
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return ok;
}

/* Fills the pool with five chunks' worth of junk (the oldest one is freed).
 * xmlFree gives nothing back to a pool (its chunks stay taken until
 * pool_end), and frees the memory when there is no pool (sanitizer builds). */
static void
pool_fill(void)
{
	void *p;
	int i;

	for (i = 0; i < 5; i++) {
		p = xmlMalloc(200 * 1024);
		memset(p, 0xa5, 200 * 1024);
		xmlFree(p);
	}
}

/* What libxml2 keeps from one request to the next must not live in a pool
 * that the next request overwrites or that is given back to malloc. */
static void
check_pool(void)
{
	xmlDocPtr doc;

	pool_begin();
	doc = xmlReadMemory("<a>", 3, "bad.xml", NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	CHECK(doc == NULL && xmlGetLastError() != NULL, "a parse error is kept");
	pool_fill();
	pool_end();
	pool_begin();
	xmlResetLastError();	/* aborted when the message was in a freed chunk */
	CHECK(xmlGetLastError() == NULL, "the last error is gone with its request");
	pool_end();

	pool_begin();
	CHECK(pool_valid("<n>7.5</n>"), "a schema in one request");
	pool_end();
	pool_begin();
	pool_fill();
	CHECK(pool_valid("<n>8</n>"), "a schema in the next request");
	CHECK(!pool_valid("<n>x</n>"), "and its types still check");
	pool_end();
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	pool_init();
	check_allow();
	check_keys();
	check_names();
	check_paths();
	check_slot();
	check_replies(srcdir);
	check_pool();
	xsltCleanupGlobals();
	xmlCleanupParser();
	return check_status("ops");
}
