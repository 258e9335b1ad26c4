/*
 * The operator's keys of the partner API (role customers): a reseller's,
 * which reads every area of the companies it is given, and network
 * mediation's, which reads nothing and will import usage, and a billing
 * partner's, which posts and reads payments (api/payments.c). The secret is
 * shown once, on the page that answers the making or the rotation.
 * Companies' own keys are their administrators' (portal/apikeys.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/key.h"
#include "api/store.h"
#include "core/audit.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define PARTNER_DAYS_MAX	730
#define PARTNER_COMPANIES_MAX	200	/* companies a reseller's key names */

static const struct field make_fields[] = {
	{ "name", V_TEXT, 100 },
	{ "kind", V_WORD, 0 },
	{ "companies", V_TEXT, 2000 },
	{ "days", V_TEXT, 4 },
	{ NULL, V_TEXT, 0 },
};

static const char *const kinds[] = { "reseller", "mediation", "billing", NULL };

enum { PKC_KEY, PKC_ID, PKC_NAME, PKC__COLS };
enum { LIVEKEY_KIND, LIVEKEY_DAYS, LIVEKEY__COLS };
enum { CO_ID, CO__COLS };
enum { Q_PK_LIST, Q_PK_COMPANIES, Q_PK_LIVE, Q_PK_REVOKE, Q_PK_COMPANY };
static struct stmt stmts[] = {
	[Q_PK_LIST] = STMT("partnerkeys.list", "", AKC__COLS,
	    "SELECT " API_KEY_COLUMNS
	    " FROM api_keys WHERE company_id IS NULL ORDER BY id DESC LIMIT 200"),
	[Q_PK_COMPANIES] = STMT("partnerkeys.companies", "", PKC__COLS,
	    "SELECT k.key_id, c.id, c.name FROM api_key_companies k"
	    " JOIN api_keys a ON a.id = k.key_id JOIN companies c ON c.id = k.company_id"
	    " WHERE a.company_id IS NULL ORDER BY k.key_id, c.name"),
	/* A live key of the operator's, locked for its rotation or revocation. */
	[Q_PK_LIVE] = STMT("partnerkeys.live", "i", LIVEKEY__COLS,
	    "SELECT kind, GREATEST(DATEDIFF(expires_at, NOW()), 1) FROM api_keys"
	    " WHERE id = ? AND company_id IS NULL AND revoked_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > NOW()) FOR UPDATE"),
	[Q_PK_REVOKE] = STMT("partnerkeys.revoke", "i", 0,
	    "UPDATE api_keys SET revoked_at = NOW() WHERE id = ? AND company_id IS NULL"),
	[Q_PK_COMPANY] = STMT("partnerkeys.company", "i", CO__COLS,
	    "SELECT id FROM companies WHERE id = ?"),
};

static int
keys_page(struct ctx *c, xmlNodePtr *form)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_PK_LIST])) < 0)
		return page_db_status(rc);
	page_begin(c, "admin-api-keys");
	list = x_el(c->root, "api-keys");
	while ((rc = db_fetch(c->db, &stmts[Q_PK_LIST], &row)) == 1) {
		e = api_key_el(list, NULL, row.col);
		x_attr(e, "kind", row.col[AKC_KIND]);
	}
	if (rc < 0)
		return page_db_status(rc);
	/* Each key's companies, under its element. */
	if ((rc = db_run(c->db, &stmts[Q_PK_COMPANIES])) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_PK_COMPANIES], &row)) == 1) {
		xmlNodePtr k, co;

		for (k = xmlFirstElementChild(list); k != NULL; k = xmlNextElementSibling(k)) {
			xmlChar *id = xmlGetProp(k, BAD_CAST "id");
			int same = id != NULL && strcmp((const char *)id, row.col[PKC_KEY]) == 0;

			xmlFree(id);
			if (same)
				break;
		}
		if (k == NULL)
			continue;
		co = x_text(k, "company", row.col[PKC_NAME]);
		x_attr(co, "id", row.col[PKC_ID]);
	}
	if (rc < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "new-key");
	return 0;
}

