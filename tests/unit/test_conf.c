/* The configuration parser: good files, and every kind of mistake. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/conf.h"
#include "core/i18n.h"
#include "core/util.h"

/* Parses len bytes over the defaults; every message into out, one a line. */
static int
parse_len(const char *text, size_t len, struct conf *c, struct conf_msgs *m,
    char *out, size_t outlen)
{
	size_t i, used = 0;
	int rc;

	conf_defaults(c);
	memset(m, 0, sizeof(*m));
	rc = conf_parse(c, text, len, "t.conf", m);
	out[0] = '\0';
	for (i = 0; i < m->n && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s\n", m->v[i].text);
	return rc;
}

static int
parse(const char *text, struct conf *c, struct conf_msgs *m, char *out, size_t outlen)
{
	return parse_len(text, strlen(text), c, m, out, outlen);
}

/* Each bad file gives exactly these messages (all of them, in file order). */
static const struct {
	const char	*text;
	const char	*msgs;
} bad[] = {
	/* syntax */
	{ "nosuchkey = 1\n", "t.conf:1: unknown key 'nosuchkey'\n" },
	{ "workers\n", "t.conf:1: expected 'key = value'\n" },
	{ "= 4\n", "t.conf:1: unknown key ''\n" },
	/* a comment after a value: a blank, then '#' */
	{ "base_url = http://x.example # note\n",
	  "t.conf:1: base_url: a comment after the value (' #'): put comments "
	  "on a line of their own\n" },
	{ "db_password =  #secret\n",
	  "t.conf:1: db_password: a comment after the value (' #'): put "
	  "comments on a line of their own\n" },
	{ "workers = 4\t# four\n",
	  "t.conf:1: workers: a comment after the value (' #'): put comments "
	  "on a line of their own\n" },
	/* duplicates: the second one, with both lines */
	{ "workers = 4\n\nworkers = 8\n", "t.conf:3: workers: already set on line 1\n" },
	{ "workers = 0\nworkers = 8\n",
	  "t.conf:1: workers: 0 is out of range 1..256\n"
	  "t.conf:2: workers: already set on line 1\n" },
	/* numbers */
	{ "\n\nworkers = many\n", "t.conf:3: workers: 'many' is not a whole number\n" },
	{ "workers = 0\n", "t.conf:1: workers: 0 is out of range 1..256\n" },
	{ "workers = 257\n", "t.conf:1: workers: 257 is out of range 1..256\n" },
	{ "workers = -1\n", "t.conf:1: workers: -1 is out of range 1..256\n" },
	{ "workers = 4.5\n", "t.conf:1: workers: '4.5' is not a whole number\n" },
	{ "workers =\n", "t.conf:1: workers: '' is not a whole number\n" },
	{ "db_port = 99999999999999999999\n",
	  "t.conf:1: db_port: 99999999999999999999 is out of range 1..65535\n" },
	{ "mail_interval = 86401\n",
	  "t.conf:1: mail_interval: 86401 is out of range 0..86400\n" },
	{ "request_timeout = 0\n",
	  "t.conf:1: request_timeout: 0 is out of range 1..3600\n" },
	/* other types */
	{ "listen_mode = 999\n",
	  "t.conf:1: listen_mode: '999' is not an octal file mode like 0660\n" },
	{ "cookie_secure = maybe\n", "t.conf:1: cookie_secure: 'maybe' is not yes or no\n" },
	{ "default_lang = sv\n", "t.conf:1: default_lang: 'sv' is not one of nb, da, en\n" },
	{ "db_name =\n", "t.conf:1: db_name: must not be empty\n" },
	{ "mail_from = a\n", "t.conf:1: mail_from: shorter than 3 characters\n" },
	{ "listen = /run/selfcare/0123456789012345678901234567890123456789012345"
	  "678901234567890123456789012345678901234567890123456789.sock\n",
	  "t.conf:1: listen: longer than 107 characters\n" },
	/* listen: what server.c can bind */
	{ "listen = selfcare.sock\n", "t.conf:1: listen: 'selfcare.sock' is neither "
	  "an absolute socket path nor HOST:PORT\n" },
	{ "listen = localhost:9000\n", "t.conf:1: listen: 'localhost:9000': the host "
	  "must be a numeric address (127.0.0.1, [::1]), not a name\n" },
	{ "listen = 127.0.0.1:0\n",
	  "t.conf:1: listen: '127.0.0.1:0': the port must be a number 1..65535\n" },
	{ "listen = 127.0.0.1:fcgi\n",
	  "t.conf:1: listen: '127.0.0.1:fcgi': the port must be a number 1..65535\n" },
	{ "listen = :9000\n",
	  "t.conf:1: listen: ':9000' is neither an absolute socket path nor HOST:PORT\n" },
	/* base_url */
	{ "base_url = portal.example.com\n",
	  "t.conf:1: base_url: must start with http:// or https://\n" },
	{ "base_url = https:///x\n", "t.conf:1: base_url: no host after https://\n" },
	{ "base_url = https://portal.example.com/\n", "t.conf:1: base_url: must not "
	  "end in '/' (links in mail are base_url + /path)\n" },
	{ "base_url = https://portal.example.com/?a\n",
	  "t.conf:1: base_url: must not hold blanks, '?' or '#'\n" },
	/* sendmail: run with execv */
	{ "sendmail = sendmail -t -i\n", "t.conf:1: sendmail: the program must be an "
	  "absolute path (it is run without a shell or PATH)\n" },
	{ "sendmail = /bin/x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 "
	  "22 23 24 25 26 27 28 29 30 31\n", "t.conf:1: sendmail: more than 31 words\n" },
	/* between keys */
	{ "base_url = http://portal.example.com\n",
	  "t.conf:1: cookie_secure = yes (the default) and base_url "
	  "http://portal.example.com (line 1) is plain http on a host that is not "
	  "loopback: browsers drop the Secure session cookie and nobody can log "
	  "in; use https://\n" },
	{ "cookie_secure = yes\nbase_url = http://10.0.0.1:8080\n",
	  "t.conf:2: cookie_secure = yes (line 1) and base_url http://10.0.0.1:8080 "
	  "(line 2) is plain http on a host that is not loopback: browsers drop the "
	  "Secure session cookie and nobody can log in; use https://\n" },
	/* every problem of a file, not only the first */
	{ "# a file with three mistakes\nworkers = 0\nlisten_mode = 0660\n"
	  "max_requests = lots\nfrobnicate = 1\n",
	  "t.conf:2: workers: 0 is out of range 1..256\n"
	  "t.conf:4: max_requests: 'lots' is not a whole number\n"
	  "t.conf:5: unknown key 'frobnicate'\n" },
	/* the languages offered, and the default among them */
	{ "languages = nb sv\n", "t.conf:1: languages: 'sv' is not one of nb, da, en\n" },
	{ "languages = nb, en nb\n", "t.conf:1: languages: nb is there twice\n" },
	{ "languages = , ,\n",
	  "t.conf:1: languages: no language: one or more of nb, da, en\n" },
	{ "languages = en\n", "t.conf:1: default_lang = nb (the default) is not "
	  "one of languages = en (line 1)\n" },
	{ "languages = nb da\ndefault_lang = en\n", "t.conf:2: default_lang = en "
	  "(line 2) is not one of languages = nb da (line 1)\n" },
};

/* Files that parse, with the warnings they give (or none). */
static const struct {
	const char	*text;
	const char	*msgs;
} good[] = {
	{ "", "" },
	{ "# only a comment\n\n   \n\t# indented comment\n", "" },
	{ "db_password = pa#ss\n", "" },		/* '#' in a value, no blank before */
	{ "db_password =#secret\n", "" },
	{ "base_url = http://127.0.0.1:8080\ncookie_secure = yes\n", "" },
	{ "base_url = http://localhost\ncookie_secure = yes\n", "" },
	{ "base_url = http://[::1]:8080\ncookie_secure = yes\n", "" },
	{ "base_url = https://portal.example.com/selfcare\n", "" },
	{ "listen = 127.0.0.1:9000\n", "" },
	{ "listen = [::1]:9000\n", "" },
	{ "db_host = db.example.com\ndb_socket =\n", "" },
	{ "db_port = 3306\n", "" },
	{ "base_url = https://portal.example.com\ncookie_secure = no\n",
	  "t.conf:2: warning: cookie_secure = no on an https:// base_url: the "
	  "session cookie goes without Secure\n" },
	{ "db_socket = /run/mysqld/mysqld.sock\ndb_host = db.example.com\n",
	  "t.conf:1: warning: db_socket is not used: db_host (line 2) connects "
	  "over TCP\n" },
	{ "db_socket = /run/x.sock\ndb_host = localhost\n",
	  "t.conf:2: warning: db_host = localhost connects through the client "
	  "library's default socket, not db_socket (line 1): leave db_host empty "
	  "to use db_socket, or set 127.0.0.1 for TCP\n" },
	{ "db_port = 3307\n", "t.conf:1: warning: db_port is not used without "
	  "db_host (the connection goes through db_socket)\n" },
	{ "listen = 127.0.0.1:9000\nlisten_group = www-data\n",
	  "t.conf:2: warning: listen_group is used only for a unix socket, and "
	  "listen (line 1) is TCP\n" },
	{ "languages = nb\n", "" },
	{ "default_lang = en\nlanguages = en,da\n", "" },
};

int
main(void)
{
	struct conf c;
	struct conf_msgs m;
	char out[4096], longline[3000];
	size_t i;
	const char *text =
	    "# comment\n"
	    "\n"
	    "listen = /tmp/x.sock\n"
	    "  workers=8  \n"
	    "listen_mode = 0600\n"
	    "cookie_secure = no\r\n"
	    "default_lang = da\n"
	    "db_password = with = sign\n";

	conf_defaults(&c);
	CHECK(c.workers == 4 && c.cookie_secure == 1 && strcmp(c.default_lang, "nb") == 0,
	    "defaults");
	conf_free(&c);
	parse(text, &c, &m, out, sizeof(out));
	CHECK(m.n == 0 && m.errors == 0, "%s", out);
	CHECK(strcmp(c.listen, "/tmp/x.sock") == 0, "listen %s", c.listen);
	CHECK(c.workers == 8, "workers %d", c.workers);
	CHECK(c.listen_mode == 0600, "mode %o", c.listen_mode);
	CHECK(c.cookie_secure == 0, "cookie_secure");
	CHECK(strcmp(c.default_lang, "da") == 0, "lang");
	CHECK(strcmp(c.db_password, "with = sign") == 0, "value keeps '=': %s", c.db_password);
	/* Where each key was set: its line, or 0 for a default. */
	CHECK(c.line[0] == 3 && c.line[3] == 4, "lines %d %d", c.line[0], c.line[3]);
	conf_free(&c);
	conf_msgs_free(&m);

	for (i = 0; i < COUNTOF(bad); i++) {
		CHECK(parse(bad[i].text, &c, &m, out, sizeof(out)) == CONF_BAD,
		    "bad[%zu] parses", i);
		CHECK(strcmp(out, bad[i].msgs) == 0, "bad[%zu] \"%.40s\":\n got: %s want: %s",
		    i, bad[i].text, out, bad[i].msgs);
		CHECK(m.warnings == 0, "bad[%zu]: %d warnings", i, m.warnings);
		conf_free(&c);
		conf_msgs_free(&m);
	}
	for (i = 0; i < COUNTOF(good); i++) {
		parse(good[i].text, &c, &m, out, sizeof(out));
		CHECK(m.errors == 0 && strcmp(out, good[i].msgs) == 0,
		    "good[%zu] \"%.40s\":\n got: %s want: %s", i, good[i].text, out,
		    good[i].msgs);
		conf_free(&c);
		conf_msgs_free(&m);
	}

	/* A NUL byte inside a line. */
	CHECK(parse_len("workers = 4\0\n", 13, &c, &m, out, sizeof(out)) == CONF_BAD &&
	    strcmp(out, "t.conf:1: NUL byte in line\n") == 0, "%s", out);
	conf_free(&c);
	conf_msgs_free(&m);

	/* A bad value leaves the default in place, and marks its line. */
	parse("workers = 0\n", &c, &m, out, sizeof(out));
	CHECK(c.workers == 4 && c.line[3] == -1, "workers %d line %d", c.workers, c.line[3]);
	conf_free(&c);
	conf_msgs_free(&m);

	/* A long line is one error, and the next lines are still read. */
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline + sizeof(longline) - 14, "\nworkers = 0\n", 13);
	parse(longline, &c, &m, out, sizeof(out));
	CHECK(strcmp(out, "t.conf:1: line too long (at most 2047 bytes)\n"
	    "t.conf:2: workers: 0 is out of range 1..256\n") == 0, "%s", out);
	conf_free(&c);
	conf_msgs_free(&m);

	/* The languages offered: all three by default, in i18n_langs' order. */
	conf_defaults(&c);
	i18n_offer(c.languages);
	CHECK(strcmp(c.languages, "nb da en") == 0 &&
	    strcmp(i18n_offered_list(), "nb da en") == 0, "%s", i18n_offered_list());
	conf_free(&c);
	i18n_offer("en, nb");
	CHECK(strcmp(i18n_offered_list(), "nb en") == 0, "%s", i18n_offered_list());
	CHECK(i18n_offered("en") != NULL && i18n_offered("nb") != NULL &&
	    i18n_offered("da") == NULL && i18n_offered("sv") == NULL &&
	    i18n_offered(NULL) == NULL, "offered");
	i18n_offer("da");
	CHECK(strcmp(i18n_offered_list(), "da") == 0 && i18n_offered("nb") == NULL,
	    "%s", i18n_offered_list());

	/* The same text parsed again over the result: the same, no duplicates. */
	conf_defaults(&c);
	memset(&m, 0, sizeof(m));
	CHECK(conf_parse(&c, text, strlen(text), "t.conf", &m) == CONF_OK &&
	    conf_parse(&c, text, strlen(text), "t.conf", &m) == CONF_OK && m.n == 0,
	    "parsed twice: %zu messages", m.n);
	conf_free(&c);
	conf_msgs_free(&m);
	return check_status("conf");
}
