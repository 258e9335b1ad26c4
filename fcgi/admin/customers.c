/*
 * The operator's customers (the back office's role "customers", apart from
 * "care", so that the right to create and change customers can be given
 * without the cases): a search over every company by name, organisation
 * number, a member's e-mail or phone, or an invoice number, with each
 * company's key figures; a new company with its address, billing account,
 * first location and the invitation of its first administrator (the
 * portal's invitation, portal/invitations.c); a company's overview for
 * staff, its name and address changed, its deactivation and reactivation
 * (nothing is deleted: its members cannot open its pages while it is
 * closed, core/dispatch.c); and its locations, subscriptions and invoices
 * pages as its administrators see them, read-only, each view audited so
 * that it shows in the company's own audit log.
 *
 * Staff see every company: no statement here takes a membership, but
 * every change and every view names the company it touches (c->co.id),
 * which puts the audit row into that company's log.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "portal/portal.h"

#define CUSTOMERS_PAGE	25
#define LATEST		10	/* invoices and cases on the overview */
#define VAT_MAX		10000	/* 100.00 %, in hundredths */

/*
 * The countries a company may be in (their numbers are checked by
 * core/valid.c): the currency its billing account is offered in, and the
 * language of its first administrator's invitation. Its time zone follows
 * the country as well: companies.time_zone's default (migration 004).
 */
static const struct {
	const char	*code, *currency, *lang;
} countries[] = {
	{ "NO", "NOK", "nb" },
	{ "DK", "DKK", "da" },
};

static const char *const currencies[] = { "NOK", "DKK", NULL };

/* The search: one box for every key. */
#define CUSTOMERS_FROM \
	" FROM companies c" \
	" WHERE ? = '' OR c.name LIKE ? OR c.orgnr LIKE ?" \
	" OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id" \
	"  WHERE m.company_id = c.id AND (u.email LIKE ? OR REPLACE(u.phone, ' ', '') LIKE ?))" \
	" OR EXISTS (SELECT 1 FROM invoices i WHERE i.company_id = c.id AND i.number = ?)"
/* A company with its key figures (one, or a row of the search, which adds
 * how many match in all). */
enum { CUST_ID, CUST_NAME, CUST_ORGNR, CUST_COUNTRY, CUST_TIME_ZONE, CUST_STREET,
	CUST_POSTCODE, CUST_CITY, CUST_STATUS, CUST_ADDED, CUST_CLOSED, CUST_LOCATIONS,
	CUST_SUBSCRIPTIONS, CUST_OPEN_CASES, CUST_UNPAID, CUST__COLS,
	CUST_MATCHES = CUST__COLS, FOUND__COLS };
enum { MATCHES_N, MATCHES__COLS };
#define CUSTOMER_COLS \
	"SELECT c.id, c.name, c.orgnr, c.country, c.time_zone, c.street, c.postcode," \
	" c.city, c.status, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s')," \
	" DATE_FORMAT(c.closed_at, '%Y-%m-%dT%H:%i:%s')," \
	" (SELECT COUNT(*) FROM locations l WHERE l.company_id = c.id)," \
	" (SELECT COUNT(*) FROM subscriptions s WHERE s.company_id = c.id" \
	"  AND s.status = 'active')," \
	" (SELECT COUNT(*) FROM cases k WHERE k.company_id = c.id" \
	"  AND k.status NOT IN ('resolved', 'closed'))," \
	" (SELECT COUNT(*) FROM invoices i WHERE i.company_id = c.id" \
	"  AND i.status IN ('unpaid', 'partly_paid'))"
enum { PLACE_ID, PLACE_NUMBER, PLACE_NAME, PLACE_STATUS, PLACE__COLS };
enum { ACCOUNT_ID, ACCOUNT_NUMBER, ACCOUNT_CURRENCY, ACCOUNT_VAT, ACCOUNT_ISSUER,
	ACCOUNT__COLS };
enum { ISSUER_ID, ISSUER_COUNTRY, ISSUER_NAME, ISSUER__COLS };
enum { NEXT_NUMBER, NEXT__COLS };

