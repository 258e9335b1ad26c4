/* The configuration parser: good files, and every kind of mistake. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "conf.h"

static void
parse(const char *text, int want, const char *msg)
{
	struct conf c;
	char err[512] = "";
	int rc;

	conf_defaults(&c);
	rc = conf_parse(&c, text, strlen(text), "t.conf", err, sizeof(err));
	CHECK(rc == want, "conf_parse(\"%.40s\") = %d (%s)", text, rc, err);
	if (rc == -1 && msg)
		CHECK(strstr(err, msg) != NULL, "message \"%s\" lacks \"%s\"", err, msg);
	conf_free(&c);
}

int
main(void)
{
	struct conf c;
	char err[512], longline[3000];
	const char *good =
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
	CHECK(conf_parse(&c, good, strlen(good), "t.conf", err, sizeof(err)) == 0, "%s", err);
	CHECK(strcmp(c.listen, "/tmp/x.sock") == 0, "listen %s", c.listen);
	CHECK(c.workers == 8, "workers %d", c.workers);
	CHECK(c.listen_mode == 0600, "mode %o", c.listen_mode);
	CHECK(c.cookie_secure == 0, "cookie_secure");
	CHECK(strcmp(c.default_lang, "da") == 0, "lang");
	CHECK(strcmp(c.db_password, "with = sign") == 0, "value keeps '=': %s", c.db_password);
	conf_free(&c);

	parse("nosuchkey = 1\n", -1, "t.conf:1: unknown key");
	parse("\n\nworkers = many\n", -1, "t.conf:3: workers");
	parse("workers = 0\n", -1, "workers");
	parse("workers = 257\n", -1, "workers");
	parse("listen_mode = 999\n", -1, "listen_mode");
	parse("cookie_secure = maybe\n", -1, "yes or no");
	parse("default_lang = sv\n", -1, "nb, da, en");
	parse("workers\n", -1, "key = value");
	parse("db_name =\n", -1, "empty");
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	parse(longline, -1, "too long");
	parse("", 0, NULL);
	return check_status("conf");
}
