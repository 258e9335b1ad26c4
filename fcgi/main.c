/* selfcare: the FastCGI responder and the operator's subcommands. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <cairo.h>
#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>
#include <mysql.h>
#include <pango/pango.h>
#include <sodium.h>

#include "admin/team.h"
#include "billing/billing.h"
#include "billing/payments.h"
#include "billing/queue.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/log.h"
#include "billing/invoice.h"
#include "mail/mail.h"
#include "orders/provision.h"
#include "mail/sms.h"
#include "core/module.h"
#include "core/valid.h"
#include "core/route.h"
#include "core/ops.h"
#include "billing/pdf.h"
#include "subscriptions/bulk.h"
#include "core/migrate.h"
#include "core/pool.h"
#include "core/render.h"
#include "core/server.h"
#include "core/util.h"
#include "core/xmlsafe.h"
#include "usage/import.h"

/* What one run of the program works with: the options and the configuration. */
struct cli {
	const char	*path;		/* the configuration file */
	struct conf	 conf;
	int		 no_db;		/* check-config --no-db */
	int		 queued;	/* bill --queued */
	const char	*period, *date, *ref;
	const char	*pos[3];	/* positional arguments */
	const char	*lines[64], *amount;	/* credit --line, --amount */
	int		 nlines;
	int		 npos;
	long long	 companies[256];	/* bill --company */
	size_t		 ncompanies;
	char		 why[160];	/* what is wrong with the arguments */
};

enum {
	CMD_CONF	= 1 << 0,	/* reads the configuration */
	CMD_LOG		= 1 << 1,	/* logs to log_file */
	CMD_DB		= 1 << 2,	/* needs the database: reached first */
	CMD_WARN	= 1 << 3,	/* logs the configuration's warnings */
};

struct command {
	const char	*name;
	const char	*args;		/* for the usage */
	const char	*help;
	int		 flags;
	/* The command's own arguments (NULL: none): NULL, or what is wrong. */
	const char	*(*parse)(struct cli *, int argc, char **argv);
	int		(*run)(struct cli *);
};

static const char *parse_check(struct cli *, int, char **);
static const char *parse_billing(struct cli *, int, char **);
static const char *parse_file(struct cli *, int, char **);
static int	cmd_serve(struct cli *);
static int	cmd_migrate(struct cli *);
static int	cmd_demo(struct cli *);
static int	cmd_deliver(struct cli *);
static int	cmd_bill(struct cli *);
static int	cmd_pay(struct cli *);
static int	cmd_credit(struct cli *);
static int	cmd_import_payments(struct cli *);
static int	cmd_import_usage(struct cli *);
static int	cmd_remind(struct cli *);
static int	cmd_bulk(struct cli *);
static const char *parse_bulk(struct cli *, int, char **);
static int	cmd_staff_add(struct cli *);
static const char *parse_staff_add(struct cli *, int, char **);
static int	cmd_check(struct cli *);
static int	cmd_genkey(struct cli *);
static int	cmd_routes(struct cli *);
static int	cmd_modules(struct cli *);
static const char *parse_provision(struct cli *, int, char **);
static int	cmd_provision(struct cli *);
static const char *parse_order_result(struct cli *, int, char **);
static int	cmd_order_result(struct cli *);