enum { Q_SEARCH, Q_SEARCH_COUNT, Q_CUSTOMER, Q_LOCATIONS, Q_ACCOUNTS, Q_ISSUERS,
	Q_ISSUER_LOCK, Q_ACCOUNT_NEXT, Q_COMPANY_ADD, Q_ACCOUNT_ADD, Q_LOCATION_ADD,
	Q_COMPANY_SET, Q_STATUS_SET };
static struct stmt stmts[] = {
	[Q_SEARCH] = STMT("customers.search", "sssssiii", FOUND__COLS,
	    CUSTOMER_COLS ", COUNT(*) OVER ()" CUSTOMERS_FROM
	    " ORDER BY c.name, c.id LIMIT ? OFFSET ?"),
	[Q_SEARCH_COUNT] = STMT("customers.search_count", "sssssi", MATCHES__COLS,
	    "SELECT COUNT(*)" CUSTOMERS_FROM),
	[Q_CUSTOMER] = STMT("customers.get", "i", CUST__COLS,
	    CUSTOMER_COLS " FROM companies c WHERE c.id = ?"),
	[Q_LOCATIONS] = STMT("customers.locations", "i", PLACE__COLS,
	    "SELECT id, number, name, status FROM locations WHERE company_id = ?"
	    " ORDER BY number, id"),
	[Q_ACCOUNTS] = STMT("customers.accounts", "i", ACCOUNT__COLS,
	    "SELECT a.id, a.number, a.currency, a.vat_rate, i.name"
	    " FROM billing_accounts a JOIN issuers i ON i.id = a.issuer_id"
	    " WHERE a.company_id = ? ORDER BY a.id"),
	[Q_ISSUERS] = STMT("customers.issuers", "", ISSUER__COLS,
	    "SELECT id, country, name FROM issuers ORDER BY country, id"),
	/* The issuer of the country, locked: its accounts are numbered in turn. */
	[Q_ISSUER_LOCK] = STMT("customers.issuer_lock", "s", ISSUER__COLS,
	    "SELECT id, country, name FROM issuers WHERE country = ?"
	    " ORDER BY id LIMIT 1 FOR UPDATE"),
	/* An issuer's accounts are numbered from its id times 10^7 up
	 * (issuer 1: 10000001, 10000002, ...). */
	[Q_ACCOUNT_NEXT] = STMT("customers.account_next", "ii", NEXT__COLS,
	    "SELECT GREATEST(COALESCE(MAX(CAST(number AS UNSIGNED)), 0), ? * 10000000) + 1"
	    " FROM billing_accounts WHERE issuer_id = ?"),
	[Q_COMPANY_ADD] = STMT("customers.company_add", "ssssss", 0,
	    "INSERT INTO companies (name, orgnr, country, street, postcode, city)"
	    " VALUES (?, ?, ?, ?, ?, ?)"),
	[Q_ACCOUNT_ADD] = STMT("customers.account_add", "iisss", 0,
	    "INSERT INTO billing_accounts (company_id, issuer_id, number, currency, vat_rate)"
	    " VALUES (?, ?, ?, ?, ?)"),
	[Q_LOCATION_ADD] = STMT("customers.location_add", "iss", 0,
	    "INSERT INTO locations (company_id, number, name) VALUES (?, ?, ?)"),
	[Q_COMPANY_SET] = STMT("customers.company_set", "ssssi", 0,
	    "UPDATE companies SET name = ?, street = ?, postcode = ?, city = ? WHERE id = ?"),
	[Q_STATUS_SET] = STMT("customers.status_set", "ssis", 0,
	    "UPDATE companies SET status = ?, closed_at = IF(? = 'closed', NOW(), NULL)"
	    " WHERE id = ? AND status <> ?"),
};
#undef CUSTOMER_COLS
#undef CUSTOMERS_FROM

static const struct field search_fields[] = {
	{ "q", V_TEXT, 100 },
	{ "page", V_ID, 0 },
	{ NULL, V_TEXT, 0 },
};

