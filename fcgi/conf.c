/*
 * Configuration: a table of keys with their type and bounds, so every key is
 * parsed and checked the same way and an unknown key is an error, not a typo
 * that silently keeps a default.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "ops.h"
#include "util.h"

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
	long long	 min, max;	/* C_INT bounds; C_STR: max length */
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
	{ "db_host",		C_STR,	S(db_host),		0, 255, "" },
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
	/* Operation: status and ping pages, slow requests, stopping, log lines. */
	{ "status_path",	C_URLPATH, S(status_path),	0, 255, "" },
	{ "ping_path",		C_URLPATH, S(ping_path),	0, 255, "" },
	{ "status_allow",	C_ADDRS, S(status_allow),	0, 1024, "127.0.0.1, ::1" },
	{ "slowlog",		C_STR,	S(slowlog),		0, 1024, "" },
	{ "request_slowlog_timeout", C_MSEC, S(request_slowlog_timeout), 0, 3600000, "0" },
	{ "process_control_timeout", C_MSEC, S(process_control_timeout), -1, 3600000, "" },
	{ "log_priority_prefix", C_AUTO, S(log_priority_prefix), -1, 1, "auto" },
};
#undef S

const char *
conf_default_path(void)
{
	return SYSCONFDIR "/selfcare/selfcare.conf";
}

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
set_key(struct conf *c, const struct ckey *k, const char *v, const char **why)
{
	char *dst = (char *)c + k->off;
	long long n;

	switch (k->type) {
	case C_MSEC:
		if (*v == '\0' && k->min < 0) {
			*(int *)dst = -1;	/* unset: the documented fallback */
			return 0;
		}
		if (parse_msec(v, k->max, &n) == -1) {
			*why = "not a duration like 5s or 500ms in range";
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
			*why = k->type == C_AUTO ? "must be auto, yes or no" :
			    "must be yes or no";
			return -1;
		}
		return 0;
	case C_STR:
	case C_LANG:
	case C_URLPATH:
	case C_ADDRS:
		if ((long long)strlen(v) > k->max) {
			*why = "value too long";
			return -1;
		}
		if (k->type == C_STR && k->min > 0 && (long long)strlen(v) < k->min) {
			*why = "value must not be empty";
			return -1;
		}
		if (k->type == C_LANG && strcmp(v, "nb") && strcmp(v, "da") &&
		    strcmp(v, "en")) {
			*why = "must be one of nb, da, en";
			return -1;
		}
		if (k->type == C_URLPATH && *v != '\0' && url_path_ok(v) == -1) {
			*why = "not a plain absolute path like /status";
			return -1;
		}
		if (k->type == C_ADDRS && ops_allow_parse(v, NULL, 0) == -1) {
			*why = "not a list of IPv4/IPv6 addresses or CIDR blocks";
			return -1;
		}
		free(*(char **)dst);
		*(char **)dst = xstrdup(v);
		return 0;
	case C_INT:
		if (parse_int(v, k->min, k->max, &n) == -1) {
			*why = "not a whole number in range";
			return -1;
		}
		*(int *)dst = (int)n;
		return 0;
	case C_MODE:
		if (strlen(v) < 3 || strlen(v) > 4 || strspn(v, "01234567") != strlen(v)) {
			*why = "not an octal file mode like 0660";
			return -1;
		}
		*(unsigned *)dst = (unsigned)strtoul(v, NULL, 8) & 0777;
		return 0;
	}
	return -1;
}

void
conf_defaults(struct conf *c)
{
	const char *why;
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < COUNTOF(keys); i++)
		if (set_key(c, &keys[i], keys[i].def, &why) == -1)
			abort();	/* a default that fails its own check is a bug */
}

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

int
conf_parse(struct conf *c, const char *text, size_t len, const char *name,
    char *err, size_t errlen)
{
	char line[2048];
	size_t pos = 0, i;
	int lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *s, *eq, *key, *val;
		const char *why = NULL;

		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "%s:%d: line too long", name, lineno);
			return -1;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (memchr(line, '\0', n) != NULL) {
			snprintf(err, errlen, "%s:%d: NUL byte in line", name, lineno);
			return -1;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", name, lineno);
			return -1;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		for (i = 0; i < COUNTOF(keys); i++)
			if (strcmp(keys[i].name, key) == 0)
				break;
		if (i == COUNTOF(keys)) {
			snprintf(err, errlen, "%s:%d: unknown key '%.64s'", name, lineno, key);
			return -1;
		}
		if (set_key(c, &keys[i], val, &why) == -1) {
			snprintf(err, errlen, "%s:%d: %s: %s", name, lineno, key, why);
			return -1;
		}
	}
	return 0;
}

int
conf_load_secret(struct conf *c, char *err, size_t errlen)
{
	char hex[129];
	size_t binlen;
	ssize_t n;
	int fd;

	if ((fd = open(c->secret_key_file, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s (create it with: selfcare genkey > %s)",
		    c->secret_key_file, strerror(errno), c->secret_key_file);
		return -1;
	}
	n = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	hex[n] = '\0';
	trim(hex);
	hex[strcspn(hex, "\r\n \t")] = '\0';
	if (strlen(hex) != 64 || sodium_hex2bin(c->secret, sizeof(c->secret), hex,
	    64, NULL, &binlen, NULL) != 0 || binlen != sizeof(c->secret)) {
		snprintf(err, errlen, "%s: must hold 64 hexadecimal characters "
		    "(selfcare genkey)", c->secret_key_file);
		sodium_memzero(hex, sizeof(hex));
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	struct buf b = { 0 };
	char chunk[4096];
	ssize_t n;
	int fd, rc = -1;

	conf_defaults(c);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&b, chunk, (size_t)n);
		if (b.len > 1024 * 1024) {
			snprintf(err, errlen, "%s: file too large", path);
			goto out;
		}
	}
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (conf_parse(c, b.p ? b.p : "", b.len, path, err, errlen) == -1)
		goto out;
	if (c->listen[0] != '/' && strchr(c->listen, ':') == NULL) {
		snprintf(err, errlen, "%s: listen: must be an absolute socket path or HOST:PORT", path);
		goto out;
	}
	if (strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) {
		snprintf(err, errlen, "%s: base_url: must start with http:// or https://", path);
		goto out;
	}
	if (conf_load_secret(c, err, errlen) == -1)
		goto out;
	rc = 0;
out:
	close(fd);
	buf_free(&b);
	return rc;
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