static const struct command commands[] = {
	{ "serve", "", "run the FastCGI server (supervisor and workers)",
	    CMD_CONF | CMD_LOG | CMD_WARN, NULL, cmd_serve },
	{ "migrate", "", "apply the schema migrations",
	    CMD_CONF | CMD_LOG | CMD_DB, NULL, cmd_migrate },
	{ "demo-data", "", "load the demo companies, users and subscriptions",
	    CMD_CONF | CMD_LOG | CMD_DB, NULL, cmd_demo },
	{ "deliver", "", "deliver the mail outbox once",
	    CMD_CONF | CMD_LOG | CMD_DB, NULL, cmd_deliver },
	{ "bill", " --period YYYY-MM [--date YYYY-MM-DD] [--company ID[,ID...]]... | --queued",
	    "make the period's invoices (again: bills nothing twice), of only the "
	    "companies given if any, or work the billing runs queued by the back office",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_billing, cmd_bill },
	{ "pay", " NUMBER AMOUNT [--date YYYY-MM-DD] [--ref TEXT]",
	    "register a payment of an invoice",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_billing, cmd_pay },
	{ "credit", " NUMBER [--line N ... | --amount AMOUNT] [--date YYYY-MM-DD]",
	    "credit an invoice, or lines or an amount of it, with a credit note",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_billing, cmd_credit },
	{ "import-payments", " FILE",
	    "register the payments of a bank file (camt.054 or OCR giro) by KID",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_file, cmd_import_payments },
	{ "import-usage", " FILE",
	    "import the mediation system's usage records (CSV or XML batch; again: adds nothing)",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_file, cmd_import_usage },
	{ "remind", " [--date YYYY-MM-DD]",
	    "send the reminders of overdue invoices (again: sends nothing twice)",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_billing, cmd_remind },
	{ "bulk", " --queued",
	    "work the bulk changes of subscriptions confirmed in the portal",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_bulk, cmd_bulk },
	{ "staff-add", " EMAIL NAME [ROLES]",
	    "add a member of the back office's staff (ROLES: a comma list, admin if none)",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_staff_add, cmd_staff_add },
	{ "check-config", " [--no-db]",
	    "check the configuration, the files it names and the database (-t)",
	    0, parse_check, cmd_check },
	{ "genkey", "", "print a new secret key for secret_key_file",
	    0, NULL, cmd_genkey },
	{ "routes", "", "print the route table (pattern, flags, need, methods, fields)",
	    0, NULL, cmd_routes },
	{ "modules", "", "print what each module declares (areas, pages, codes, menu, SQL)",
	    0, NULL, cmd_modules },
	{ "provision", " --deliver",
	    "deliver the due provisioning events to provision_command once",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_provision, cmd_provision },
	{ "order-result", " ID completed|failed [REASON]",
	    "the network's outcome of an order in progress (provision_command's answer)",
	    CMD_CONF | CMD_LOG | CMD_DB, parse_order_result, cmd_order_result },
};

/* The exit statuses, from <sysexits.h>: what failed, for scripts and units. */
static const struct {
	int		 code;
	const char	*name, *what;
} statuses[] = {
	{ 0, "", "done" },
	{ 1, "", "the command refused or failed (the message says why)" },
	{ EX_USAGE, "EX_USAGE", "bad command line or arguments" },
	{ EX_DATAERR, "EX_DATAERR", "the file to import is not what it should be "
	    "(nothing imported)" },
	{ EX_NOINPUT, "EX_NOINPUT", "the configuration file, or the file to import, "
	    "cannot be read" },
	{ EX_UNAVAILABLE, "EX_UNAVAILABLE", "the database refused the connection "
	    "(user, password, grants, db_name)" },
	{ EX_SOFTWARE, "EX_SOFTWARE", "internal error" },
	{ EX_CANTCREAT, "EX_CANTCREAT", "log_file cannot be opened for writing" },
	{ EX_TEMPFAIL, "EX_TEMPFAIL", "the database cannot be reached: try again "
	    "when it is up" },
	{ EX_CONFIG, "EX_CONFIG", "the configuration is wrong (every problem is "
	    "listed)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: selfcare [-c FILE] COMMAND [ARGUMENTS]\n"
	    "       selfcare [-c FILE] -t [--no-db]   (check-config)\n"
	    "       selfcare -V | --version\n"
	    "       selfcare -h | --help\n"
	    "commands:\n");
	for (i = 0; i < COUNTOF(commands); i++)
		fprintf(f, "  %s%s\n      %s\n", commands[i].name, commands[i].args,
		    commands[i].help);
	fprintf(f, "config: -c FILE, else $SELFCARE_CONF, else %s\n"
	    "exit status:\n", conf_default_path());
	for (i = 0; i < COUNTOF(statuses); i++)
		fprintf(f, "  %3d %-15s %s\n", statuses[i].code, statuses[i].name,
		    statuses[i].what);
}

/* A usage error: what was wrong, the command's synopsis, where to read more. */
static int
usage_error(const struct command *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "selfcare: ");
	fprintf(stderr, fmt, arg);
	if (cmd != NULL)
		fprintf(stderr, "\nusage: selfcare [-c FILE] %s%s", cmd->name, cmd->args);
	fprintf(stderr, "\nselfcare --help lists the commands and options\n");
	return EX_USAGE;
}