/* Bounded by bytes here; by characters and form in the handlers. */
#define ADDRESS_FIELDS \
	{ "name", V_TEXT, 800 }, \
	{ "street", V_TEXT, 800 }, \
	{ "postcode", V_TEXT, 16 }, \
	{ "city", V_TEXT, 400 }

static const struct field new_fields[] = {
	ADDRESS_FIELDS,
	{ "orgnr", V_TEXT, 32 },
	{ "country", V_TEXT, 2 },
	{ "currency", V_TEXT, 3 },
	{ "vat-rate", V_TEXT, 8 },
	{ "location-number", V_TEXT, 20 },
	{ "location-name", V_TEXT, 800 },
	{ "admin-name", V_TEXT, NAME_MAX_BYTES },
	{ "admin-email", V_EMAIL, 254 },
	{ NULL, V_TEXT, 0 },
};

static const struct field edit_fields[] = {
	ADDRESS_FIELDS,
	{ NULL, V_TEXT, 0 },
};
#undef ADDRESS_FIELDS

static const struct field status_fields[] = {
	{ "status", V_WORD, 0 },
	{ NULL, V_TEXT, 0 },
};

/* A company as a row of the search has it; all of it (full) on its own
 * page, its times in its own zone. */
static void
customer_el(xmlNodePtr parent, const struct dbrow *row, int full)
{
	const char *zone = row->col[CUST_TIME_ZONE];
	xmlNodePtr e = x_el(parent, "customer"), f;

	x_attr(e, "id", row->col[CUST_ID]);
	x_attr(e, "status", row->col[CUST_STATUS]);
	x_text(e, "name", row->col[CUST_NAME]);
	x_text(e, "orgnr", row->col[CUST_ORGNR]);
	x_text(e, "country", row->col[CUST_COUNTRY]);
	if (full) {
		x_text(e, "time-zone", zone);
		x_text(e, "street", row->col[CUST_STREET]);
		x_text(e, "postcode", row->col[CUST_POSTCODE]);
		x_text(e, "city", row->col[CUST_CITY]);
		x_time(e, "added", zone, row->col[CUST_ADDED]);
		x_time(e, "closed", zone, row->col[CUST_CLOSED]);
	}
	f = x_el(e, "figures");
	x_text(f, "locations", row->col[CUST_LOCATIONS]);
	x_text(f, "subscriptions", row->col[CUST_SUBSCRIPTIONS]);
	x_text(f, "open-cases", row->col[CUST_OPEN_CASES]);
	x_text(f, "unpaid-invoices", row->col[CUST_UNPAID]);
}

/* ---- the search ---- */

/* The search text without blanks, for numbers people type in groups
 * ("923 609 016", "+47 912 34 567"). */
static void
compact(const char *q, char *out, size_t len)
{
	size_t n = 0;

	for (; *q && n + 1 < len; q++)
		if (*q != ' ')
			out[n++] = *q;
	out[n] = '\0';
}

