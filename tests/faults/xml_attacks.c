/*
 * XML attacks against xml_read_untrusted() (fcgi/core/xmlsafe.c), the parser for
 * XML that partners send. Each case must be rejected (NULL) or parsed with
 * no entity expanded, no file read and no network used; the process's peak
 * RSS stays under 64 MiB. Prints TAP: "1..N", then "ok K - case: ..." or
 * "not ok K - case: ...", and exits 1 if any case failed.
 *
 *   xml_attacks XSL_DIR SCHEMA_DIR
 *
 * Built by tests/run-faults.sh against the build directory's libselfcare.a.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "core/xmlsafe.h"

#define MAX_RSS_KB	(64 * 1024)
/* Any document under the 1 MiB input limit parses in well under 0.1 s on
 * this kind of machine; 2 s per case is a generous bound. */
#define MAX_SECONDS	2.0
#define PLANNED		27

enum expect { REJECT, SAFE, ACCEPT };

static xmlExternalEntityLoader inner;
static int loads, opened;
static int listen_fd = -1;
static int listen_port, closed_port;
static int failures, n;

/* Around xmlsafe's loader: counts what it is asked for and what it opens. */
static xmlParserInputPtr
spy(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in = inner(url, id, ctxt);

	loads++;
	if (in != NULL)
		opened++;
	return in;
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len) == -1)
		return -1;
	return ntohs(a.sin_port);
}

static int
tcp_listener(int keep)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(fd, 16) == -1) {
		perror("listener");
		exit(2);
	}
	port = port_of(fd);
	if (keep) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		listen_fd = fd;
	} else
		close(fd);	/* a port nothing listens on now */
	return port;
}

/* 1 if anything connected to our listener since the last call. */
static int
network_used(void)
{
	int fd, used = 0;

	while ((fd = accept(listen_fd, NULL, NULL)) != -1) {
		close(fd);
		used = 1;
	}
	return used;
}

static int
has_entity_nodes(xmlNodePtr node)
{
	for (; node != NULL; node = node->next) {
		if (node->type == XML_ENTITY_REF_NODE || node->type == XML_ENTITY_NODE ||
		    node->type == XML_ENTITY_DECL || node->type == XML_DTD_NODE ||
		    node->type == XML_XINCLUDE_START)
			return 1;
		if (node->type == XML_ELEMENT_NODE && has_entity_nodes(node->children))
			return 1;
	}
	return 0;
}

static void
check(const char *name, enum expect expect, const char *data, size_t len)
{
	struct timespec t0, t1;
	xmlDocPtr doc;
	char why[256] = "";
	const char *outcome;
	double secs;
	int ok = 1;

	loads = opened = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	doc = xml_read_untrusted(data, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	outcome = doc ? "parsed" : "rejected";
	if (doc != NULL) {
		xmlChar *text = NULL;
		int tlen = 0;

		xmlDocDumpMemory(doc, &text, &tlen);
		if (expect == REJECT) {
			ok = 0;
			snprintf(why, sizeof(why), "; must be rejected");
		} else if (text == NULL) {
			ok = 0;
			snprintf(why, sizeof(why), "; cannot serialize");
		} else if (strstr((const char *)text, "root:") != NULL) {
			ok = 0;
			snprintf(why, sizeof(why), "; /etc/passwd content in the document");
		} else if (doc->intSubset != NULL || doc->extSubset != NULL ||
		    has_entity_nodes(doc->children)) {
			ok = 0;
			snprintf(why, sizeof(why), "; a DTD or entity in the document");
		}
		xmlFree(text);
		xmlFreeDoc(doc);
	} else if (expect == ACCEPT) {
		ok = 0;
		snprintf(why, sizeof(why), "; a harmless document must parse");
	}
	if (opened > 0) {
		ok = 0;
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    "; %d external resource(s) opened", opened);
	}
	if (listen_fd != -1 && network_used()) {
		ok = 0;
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "; network used");
	}
	if (secs > MAX_SECONDS) {
		ok = 0;
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    "; over %.0f s for one document", MAX_SECONDS);
	}
	if (maxrss_kb() > MAX_RSS_KB) {
		ok = 0;
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "; RSS over 64 MiB");
	}
	n++;
	if (!ok)
		failures++;
	printf("%s %d - %s: %s (%zu bytes, %.3fs, loader asked %d, maxrss %ld KiB)%s\n",
	    ok ? "ok" : "not ok", n, name, outcome, len, secs, loads, maxrss_kb(), why);
	fflush(stdout);
}