/* 21004 (how libxml2 and libxslt report theirs) as "2.10.4". */
static void
dotted(long n, char *out, size_t len)
{
	snprintf(out, len, "%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
}

/* The libraries as loaded now, not as built against. */
static int
version(void)
{
	char xml[32], xslt[32];

	dotted(strtol(xmlParserVersion, NULL, 10), xml, sizeof(xml));
	dotted(xsltLibxsltVersion, xslt, sizeof(xslt));
	printf("selfcare %s\n", PACKAGE_VERSION);
	printf("libxml2 %s\n", xml);
	printf("libxslt %s\n", xslt);
	printf("libmariadb %s\n", mysql_get_client_info());
	printf("libsodium %s\n", sodium_version_string());
	printf("cairo %s\n", cairo_version_string());
	printf("pango %s\n", pango_version_string());
	printf("libfcgi %s (headers; the library reports no version)\n",
	    FCGI_HEADERS_VERSION);
	return 0;
}

/* ---- arguments of the commands ------------------------------------------ */

/* "CMD: WHAT 'ARG'" in cli->why. */
static const char *
bad_arg(struct cli *cli, const char *cmd, const char *what, const char *arg)
{
	snprintf(cli->why, sizeof(cli->why), "%s: %s%s%.64s%s", cmd, what,
	    arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	return cli->why;
}

static const char *
parse_check(struct cli *cli, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-db") != 0)
			return bad_arg(cli, argv[0], "unknown argument", argv[i]);
		cli->no_db = 1;
	}
	return NULL;
}

/* bill --company: a comma list of company ids, added to cli's; NULL or
 * what is wrong. */
static const char *
parse_companies(struct cli *cli, const char *cmd, const char *list)
{
	char id[24];
	const char *p, *end;
	size_t len;

	for (p = list;; p = end + 1) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || len >= sizeof(id))
			return bad_arg(cli, cmd, "--company: not a company id in", list);
		memcpy(id, p, len);
		id[len] = '\0';
		if (cli->ncompanies == COUNTOF(cli->companies))
			return bad_arg(cli, cmd, "too many companies", NULL);
		if (parse_int(id, 1, INT64_MAX, &cli->companies[cli->ncompanies]) == -1)
			return bad_arg(cli, cmd, "--company: not a company id:", id);
		cli->ncompanies++;
		if (end == NULL)
			return NULL;
	}
}

/* bill/pay/credit/remind: positional arguments, then --date, --period,
 * --ref, bill's --company (again and again), and credit's --line (again and
 * again) and --amount. */
static const char *
parse_billing(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char	*cmd;
		int		 npos;
		int		 period;	/* 1 required, 0 refused */
		int		 ref;		/* 1 allowed */
		int		 credit;	/* --line and --amount allowed */
	} shape[] = {
		{ "bill", 0, 1, 0, 0 },
		{ "pay", 2, 0, 1, 0 },
		{ "credit", 1, 0, 0, 1 },
		{ "remind", 0, 0, 0, 0 },
	};
	size_t k;
	int i;

	for (k = 0; strcmp(shape[k].cmd, argv[0]) != 0; k++)
		;
	for (i = 1; i < argc; i++) {
		const char **opt = strcmp(argv[i], "--period") == 0 ? &cli->period :
		    strcmp(argv[i], "--date") == 0 ? &cli->date :
		    strcmp(argv[i], "--ref") == 0 ? &cli->ref :
		    strcmp(argv[i], "--amount") == 0 ? &cli->amount : NULL;

		if (strcmp(argv[i], "--queued") == 0 && shape[k].period) {
			cli->queued = 1;
			continue;
		}
		if (strcmp(argv[i], "--company") == 0 && shape[k].period) {
			const char *why;

			if (i + 1 >= argc)
				return bad_arg(cli, argv[0], "no value after", argv[i]);
			if ((why = parse_companies(cli, argv[0], argv[++i])) != NULL)
				return why;
			continue;
		}
		if (strcmp(argv[i], "--line") == 0) {
			if (cli->nlines == (int)COUNTOF(cli->lines))
				return bad_arg(cli, argv[0], "too many --line", NULL);
			opt = &cli->lines[cli->nlines++];
		}
		if (opt != NULL && i + 1 >= argc)
			return bad_arg(cli, argv[0], "no value after", argv[i]);
		if (opt != NULL)
			*opt = argv[++i];
		else if (argv[i][0] == '-')
			return bad_arg(cli, argv[0], "unknown option", argv[i]);
		else if (cli->npos == shape[k].npos)
			return bad_arg(cli, argv[0], "one argument too many:", argv[i]);
		else
			cli->pos[cli->npos++] = argv[i];
	}
	if (cli->npos < shape[k].npos)
		return bad_arg(cli, argv[0], "arguments missing", NULL);
	if (cli->queued && (cli->period != NULL || cli->date != NULL || cli->ncompanies))
		return bad_arg(cli, argv[0], "--queued takes no --period, --date or --company",
		    NULL);
	if ((cli->period != NULL || cli->queued) != shape[k].period)
		return bad_arg(cli, argv[0], shape[k].period ? "--period is required" :
		    "--period is only for bill", NULL);
	if (cli->ref != NULL && !shape[k].ref)
		return bad_arg(cli, argv[0], "--ref is only for pay", NULL);
	if ((cli->nlines > 0 || cli->amount != NULL) && !shape[k].credit)
		return bad_arg(cli, argv[0], "--line and --amount are only for credit", NULL);
	if (cli->nlines > 0 && cli->amount != NULL)
		return bad_arg(cli, argv[0], "--line and --amount do not go together", NULL);
	return NULL;
}