static int
customers_get(struct ctx *c)
{
	const char *p = in_get(c, "page");
	char q[110], pat[310], digits[110], dpat[310];
	long long page = 1, total = 0, invoice = 0;
	xmlNodePtr list;
	struct dbrow row;
	size_t n;
	int rc;

	/* Blanks around the search are none of it: only blanks search all. */
	snprintf(q, sizeof(q), "%s", in_get(c, "q") ? in_get(c, "q") + strspn(in_get(c, "q"),
	    " ") : "");
	for (n = strlen(q); n > 0 && q[n - 1] == ' '; n--)
		q[n - 1] = '\0';
	if (p != NULL && parse_int(p, 1, 1000000, &page) == -1)
		return 400;
	db_like(q, pat, sizeof(pat));
	compact(q, digits, sizeof(digits));
	db_like(digits, dpat, sizeof(dpat));
	/* An invoice number is all digits; 0 matches none. */
	if (parse_int(digits, 1, INT64_MAX, &invoice) == -1)
		invoice = 0;
	if ((rc = db_run(c->db, &stmts[Q_SEARCH], q, pat, dpat, pat, dpat, invoice,
	    (long long)CUSTOMERS_PAGE, (page - 1) * CUSTOMERS_PAGE)) < 0 ||
	    (rc = db_fetch(c->db, &stmts[Q_SEARCH], &row)) < 0)
		return page_db_status(rc);
	/* The total comes with the rows; a page past the end counts alone. */
	if (rc == 1)
		parse_int(row.col[CUST_MATCHES], 0, INT64_MAX, &total);
	else if (page > 1) {
		struct dbrow crow;
		int crc;

		if ((crc = db_one(c->db, &stmts[Q_SEARCH_COUNT], &crow, q, pat, dpat, pat,
		    dpat, invoice)) < 0)
			return page_db_status(crc);
		parse_int(crow.col[MATCHES_N], 0, INT64_MAX, &total);
	}
	page_begin(c, "admin-customers");
	list = x_el(c->root, "customers");
	x_attr(list, "q", q);
	x_attr_int(list, "page", page);
	x_attr_int(list, "pages", total == 0 ? 1 : (total + CUSTOMERS_PAGE - 1) /
	    CUSTOMERS_PAGE);
	x_attr_int(list, "total", total);
	for (; rc == 1; rc = db_fetch(c->db, &stmts[Q_SEARCH], &row))
		customer_el(list, &row, 0);
	return rc < 0 ? page_db_status(rc) : 0;
}

/* ---- one company ---- */

/*
 * The company of the path as the one a staff action touches: c->co as a
 * full administrator of it would have it (every area), so that the
 * portal's pages show what its administrators see, and every audit row
 * goes into its log. The row stays in *row. 404 if there is none.
 */
static int
customer_load(struct ctx *c, struct dbrow *row)
{
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_CUSTOMER], row, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	c->co.id = c->ids[0];
	snprintf(c->co.name, sizeof(c->co.name), "%s", row->col[CUST_NAME]);
	snprintf(c->co.orgnr, sizeof(c->co.orgnr), "%s", row->col[CUST_ORGNR]);
	snprintf(c->co.country, sizeof(c->co.country), "%s", row->col[CUST_COUNTRY]);
	snprintf(c->co.time_zone, sizeof(c->co.time_zone), "%s", row->col[CUST_TIME_ZONE]);
	c->co.admin = 1;
	c->co.areas = area_all() | AREA_ADMIN;
	c->co.closed = strcmp(row->col[CUST_STATUS], "closed") == 0;
	return 0;
}

/*
 * The overview: the company, its members and invitations (as its users
 * page has them), locations, billing accounts, latest invoices and cases,
 * and the form that changes its name and address (*form; with the stored
 * values if stored, else empty for what was typed).
 */
static int
customer_page(struct ctx *c, xmlNodePtr *form, int stored)
{
	struct dbrow row;
	xmlNodePtr list, e;
	int rc;

	if ((rc = customer_load(c, &row)) != 0)
		return rc;
	page_begin(c, "admin-customer");
	customer_el(c->root, &row, 1);
	*form = form_el(c->root, "customer");
	if (stored) {
		form_value(*form, "name", row.col[CUST_NAME]);
		form_value(*form, "street", row.col[CUST_STREET]);
		form_value(*form, "postcode", row.col[CUST_POSTCODE]);
		form_value(*form, "city", row.col[CUST_CITY]);
	}
	if ((rc = users_list(c, c->root)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_LOCATIONS], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "locations");
	while ((rc = db_fetch(c->db, &stmts[Q_LOCATIONS], &row)) == 1) {
		e = x_el(list, "location");
		x_attr(e, "id", row.col[PLACE_ID]);
		x_text(e, "number", row.col[PLACE_NUMBER]);
		x_text(e, "name", row.col[PLACE_NAME]);
		x_text(e, "status", row.col[PLACE_STATUS]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_ACCOUNTS], c->co.id)) < 0)
		return page_db_status(rc);
	list = x_el(c->root, "billing-accounts");
	while ((rc = db_fetch(c->db, &stmts[Q_ACCOUNTS], &row)) == 1) {
		e = x_el(list, "account");
		x_attr(e, "id", row.col[ACCOUNT_ID]);
		x_text(e, "number", row.col[ACCOUNT_NUMBER]);
		x_text(e, "currency", row.col[ACCOUNT_CURRENCY]);
		x_text(e, "vat-rate", row.col[ACCOUNT_VAT]);
		x_text(e, "issuer", row.col[ACCOUNT_ISSUER]);
	}
	if (rc < 0 || (rc = invoices_latest(c, c->root, LATEST)) < 0 ||
	    (rc = cases_list(c, c->root, "", LATEST)) < 0)
		return page_db_status(rc);
	return 0;
}

