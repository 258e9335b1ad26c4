/*
 * Migrations: schema_dir/sql/NNN-name.sql applied in order, each recorded in
 * schema_migrations with a checksum, so running migrate again applies only
 * what is new and notices a recorded file that was changed afterwards.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/log.h"
#include "core/migrate.h"
#include "core/module.h"
#include "core/util.h"

enum { MIG_CHECKSUM, MIG__COLS };
enum { Q_GET, Q_ADD };
static struct stmt stmts[] = {
	[Q_GET] = STMT("migrate.get", "s", MIG__COLS,
	    "SELECT checksum FROM schema_migrations WHERE version = ?"),
	[Q_ADD] = STMT("migrate.add", "ss", 0,
	    "INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)"),
};

static int
read_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	buf_add(b, NULL, 0);
	fclose(f);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
migrate_run(const struct conf *c)
{
	char dir[2048], err[1024], **names = NULL;
	struct buf sql = { 0 };
	struct db *db = NULL;
	struct dirent *de;
	size_t n = 0, i;
	int rc = 1, applied = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sql", c->schema_dir);
	if ((d = opendir(dir)) == NULL) {
		log_error("migrate: %s: %s", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0 &&
		    de->d_name[0] >= '0' && de->d_name[0] <= '9') {
			names = erealloc(names, (n + 1) * sizeof(*names));
			names[n++] = estrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);

	db = db_new(c);
	if (db_query(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version VARCHAR(200) NOT NULL PRIMARY KEY,"
	    " checksum CHAR(64) NOT NULL,"
	    " applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4") != DB_OK) {
		log_error("migrate: cannot create schema_migrations");
		goto out;
	}
	for (i = 0; i < n; i++) {
		unsigned char h[32];
		char hex[65], path[4096];
		struct dbrow row;
		int known;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		sql.len = 0;
		if (read_file(path, &sql) == -1) {
			log_error("migrate: %s: %s", path, strerror(errno));
			goto out;
		}
		crypto_generichash(h, sizeof(h), (unsigned char *)sql.p, sql.len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		if ((known = db_one(db, &stmts[Q_GET], &row, names[i])) < 0) {
			log_error("migrate: cannot read schema_migrations");
			goto out;
		}
		if (known == 1) {
			/* A file changed after it was applied is a mistake to report,
			 * never a reason to run it again. */
			if (strcmp(row.col[MIG_CHECKSUM], hex) != 0)
				log_warn("migrate: %s changed after it was applied", names[i]);
			continue;
		}
		/* DDL is not transactional in MariaDB: a failed file is not
		 * recorded, and the operator repairs and runs migrate again. */
		if (db_script(c, sql.p, err, sizeof(err)) == -1) {
			log_error("migrate: %s: %s", names[i], err);
			goto out;
		}
		if (db_run(db, &stmts[Q_ADD], names[i], hex) != DB_OK) {
			log_error("migrate: %s applied but not recorded", names[i]);
			goto out;
		}
		log_info("migrate: applied %s", names[i]);
		applied++;
	}
	log_info("migrate: %d applied now, %zu in all", applied, n);
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&sql);
	db_free(db);
	return rc;
}

int
migrate_demo(const struct conf *c)
{
	char path[2048], err[1024];
	struct buf sql = { 0 };
	int rc = 1;

	snprintf(path, sizeof(path), "%s/demo/demo.sql", c->schema_dir);
	if (read_file(path, &sql) == -1) {
		log_error("demo-data: %s: %s", path, strerror(errno));
		return 1;
	}
	if (db_script(c, sql.p, err, sizeof(err)) == -1)
		log_error("demo-data: %s", err);
	else {
		log_info("demo-data: loaded %s", path);
		rc = 0;
	}
	buf_free(&sql);
	return rc;
}

const struct module migrate_module = {
	.name = "migrate", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