/* Positional arguments only, from least to most; missing: what to say. */
static const char *
parse_positional(struct cli *cli, int argc, char **argv, int least, int most,
    const char *missing)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			return bad_arg(cli, argv[0], "unknown option", argv[i]);
		if (cli->npos == most)
			return bad_arg(cli, argv[0], "one argument too many:", argv[i]);
		cli->pos[cli->npos++] = argv[i];
	}
	if (cli->npos < least)
		return bad_arg(cli, argv[0], missing, NULL);
	return NULL;
}

/* import-payments: one FILE. */
static const char *
parse_file(struct cli *cli, int argc, char **argv)
{
	return parse_positional(cli, argc, argv, 1, 1, "the FILE is missing");
}

/* ---- the commands --------------------------------------------------------- */

static int
cmd_genkey(struct cli *cli)
{
	unsigned char key[32];
	char hex[65];

	(void)cli;
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	printf("%s\n", hex);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

/* ---- what the modules declare, as text (operators, the tests) ---- */

static const struct {
	unsigned	 bit;
	const char	*name;
} route_flags[] = {
	{ R_LOGIN, "login" },
	{ R_ANON_CSRF, "anon-csrf" },
	{ R_COMPANY, "company" },
	{ R_LOCATION, "location" },
	{ R_ONCE, "once" },
	{ R_CSRF_IF_SESSION, "csrf-if-session" },
	{ R_ONE_CLICK, "one-click" },
	{ R_STAFF, "staff" },
	{ R_UPLOAD, "upload" },
	{ R_EMPLOYEE, "employee" },
	{ R_DELETE, "delete" },
	{ R_MEDIATION, "mediation" },
};

static void
print_fields(const struct field *f)
{
	size_t n = 0;

	for (; f != NULL && f->name != NULL; f++)
		printf("%s%s", n++ ? "," : "", f->name);
	if (n == 0)
		fputs("-", stdout);
}

static const char *const door_names[DOOR__MAX] = {
	[DOOR_PORTAL] = "portal", [DOOR_ADMIN] = "admin", [DOOR_API] = "api",
};

/* A need as names of its door's areas or roles: "subscriptions,orders",
 * "admin", "customers", or "-". */
static void
print_need(enum door door, unsigned need)
{
	char names[256];

	if (door == DOOR_ADMIN) {
		role_format(need, names, sizeof(names));
		fputs(names[0] ? names : "-", stdout);
		return;
	}
	area_format(need & ~AREA_ADMIN, names, sizeof(names));
	if (need & AREA_ADMIN)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%sadmin",
		    names[0] ? "," : "");
	fputs(names[0] ? names : "-", stdout);
}

/*
 * PATTERN, FLAGS, NEED, METHODS, GET FIELDS, POST FIELDS, MODULE, PAGE,
 * DOOR, tab-separated, one route a line; "-" for none.
 */
