/*
 * Configuration: a table of keys with their type and bounds, so every key is
 * parsed and checked the same way and an unknown key is an error, not a typo
 * that silently keeps a default.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "core/conf.h"
#include "core/dbaddr.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/netaddr.h"
#include "core/util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/selfcare"
#endif

enum ctype {
	C_STR, C_INT, C_MODE, C_BOOL, C_LANG,
	C_URLPATH,	/* empty (off) or a plain absolute path like /status */
	C_ADDRS,	/* addresses and CIDR blocks, comma- or space-separated */
	C_MSEC,		/* a duration, 5 or 5s, 500ms, 2m; into milliseconds */
	C_AUTO,		/* auto, yes or no: -1, 1, 0 */
};

/* The types whose value is a string the conf owns. */
#define IS_STR(t) ((t) == C_STR || (t) == C_LANG || (t) == C_URLPATH || (t) == C_ADDRS)

struct ckey {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	long long	 min, max;	/* C_INT bounds; C_STR: length */
	const char	*def;
};

#define S(f) offsetof(struct conf, f)
static const struct ckey keys[] = {
	{ "listen",		C_STR,	S(listen),		1, 107, "/run/selfcare/selfcare.sock" },
	{ "listen_mode",	C_MODE,	S(listen_mode),		0, 0777, "0660" },
	{ "listen_group",	C_STR,	S(listen_group),	0, 64, "" },
	{ "workers",		C_INT,	S(workers),		1, 256, "4" },
	{ "max_requests",	C_INT,	S(max_requests),	1, 100000000, "10000" },
	{ "request_timeout",	C_INT,	S(request_timeout),	1, 3600, "30" },
	{ "db_socket",		C_STR,	S(db_socket),		0, 107, "/run/mysqld/mysqld.sock" },
	{ "db_host",		C_STR,	S(db_host),		0, 1024, "" },
	{ "db_port",		C_INT,	S(db_port),		1, 65535, "3306" },
	{ "db_name",		C_STR,	S(db_name),		1, 64, "selfcare" },
	{ "db_user",		C_STR,	S(db_user),		1, 80, "selfcare" },
	{ "db_password",	C_STR,	S(db_password),		0, 255, "" },
	{ "xsl_dir",		C_STR,	S(xsl_dir),		1, 1024, PKGDATADIR "/xsl" },
	{ "schema_dir",		C_STR,	S(schema_dir),		1, 1024, PKGDATADIR "/schema" },
	{ "secret_key_file",	C_STR,	S(secret_key_file),	1, 1024, SYSCONFDIR "/selfcare/secret.key" },
	{ "sendmail",		C_STR,	S(sendmail),		1, 1024, "/usr/sbin/sendmail -t -i" },
	{ "mail_from",		C_STR,	S(mail_from),		3, 254, "selfcare@localhost" },
	{ "mail_interval",	C_INT,	S(mail_interval),	0, 86400, "5" },
	{ "base_url",		C_STR,	S(base_url),		8, 255, "http://127.0.0.1:8080" },
	{ "cookie_secure",	C_BOOL,	S(cookie_secure),	0, 1, "yes" },
	{ "default_lang",	C_LANG,	S(default_lang),	2, 2, "nb" },
	{ "log_file",		C_STR,	S(log_file),		0, 1024, "" },
	{ "admin_host",		C_STR,	S(admin_host),		0, 255, "" },
	{ "totp_issuer",	C_STR,	S(totp_issuer),		1, 64, "selfcare" },
	/* Operation: status and ping pages, slow requests, stopping, log lines. */
	{ "status_path",	C_URLPATH, S(status_path),	0, 255, "" },
	{ "ping_path",		C_URLPATH, S(ping_path),	0, 255, "" },
	{ "status_allow",	C_ADDRS, S(status_allow),	0, 1024, "127.0.0.1, ::1" },
	{ "slowlog",		C_STR,	S(slowlog),		0, 1024, "" },
	{ "request_slowlog_timeout", C_MSEC, S(request_slowlog_timeout), 0, 3600000, "0" },
	{ "process_control_timeout", C_MSEC, S(process_control_timeout), -1, 3600000, "" },
	{ "log_priority_prefix", C_AUTO, S(log_priority_prefix), -1, 1, "auto" },
	/* Customer care (the back office's role care). */
	{ "case_target_days",	C_INT,	S(case_target_days),	1, 30, "2" },
	/* The network's provisioning of orders in progress. */
	{ "provision_command",	C_STR,	S(provision_command),	0, 1024, "" },
	{ "provision_tries",	C_INT,	S(provision_tries),	1, 100, "8" },
	/* Several machines: reads wait for the cluster (auto: with several db_host nodes). */
	{ "db_sync_wait",	C_AUTO,	S(db_sync_wait),	-1, 1, "auto" },
	/* New subscriptions: the SM-DP+ address of eSIM activation codes. */
	{ "esim_smdp_address",	C_STR,	S(esim_smdp_address),	0, 255, "" },
	/* Employees: the SMS gateway, and single sign-on by the web server. */
	{ "sms_command",	C_STR,	S(sms_command),		0, 1024, "" },
	{ "sso_variable",	C_STR,	S(sso_variable),	0, 64, "" },
	/* The bench: statements and round trips per request in a header. */
	{ "debug_statements",	C_BOOL,	S(debug_statements),	0, 1, "no" },
	/* The partner API: requests a key may make a minute, a rotation's overlap. */
	{ "api_rate_limit",	C_INT,	S(api_rate_limit),	1, 1000000, "600" },
	{ "api_key_overlap",	C_INT,	S(api_key_overlap),	0, 720, "24" },
	/* The partner API's webhooks: private callbacks allowed, tries, back-off, wait. */
	{ "webhook_allow",	C_ADDRS, S(webhook_allow),	0, 1024, "" },
	{ "webhook_tries",	C_INT,	S(webhook_tries),	1, 100, "8" },
	{ "webhook_retry",	C_INT,	S(webhook_retry),	1, 3600, "30" },
	{ "webhook_timeout",	C_INT,	S(webhook_timeout),	1, 60, "10" },
	/* The languages offered: one compiled stylesheet (~10 MB) each. */
	{ "languages",		C_STR,	S(languages),		2, 64, "nb da en" },
};
_Static_assert(COUNTOF(keys) <= CONF_KEYS_MAX, "struct conf's line[] is too short");