static int
partnerkeys_get(struct ctx *c)
{
	xmlNodePtr form;

	return keys_page(c, &form);
}

struct make {
	struct ctx	*c;
	struct api_key_spec spec;
	char		 key[API_KEY_LEN + 1];
	long long	 ids[PARTNER_COMPANIES_MAX];
};

static int
make_txn(void *arg)
{
	struct make *mk = arg;
	struct ctx *c = mk->c;
	char prefix[API_PREFIX_LEN + 1];
	struct dbrow row;
	long long id;
	size_t i;
	int rc;

	for (i = 0; i < mk->spec.ncompanies; i++) {
		if ((rc = db_one(c->db, &stmts[Q_PK_COMPANY], &row, mk->ids[i])) < 0)
			return rc;
		if (rc == 0)
			return 400;
	}
	if (mk->spec.from > 0) {
		if ((rc = db_one(c->db, &stmts[Q_PK_LIVE], &row, mk->spec.from)) < 0)
			return rc;
		if (rc == 0)
			return 404;
		for (i = 0; kinds[i + 1] != NULL && strcmp(kinds[i], row.col[LIVEKEY_KIND]) != 0;
		    i++)
			;
		mk->spec.kind = kinds[i];
		if (row.col[LIVEKEY_DAYS] == NULL || parse_int(row.col[LIVEKEY_DAYS], 1,
		    PARTNER_DAYS_MAX, &mk->spec.days) == -1)
			mk->spec.days = PARTNER_DAYS_MAX;
		if ((rc = api_key_overlap(c->db, mk->spec.from, c->conf->api_key_overlap)) < 0)
			return rc;
	}
	if ((rc = api_key_store(c->db, c->conf->secret, &mk->spec, mk->key, &id)) < 0)
		return rc;
	snprintf(prefix, sizeof(prefix), "%.*s", API_PREFIX_LEN, mk->key);
	return audit_add_staff(c->db, c->staff.id, 0, mk->spec.from > 0 ?
	    "api-key-rotated" : "api-key-made", "api-key", id, prefix, c->req->remote_addr);
}

/* The form again with what was typed and why it was refused. */
static int
refuse(struct ctx *c, const char *const *errs)
{
	static const char *const fields[] = { "name", "kind", "companies", "days" };
	xmlNodePtr form;
	size_t i;
	int rc;

	if ((rc = keys_page(c, &form)) != 0)
		return rc;
	for (i = 0; i < COUNTOF(fields); i++)
		form_keep(c, form, fields[i]);
	for (i = 0; i < COUNTOF(fields); i++)
		if (errs[i] != NULL)
			form_error(form, fields[i], errs[i]);
	c->status = 400;
	return 0;
}

/* The key made (or refused: a company that is none), its secret shown once. */
static int
make_and_show(struct ctx *c, struct make *mk)
{
	static const char *const bad_company[4] = { NULL, NULL, "invalid", NULL };
	xmlNodePtr form, shown;
	int rc;

	mk->c = c;
	if ((rc = db_txn(c->db, make_txn, mk)) < 0)
		return page_db_status(rc);
	if (rc == 400)
		return refuse(c, bad_company);
	if (rc != 0)
		return rc;
	if ((rc = keys_page(c, &form)) != 0)
		return rc;
	shown = x_text(c->root, "secret", mk->key);
	x_attr(shown, "name", mk->spec.name);
	sodium_memzero(mk->key, sizeof(mk->key));
	return 0;
}

/* "12 40, 7": the ids of the companies, each once; -1 if not such a list. */
static int
parse_ids(const char *s, long long *ids, size_t max, size_t *n)
{
	char one[24];
	size_t k, i;
	long long id;

	*n = 0;
	while (s != NULL && *s) {
		s += strspn(s, " ,\n\r\t");
		if ((k = strcspn(s, " ,\n\r\t")) == 0)
			break;
		if (k >= sizeof(one) || *n == max)
			return -1;
		memcpy(one, s, k);
		one[k] = '\0';
		if (parse_int(one, 1, INT64_MAX, &id) == -1)
			return -1;
		for (i = 0; i < *n && ids[i] != id; i++)
			;
		if (i == *n)
			ids[(*n)++] = id;
		s += k;
	}
	return 0;
}