static int
cmd_routes(struct cli *cli)
{
	const struct rroute *rr;
	size_t i, j, n, k;

	(void)cli;
	rr = route_all(&n);
	for (i = 0; i < n; i++) {
		const struct route *r = rr[i].r;

		printf("%s\t", r->pattern);
		for (j = k = 0; j < COUNTOF(route_flags); j++)
			if (r->flags & route_flags[j].bit)
				printf("%s%s", k++ ? "," : "", route_flags[j].name);
		if (k == 0)
			fputs("-", stdout);
		putchar('\t');
		print_need(rr[i].m->door, rr[i].need);
		printf("\t%s%s%s\t", r->get ? "GET" : "", r->get && r->post ? "," : "",
		    r->post ? (r->flags & R_DELETE) ? "DELETE" : "POST" : "");
		print_fields(r->get_fields);
		putchar('\t');
		print_fields(r->post_fields);
		printf("\t%s\t%s\t%s\n", rr[i].m->name, r->page ? r->page : "-",
		    door_names[rr[i].m->door]);
	}
	return fflush(stdout) == 0 ? 0 : EX_IOERR;
}

/*
 * One line per declaration: "module NAME area|- portal|admin", then its "page NAME",
 * "flash CODE", "menu PATH LABEL NEED" and "stmt NAME PARAMS COLUMNS".
 */
static int
cmd_modules(struct cli *cli)
{
	const struct module *m;
	size_t i, j;

	(void)cli;
	for (i = 0; (m = modules[i]) != NULL; i++) {
		printf("module %s %s %s\n", m->name, m->area ? "area" : "-",
		    door_names[m->door]);
		for (j = 0; m->pages != NULL && m->pages[j] != NULL; j++)
			printf("page %s\n", m->pages[j]);
		for (j = 0; m->flashes != NULL && m->flashes[j] != NULL; j++)
			printf("flash %s\n", m->flashes[j]);
		for (j = 0; m->menu != NULL && m->menu[j].path != NULL; j++) {
			const char *p = m->menu[j].need ? m->menu[j].need : "-";

			printf("menu %s %s ", m->menu[j].path[0] ? m->menu[j].path : "/",
			    m->menu[j].label);
			for (; *p; p++)		/* "subscriptions orders" as one word */
				putchar(*p == ' ' ? ',' : *p);
			putchar('\n');
		}
		for (j = 0; j < m->nstmts; j++)
			printf("stmt %s %s %u\n", m->stmts[j].name,
			    m->stmts[j].params[0] ? m->stmts[j].params : "-",
			    m->stmts[j].ncols);
	}
	return fflush(stdout) == 0 ? 0 : EX_IOERR;
}

static int
cmd_serve(struct cli *cli)
{
	return server_run(cli->path, &cli->conf);
}

static int
cmd_migrate(struct cli *cli)
{
	return migrate_run(&cli->conf);
}

/* Commands that write mail need the strings of the stylesheet directory. */
static int
with_strings(struct cli *cli, int (*fn)(struct cli *, struct db *))
{
	char err[1024];
	struct db *db;
	int rc;

	if (i18n_load(cli->conf.xsl_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "selfcare: %s\n", err);
		return EX_CONFIG;
	}
	db = db_new(&cli->conf);
	rc = fn(cli, db);
	db_free(db);
	i18n_free();
	return rc;
}

static int
demo_billing(struct cli *cli, struct db *db)
{
	int rc = billing_demo(db, &cli->conf);

	return rc != 0 ? rc : usage_demo(db, stderr);
}

static int
cmd_demo(struct cli *cli)
{
	int rc;

	/* The invoices of the demo are made by the real billing run. */
	if ((rc = migrate_demo(&cli->conf)) != 0)
		return rc;
	return with_strings(cli, demo_billing);
}

static int
deliver(struct cli *cli, struct db *db)
{
	int n = mail_deliver(db, &cli->conf), s = sms_deliver(db, &cli->conf);

	/* An e-invoice's PDF is made at delivery, with the strings. */
	pdf_cleanup();
	mail_cleanup();
	if (n < 0 || s < 0)
		return 1;
	printf("%d delivered\n", n);
	if (cli->conf.sms_command[0] != '\0')
		printf("%d SMS delivered\n", s);
	return 0;
}