/* Checks of a string beyond its length: 0, or -1 with the reason in why. */
typedef int valid_fn(const char *, char *why, size_t);
static valid_fn valid_listen, valid_url, valid_command, valid_command_or_none,
    valid_dbhost, valid_sms, valid_sso, valid_languages;
static const struct {
	size_t		 off;
	valid_fn	*fn;
} valid[] = {
	{ S(listen),	valid_listen },
	{ S(sendmail),	valid_command },
	{ S(base_url),	valid_url },
	{ S(provision_command), valid_command_or_none },
	{ S(db_host),	valid_dbhost },
	{ S(sms_command), valid_sms },
	{ S(sso_variable), valid_sso },
	{ S(languages),	valid_languages },
};
#undef S

const char *
conf_default_path(void)
{
	return SYSCONFDIR "/selfcare/selfcare.conf";
}

static int
valid_languages(const char *v, char *why, size_t wlen)
{
	unsigned set;

	return i18n_langs_parse(v, &set, why, wlen);
}

/* ---- messages -------------------------------------------------------- */

void
conf_say(struct conf_msgs *m, int warning, const char *name, int line,
    const char *fmt, ...)
{
	char text[900], at[300], all[1300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (line < 0)
		line = -line;	/* a refused value's line */
	if (line > 0)
		snprintf(at, sizeof(at), "%.256s:%d", name, line);
	else
		snprintf(at, sizeof(at), "%.256s", name);
	snprintf(all, sizeof(all), "%s: %s%s", at, warning ? "warning: " : "", text);
	m->v = erealloc(m->v, (m->n + 1) * sizeof(*m->v));
	m->v[m->n].warning = warning;
	m->v[m->n].line = line;
	m->v[m->n].text = estrdup(all);
	m->n++;
	if (warning)
		m->warnings++;
	else
		m->errors++;
}

void
conf_msgs_sort(struct conf_msgs *m)
{
	struct conf_msg t;
	size_t i, j;

	/* Insertion sort: stable, and a file has few problems. */
	for (i = 1; i < m->n; i++) {
		t = m->v[i];
		for (j = i; j > 0 && m->v[j - 1].line > t.line; j--)
			m->v[j] = m->v[j - 1];
		m->v[j] = t;
	}
}

void
conf_msgs_free(struct conf_msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].text);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ---- values ---------------------------------------------------------- */

/* A path the web server passes unchanged: /a-z0-9._- segments, no dot
 * segments, no trailing slash, no .xml suffix (requests lose it). */