/*
 * check() in a child process that is killed after `limit` seconds: a case
 * that may run for very long ends the run neither late nor early.
 */
static void
check_bounded(const char *name, enum expect expect, const char *data, size_t len,
    unsigned limit)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(limit);
		check(name, expect, data, len);
		_exit(failures ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	n++;
	if (WIFSIGNALED(status)) {
		failures++;
		printf("not ok %d - %s: still parsing after %u s, stopped (%zu bytes); "
		    "over %.0f s for one document\n", n, name, limit, len, MAX_SECONDS);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		failures++;
	fflush(stdout);
}

static void
check_str(const char *name, enum expect expect, const char *s)
{
	check(name, expect, s, strlen(s));
}

/* A heap string built with printf. */
static char *
fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	if (vasprintf(&s, f, ap) == -1)
		exit(2);
	va_end(ap);
	return s;
}

static char *
repeat(const char *head, const char *unit, size_t times, const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(hl + ul * times + tl + 1), *p = s;

	if (s == NULL)
		exit(2);
	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i < times; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl);
	p += tl;
	*p = '\0';
	*len = (size_t)(p - s);
	return s;
}

static void
on_alarm(int sig)
{
	static const char msg[] = "Bail out! a case hangs (network or loop)\n";

	(void)sig;
	(void)!write(1, msg, sizeof(msg) - 1);
	_exit(1);
}