static int
cmd_deliver(struct cli *cli)
{
	return with_strings(cli, deliver);
}

static int
bill(struct cli *cli, struct db *db)
{
	if (cli->queued)
		return billing_queue_work(db, &cli->conf, stdout, stderr) < 0 ?
		    EX_TEMPFAIL : 0;
	return billing_run_companies(db, &cli->conf, cli->period, cli->date, cli->companies,
	    cli->ncompanies, stdout, stderr);
}

static int
pay(struct cli *cli, struct db *db)
{
	return billing_pay(db, cli->pos[0], cli->pos[1], cli->date, cli->ref,
	    stdout, stderr);
}

static int
credit(struct cli *cli, struct db *db)
{
	return billing_credit(db, cli->pos[0], cli->date, cli->lines, (size_t)cli->nlines,
	    cli->amount, stdout, stderr);
}

static int
remind(struct cli *cli, struct db *db)
{
	return billing_remind(db, &cli->conf, cli->date, stdout, stderr);
}

/* bulk takes --queued and nothing else (there is no other way to run it). */
static const char *
parse_bulk(struct cli *cli, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "--queued") != 0)
		return bad_arg(cli, argv[0], "--queued is required, and alone", NULL);
	cli->queued = 1;
	return NULL;
}

static int
bulk(struct cli *cli, struct db *db)
{
	return bulk_work(db, &cli->conf, stdout, stderr) < 0 ? EX_TEMPFAIL : 0;
}

static int
cmd_bulk(struct cli *cli)
{
	return with_strings(cli, bulk);
}

static int
cmd_bill(struct cli *cli)
{
	return with_strings(cli, bill);
}

static int
cmd_pay(struct cli *cli)
{
	return with_strings(cli, pay);
}

static int
cmd_credit(struct cli *cli)
{
	return with_strings(cli, credit);
}

/* A bank file's schema is read through the loader that admits our files. */
static int
cmd_import_payments(struct cli *cli)
{
	struct db *db;
	int rc;

	xmlsafe_init(cli->conf.xsl_dir, cli->conf.schema_dir);
	db = db_new(&cli->conf);
	rc = payments_import(db, &cli->conf, cli->pos[0], stdout, stderr);
	db_free(db);
	return rc;
}

/* The alerts after each batch are mails: the strings are loaded. */
static int
import_usage(struct cli *cli, struct db *db)
{
	return usage_import(db, &cli->conf, cli->pos[0], stdout, stderr);
}

static int
cmd_import_usage(struct cli *cli)
{
	return with_strings(cli, import_usage);
}

static int
cmd_remind(struct cli *cli)
{
	return with_strings(cli, remind);
}

/* staff-add: EMAIL NAME and the roles, admin if none are given. */
static const char *
parse_staff_add(struct cli *cli, int argc, char **argv)
{
	return parse_positional(cli, argc, argv, 2, 3, "EMAIL and NAME are required");
}

static int
cmd_staff_add(struct cli *cli)
{
	struct db *db = db_new(&cli->conf);
	int rc = team_add_cli(db, &cli->conf, cli->pos[0], cli->pos[1],
	    cli->npos > 2 ? cli->pos[2] : "admin", stdout, stderr);

	db_free(db);
	return rc;
}

/* ---- provisioning ---- */

static const char *
parse_provision(struct cli *cli, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return bad_arg(cli, argv[0], "--deliver is required", NULL);
	for (i = 1; i < argc; i++)
		if (i > 1 || strcmp(argv[i], "--deliver") != 0)
			return bad_arg(cli, argv[0], "unknown argument", argv[i]);
	return NULL;
}

static int
provision(struct cli *cli, struct db *db)
{
	int n = provision_deliver(db, &cli->conf);

	if (n < 0)
		return 1;
	printf("%d accepted\n", n);
	return 0;
}

static int
cmd_provision(struct cli *cli)
{
	if (cli->conf.provision_command[0] == '\0') {
		fprintf(stderr, "selfcare: provision: provision_command is not set in %s "
		    "(no events are raised)\n", cli->path);
		return EX_CONFIG;
	}
	return with_strings(cli, provision);
}

