/*
 * A company's keys of the partner API (api/door.c), made by its full
 * administrators: a name, the areas it reads, an expiry. The secret is
 * shown once, on the page that answers the making (or the rotation), and
 * kept only as a keyed hash. Rotating makes a new key of the same scope
 * and gives the old one api_key_overlap hours more (two live keys while
 * the partner switches); revoking ends a key at once.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/key.h"
#include "api/store.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define APIKEY_DAYS_MAX	730
#define APIKEYS_MAX	20	/* live keys of a company */

static struct field make_fields[FIELDS_MAX] = {
	{ "name", V_TEXT, 100 },
	{ "days", V_TEXT, 4 },
};
static struct boxes boxes;

enum { SCOPE_AREAS, SCOPE_EXPIRES, SCOPE__COLS };
enum { LIVE_COUNT, LIVE__COLS };
enum { Q_AK_LIST, Q_AK_SCOPE, Q_AK_REVOKE, Q_AK_LIVE };
static struct stmt stmts[] = {
	[Q_AK_LIST] = STMT("apikeys.list", "i", AKC__COLS,
	    "SELECT " API_KEY_COLUMNS
	    " FROM api_keys WHERE company_id = ? AND kind = 'company' ORDER BY id DESC"),
	/* A live key of this company, locked for its rotation or revocation. */
	[Q_AK_SCOPE] = STMT("apikeys.scope", "ii", SCOPE__COLS,
	    "SELECT areas, GREATEST(DATEDIFF(expires_at, NOW()), 1) FROM api_keys"
	    " WHERE id = ? AND company_id = ? AND kind = 'company' AND revoked_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > NOW()) FOR UPDATE"),
	[Q_AK_REVOKE] = STMT("apikeys.revoke", "ii", 0,
	    "UPDATE api_keys SET revoked_at = NOW() WHERE id = ? AND company_id = ?"),
	[Q_AK_LIVE] = STMT("apikeys.live", "i", LIVE__COLS,
	    "SELECT COUNT(*) FROM api_keys WHERE company_id = ? AND revoked_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > NOW()) FOR UPDATE"),
};

static void
apikeys_init(void)
{
	size_t i;

	boxes_init(&boxes, "area", area_names());
	for (i = 0; area_names()[i] != NULL && 2 + i < FIELDS_MAX - 3; i++)
		make_fields[2 + i] = (struct field){ boxes.field[i], V_TEXT, 8 };
}

/* The list of keys and the form of a new one. */
static int
keys_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_AK_LIST], c->co.id)) < 0)
		return page_db_status(rc);
	page_begin(c, "api-keys");
	list = x_el(c->root, "api-keys");
	while ((rc = db_fetch(c->db, &stmts[Q_AK_LIST], &row)) == 1) {
		e = api_key_el(list, c->co.time_zone, row.col);
		boxes_el(e, "areas", "area", area_names(), area_parse(row.col[AKC_AREAS]));
	}
	if (rc < 0)
		return page_db_status(rc);
	boxes_el(c->root, "areas", "area", area_names(), area_all());
	*form = form_el(c->root, "new-key");
	return 0;
}

static int
apikeys_get(struct ctx *c)
{
	xmlNodePtr form;

	return keys_page(c, &form);
}

struct make {
	struct ctx	*c;
	const char	*name;
	char		 areas[256];
	long long	 days;
	long long	 from;		/* rotation: the key it replaces */
	char		 key[API_KEY_LEN + 1];
	int		 full;		/* too many live keys */
};

static int
make_txn(void *arg)
{
	struct make *mk = arg;
	struct ctx *c = mk->c;
	struct api_key_spec spec = { "company", c->co.id, c->sess.user_id, 0, mk->name,
		mk->areas, mk->days, mk->from, &c->co.id, 1 };
	char prefix[API_PREFIX_LEN + 1];
	struct dbrow row;
	long long id, live;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_AK_LIVE], &row, c->co.id)) < 0)
		return rc;
	if (rc == 1 && parse_int(row.col[LIVE_COUNT], 0, INT64_MAX, &live) == 0 &&
	    live >= APIKEYS_MAX) {
		mk->full = 1;
		return DB_OK;
	}
	if (mk->from > 0) {
		if ((rc = db_one(c->db, &stmts[Q_AK_SCOPE], &row, mk->from, c->co.id)) < 0)
			return rc;
		if (rc == 0)
			return 404;
		snprintf(mk->areas, sizeof(mk->areas), "%s", row.col[SCOPE_AREAS]);
		if (row.col[SCOPE_EXPIRES] == NULL ||
		    parse_int(row.col[SCOPE_EXPIRES], 1, APIKEY_DAYS_MAX, &spec.days) == -1)
			spec.days = APIKEY_DAYS_MAX;
		if ((rc = api_key_overlap(c->db, mk->from, c->conf->api_key_overlap)) < 0)
			return rc;
	}
	if ((rc = api_key_store(c->db, c->conf->secret, &spec, mk->key, &id)) < 0)
		return rc;
	snprintf(prefix, sizeof(prefix), "%.*s", API_PREFIX_LEN, mk->key);
	return page_audit(c, mk->from > 0 ? "api-key-rotated" : "api-key-made", "api-key",
	    id, prefix);
}