int
main(int argc, char **argv)
{
	char *s, *u16;
	size_t len, i;

	if (argc != 3) {
		fprintf(stderr, "usage: xml_attacks XSL_DIR SCHEMA_DIR\n");
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(120);
	xmlsafe_init(argv[1], argv[2]);		/* as the server does */
	inner = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(spy);
	listen_port = tcp_listener(1);
	closed_port = tcp_listener(0);

	printf("1..%d\n", PLANNED);
	check_str("control: a plain document", ACCEPT,
	    "<?xml version=\"1.0\"?><r><a x=\"1\">ok &amp; &#x41;</a></r>");

	/* XXE */
	check_str("xxe: SYSTEM file:///etc/passwd", REJECT,
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	    "<r>&x;</r>");
	check_str("xxe: SYSTEM /etc/passwd (a plain path)", REJECT,
	    "<!DOCTYPE r [<!ENTITY x SYSTEM \"/etc/passwd\">]><r>&x;</r>");
	check_str("xxe: in an attribute default", REJECT,
	    "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">"
	    "<!ATTLIST r a CDATA \"&x;\">]><r/>");
	check_str("xxe: parameter entity", REJECT,
	    "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>");
	s = fmt("<!DOCTYPE r [<!ENTITY x SYSTEM \"file://%s/error.xsd\">]><r>&x;</r>", argv[2]);
	check_str("xxe: a file inside the admitted schema dir", REJECT, s);
	free(s);
	/* The same XXE in UTF-16LE with a BOM: no byte pattern to spot. */
	s = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]><r>&x;</r>";
	len = strlen(s);
	u16 = malloc(2 * len + 2);
	u16[0] = (char)0xFF;
	u16[1] = (char)0xFE;
	for (i = 0; i < len; i++) {
		u16[2 + 2 * i] = s[i];
		u16[3 + 2 * i] = 0;
	}
	check("xxe: UTF-16 encoded", REJECT, u16, 2 * len + 2);
	free(u16);

	/* DOCTYPE-less tricks: they must parse as inert markup, nothing loaded. */
	check_str("no doctype: XInclude of /etc/passwd", SAFE,
	    "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
	    "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>");
	check_str("no doctype: xsi:noNamespaceSchemaLocation", SAFE,
	    "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:noNamespaceSchemaLocation=\"file:///etc/passwd\"/>");
	check_str("no doctype: xml-stylesheet PI", SAFE,
	    "<?xml-stylesheet type=\"text/xsl\" href=\"file:///etc/passwd\"?><r/>");
	check_str("no doctype: undeclared entity reference", SAFE, "<r>&passwd;</r>");
	s = fmt("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
	    "<xi:include href=\"http://127.0.0.1:%d/x.xml\"/></r>", listen_port);
	check_str("no doctype: XInclude over http", SAFE, s);
	free(s);

	/* External DTDs and entities over the network and from files. */
	s = fmt("<!DOCTYPE r SYSTEM \"http://127.0.0.1:%d/x.dtd\"><r/>", closed_port);
	check_str("external DTD: http, closed port", REJECT, s);
	free(s);
	s = fmt("<!DOCTYPE r SYSTEM \"http://127.0.0.1:%d/x.dtd\"><r/>", listen_port);
	check_str("external DTD: http, listening port (no connection)", REJECT, s);
	free(s);
	s = fmt("<!DOCTYPE r PUBLIC \"-//X//Y\" \"http://127.0.0.1:%d/x.dtd\"><r>&e;</r>",
	    listen_port);
	check_str("external DTD: PUBLIC id, entity from it", REJECT, s);
	free(s);
	check_str("external DTD: file:///etc/passwd", REJECT,
	    "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>");
	s = fmt("<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:%d/x\">]><r>&x;</r>",
	    listen_port);
	check_str("external entity: http", REJECT, s);
	free(s);

	/* Entity expansion bombs. */
	check_str("billion laughs", REJECT,
	    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
	    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
	    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
	    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
	    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
	    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
	    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
	    "]><lolz>&lol9;</lolz>");
	{
		/* One 100 000-char entity referenced 8 000 times: 800 MB expanded. */
		char *ent, *refs, *doc;
		size_t el, rl;

		ent = repeat("", "a", 100000, "", &el);
		refs = repeat("", "&a;", 8000, "", &rl);
		doc = fmt("<!DOCTYPE r [<!ENTITY a \"%s\">]><r>%s</r>", ent, refs);
		check_str("quadratic blowup", REJECT, doc);
		free(ent);
		free(refs);
		free(doc);
	}

	/* Depth and size. */
	{
		char *open, *close, *doc;
		size_t ol, cl;

		open = repeat("", "<a>", 10000, "", &ol);
		close = repeat("", "</a>", 10000, "", &cl);
		doc = fmt("%s%s", open, close);
		check_str("10 000-deep nesting", REJECT, doc);
		free(open);
		free(close);
		free(doc);
		open = repeat("", "<a>", 100, "", &ol);
		close = repeat("", "</a>", 100, "", &cl);
		doc = fmt("%s%s", open, close);
		check_str("100-deep nesting", REJECT, doc);
		free(open);
		free(close);
		free(doc);
		open = repeat("", "<a>", 10, "", &ol);
		close = repeat("", "</a>", 10, "", &cl);
		doc = fmt("%s%s", open, close);
		check_str("10-deep nesting (allowed)", ACCEPT, doc);
		free(open);
		free(close);
		free(doc);
	}
	s = repeat("<r>", "x", 2 * 1024 * 1024, "</r>", &len);
	check("a 2 MB document", REJECT, s, len);
	free(s);
	s = repeat("<r>", "<i a=\"1\" b=\"2\"/>", 1000 * 1024 / 16, "</r>", &len);
	check("a document just under 1 MiB, 64 000 elements", SAFE, s, len);
	free(s);
	s = repeat("<r ", "a", 900 * 1024, "=\"1\"/>", &len);
	check("one 900 KiB attribute name", SAFE, s, len);
	free(s);
	{
		/* 100 000 distinct attributes on one element (930 KB): libxml2
		 * checks each new attribute against all earlier ones. */
		char *doc = malloc(1024 * 1024), *p = doc;

		p += sprintf(p, "<r");
		for (i = 0; i < 100000; i++)
			p += sprintf(p, " a%zx=\"\"", i);
		p += sprintf(p, "/>");
		check_bounded("100 000 attributes on one element", SAFE, doc,
		    (size_t)(p - doc), 10);
		free(doc);
	}
	check("empty input", REJECT, "", 0);

	printf("# peak RSS %ld KiB (limit %d KiB)\n", maxrss_kb(), MAX_RSS_KB);
	if (n != PLANNED)
		printf("# planned %d cases, ran %d\n", PLANNED, n);
	close(listen_fd);
	return failures || n != PLANNED ? 1 : 0;
}