static const char *
parse_order_result(struct cli *cli, int argc, char **argv)
{
	return parse_positional(cli, argc, argv, 2, 3,
	    "ID and completed or failed are required");
}

static int
order_result(struct cli *cli, struct db *db)
{
	return provision_result(db, &cli->conf, cli->pos[0], cli->pos[1],
	    cli->npos > 2 ? cli->pos[2] : NULL, stdout, stderr);
}

static int
cmd_order_result(struct cli *cli)
{
	return with_strings(cli, order_result);
}

/* The database as configured: 0, or the exit status that says why not. */
static int
reach_db(const struct conf *c, const char *hint)
{
	char err[512], via[300];
	int rc = db_check(c, err, sizeof(err));

	if (rc == DB_OK)
		return 0;
	if (c->db_host[0])
		snprintf(via, sizeof(via), "%s port %d", c->db_host, c->db_port);
	else
		snprintf(via, sizeof(via), "socket %s", c->db_socket);
	fprintf(stderr, "selfcare: database %s as %s via %s: %s%s\n", c->db_name,
	    c->db_user, via, err, rc == DB_UNAVAILABLE ? hint : "");
	return rc == DB_UNAVAILABLE ? EX_TEMPFAIL : EX_UNAVAILABLE;
}

static void
print_msgs(struct conf_msgs *m)
{
	size_t i;

	conf_msgs_sort(m);
	for (i = 0; i < m->n; i++)
		fprintf(stderr, "selfcare: %s\n", m->v[i].text);
}

/*
 * check-config: what serve would refuse (the same parse), and what would
 * fail later: files and directories, permissions, the group, sendmail,
 * the stylesheets, the database. Every problem is listed.
 */
static int
cmd_check(struct cli *cli)
{
	struct conf_msgs m = { 0 };
	char err[1024];
	int rc, db = 0;

	if ((rc = conf_read(&cli->conf, cli->path, &m)) == CONF_NOFILE) {
		print_msgs(&m);
		conf_msgs_free(&m);
		return EX_NOINPUT;
	}
	conf_check_system(&cli->conf, cli->path, server_inherited(), &m);
	/* What serve and delivery would refuse later. */
	if (ops_check(&cli->conf, err, sizeof(err)) == -1)
		conf_say(&m, 0, cli->path, 0, "%s", err);
	if (!mail_from_ok(cli->conf.mail_from))
		conf_say(&m, 0, cli->path, conf_line(&cli->conf, "mail_from"),
		    "mail_from: '%.254s' is not one address (like selfcare@example.no "
		    "or \"Min bedrift\" <selfcare@example.no>)", cli->conf.mail_from);
	mail_cleanup();
	if (m.errors == 0) {
		/* Compiled as serve compiles them, once the files are there. */
		xmlsafe_init(cli->conf.xsl_dir, cli->conf.schema_dir);
		i18n_offer(cli->conf.languages);
		if (render_init(cli->conf.xsl_dir, err, sizeof(err)) == -1)
			conf_say(&m, 0, cli->path, conf_line(&cli->conf, "xsl_dir"),
			    "xsl_dir: %s", err);
		render_free();
	}
	print_msgs(&m);
	if (!cli->no_db)
		db = reach_db(&cli->conf, " (--no-db skips this check)");
	if (!cli->no_db && db == 0) {
		/* Every statement against this database's tables: a table not
		 * migrated yet, or a statement whose declaration is wrong. */
		struct db *d = db_new(&cli->conf);
		int bad = db_prepare_all(d);

		db_free(d);
		if (bad > 0) {
			fprintf(stderr, "selfcare: %s: warning: %d statement%s do not prepare "
			    "against database %s (above; `selfcare migrate` if it is not up "
			    "to date)\n", cli->path, bad, bad == 1 ? "" : "s",
			    cli->conf.db_name);
			m.warnings++;
		}
	}
	if (m.errors > 0 || db != 0)
		fprintf(stderr, "selfcare: %s: %d error%s, %d warning%s%s\n",
		    cli->path, m.errors + (db != 0), m.errors + (db != 0) == 1 ? "" : "s",
		    m.warnings, m.warnings == 1 ? "" : "s",
		    cli->no_db ? ", database not checked" : "");
	else
		printf("%s: ok%s%s\n", cli->path, m.warnings ? ", with warnings" : "",
		    cli->no_db ? ", database not checked" : "");
	rc = m.errors > 0 ? EX_CONFIG : db;
	conf_msgs_free(&m);
	return rc;
}