/* Makes the key and shows its secret once, with the list. */
static int
make_and_show(struct ctx *c, struct make *mk, xmlNodePtr *form)
{
	xmlNodePtr shown;
	int rc;

	mk->c = c;
	rc = db_txn(c->db, make_txn, mk);
	if (rc != 0)
		return rc > 0 ? rc : page_db_status(rc);
	if ((rc = keys_page(c, form)) != 0)
		return rc;
	if (mk->full) {
		form_error(*form, "name", "too-many");
		return 0;
	}
	shown = x_text(c->root, "secret", mk->key);
	x_attr(shown, "name", mk->name);
	sodium_memzero(mk->key, sizeof(mk->key));
	return 0;
}

static int
apikeys_post(struct ctx *c)
{
	const char *name = in_get(c, "name"), *days = in_get(c, "days");
	struct make mk;
	xmlNodePtr form;
	unsigned bits;
	int rc;

	memset(&mk, 0, sizeof(mk));
	bits = boxes_of_form(c, &boxes) & area_all();
	mk.name = name;
	if (name == NULL || *name == '\0' || in_bad(c, "name") || days == NULL ||
	    parse_int(days, 1, APIKEY_DAYS_MAX, &mk.days) == -1) {
		if ((rc = keys_page(c, &form)) != 0)
			return rc;
		form_keep(c, form, "name");
		form_keep(c, form, "days");
		boxes_keep(c, &boxes, form);
		if (name == NULL || *name == '\0' || in_bad(c, "name"))
			form_error(form, "name", name && *name ? "invalid" : "required");
		if (days == NULL || parse_int(days, 1, APIKEY_DAYS_MAX, &mk.days) == -1)
			form_error(form, "days", days && *days ? "invalid" : "required");
		c->status = 400;
		return 0;
	}
	area_format(bits, mk.areas, sizeof(mk.areas));
	return make_and_show(c, &mk, &form);
}

static int
apikeys_rotate_post(struct ctx *c)
{
	struct make mk;
	xmlNodePtr form;

	memset(&mk, 0, sizeof(mk));
	mk.from = c->ids[1];
	mk.name = "";
	return make_and_show(c, &mk, &form);
}

static int
revoke_txn(struct ctx *c, void *arg)
{
	struct dbrow row;
	int rc;

	(void)arg;
	if ((rc = db_one(c->db, &stmts[Q_AK_SCOPE], &row, c->ids[1], c->co.id)) < 0)
		return rc;
	if (rc == 0)
		return 404;
	if ((rc = db_run(c->db, &stmts[Q_AK_REVOKE], c->ids[1], c->co.id)) < 0 ||
	    (rc = page_audit(c, "api-key-revoked", "api-key", c->ids[1], NULL)) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/api-keys?done=api-key-revoked", c->co.id);
	return DB_OK;
}

static int
apikeys_revoke_post(struct ctx *c)
{
	return page_change(c, revoke_txn, NULL);
}

static const struct route routes[] = {
	{ "/companies/#/api-keys", R_COMPANY, "api-keys", apikeys_get, NULL,
	    apikeys_post, make_fields, "admin" },
	{ "/companies/#/api-keys/#/rotate", R_COMPANY, "api-keys", NULL, NULL,
	    apikeys_rotate_post, NULL, "admin" },
	{ "/companies/#/api-keys/#/revoke", R_COMPANY, "api-keys", NULL, NULL,
	    apikeys_revoke_post, NULL, "admin" },
};

static const char *const pages[] = { "api-keys", NULL };
static const char *const flashes[] = { "api-key-revoked", NULL };
static const struct menu_item menu[] = {
	{ "/api-keys", "nav.api-keys", "admin" },
	{ NULL, NULL, NULL },
};

const struct module apikeys_module = {
	.name = "apikeys", .routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts), .init = apikeys_init,
};