static int
customer_get(struct ctx *c)
{
	xmlNodePtr f;

	return customer_page(c, &f, 1);
}

/* A company's name and address as typed: checked, normalised. */
struct address {
	char		 name[801], street[801], postcode[17], city[401];
};

/* Each field's problem goes into the form; whether there was none. The
 * postcode is checked by the country's rule (NULL: no country yet, only
 * whether there is one). */
static int
address_check(const struct ctx *c, const char *country, struct address *a, xmlNodePtr f)
{
	/* The lines, in characters as the columns bound them. */
	const struct {
		const char	*field;
		char		*out;
		size_t		 cap, chars;
	} lines[] = {
		{ "name", a->name, sizeof(a->name), 200 },
		{ "street", a->street, sizeof(a->street), 200 },
		{ "city", a->city, sizeof(a->city), 100 },
	};
	const char *why;
	size_t i;
	int ok = 1;

	for (i = 0; i < COUNTOF(lines); i++)
		if ((why = valid_line(lines[i].out, lines[i].cap, form_raw(c, lines[i].field),
		    lines[i].chars)) != NULL)
			ok = 0, form_error(f, lines[i].field, why);
	snprintf(a->postcode, sizeof(a->postcode), "%s", in_get(c, "postcode") ?
	    in_get(c, "postcode") : "");
	if (a->postcode[0] == '\0')
		ok = 0, form_error(f, "postcode", "required");
	else if (country != NULL && valid_postcode(country, a->postcode) == -1)
		ok = 0, form_error(f, "postcode", "invalid");
	return ok;
}

static void
keep(const struct ctx *c, xmlNodePtr f, const struct field *fields)
{
	for (; fields->name != NULL; fields++)
		form_keep(c, f, fields->name);
}

static int
customer_edit_txn(struct ctx *c, void *arg)
{
	const struct address *a = arg;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_COMPANY_SET], a->name, a->street, a->postcode,
	    a->city, c->co.id)) < 0)
		return rc;
	if ((rc = page_audit(c, "customer-update", "company", c->co.id, a->name)) < 0)
		return rc;
	page_redirectf(c, "/admin/customers/%lld?done=customer-updated", c->co.id);
	return DB_OK;
}

static int
customer_post(struct ctx *c)
{
	struct address a;
	xmlNodePtr f;
	int rc;

	if ((rc = customer_page(c, &f, 0)) != 0)
		return rc;
	keep(c, f, edit_fields);
	if (!address_check(c, c->co.country, &a, f)) {
		c->status = 400;
		return 0;
	}
	return page_change(c, customer_edit_txn, &a);
}

/* Deactivating closes the company's pages to its members; reactivating
 * opens them again. The same state again changes nothing. */
static int
customer_status_txn(struct ctx *c, void *arg)
{
	const char *to = arg;
	int closing = strcmp(to, "closed") == 0, rc;

	if ((rc = db_run(c->db, &stmts[Q_STATUS_SET], to, to, c->co.id, to)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_STATUS_SET]) == 1 &&
	    (rc = page_audit(c, closing ? "customer-deactivate" : "customer-reactivate",
	    "company", c->co.id, NULL)) < 0)
		return rc;
	page_redirectf(c, "/admin/customers/%lld?done=%s", c->co.id,
	    closing ? "customer-deactivated" : "customer-reactivated");
	return DB_OK;
}