static int
url_path_ok(const char *p)
{
	size_t n = strlen(p);

	if (p[0] != '/' || n < 2 || p[n - 1] == '/' ||
	    strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789/._-") != n || strstr(p, "//") || strstr(p, "/.") ||
	    (n > 4 && strcmp(p + n - 4, ".xml") == 0))
		return -1;
	return 0;
}

/* "5", "5s", "500ms", "2m" into milliseconds, at most max. */
static int
parse_msec(const char *v, long long max, long long *ms)
{
	static const struct { const char *unit; long long mul; } units[] = {
		{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 },
	};
	char num[16];
	size_t d = strspn(v, "0123456789"), i;
	long long n;

	if (d == 0 || d >= sizeof(num))
		return -1;
	memcpy(num, v, d);
	num[d] = '\0';
	if (parse_int(num, 0, max, &n) == -1)
		return -1;
	for (i = 0; i < COUNTOF(units); i++)
		if (strcmp(v + d, units[i].unit) == 0)
			break;
	if (i == COUNTOF(units) || n > max / units[i].mul)
		return -1;
	*ms = n * units[i].mul;
	return 0;
}

static int
is_digits(const char *s)
{
	if (*s == '-')
		s++;
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

static int
set_key(struct conf *c, const struct ckey *k, const char *v, char *why, size_t wlen)
{
	char *dst = (char *)c + k->off;
	long long n;
	size_t i;

	switch (k->type) {
	case C_MSEC:
		if (*v == '\0' && k->min < 0) {
			*(int *)dst = -1;	/* unset: the documented fallback */
			return 0;
		}
		if (parse_msec(v, k->max, &n) == -1) {
			snprintf(why, wlen, "'%.32s' is not a duration like 5s or 500ms"
			    " up to %lld ms", v, k->max);
			return -1;
		}
		*(int *)dst = (int)n;
		return 0;
	case C_AUTO:
	case C_BOOL:
		if (k->type == C_AUTO && strcmp(v, "auto") == 0)
			*(int *)dst = -1;
		else if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
			*(int *)dst = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
			*(int *)dst = 0;
		else {
			snprintf(why, wlen, "'%.32s' is not %s", v,
			    k->type == C_AUTO ? "auto, yes or no" : "yes or no");
			return -1;
		}
		return 0;
	case C_STR:
	case C_LANG:
	case C_URLPATH:
	case C_ADDRS:
		if ((long long)strlen(v) > k->max) {
			snprintf(why, wlen, "longer than %lld characters", k->max);
			return -1;
		}
		if (k->type == C_STR && (long long)strlen(v) < k->min) {
			if (k->min == 1)
				snprintf(why, wlen, "must not be empty");
			else
				snprintf(why, wlen, "shorter than %lld characters", k->min);
			return -1;
		}
		if (k->type == C_LANG && strcmp(v, "nb") && strcmp(v, "da") &&
		    strcmp(v, "en")) {
			snprintf(why, wlen, "'%.32s' is not one of nb, da, en", v);
			return -1;
		}
		for (i = 0; i < COUNTOF(valid); i++)
			if (valid[i].off == k->off && valid[i].fn(v, why, wlen) == -1)
				return -1;
		if (k->type == C_URLPATH && *v != '\0' && url_path_ok(v) == -1) {
			snprintf(why, wlen, "'%.64s' is not a plain absolute path like /status", v);
			return -1;
		}
		if (k->type == C_ADDRS && netaddr_parse(v, NULL, 0) == -1) {
			snprintf(why, wlen, "not a list of IPv4/IPv6 addresses or CIDR blocks");
			return -1;
		}
		free(*(char **)dst);
		*(char **)dst = estrdup(v);
		return 0;
	case C_INT:
		if (!is_digits(v)) {
			snprintf(why, wlen, "'%.32s' is not a whole number", v);
			return -1;
		}
		if (parse_int(v, k->min, k->max, &n) == -1) {
			snprintf(why, wlen, "%.32s is out of range %lld..%lld", v,
			    k->min, k->max);
			return -1;
		}
		*(int *)dst = (int)n;
		return 0;
	case C_MODE:
		if (strlen(v) < 3 || strlen(v) > 4 || strspn(v, "01234567") != strlen(v)) {
			snprintf(why, wlen, "'%.32s' is not an octal file mode like 0660", v);
			return -1;
		}
		*(unsigned *)dst = (unsigned)strtoul(v, NULL, 8) & 0777;
		return 0;
	}
	return -1;
}

/* A unix socket path, or a numeric HOST:PORT (server.c binds with AI_NUMERICHOST). */
static int
valid_listen(const char *v, char *why, size_t wlen)
{
	char host[128];
	const char *colon = strrchr(v, ':');
	unsigned char addr[16];
	long long port;
	size_t n;

	if (v[0] == '/')
		return 0;
	if (colon == NULL || (n = (size_t)(colon - v)) == 0 || n >= sizeof(host)) {
		snprintf(why, wlen, "'%.64s' is neither an absolute socket path nor "
		    "HOST:PORT", v);
		return -1;
	}
	memcpy(host, v, n);
	host[n] = '\0';
	if (host[0] == '[' && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
	}
	if (parse_int(colon + 1, 1, 65535, &port) == -1) {
		snprintf(why, wlen, "'%.64s': the port must be a number 1..65535", v);
		return -1;
	}
	if (inet_pton(AF_INET, host, addr) != 1 && inet_pton(AF_INET6, host, addr) != 1) {
		snprintf(why, wlen, "'%.64s': the host must be a numeric address "
		    "(127.0.0.1, [::1]), not a name", v);
		return -1;
	}
	return 0;
}

/* scheme://host[:port][/path] without a trailing '/': links are base_url + "/path". */
static int
valid_url(const char *v, char *why, size_t wlen)
{
	size_t skip = strncmp(v, "https://", 8) == 0 ? 8 :
	    strncmp(v, "http://", 7) == 0 ? 7 : 0;

	if (skip == 0)
		snprintf(why, wlen, "must start with http:// or https://");
	else if (strcspn(v + skip, "/:") == 0)
		snprintf(why, wlen, "no host after %.*s", (int)skip, v);
	else if (strpbrk(v, " \t?#") != NULL)
		snprintf(why, wlen, "must not hold blanks, '?' or '#'");
	else if (v[strlen(v) - 1] == '/')
		snprintf(why, wlen, "must not end in '/' (links in mail are "
		    "base_url + /path)");
	else
		return 0;
	return -1;
}

/* mail.c runs the words with execv: no shell, no PATH search, 31 words. */
/* A list of database addresses (dbaddr.h); the port is checked, not the default. */
static int
valid_dbhost(const char *v, char *why, size_t wlen)
{
	struct dbaddr a[DBADDR_MAX];

	return dbaddr_parse(v, 3306, a, why, wlen) < 0 ? -1 : 0;
}

static int
valid_command(const char *v, char *why, size_t wlen)
{
	size_t words = 0;
	const char *p = v;

	while (*(p += strspn(p, " \t")) != '\0') {
		words++;
		p += strcspn(p, " \t");
	}
	if (v[0] != '/') {
		snprintf(why, wlen, "the program must be an absolute path (it is run "
		    "without a shell or PATH)");
		return -1;
	}
	if (words > 31) {
		snprintf(why, wlen, "more than 31 words");
		return -1;
	}
	return 0;
}

/* A command that may be left unset (empty: none). */
static int
valid_command_or_none(const char *v, char *why, size_t wlen)
{
	return *v == '\0' ? 0 : valid_command(v, why, wlen);
}

/* Off when empty; a gateway is a command as sendmail, the number its last word. */
static int
valid_sms(const char *v, char *why, size_t wlen)
{
	size_t words = 0;
	const char *p = v;

	if (v[0] == '\0')
		return 0;
	while (*(p += strspn(p, " \t")) != '\0') {
		words++;
		p += strcspn(p, " \t");
	}
	if (words > 30) {
		snprintf(why, wlen, "more than 30 words");
		return -1;
	}
	return valid_command(v, why, wlen);
}

/*
 * Off when empty; else a FastCGI parameter only the web server sets
 * (REMOTE_USER, OIDC_CLAIM_email): never HTTP_*, which is a header any
 * client may send.
 */
static int
valid_sso(const char *v, char *why, size_t wlen)
{
	if (v[0] == '\0')
		return 0;
	if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(v)) {
		snprintf(why, wlen, "a server variable's name: letters, digits and _");
		return -1;
	}
	if (strncasecmp(v, "HTTP_", 5) == 0) {
		snprintf(why, wlen, "HTTP_* is a request header any client may send, "
		    "not a variable of the web server");
		return -1;
	}
	return 0;
}