static int
partnerkeys_post(struct ctx *c)
{
	const char *name = in_get(c, "name"), *kind = in_get(c, "kind"),
	    *days = in_get(c, "days");
	const char *errs[4] = { NULL, NULL, NULL, NULL };
	struct make mk;
	size_t i;

	memset(&mk, 0, sizeof(mk));
	mk.spec.staff = c->staff.id;
	mk.spec.name = name;
	mk.spec.areas = "";
	mk.spec.companies = mk.ids;
	for (i = 0; kind != NULL && kinds[i] != NULL && strcmp(kinds[i], kind) != 0; i++)
		;
	if (name == NULL || *name == '\0' || in_bad(c, "name"))
		errs[0] = name && *name ? "invalid" : "required";
	if (kind == NULL || kinds[i] == NULL)
		errs[1] = kind && *kind ? "invalid" : "required";
	else
		mk.spec.kind = kinds[i];
	if (parse_ids(in_get(c, "companies"), mk.ids, PARTNER_COMPANIES_MAX,
	    &mk.spec.ncompanies) == -1)
		errs[2] = "invalid";
	/* A reseller's key serves companies; mediation's and billing's none. */
	else if (mk.spec.kind != NULL && (strcmp(mk.spec.kind, "reseller") == 0) !=
	    (mk.spec.ncompanies > 0))
		errs[2] = mk.spec.ncompanies ? "not-allowed" : "required";
	if (days == NULL || parse_int(days, 1, PARTNER_DAYS_MAX, &mk.spec.days) == -1)
		errs[3] = days && *days ? "invalid" : "required";
	if (errs[0] || errs[1] || errs[2] || errs[3])
		return refuse(c, errs);
	return make_and_show(c, &mk);
}

static int
partnerkeys_rotate_post(struct ctx *c)
{
	struct make mk;

	memset(&mk, 0, sizeof(mk));
	mk.spec.staff = c->staff.id;
	mk.spec.name = "";
	mk.spec.areas = "";
	mk.spec.from = c->ids[0];
	return make_and_show(c, &mk);
}

static int
revoke_txn(void *arg)
{
	struct ctx *c = arg;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_PK_LIVE], &row, c->ids[0])) < 0)
		return rc;
	if (rc == 0)
		return 404;
	if ((rc = db_run(c->db, &stmts[Q_PK_REVOKE], c->ids[0])) < 0)
		return rc;
	return audit_add_staff(c->db, c->staff.id, 0, "api-key-revoked", "api-key",
	    c->ids[0], NULL, c->req->remote_addr);
}

static int
partnerkeys_revoke_post(struct ctx *c)
{
	int rc = db_txn(c->db, revoke_txn, c);

	if (rc != 0)
		return rc > 0 ? rc : page_db_status(rc);
	return page_redirect(c, "/admin/api-keys?done=partner-key-revoked");
}

static const struct route routes[] = {
	{ "/admin/api-keys", R_STAFF, "admin-api-keys", partnerkeys_get, NULL,
	    partnerkeys_post, make_fields, "customers" },
	{ "/admin/api-keys/#/rotate", R_STAFF, "admin-api-keys", NULL, NULL,
	    partnerkeys_rotate_post, NULL, "customers" },
	{ "/admin/api-keys/#/revoke", R_STAFF, NULL, NULL, NULL,
	    partnerkeys_revoke_post, NULL, "customers" },
};

static const char *const pages[] = { "admin-api-keys", NULL };
static const char *const flashes[] = { "partner-key-revoked", NULL };
static const struct menu_item menu[] = {
	{ "/admin/api-keys", "admin.nav.api-keys", "customers" },
	{ NULL, NULL, NULL },
};

const struct module partnerkeys_module = {
	.name = "partnerkeys", .door = DOOR_ADMIN,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