static int
customer_status_post(struct ctx *c)
{
	const char *to = in_get(c, "status");
	struct dbrow row;
	int rc;

	if (to == NULL || (strcmp(to, "active") != 0 && strcmp(to, "closed") != 0))
		return 400;
	if ((rc = customer_load(c, &row)) != 0)
		return rc;
	return page_change(c, customer_status_txn, (void *)to);
}

/* ---- a new company ---- */

static int
country_index(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < COUNTOF(countries); i++)
		if (strcmp(countries[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* The form with what it offers: each country with its currency and the
 * issuer that bills there (none yet: no company can be made there). */
static int
new_page(struct ctx *c, xmlNodePtr *form)
{
	char issuer[COUNTOF(countries)][201];
	xmlNodePtr list, e;
	struct dbrow row;
	size_t i;
	int rc, ci;

	memset(issuer, 0, sizeof(issuer));
	if ((rc = db_run(c->db, &stmts[Q_ISSUERS])) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_ISSUERS], &row)) == 1)
		if ((ci = country_index(row.col[ISSUER_COUNTRY])) >= 0 && !issuer[ci][0])
			snprintf(issuer[ci], sizeof(issuer[ci]), "%s", row.col[ISSUER_NAME]);
	if (rc < 0)
		return page_db_status(rc);
	page_begin(c, "admin-customer-new");
	list = x_el(c->root, "countries");
	for (i = 0; i < COUNTOF(countries); i++) {
		e = x_el(list, "country");
		x_attr(e, "code", countries[i].code);
		x_attr(e, "currency", countries[i].currency);
		x_text(e, "issuer", issuer[i][0] ? issuer[i] : NULL);
	}
	list = x_el(c->root, "currencies");
	for (i = 0; currencies[i] != NULL; i++)
		x_text(list, "currency", currencies[i]);
	*form = form_el(c->root, "customer");
	return 0;
}

static int
customer_new_get(struct ctx *c)
{
	xmlNodePtr f;
	int rc;

	if ((rc = new_page(c, &f)) != 0)
		return rc;
	form_value(f, "country", countries[0].code);
	form_value(f, "currency", countries[0].currency);
	form_value(f, "vat-rate", "25.00");
	return 0;
}

struct new_customer {
	struct address	 a;
	char		 orgnr[33], vat[16], location_number[21], location_name[801];
	char		 admin_name[NAME_MAX_BYTES + 1];
	const char	*country, *currency, *lang, *admin_email;
	const char	*field, *error;		/* what the transaction refused */
};

static int
customer_new_txn(struct ctx *c, void *arg)
{
	struct new_customer *n = arg;
	char number[24], areas[256];
	long long issuer = 0, next = 0;
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_ISSUER_LOCK], &row, n->country)) < 0)
		return rc;
	if (rc == 0) {
		n->field = "country", n->error = "no-issuer";
		return 409;
	}
	parse_int(row.col[ISSUER_ID], 1, INT64_MAX, &issuer);
	rc = db_run(c->db, &stmts[Q_COMPANY_ADD], n->a.name, n->orgnr, n->country,
	    n->a.street, n->a.postcode, n->a.city);
	if (rc == DB_DUPLICATE) {
		n->field = "orgnr", n->error = "orgnr-taken";
		return 409;
	}
	if (rc < 0)
		return rc;
	/* From here on the company is the one every row names. */
	c->co.id = db_insert_id(c->db, &stmts[Q_COMPANY_ADD]);
	snprintf(c->co.name, sizeof(c->co.name), "%s", n->a.name);
	if ((rc = page_audit(c, "customer-create", "company", c->co.id, n->orgnr)) < 0)
		return rc;
	if ((rc = db_one(c->db, &stmts[Q_ACCOUNT_NEXT], &row, issuer, issuer)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	parse_int(row.col[NEXT_NUMBER], 1, INT64_MAX, &next);
	snprintf(number, sizeof(number), "%lld", next);
	if ((rc = db_run(c->db, &stmts[Q_ACCOUNT_ADD], c->co.id, issuer, number,
	    n->currency, n->vat)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_LOCATION_ADD], c->co.id, n->location_number,
	    n->location_name)) < 0)
		return rc;
	/* Its first administrator: the portal's invitation, in the country's
	 * language, from the staff member. */
	area_format(area_all(), areas, sizeof(areas));
	if ((rc = invitation_send(c, n->admin_email, n->admin_name, "admin", areas, n->lang,
	    0, c->staff.name)) != DB_OK)
		return rc > 0 ? DB_ERROR : rc;
	page_redirectf(c, "/admin/customers/%lld?done=customer-created", c->co.id);
	return DB_OK;
}