void
conf_defaults(struct conf *c)
{
	char why[256];
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < COUNTOF(keys); i++)
		if (set_key(c, &keys[i], keys[i].def, why, sizeof(why)) == -1)
			abort();	/* a default that fails its own check is a bug */
}

/* ---- the file -------------------------------------------------------- */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static const struct ckey *
key_named(const char *name)
{
	size_t i;

	for (i = 0; i < COUNTOF(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

int
conf_line(const struct conf *c, const char *key)
{
	const struct ckey *k = key_named(key);

	return k ? c->line[k - keys] : 0;
}

/* The line of the key named as the member: 0 the default, <0 refused. */
#define LINE(c, f) conf_line((c), #f)

/* Whether an http(s) URL's host is the loopback interface. */
static int
url_is_loopback(const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	if (h == NULL)
		return 0;
	h += 3;
	if (strncmp(h, "[::1]", 5) == 0)
		return h[5] == '\0' || h[5] == ':' || h[5] == '/';
	n = strcspn(h, ":/");
	return (n == 9 && strncmp(h, "localhost", 9) == 0) ||
	    (n >= 9 && strncmp(h, "127.", 4) == 0 &&
	    strspn(h, "0123456789.") >= n);
}

/* "line N", or "the default" for a key the file does not set. */
static const char *
where(int line, char *buf, size_t len)
{
	if (line == 0)
		snprintf(buf, len, "the default");
	else
		snprintf(buf, len, "line %d", line);
	return buf;
}

/* The default language is one of those offered. */
static void
check_languages(const struct conf *c, const char *name, struct conf_msgs *m)
{
	int l_langs = LINE(c, languages), l_def = LINE(c, default_lang);
	char why[64], a[32], b[32];
	unsigned set, def;

	/* A refused value has its message already. */
	if (l_langs < 0 || l_def < 0 ||
	    i18n_langs_parse(c->languages, &set, why, sizeof(why)) == -1 ||
	    i18n_langs_parse(c->default_lang, &def, why, sizeof(why)) == -1)
		return;
	if ((set & def) == 0)
		conf_say(m, 0, name, l_langs > l_def ? l_langs : l_def,
		    "default_lang = %s (%s) is not one of languages = %s (%s)",
		    c->default_lang, where(l_def, a, sizeof(a)), c->languages,
		    where(l_langs, b, sizeof(b)));
}

/*
 * The checks between keys, on what the file says. Keys whose own value
 * was refused are left out: their message is already there.
 */
static void
check_keys(const struct conf *c, const char *name, struct conf_msgs *m)
{
	int l_url = LINE(c, base_url), l_secure = LINE(c, cookie_secure);
	int l_host = LINE(c, db_host), l_socket = LINE(c, db_socket);
	int l_port = LINE(c, db_port), l_group = LINE(c, listen_group);
	int https = strncmp(c->base_url, "https://", 8) == 0;
	char a[32], b[32];

	if (l_url >= 0 && l_secure >= 0) {
		/* Browsers keep a Secure cookie only from a secure origin. */
		if (c->cookie_secure && !https && !url_is_loopback(c->base_url))
			conf_say(m, 0, name, l_url > l_secure ? l_url : l_secure,
			    "cookie_secure = yes (%s) and base_url %s (%s) is plain "
			    "http on a host that is not loopback: browsers drop the "
			    "Secure session cookie and nobody can log in; use https://",
			    where(l_secure, a, sizeof(a)), c->base_url,
			    where(l_url, b, sizeof(b)));
		else if (!c->cookie_secure && https)
			conf_say(m, 1, name, l_secure, "cookie_secure = no on an https:// "
			    "base_url: the session cookie goes without Secure");
	}
	if (l_host > 0 && c->db_host[0] != '\0' && l_socket > 0 &&
	    c->db_socket[0] != '\0') {
		/* db.c passes db_socket only when db_host is empty. */
		if (strcmp(c->db_host, "localhost") == 0)
			conf_say(m, 1, name, l_host, "db_host = localhost connects through "
			    "the client library's default socket, not db_socket (line "
			    "%d): leave db_host empty to use db_socket, or set 127.0.0.1 "
			    "for TCP", l_socket);
		else
			conf_say(m, 1, name, l_socket, "db_socket is not used: db_host "
			    "(line %d) connects over TCP", l_host);
	}
	if (l_port > 0 && c->db_host[0] == '\0' && c->db_port != 3306 /* default */)
		conf_say(m, 1, name, l_port, "db_port is not used without db_host (the "
		    "connection goes through db_socket)");
	if (l_group > 0 && c->listen_group[0] != '\0' && c->listen[0] != '/')
		conf_say(m, 1, name, l_group, "listen_group is used only for a unix "
		    "socket, and listen (line %d) is TCP", LINE(c, listen));
	check_languages(c, name, m);
}

/* A comment after a value: a blank then '#'. "pa#ss" stays a value. */
static int
has_comment(const char *v)
{
	for (; *v; v++)
		if ((*v == ' ' || *v == '\t') && v[1] == '#')
			return 1;
	return 0;
}

int
conf_parse(struct conf *c, const char *text, size_t len, const char *name,
    struct conf_msgs *m)
{
	char line[2048], why[256];
	size_t pos = 0;
	int lineno = 0, errors = m->errors;

	memset(c->line, 0, sizeof(c->line));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		const struct ckey *k;
		char *s, *eq, *key, *val;
		int *at;

		lineno++;
		if (n >= sizeof(line)) {
			conf_say(m, 0, name, lineno, "line too long (at most %zu bytes)",
			    sizeof(line) - 1);
			pos += n + 1;
			continue;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (memchr(line, '\0', n) != NULL) {
			conf_say(m, 0, name, lineno, "NUL byte in line");
			continue;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			conf_say(m, 0, name, lineno, "expected 'key = value'");
			continue;
		}
		*eq = '\0';
		key = trim(s);
		if ((k = key_named(key)) == NULL) {
			conf_say(m, 0, name, lineno, "unknown key '%.64s'", key);
			continue;
		}
		at = &c->line[k - keys];
		if (*at != 0) {
			conf_say(m, 0, name, lineno, "%s: already set on line %d", key,
			    *at > 0 ? *at : -*at);
			continue;
		}
		if (has_comment(eq + 1)) {
			conf_say(m, 0, name, lineno, "%s: a comment after the value (' #'): "
			    "put comments on a line of their own", key);
			*at = -lineno;
			continue;
		}
		val = trim(eq + 1);
		if (set_key(c, k, val, why, sizeof(why)) == -1) {
			conf_say(m, 0, name, lineno, "%s: %s", key, why);
			*at = -lineno;
			continue;
		}
		*at = lineno;
	}
	check_keys(c, name, m);
	return m->errors > errors ? CONF_BAD : CONF_OK;
}

int
conf_load_secret(struct conf *c, char *err, size_t errlen)
{
	char hex[129];
	size_t binlen, n;
	ssize_t got;
	int fd;

	if ((fd = open(c->secret_key_file, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s (create it with: selfcare genkey > %s)",
		    c->secret_key_file, strerror(errno), c->secret_key_file);
		return -1;
	}
	got = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (got < 0)
		got = 0;
	hex[got] = '\0';
	n = strcspn(hex, "\r\n \t");
	hex[n] = '\0';
	if (n != 64 || sodium_hex2bin(c->secret, sizeof(c->secret), hex,
	    64, NULL, &binlen, NULL) != 0 || binlen != sizeof(c->secret)) {
		snprintf(err, errlen, "%s: %s, must be 64 hexadecimal characters "
		    "(selfcare genkey)", c->secret_key_file, n == 64 ?
		    "not hexadecimal" : n > 64 ? "too long" : "too short");
		sodium_memzero(hex, sizeof(hex));
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

int
conf_read(struct conf *c, const char *path, struct conf_msgs *m)
{
	struct buf b = { 0 };
	char chunk[4096], err[1024];
	ssize_t n;
	int fd, rc = CONF_NOFILE;

	conf_defaults(c);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		conf_say(m, 0, path, 0, "%s", strerror(errno));
		return CONF_NOFILE;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&b, chunk, (size_t)n);
		if (b.len > 1024 * 1024) {
			conf_say(m, 0, path, 0, "file too large");
			rc = CONF_BAD;
			goto out;
		}
	}
	if (n < 0) {
		conf_say(m, 0, path, 0, "%s", strerror(errno));
		goto out;
	}
	rc = conf_parse(c, b.p ? b.p : "", b.len, path, m);
	if (LINE(c, secret_key_file) >= 0 &&
	    conf_load_secret(c, err, sizeof(err)) == -1) {
		conf_say(m, 0, path, LINE(c, secret_key_file), "secret_key_file %s", err);
		rc = CONF_BAD;
	}
out:
	close(fd);
	buf_free(&b);
	return rc;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	struct conf_msgs m = { 0 };
	size_t i, used = 0;
	int rc;

	err[0] = '\0';
	rc = conf_read(c, path, &m);
	for (i = 0; i < m.n; i++) {
		if (m.v[i].warning)
			log_warn("%s", m.v[i].text);
		else if (used < errlen) {
			int w = snprintf(err + used, errlen - used, "%s%s",
			    used ? "; " : "", m.v[i].text);

			used += w > 0 ? (size_t)w : 0;
		}
	}
	conf_msgs_free(&m);
	if (rc != CONF_OK) {
		conf_free(c);
		return -1;
	}
	return 0;
}

/* ---- the system ------------------------------------------------------- */

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory part of a path ("." for a bare name). */
static void
dir_of(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, len, ".");
	else if (slash == path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(slash - path), path);
}

/* Where a key's value comes from, for a message: the line, or "(the default)". */
static const char *
dflt(int line)
{
	return line == 0 ? " (the default)" : "";
}

static void
check_dirs(const struct conf *c, const char *name, struct conf_msgs *m)
{
	static const char *const schema_subdirs[] = { "sql", "xsd" };
	int l_xsl = LINE(c, xsl_dir), l_schema = LINE(c, schema_dir);
	char path[2048];
	size_t i;

	if (l_xsl >= 0) {
		snprintf(path, sizeof(path), "%s/site.xsl", c->xsl_dir);
		if (!is_dir(c->xsl_dir))
			conf_say(m, 0, name, l_xsl, "xsl_dir %s%s: no such directory",
			    c->xsl_dir, dflt(l_xsl));
		else if (access(path, R_OK) == -1)
			conf_say(m, 0, name, l_xsl, "xsl_dir %s: no readable site.xsl (%s)",
			    c->xsl_dir, strerror(errno));
		else
			for (i = 0; i18n_langs[i] != NULL; i++) {
				snprintf(path, sizeof(path), "%s/i18n/%s.xml",
				    c->xsl_dir, i18n_langs[i]);
				if (access(path, R_OK) == -1)
					conf_say(m, 0, name, l_xsl, "xsl_dir %s: no readable "
					    "i18n/%s.xml (%s)", c->xsl_dir,
					    i18n_langs[i], strerror(errno));
			}
	}
	if (l_schema >= 0) {
		if (!is_dir(c->schema_dir))
			conf_say(m, 0, name, l_schema, "schema_dir %s%s: no such directory",
			    c->schema_dir, dflt(l_schema));
		else
			for (i = 0; i < COUNTOF(schema_subdirs); i++) {
				snprintf(path, sizeof(path), "%s/%s", c->schema_dir,
				    schema_subdirs[i]);
				if (!is_dir(path))
					conf_say(m, 0, name, l_schema, "schema_dir %s: no "
					    "%s/ directory", c->schema_dir,
					    schema_subdirs[i]);
			}
	}
}

/* The key and the config file: nobody but the service may read the secrets. */
static void
check_secrets(const struct conf *c, const char *name, struct conf_msgs *m)
{
	int l_key = LINE(c, secret_key_file), l_pw = LINE(c, db_password);
	struct stat st;

	if (l_key >= 0 && stat(c->secret_key_file, &st) == 0 &&
	    (st.st_mode & (S_IRWXO | S_IWGRP)))
		conf_say(m, 0, name, l_key, "secret_key_file %s: mode %04o %s: chmod "
		    "0600 (or 0640 with the service's group)", c->secret_key_file,
		    (unsigned)(st.st_mode & 07777), st.st_mode & S_IRWXO ?
		    "gives every user access" : "lets its group change it");
	if (stat(name, &st) == 0) {
		if (st.st_mode & S_IWOTH)
			conf_say(m, 0, name, 0, "mode %04o lets every user change the "
			    "configuration: chmod 0640", (unsigned)(st.st_mode & 07777));
		else if (c->db_password[0] != '\0' && (st.st_mode & S_IROTH))
			conf_say(m, 0, name, l_pw, "db_password is set and the file (mode "
			    "%04o) is readable by every user: chmod 0640 (owner root, "
			    "the service's group)", (unsigned)(st.st_mode & 07777));
	}
}

/* A file the service appends to (log_file, slowlog): writable, or creatable. */
static void
check_log(const char *key, const char *file, int line, const char *name,
    struct conf_msgs *m)
{
	char dir[1100];
	struct stat st;

	if (line < 0 || file[0] == '\0')
		return;
	if (stat(file, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			conf_say(m, 0, name, line, "%s %s: is a directory", key, file);
		else if (access(file, W_OK) == -1)
			conf_say(m, 0, name, line, "%s %s: not writable (%s)", key,
			    file, strerror(errno));
		return;
	}
	dir_of(file, dir, sizeof(dir));
	if (!is_dir(dir))
		conf_say(m, 0, name, line, "%s %s: no directory %s", key, file, dir);
	else if (access(dir, W_OK | X_OK) == -1)
		conf_say(m, 0, name, line, "%s %s: cannot be created in %s (%s)",
		    key, file, dir, strerror(errno));
}

/* Whether this process may give a file it owns to group gid (chown(2)). */
static int
may_chgrp(gid_t gid)
{
	gid_t groups[256];
	int n, i;

	if (geteuid() == 0 || getegid() == gid)
		return 1;
	if ((n = getgroups((int)COUNTOF(groups), groups)) < 0)
		return 1;	/* cannot tell: let bind time say */
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

static void
check_listen(const struct conf *c, const char *name, int inherited,
    struct conf_msgs *m)
{
	int l_listen = LINE(c, listen), l_group = LINE(c, listen_group);
	char dir[128];
	struct group *g;

	if (inherited || l_listen < 0)
		return;
	if (c->listen[0] != '/') {
		/* libfcgi lets only FCGI_WEB_SERVER_ADDRS connect over TCP. */
		if (getenv("FCGI_WEB_SERVER_ADDRS") == NULL)
			conf_say(m, 1, name, l_listen, "listen %s is TCP and "
			    "FCGI_WEB_SERVER_ADDRS is not set: any local process may "
			    "connect", c->listen);
		return;
	}
	dir_of(c->listen, dir, sizeof(dir));
	/* A warning: under systemd or spawn-fcgi the socket comes on fd 0. */
	if (!is_dir(dir))
		conf_say(m, 1, name, l_listen, "listen %s: no directory %s (needed unless "
		    "the socket is inherited on fd 0)", c->listen, dir);
	else if (access(dir, W_OK | X_OK) == -1)
		conf_say(m, 1, name, l_listen, "listen %s: cannot be created in %s (%s; "
		    "fine when the socket is inherited on fd 0)", c->listen, dir,
		    strerror(errno));
	if (l_group < 0 || c->listen_group[0] == '\0')
		return;
	if ((g = getgrnam(c->listen_group)) == NULL)
		conf_say(m, 0, name, l_group, "listen_group %s: no such group",
		    c->listen_group);
	else if (!may_chgrp(g->gr_gid))
		conf_say(m, 0, name, l_group, "listen_group %s: this user (uid %u) is "
		    "not in the group and cannot give the socket to it",
		    c->listen_group, (unsigned)geteuid());
}

/* A command's program (its first word): an executable file. */
static void
check_program(const char *key, const char *cmd, int line, const char *hint,
    const char *name, struct conf_msgs *m)
{
	char prog[1100];
	struct stat st;

	if (line < 0 || *cmd == '\0')
		return;
	snprintf(prog, sizeof(prog), "%.*s", (int)strcspn(cmd, " \t"), cmd);
	if (stat(prog, &st) == -1)
		conf_say(m, 0, name, line, "%s: %s%s: %s%s", key, prog, dflt(line),
		    strerror(errno), hint);
	else if (!S_ISREG(st.st_mode) || access(prog, X_OK) == -1)
		conf_say(m, 0, name, line, "%s: %s: not an executable file", key, prog);
}

int
conf_check_system(const struct conf *c, const char *path, int inherited,
    struct conf_msgs *m)
{
	int errors = m->errors;

	check_listen(c, path, inherited, m);
	check_dirs(c, path, m);
	check_secrets(c, path, m);
	check_log("log_file", c->log_file, LINE(c, log_file), path, m);
	check_log("slowlog", c->slowlog, LINE(c, slowlog), path, m);
	check_program("sendmail", c->sendmail, LINE(c, sendmail),
	    " (install an MTA, or name another program)", path, m);
	check_program("provision_command", c->provision_command,
	    LINE(c, provision_command), "", path, m);
	return m->errors > errors ? CONF_BAD : CONF_OK;
}

void
conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < COUNTOF(keys); i++)
		if (IS_STR(keys[i].type)) {
			free(*(char **)((char *)c + keys[i].off));
			*(char **)((char *)c + keys[i].off) = NULL;
		}
	sodium_memzero(c->secret, sizeof(c->secret));
}
