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

#include "billing.h"
#include "conf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "pdf.h"
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
	    "  bill --period YYYY-MM [--date YYYY-MM-DD]\n"
	    "                make the period's invoices (again: bills nothing twice)\n"
	    "  pay NUMBER AMOUNT [--date YYYY-MM-DD] [--ref TEXT]\n"
	    "                register a payment of an invoice\n"
	    "  credit NUMBER [--date YYYY-MM-DD]\n"
	    "                reverse an invoice with a credit note\n"
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

/*
 * bill/pay/credit: positional arguments, then --date, --period, --ref. The
 * invoice mails need the strings (i18n), so the stylesheet directory's
 * strings are loaded first.
 */
static int
billing_command(const struct conf *conf, int argc, char **argv)
{
	const char *cmd = argv[0], *period = NULL, *date = NULL, *ref = NULL;
	const char *pos[2] = { NULL, NULL };
	char err[512];
	struct db *db;
	int i, npos = 0, rc;

	for (i = 1; i < argc; i++) {
		const char **opt = strcmp(argv[i], "--period") == 0 ? &period :
		    strcmp(argv[i], "--date") == 0 ? &date :
		    strcmp(argv[i], "--ref") == 0 ? &ref : NULL;

		if (opt != NULL && i + 1 < argc)
			*opt = argv[++i];
		else if (opt == NULL && argv[i][0] != '-' && npos < 2)
			pos[npos++] = argv[i];
		else {
			usage();
			return 2;
		}
	}
	if ((strcmp(cmd, "bill") == 0 && (period == NULL || npos != 0 || ref)) ||
	    (strcmp(cmd, "pay") == 0 && (npos != 2 || period)) ||
	    (strcmp(cmd, "credit") == 0 && (npos != 1 || period || ref))) {
		usage();
		return 2;
	}
	if (i18n_load(conf->xsl_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "selfcare: %s\n", err);
		return 1;
	}
	db = db_new(conf);
	if (strcmp(cmd, "bill") == 0)
		rc = billing_run(db, conf, period, date, stdout, stderr);
	else if (strcmp(cmd, "pay") == 0)
		rc = billing_pay(db, pos[0], pos[1], date, ref, stdout, stderr);
	else
		rc = billing_credit(db, pos[0], date, stdout, stderr);
	db_free(db);
	i18n_free();
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *path = getenv("SELFCARE_CONF"), *cmd;
	struct conf conf;
	char err[1024];
	int ch, rc = 1;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		default:
			usage();
			return ch == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	cmd = argv[optind];
	/* Only the billing commands take arguments of their own. */
	if (argc - optind > 1 && strcmp(cmd, "bill") != 0 &&
	    strcmp(cmd, "pay") != 0 && strcmp(cmd, "credit") != 0) {
		usage();
		return 2;
	}
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
	else if (strcmp(cmd, "demo-data") == 0) {
		/* The invoices of the demo are made by the real billing run. */
		if ((rc = migrate_demo(&conf)) == 0) {
			struct db *db;

			if (i18n_load(conf.xsl_dir, err, sizeof(err)) == -1) {
				fprintf(stderr, "selfcare: %s\n", err);
				rc = 1;
			} else {
				db = db_new(&conf);
				rc = billing_demo(db, &conf);
				db_free(db);
				i18n_free();
			}
		}
	}
	else if (strcmp(cmd, "deliver") == 0) {
		struct db *db;
		int n;

		/* An e-invoice's PDF is made at delivery, with the strings. */
		if (i18n_load(conf.xsl_dir, err, sizeof(err)) == -1) {
			fprintf(stderr, "selfcare: %s\n", err);
			conf_free(&conf);
			return 1;
		}
		db = db_new(&conf);
		n = mail_deliver(db, &conf);

		if (n >= 0)
			printf("%d delivered\n", n);
		rc = n < 0;
		db_free(db);
		pdf_cleanup();
		mail_cleanup();
		i18n_free();
	} else if (strcmp(cmd, "bill") == 0 || strcmp(cmd, "pay") == 0 ||
	    strcmp(cmd, "credit") == 0)
		rc = billing_command(&conf, argc - optind, argv + optind);
	else {
		usage();
		rc = 2;
	}
	conf_free(&conf);
	xsltCleanupGlobals();
	xmlCleanupParser();
	mysql_library_end();
	return rc;
}