/* A VAT rate as people type it ("25", "25,00", "12.5"): 0..100 with at
 * most two decimals, canonical ("25.00") in out. */
static int
vat_rate(const char *raw, char *out, size_t len)
{
	char v[16];
	long long hundredths;

	snprintf(v, sizeof(v), "%s", raw != NULL ? raw : "");
	if (strchr(v, ',') != NULL)
		*strchr(v, ',') = '.';
	if (v[0] == '-' || money_parse(v, &hundredths) == -1 || hundredths > VAT_MAX)
		return -1;
	money_canonical(out, len, hundredths);
	return 0;
}

/* A location number as the location pages take it: letters, digits and
 * hyphens, not starting with a hyphen. */
static int
location_number(const char *raw, char *out, size_t len)
{
	size_t n = raw != NULL ? strlen(raw) : 0;

	if (n == 0 || n >= len || raw[0] == '-' || strspn(raw, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n)
		return -1;
	memcpy(out, raw, n + 1);
	return 0;
}

/* Why a field that must be there is refused: empty, or not of its form. */
static const char *
missing_or(const struct ctx *c, const char *field)
{
	const char *raw = form_raw(c, field);

	return raw == NULL || raw[strspn(raw, " ")] == '\0' ? "required" : "invalid";
}

static int
new_check(const struct ctx *c, struct new_customer *n, xmlNodePtr f)
{
	const char *why;
	int ci, ok = 1;

	/* Without a country its numbers cannot be checked, only required. */
	n->country = in_get(c, "country");
	if ((ci = country_index(n->country)) < 0) {
		ok = 0, form_error(f, "country", missing_or(c, "country"));
		n->country = NULL;
	} else
		n->lang = countries[ci].lang;
	if (!address_check(c, n->country, &n->a, f))
		ok = 0;
	snprintf(n->orgnr, sizeof(n->orgnr), "%s", in_get(c, "orgnr") ? in_get(c, "orgnr") :
	    "");
	if (n->orgnr[0] == '\0' || (n->country != NULL &&
	    valid_orgnr(n->country, n->orgnr) == -1))
		ok = 0, form_error(f, "orgnr", missing_or(c, "orgnr"));
	n->currency = in_get(c, "currency");
	if (n->currency == NULL || (strcmp(n->currency, currencies[0]) != 0 &&
	    strcmp(n->currency, currencies[1]) != 0))
		ok = 0, form_error(f, "currency", missing_or(c, "currency"));
	if (vat_rate(in_get(c, "vat-rate"), n->vat, sizeof(n->vat)) == -1)
		ok = 0, form_error(f, "vat-rate", missing_or(c, "vat-rate"));
	if (location_number(in_get(c, "location-number"), n->location_number,
	    sizeof(n->location_number)) == -1)
		ok = 0, form_error(f, "location-number", missing_or(c, "location-number"));
	if ((why = valid_line(n->location_name, sizeof(n->location_name),
	    form_raw(c, "location-name"), 200)) != NULL)
		ok = 0, form_error(f, "location-name", why);
	if ((why = valid_name_problem(form_raw(c, "admin-name"))) != NULL)
		ok = 0, form_error(f, "admin-name", why);
	else {
		snprintf(n->admin_name, sizeof(n->admin_name), "%s", form_raw(c, "admin-name"));
		valid_value(V_NAME, n->admin_name, 0);
	}
	if ((n->admin_email = in_get(c, "admin-email")) == NULL)
		ok = 0, form_error(f, "admin-email", missing_or(c, "admin-email"));
	return ok;
}

static int
customer_new_post(struct ctx *c)
{
	struct new_customer n;
	xmlNodePtr f;
	int rc;

	memset(&n, 0, sizeof(n));
	if ((rc = new_page(c, &f)) != 0)
		return rc;
	keep(c, f, new_fields);
	if (!new_check(c, &n, f)) {
		c->status = 400;
		return 0;
	}
	if ((rc = page_change(c, customer_new_txn, &n)) == 409) {
		form_error(f, n.field, n.error);
		c->status = 409;
		return 0;
	}
	return rc;
}

/* ---- the company's pages as its administrators see them ---- */

/*
 * A portal page of the company for a staff member: the page's own code
 * with the company in c->co, inside a view (c->view: the company's menu
 * leads to the view's pages, the stylesheets show no form that changes
 * anything, the routes answer GET only), and an audit row in the company's
 * log for every page seen.
 */
static int
view(struct ctx *c, int (*page)(struct ctx *), const char *what)
{
	struct dbrow row;
	int rc;

	if ((rc = customer_load(c, &row)) != 0)
		return rc;
	snprintf(c->view, sizeof(c->view), "/admin/customers/%lld/view", c->co.id);
	c->sw[0].id = c->co.id;
	/* The switcher of one: the portal's, as the dispatcher fills it. */
	snprintf(c->sw[0].name, sizeof(c->sw[0].name), "%s", row.col[CUST_NAME]);
	c->nsw = 1;
	if ((rc = page(c)) != 0)
		return rc;
	if ((rc = page_audit(c, "staff-view", what, 0, NULL)) < 0)
		return page_db_status(rc);
	return 0;
}

static int
view_locations_get(struct ctx *c)
{
	return view(c, locations_get, "locations");
}

static int
view_subscriptions_get(struct ctx *c)
{
	return view(c, subscriptions_list_get, "subscriptions");
}

static int
view_invoices_get(struct ctx *c)
{
	return view(c, invoices_get, "invoices");
}

static const struct route routes[] = {
	{ "/admin/customers", R_STAFF, "admin-customers", customers_get, search_fields,
	    NULL, NULL, "customers" },
	{ "/admin/customers/new", R_STAFF | R_ONCE, "admin-customer-new", customer_new_get,
	    NULL, customer_new_post, new_fields, "customers" },
	{ "/admin/customers/#", R_STAFF | R_ONCE, "admin-customer", customer_get, NULL,
	    customer_post, edit_fields, "customers" },
	{ "/admin/customers/#/status", R_STAFF, NULL, NULL, NULL, customer_status_post,
	    status_fields, "customers" },
	{ "/admin/customers/#/view/locations", R_STAFF, "locations", view_locations_get,
	    NULL, NULL, NULL, "customers" },
	{ "/admin/customers/#/view/subscriptions", R_STAFF, "subscriptions",
	    view_subscriptions_get, subscriptions_fields, NULL, NULL, "customers" },
	{ "/admin/customers/#/view/invoices", R_STAFF, "invoices", view_invoices_get,
	    invoices_fields, NULL, NULL, "customers" },
};

static const char *const pages[] = { "admin-customers", "admin-customer-new",
	"admin-customer", NULL };
static const char *const flashes[] = { "customer-created", "customer-updated",
	"customer-deactivated", "customer-reactivated", NULL };
static const struct menu_item menu[] = {
	{ "/admin/customers", "admin.nav.customers", "customers" },
	{ NULL, NULL, NULL },
};

const struct module customers_module = {
	.name = "customers", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
