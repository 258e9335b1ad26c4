/* Keys of the partner API as rows (api/store.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/store.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/util.h"

enum { Q_KEY_ADD, Q_KEY_COMPANY, Q_KEY_COMPANIES_OF, Q_KEY_OVERLAP };
static struct stmt stmts[] = {
	[Q_KEY_ADD] = STMT("apikeystore.add", "sIsssbIIiI", 0,
	    "INSERT INTO api_keys (kind, company_id, name, prefix, areas, secret_hash,"
	    " created_by, created_by_staff, expires_at, rotated_from)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW() + INTERVAL ? DAY, ?)"),
	[Q_KEY_COMPANY] = STMT("apikeystore.company", "ii", 0,
	    "INSERT INTO api_key_companies (key_id, company_id) VALUES (?, ?)"),
	[Q_KEY_COMPANIES_OF] = STMT("apikeystore.companies_of", "ii", 0,
	    "INSERT INTO api_key_companies (key_id, company_id)"
	    " SELECT ?, company_id FROM api_key_companies WHERE key_id = ?"),
	[Q_KEY_OVERLAP] = STMT("apikeystore.overlap", "iii", 0,
	    "UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, NOW() +"
	    " INTERVAL ? HOUR), NOW() + INTERVAL ? HOUR) WHERE id = ?"),
};

int
api_key_store(struct db *db, const unsigned char server[32],
    const struct api_key_spec *s, char key[API_KEY_LEN + 1], long long *id)
{
	char prefix[API_PREFIX_LEN + 1];
	unsigned char h[AUTH_HASH_LEN];
	size_t i;
	int rc;

	api_key_new(key, prefix);
	api_key_hash(server, key, h);
	if ((rc = db_run(db, &stmts[Q_KEY_ADD], s->kind, s->company, s->name, prefix,
	    s->areas, (const void *)h, (unsigned long)sizeof(h), s->user, s->staff,
	    s->days, s->from)) < 0)
		return rc;
	*id = db_insert_id(db, &stmts[Q_KEY_ADD]);
	if (s->from > 0) {
		rc = db_run(db, &stmts[Q_KEY_COMPANIES_OF], *id, s->from);
		return rc < 0 ? rc : DB_OK;
	}
	for (i = 0; i < s->ncompanies; i++)
		if ((rc = db_run(db, &stmts[Q_KEY_COMPANY], *id, s->companies[i])) < 0)
			return rc;
	return DB_OK;
}

xmlNodePtr
api_key_el(xmlNodePtr list, const char *zone, char **col)
{
	xmlNodePtr e = x_el(list, "key");

	x_attr(e, "id", col[AKC_ID]);
	x_attr(e, "live", strcmp(col[AKC_LIVE], "1") == 0 ? "yes" : "no");
	x_text(e, "name", col[AKC_NAME]);
	x_text(e, "prefix", col[AKC_PREFIX]);
	x_time(e, "created", zone, col[AKC_CREATED]);
	x_time(e, "expires", zone, col[AKC_EXPIRES]);
	x_time(e, "revoked", zone, col[AKC_REVOKED]);
	x_time(e, "last-used", zone, col[AKC_USED]);
	x_text(e, "last-used-from", col[AKC_USED_IP]);
	return e;
}

int
api_key_overlap(struct db *db, long long id, long long hours)
{
	int rc = db_run(db, &stmts[Q_KEY_OVERLAP], hours, hours, id);

	return rc < 0 ? rc : DB_OK;
}

const struct module apikeystore_module = {
	.name = "apikeystore", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
