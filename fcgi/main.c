/* selfcare: the FastCGI responder and the operator's subcommands. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <mysql.h>
#include <sodium.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "migrate.h"
#include "pool.h"
#include "server.h"
#include "util.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: selfcare [-c config] command\n"
	    "commands:\n"
	    "  serve         run the FastCGI server (supervisor and workers)\n"
	    "  migrate       apply the schema migrations\n"
	    "  demo-data     load the demo companies, users and subscriptions\n"
	    "  deliver       deliver the mail outbox once\n"
	    "  check-config  check the configuration and exit\n"
	    "  genkey        print a new secret key for secret_key_file\n"
	    "config: -c, else $SELFCARE_CONF, else %s\n", conf_default_path());
}

static int
genkey(void)
{
	unsigned char key[32];
	char hex[65];

	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	printf("%s\n", hex);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *path = getenv("SELFCARE_CONF"), *cmd;
	struct conf conf;
	char err[1024];
	int ch, rc = 1;

	while ((ch = getopt(argc, argv, "c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		default:
			usage();
			return ch == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1) {
		usage();
		return 2;
	}
	cmd = argv[optind];
	pool_init();	/* before anything calls into libxml2 */
	if (sodium_init() < 0) {
		fprintf(stderr, "selfcare: libsodium failed to initialise\n");
		return 1;
	}
	if (strcmp(cmd, "genkey") == 0)
		return genkey();
	if (path == NULL || *path == '\0')
		path = conf_default_path();
	if (conf_load(&conf, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "selfcare: %s\n", err);
		return 1;
	}
	if (strcmp(cmd, "check-config") == 0) {
		printf("%s: ok\n", path);
		conf_free(&conf);
		return 0;
	}
	if (log_open(conf.log_file) == -1) {
		fprintf(stderr, "selfcare: log_file %s: cannot open\n", conf.log_file);
		conf_free(&conf);
		return 1;
	}
	xmlInitParser();
	mysql_library_init(0, NULL, NULL);
	if (strcmp(cmd, "serve") == 0)
		rc = server_run(path, &conf);
	else if (strcmp(cmd, "migrate") == 0)
		rc = migrate_run(&conf);
	else if (strcmp(cmd, "demo-data") == 0)
		rc = migrate_demo(&conf);
	else if (strcmp(cmd, "deliver") == 0) {
		struct db *db = db_new(&conf);
		int n = mail_deliver(db, &conf);

		if (n >= 0)
			printf("%d delivered\n", n);
		rc = n < 0;
		db_free(db);
	} else {
		usage();
		rc = 2;
	}
	conf_free(&conf);
	xsltCleanupGlobals();
	xmlCleanupParser();
	mysql_library_end();
	return rc;
}