/* ---- main ------------------------------------------------------------------ */

static const struct command *
command_named(const char *name)
{
	size_t i;

	for (i = 0; i < COUNTOF(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Reads the configuration for a command; 0, or the exit status. */
static int
load(struct cli *cli, const struct command *cmd)
{
	struct conf_msgs m = { 0 };
	size_t i;
	int rc, status = 0;

	rc = conf_read(&cli->conf, cli->path, &m);
	for (i = 0; i < m.n; i++)
		if (!m.v[i].warning)
			fprintf(stderr, "selfcare: %s\n", m.v[i].text);
	if (rc == CONF_NOFILE)
		status = EX_NOINPUT;
	else if (rc != CONF_OK)
		status = EX_CONFIG;
	else if ((cmd->flags & CMD_LOG) && log_open(cli->conf.log_file) == -1) {
		fprintf(stderr, "selfcare: log_file %s: %s\n", cli->conf.log_file,
		    strerror(errno));
		status = EX_CANTCREAT;
	}
	for (i = 0; status == 0 && (cmd->flags & CMD_WARN) && i < m.n; i++)
		if (m.v[i].warning)
			log_warn("%s", m.v[i].text);
	conf_msgs_free(&m);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "version",	no_argument,	NULL, 'V' },
		{ "no-db",	no_argument,	NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	static char check_name[] = "check-config";
	const struct command *cmd = NULL;
	const char *bad;
	struct cli cli;
	int ch, rc, cargc;
	char err[512];
	char **cargv;

	memset(&cli, 0, sizeof(cli));
	cli.path = getenv("SELFCARE_CONF");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+c:hVt", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cli.path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return version();
		case 't':
			cmd = command_named(check_name);
			break;
		case 'n':
			cli.no_db = 1;
			break;
		default:
			return usage_error(NULL, optopt == 'c' ? "-c needs a FILE%s" :
			    "unknown option '%s'", optopt == 'c' ? "" : argv[optind - 1]);
		}
	}
	if (cmd != NULL) {
		/* -t: the rest are check-config's arguments. */
		cargc = argc - optind + 1;
		cargv = argv + optind - 1;
		cargv[0] = check_name;
	} else if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	} else if ((cmd = command_named(argv[optind])) == NULL)
		return usage_error(NULL, "unknown command '%s'", argv[optind]);
	else {
		cargc = argc - optind;
		cargv = argv + optind;
	}
	if (cli.no_db && cmd->parse != parse_check)
		return usage_error(cmd, "--no-db is an option of check-config%s", "");
	if (cmd->parse == NULL && cargc > 1)
		return usage_error(cmd, "%s takes no arguments", cmd->name);
	if (cmd->parse != NULL && (bad = cmd->parse(&cli, cargc, cargv)) != NULL)
		return usage_error(cmd, "%s", bad);

	pool_init();	/* before anything calls into libxml2 */
	if (sodium_init() < 0) {
		fprintf(stderr, "selfcare: libsodium failed to initialise\n");
		return EX_SOFTWARE;
	}
	/* The route table, areas and statements, from the modules' declarations. */
	if (module_init(err, sizeof(err)) == -1) {
		fprintf(stderr, "selfcare: modules: %s\n", err);
		return EX_SOFTWARE;
	}
	/* An e-invoice mail carries its invoice's PDF, made when it is sent. */
	mail_set_attacher(invoice_mail_pdf);
	if (cli.path == NULL || *cli.path == '\0')
		cli.path = conf_default_path();
	if ((cmd->flags & CMD_CONF) && (rc = load(&cli, cmd)) != 0) {
		conf_free(&cli.conf);
		return rc;
	}
	xmlInitParser();
	mysql_library_init(0, NULL, NULL);
	if ((cmd->flags & CMD_DB) == 0 || (rc = reach_db(&cli.conf, "")) == 0)
		rc = cmd->run(&cli);
	conf_free(&cli.conf);
	xsltCleanupGlobals();
	xmlCleanupParser();
	mysql_library_end();
	return rc;
}
