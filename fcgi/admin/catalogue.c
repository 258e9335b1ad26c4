/*
 * The catalogue (back office, role "catalogue"): what the operator sells.
 * Plans, add-on services, top-up packages, hardware and SIM types, each
 * with its names and notes in every language, a VAT class, a data quota,
 * the window in which it can be ordered, the companies that may buy it
 * (every one, or a contract list) and its retirement; and prices per
 * country that change from a date (schema/sql/014-catalogue.sql).
 *
 * Prices: a new price starts on a day (today or later, never in the past)
 * and holds until the next one; the price before it ends the day before.
 * A price that has been in force is never changed: only a future price, or
 * today's, is replaced by one from the same day. Subscriptions keep the
 * price they were sold at; a new price is what orders and plan changes
 * take from its day on (portal/subscriptions.c reads it).
 *
 * Every change is audited under the staff member; a change to a company's
 * contract list also shows in that company's own audit log.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/module.h"
#include "core/money.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"

#define NAME_CHARS	200	/* product_names.name */
#define NOTE_CHARS	500	/* product_names.note */
#define NAME_BYTES	(NAME_CHARS * 4)
#define NOTE_BYTES	(NOTE_CHARS * 4)
#define CODE_MAX	32
#define QUOTA_MAX	100000	/* GB */
#define NLANGS		3

/* The kinds of product, in the order the catalogue shows them. */
static const char *const kinds[] = { "subscription", "service", "topup", "hardware",
	"sim", NULL };
static const char *const vat_classes[] = { "standard", "reduced", "exempt", NULL };
/* The countries the operator sells in, and the currency it invoices there. */
static const struct country {
	const char	*code;
	const char	*currency;
} countries[] = {
	{ "NO", "NOK" },
	{ "DK", "DKK" },
	{ "SE", "SEK" },
	{ "FI", "EUR" },
};
/* Names and notes in every language of the portal, field by field. */
static const char *const langs[NLANGS] = { "nb", "da", "en" };
static const char *const name_fields[NLANGS] = { "name-nb", "name-da", "name-en" };
static const char *const note_fields[NLANGS] = { "note-nb", "note-da", "note-en" };

/* ---- statements ---- */

#define DAY(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

enum { LS_ID, LS_KIND, LS_CODE, LS_NAME, LS_QUOTA, LS_FROM, LS_TO, LS_CONTRACT,
	LS_RETIRED, LS_COUNTRY, LS_CURRENCY, LS_MONTHLY, LS_ONEOFF, LS__COLS };
enum { PR_ID, PR_KIND, PR_CODE, PR_NAME, PR_VAT, PR_QUOTA, PR_FROM, PR_TO,
	PR_CONTRACT, PR_RETIRED, PR_IN_USE, PR__COLS };
enum { NM_LANG, NM_NAME, NM_NOTE, NM__COLS };
enum { PP_ID, PP_COUNTRY, PP_CURRENCY, PP_MONTHLY, PP_ONEOFF, PP_FROM, PP_TO, PP_BY,
	PP__COLS };
enum { PC_ID, PC_NAME, PC_ORGNR, PC_COUNTRY, PC__COLS };
enum { LK_CODE, LK__COLS };
enum { PD_ID, PD_FROM, PD_TO, PD__COLS };
enum { CO_ID, CO__COLS };

enum { Q_LIST, Q_GET, Q_NAMES, Q_PRICES, Q_COMPANIES, Q_LOCK, Q_ADD, Q_SET, Q_NAME_SET,
	Q_PERIODS, Q_PRICE_END, Q_PRICE_ADD, Q_PRICE_SET, Q_COMPANY_BY_ORGNR,
	Q_COMPANY_ADD, Q_COMPANY_REMOVE, Q_RETIRE };
static struct stmt stmts[] = {
	/* Every product with its prices in force on a day, in the staff
	 * member's language; the search finds a code or a name in any. */
	[Q_LIST] = STMT("catalogue.list", "ssssssss", LS__COLS,
	    "SELECT p.id, p.kind, p.code, COALESCE(n.name, p.name), p.quota_gb,"
	    " " DAY("p.available_from") ", " DAY("p.available_to") ", p.contract_only,"
	    " " DAY("p.retired_at") ", r.country, r.currency, r.monthly_price,"
	    " r.oneoff_price"
	    " FROM products p"
	    " LEFT JOIN product_names n ON n.product_id = p.id AND n.lang = ?"
	    " LEFT JOIN product_prices r ON r.product_id = p.id AND r.valid_from <= ?"
	    "  AND (r.valid_to IS NULL OR r.valid_to >= ?)"
	    " WHERE (? = '' OR p.kind = ?) AND (? = '' OR LOCATE(?, p.code) > 0"
	    "  OR EXISTS (SELECT 1 FROM product_names x WHERE x.product_id = p.id"
	    "  AND LOCATE(?, x.name) > 0))"
	    " ORDER BY p.code, p.id, r.country"),
	/* In use: the subscriptions and services that have it. */
	[Q_GET] = STMT("catalogue.get", "si", PR__COLS,
	    "SELECT p.id, p.kind, p.code, COALESCE(n.name, p.name), p.vat_class, p.quota_gb,"
	    " " DAY("p.available_from") ", " DAY("p.available_to") ", p.contract_only,"
	    " " DAY("p.retired_at") ","
	    " (SELECT COUNT(*) FROM subscriptions s WHERE s.product_id = p.id"
	    "  AND s.status <> 'terminated')"
	    " + (SELECT COUNT(*) FROM subscription_services v WHERE v.product_id = p.id)"
	    " FROM products p"
	    " LEFT JOIN product_names n ON n.product_id = p.id AND n.lang = ?"
	    " WHERE p.id = ?"),
	[Q_NAMES] = STMT("catalogue.names", "i", NM__COLS,
	    "SELECT lang, name, note FROM product_names WHERE product_id = ?"
	    " ORDER BY FIELD(lang, 'nb', 'da', 'en')"),
	[Q_PRICES] = STMT("catalogue.prices", "i", PP__COLS,
	    "SELECT r.id, r.country, r.currency, r.monthly_price, r.oneoff_price,"
	    " " DAY("r.valid_from") ", " DAY("r.valid_to") ", s.name"
	    " FROM product_prices r LEFT JOIN staff s ON s.id = r.created_by"
	    " WHERE r.product_id = ? ORDER BY r.country, r.valid_from"),
	[Q_COMPANIES] = STMT("catalogue.companies", "i", PC__COLS,
	    "SELECT c.id, c.name, c.orgnr, c.country FROM product_companies pc"
	    " JOIN companies c ON c.id = pc.company_id WHERE pc.product_id = ?"
	    " ORDER BY c.name, c.id"),
	[Q_LOCK] = STMT("catalogue.lock", "i", LK__COLS,
	    "SELECT code FROM products WHERE id = ? FOR UPDATE"),
	/* monthly_price and currency: the first price, for readers that
	 * predate product_prices. */
	[Q_ADD] = STMT("catalogue.add", "ssssssIssi", 0,
	    "INSERT INTO products (code, name, kind, monthly_price, currency, vat_class,"
	    " quota_gb, available_from, available_to, contract_only)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[Q_SET] = STMT("catalogue.set", "ssIssii", 0,
	    "UPDATE products SET name = ?, vat_class = ?, quota_gb = ?, available_from = ?,"
	    " available_to = ?, contract_only = ? WHERE id = ?"),
	[Q_NAME_SET] = STMT("catalogue.name_set", "isss", 0,
	    "INSERT INTO product_names (product_id, lang, name, note) VALUES (?, ?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE name = VALUES(name), note = VALUES(note)"),
	/* The prices of a product in a country, locked while one is added. */
	[Q_PERIODS] = STMT("catalogue.periods", "is", PD__COLS,
	    "SELECT id, " DAY("valid_from") ", " DAY("valid_to") " FROM product_prices"
	    " WHERE product_id = ? AND country = ? ORDER BY valid_from FOR UPDATE"),
	[Q_PRICE_END] = STMT("catalogue.price_end", "si", 0,
	    "UPDATE product_prices SET valid_to = DATE_SUB(?, INTERVAL 1 DAY) WHERE id = ?"),
	/* Until the day before the next price (NULL: none, open). */
	[Q_PRICE_ADD] = STMT("catalogue.price_add", "issssssI", 0,
	    "INSERT INTO product_prices (product_id, country, currency, monthly_price,"
	    " oneoff_price, valid_from, valid_to, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, DATE_SUB(?, INTERVAL 1 DAY), ?)"),
	[Q_PRICE_SET] = STMT("catalogue.price_set", "sssIi", 0,
	    "UPDATE product_prices SET currency = ?, monthly_price = ?, oneoff_price = ?,"
	    " created_by = ?, created_at = NOW() WHERE id = ?"),
	[Q_COMPANY_BY_ORGNR] = STMT("catalogue.company_by_orgnr", "s", CO__COLS,
	    "SELECT id FROM companies WHERE orgnr = ? ORDER BY id LIMIT 2"),
	[Q_COMPANY_ADD] = STMT("catalogue.company_add", "ii", 0,
	    "INSERT IGNORE INTO product_companies (product_id, company_id) VALUES (?, ?)"),
	[Q_COMPANY_REMOVE] = STMT("catalogue.company_remove", "ii", 0,
	    "DELETE FROM product_companies WHERE product_id = ? AND company_id = ?"),
	/* active: what readers before the catalogue check. */
	[Q_RETIRE] = STMT("catalogue.retire", "i", 0,
	    "UPDATE products SET active = 0, retired_at = NOW()"
	    " WHERE id = ? AND retired_at IS NULL"),
};
#undef DAY

/* ---- fields ---- */

/* Free text is checked by the handler (one line, length in characters),
 * so that a bad value comes back with its error instead of a 400. */
#define DETAIL_FIELDS \
	{ "name-nb", V_TEXT, 0 }, { "name-da", V_TEXT, 0 }, { "name-en", V_TEXT, 0 }, \
	{ "note-nb", V_TEXT, 0 }, { "note-da", V_TEXT, 0 }, { "note-en", V_TEXT, 0 }, \
	{ "quota", V_TEXT, 0 }, { "vat", V_TEXT, 0 }, { "available-from", V_TEXT, 0 }, \
	{ "available-to", V_TEXT, 0 }, { "contract", V_TEXT, 0 }
#define PRICE_FIELDS \
	{ "country", V_TEXT, 0 }, { "monthly", V_TEXT, 0 }, { "oneoff", V_TEXT, 0 }, \
	{ "from", V_TEXT, 0 }

static const struct field list_fields[] = {
	{ "kind", V_TEXT, 32 },
	{ "q", V_TEXT, 100 },
	{ "on", V_TEXT, 10 },
	{ NULL, V_TEXT, 0 },
};

static const struct field new_fields[] = {
	{ "kind", V_TEXT, 0 }, { "code", V_TEXT, 0 },
	DETAIL_FIELDS, PRICE_FIELDS,
	{ NULL, V_TEXT, 0 },
};

static const struct field detail_fields[] = { DETAIL_FIELDS, { NULL, V_TEXT, 0 } };
static const struct field price_fields[] = { PRICE_FIELDS, { NULL, V_TEXT, 0 } };
static const struct field company_fields[] = { { "orgnr", V_TEXT, 0 }, { NULL, V_TEXT, 0 } };

#undef DETAIL_FIELDS
#undef PRICE_FIELDS

/* The errors of a form: one per field, the codes of common.xsd. */
struct errs {
	size_t		 n;
	struct {
		const char	*field, *code;
	}		 e[FIELDS_MAX];
};

static void
errs_add(struct errs *e, const char *field, const char *code)
{
	if (e->n < COUNTOF(e->e)) {
		e->e[e->n].field = field;
		e->e[e->n].code = code;
		e->n++;
	}
}

/* The position of s in a NULL-terminated list, or -1. */
static int
in_list(const char *const *list, const char *s)
{
	int i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

static const struct country *
country_of(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < COUNTOF(countries); i++)
		if (strcmp(countries[i].code, code) == 0)
			return &countries[i];
	return NULL;
}

/*
 * One line of text, blanks around it trimmed, into out: NULL when it is
 * fine (empty and not required: out is ""), else the error's code.
 */
static const char *
line_in(const struct ctx *c, const char *field, size_t max_chars, int required,
    char *out, size_t cap)
{
	const char *v = form_raw(c, field), *end;
	size_t chars = 0;
	const char *p;

	out[0] = '\0';
	if (v == NULL)
		v = "";
	while (*v == ' ')
		v++;
	end = v + strlen(v);
	while (end > v && end[-1] == ' ')
		end--;
	if (end == v)
		return required ? "required" : NULL;
	for (p = v; p < end; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "invalid";
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
	if (chars > max_chars || (size_t)(end - v) >= cap)
		return "too-long";
	memcpy(out, v, (size_t)(end - v));
	out[end - v] = '\0';
	return NULL;
}

/* An optional date (empty: none), into out; the error's code or NULL. */
static const char *
date_in(const struct ctx *c, const char *field, char out[11])
{
	const char *v = form_raw(c, field);

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return NULL;
	if (strlen(v) != 10)
		return "invalid";
	memcpy(out, v, 11);
	if (valid_value(V_DATE, out, 10) == 0)
		return NULL;
	out[0] = '\0';
	return "invalid";
}

/* ---- the form's values, checked ---- */

/* What the details form holds, as the product stores it. */
struct details {
	char		 name[NLANGS][NAME_BYTES + 1];
	char		 note[NLANGS][NOTE_BYTES + 1];
	long long	 quota;		/* GB; 0: none */
	const char	*vat;
	char		 from[11], to[11];	/* "": open */
	int		 contract;
};

static void
details_parse(const struct ctx *c, struct details *d, struct errs *e)
{
	const char *v, *code;
	int i;

	for (i = 0; i < NLANGS; i++) {
		if ((code = line_in(c, name_fields[i], NAME_CHARS, 1, d->name[i],
		    sizeof(d->name[i]))) != NULL)
			errs_add(e, name_fields[i], code);
		if ((code = line_in(c, note_fields[i], NOTE_CHARS, 0, d->note[i],
		    sizeof(d->note[i]))) != NULL)
			errs_add(e, note_fields[i], code);
	}
	d->quota = 0;
	v = form_raw(c, "quota");
	if (v != NULL && *v != '\0' && parse_int(v, 1, QUOTA_MAX, &d->quota) == -1)
		errs_add(e, "quota", "invalid");
	d->vat = form_raw(c, "vat");
	if (in_list(vat_classes, d->vat) < 0)
		errs_add(e, "vat", d->vat == NULL || *d->vat == '\0' ? "required" : "invalid");
	if ((code = date_in(c, "available-from", d->from)) != NULL)
		errs_add(e, "available-from", code);
	if ((code = date_in(c, "available-to", d->to)) != NULL)
		errs_add(e, "available-to", code);
	else if (d->from[0] && d->to[0] && strcmp(d->to, d->from) < 0)
		errs_add(e, "available-to", "invalid");
	v = form_raw(c, "contract");
	d->contract = v != NULL && strcmp(v, "yes") == 0;
	if (v != NULL && !d->contract)
		errs_add(e, "contract", "invalid");
}

/* A price from a day in a country. */
struct price {
	const struct country	*country;
	char			 monthly[24], oneoff[24];	/* canonical */
	char			 from[11];
};

/* An amount of 0 or more (empty: 0), canonical into out. */
static void
amount_in(const struct ctx *c, const char *field, char out[24], struct errs *e)
{
	const char *v = form_raw(c, field);
	long long minor = 0;

	if (v != NULL && v[strspn(v, " ")] != '\0' &&
	    (money_parse_typed(v, &minor) == -1 || minor < 0)) {
		errs_add(e, field, "invalid");
		minor = 0;
	}
	money_canonical(out, 24, minor);
}

static void
price_parse(const struct ctx *c, const char *today, struct price *p, struct errs *e)
{
	const char *v = form_raw(c, "country"), *code;

	if ((p->country = country_of(v)) == NULL)
		errs_add(e, "country", v == NULL || *v == '\0' ? "required" : "invalid");
	amount_in(c, "monthly", p->monthly, e);
	amount_in(c, "oneoff", p->oneoff, e);
	if ((code = date_in(c, "from", p->from)) != NULL)
		errs_add(e, "from", code);
	else if (p->from[0] == '\0')
		errs_add(e, "from", "required");
	else if (strcmp(p->from, today) < 0)
		errs_add(e, "from", "past-date");
}

/* ---- the documents ---- */

static void
money_el(xmlNodePtr parent, const char *name, const char *amount, const char *currency)
{
	x_attr(x_text(parent, name, amount), "currency", currency);
}

/* What the forms choose from: the kinds, VAT classes and countries. */
static void
choices_el(struct ctx *c)
{
	xmlNodePtr ch = x_el(c->root, "choices");
	size_t i;

	for (i = 0; kinds[i] != NULL; i++)
		x_text(ch, "kind", kinds[i]);
	for (i = 0; vat_classes[i] != NULL; i++)
		x_text(ch, "vat-class", vat_classes[i]);
	for (i = 0; i < COUNTOF(countries); i++)
		x_attr(x_text(ch, "country", countries[i].code), "currency",
		    countries[i].currency);
}

/* A form re-shown: what was typed in its fields, and the errors. */
static void
form_again(struct ctx *c, const char *name, const struct field *fields,
    const struct errs *e)
{
	xmlNodePtr f = form_el(c->root, name);
	size_t i;

	for (i = 0; fields[i].name != NULL; i++)
		form_keep(c, f, fields[i].name);
	for (i = 0; i < e->n; i++)
		form_error(f, e->e[i].field, e->e[i].code);
}

static int
catalogue_get(struct ctx *c)
{
	const char *kind = in_get(c, "kind"), *q = in_get(c, "q"), *on = in_get(c, "on");
	xmlNodePtr cat, p = NULL, pr;
	char today[11], day[11], last[24] = "";
	struct dbrow row;
	size_t i;
	int rc;

	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	if (kind == NULL)
		kind = "";
	else if (*kind != '\0' && in_list(kinds, kind) < 0)
		return 400;
	if (q == NULL)
		q = "";
	snprintf(day, sizeof(day), "%s", on != NULL && *on != '\0' ? on : today);
	if (valid_value(V_DATE, day, 10) != 0)
		return 400;
	if ((rc = db_run(c->db, &stmts[Q_LIST], c->lang, day, day, kind, kind, q, q,
	    q)) < 0)
		return page_db_status(rc);
	page_begin(c, "admin-catalogue");
	cat = x_el(c->root, "catalogue");
	x_attr(cat, "today", today);
	x_attr(cat, "on", day);
	x_attr(cat, "kind", kind);
	x_attr(cat, "q", q);
	for (i = 0; kinds[i] != NULL; i++)
		x_attr(x_el(cat, "kind"), "code", kinds[i]);
	/* One row per product and price in force: a product's rows follow
	 * one another. */
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		if (p == NULL || strcmp(last, row.col[LS_ID]) != 0) {
			snprintf(last, sizeof(last), "%s", row.col[LS_ID]);
			p = x_el(cat, "product");
			x_attr(p, "id", row.col[LS_ID]);
			x_attr(p, "kind", row.col[LS_KIND]);
			if (strcmp(row.col[LS_CONTRACT], "1") == 0)
				x_attr(p, "contract-only", "yes");
			x_text(p, "code", row.col[LS_CODE]);
			x_text(p, "name", row.col[LS_NAME]);
			x_text(p, "quota", row.col[LS_QUOTA]);
			x_text(p, "available-from", row.col[LS_FROM]);
			x_text(p, "available-to", row.col[LS_TO]);
			x_text(p, "retired", row.col[LS_RETIRED]);
		}
		if (row.col[LS_COUNTRY] == NULL)
			continue;
		pr = x_el(p, "price");
		x_attr(pr, "country", row.col[LS_COUNTRY]);
		money_el(pr, "monthly", row.col[LS_MONTHLY], row.col[LS_CURRENCY]);
		money_el(pr, "oneoff", row.col[LS_ONEOFF], row.col[LS_CURRENCY]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/* The new-product page: the choices, and the form when it is re-shown. */
static int
new_page(struct ctx *c, const struct errs *e)
{
	char today[11];
	int rc;

	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	page_begin(c, "admin-product");
	x_text(c->root, "today", today);
	choices_el(c);
	if (e != NULL)
		form_again(c, "catalogue-product", new_fields, e);
	return 0;
}

static int
catalogue_new_get(struct ctx *c)
{
	return new_page(c, NULL);
}

/* The names and notes, the prices (each past, current or future on
 * today) and the contract list of product p. */
static int
product_parts(struct ctx *c, xmlNodePtr p, const char *today)
{
	xmlNodePtr list, e;
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_NAMES], c->ids[0])) < 0)
		return page_db_status(rc);
	list = x_el(p, "names");
	while ((rc = db_fetch(c->db, &stmts[Q_NAMES], &row)) == 1) {
		x_attr(x_text(list, "name", row.col[NM_NAME]), "lang", row.col[NM_LANG]);
		if (row.col[NM_NOTE] != NULL)
			x_attr(x_text(list, "note", row.col[NM_NOTE]), "lang",
			    row.col[NM_LANG]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_PRICES], c->ids[0])) < 0)
		return page_db_status(rc);
	list = x_el(p, "prices");
	while ((rc = db_fetch(c->db, &stmts[Q_PRICES], &row)) == 1) {
		const char *to = row.col[PP_TO];

		e = x_el(list, "price");
		x_attr(e, "id", row.col[PP_ID]);
		x_attr(e, "country", row.col[PP_COUNTRY]);
		x_attr(e, "from", row.col[PP_FROM]);
		if (to != NULL)
			x_attr(e, "to", to);
		x_attr(e, "state", strcmp(row.col[PP_FROM], today) > 0 ? "future" :
		    to != NULL && strcmp(to, today) < 0 ? "past" : "current");
		money_el(e, "monthly", row.col[PP_MONTHLY], row.col[PP_CURRENCY]);
		money_el(e, "oneoff", row.col[PP_ONEOFF], row.col[PP_CURRENCY]);
		x_text(e, "by", row.col[PP_BY]);
	}
	if (rc < 0 || (rc = db_run(c->db, &stmts[Q_COMPANIES], c->ids[0])) < 0)
		return page_db_status(rc);
	list = x_el(p, "companies");
	while ((rc = db_fetch(c->db, &stmts[Q_COMPANIES], &row)) == 1) {
		e = x_el(list, "company");
		x_attr(e, "id", row.col[PC_ID]);
		x_text(e, "name", row.col[PC_NAME]);
		x_text(e, "orgnr", row.col[PC_ORGNR]);
		x_text(e, "country", row.col[PC_COUNTRY]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

/*
 * A product's page: everything it is, the choices, and the form that was
 * sent (form: its name, fields and errors) when it is re-shown.
 */
static int
product_page(struct ctx *c, const char *form, const struct field *fields,
    const struct errs *e)
{
	char today[11];
	struct dbrow row;
	xmlNodePtr p;
	int rc;

	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	if ((rc = db_one(c->db, &stmts[Q_GET], &row, c->lang, c->ids[0])) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	page_begin(c, "admin-product");
	x_text(c->root, "today", today);
	p = x_el(c->root, "product");
	x_attr(p, "id", row.col[PR_ID]);
	x_attr(p, "kind", row.col[PR_KIND]);
	if (strcmp(row.col[PR_CONTRACT], "1") == 0)
		x_attr(p, "contract-only", "yes");
	x_text(p, "code", row.col[PR_CODE]);
	x_text(p, "name", row.col[PR_NAME]);
	x_text(p, "vat-class", row.col[PR_VAT]);
	x_text(p, "quota", row.col[PR_QUOTA]);
	x_text(p, "available-from", row.col[PR_FROM]);
	x_text(p, "available-to", row.col[PR_TO]);
	x_text(p, "retired", row.col[PR_RETIRED]);
	x_text(p, "in-use", row.col[PR_IN_USE]);
	if ((rc = product_parts(c, p, today)) != 0)
		return rc;
	choices_el(c);
	if (form != NULL)
		form_again(c, form, fields, e);
	return 0;
}

static int
catalogue_product_get(struct ctx *c)
{
	return product_page(c, NULL, NULL, NULL);
}

/* ---- changes ---- */

/* Locks the product of the path for a change, its code (the audit's
 * detail) into code: DB_OK, 404 when there is none, or a db_rc. */
static int
product_lock(struct ctx *c, char code[CODE_MAX + 1])
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_LOCK], &row, c->ids[0])) <= 0)
		return rc < 0 ? rc : 404;
	snprintf(code, CODE_MAX + 1, "%s", row.col[LK_CODE]);
	return DB_OK;
}

static int
names_save(struct ctx *c, long long id, const struct details *d)
{
	int i, rc;

	for (i = 0; i < NLANGS; i++)
		if ((rc = db_run(c->db, &stmts[Q_NAME_SET], id, langs[i], d->name[i],
		    d->note[i][0] ? d->note[i] : NULL)) < 0)
			return rc;
	return DB_OK;
}

/*
 * Price p of product id from its day: one of the same day (today's or a
 * future one) is replaced; else the price before it ends the day before,
 * and this one holds until the next. Rows of earlier days are not touched.
 */
static int
price_save(struct ctx *c, long long id, const struct price *p)
{
	long long same = 0, before = 0, rid;
	char detail[96], next[11] = "";
	struct dbrow row;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_PERIODS], id, p->country->code)) < 0)
		return rc;
	/* By day: the one before (if it runs into the new day), the same
	 * day, the first after. */
	while ((rc = db_fetch(c->db, &stmts[Q_PERIODS], &row)) == 1) {
		int cmp = strcmp(row.col[PD_FROM], p->from);

		if (parse_int(row.col[PD_ID], 1, INT64_MAX, &rid) == -1)
			return DB_ERROR;
		if (cmp < 0 && (row.col[PD_TO] == NULL || strcmp(row.col[PD_TO], p->from) >= 0))
			before = rid;
		else if (cmp == 0)
			same = rid;
		else if (cmp > 0 && next[0] == '\0')
			snprintf(next, sizeof(next), "%s", row.col[PD_FROM]);
	}
	if (rc < 0)
		return rc;
	if (same)
		rc = db_run(c->db, &stmts[Q_PRICE_SET], p->country->currency, p->monthly,
		    p->oneoff, c->staff.id, same);
	else if (before == 0 ||
	    (rc = db_run(c->db, &stmts[Q_PRICE_END], p->from, before)) == DB_OK)
		rc = db_run(c->db, &stmts[Q_PRICE_ADD], id, p->country->code,
		    p->country->currency, p->monthly, p->oneoff, p->from,
		    next[0] ? next : NULL, c->staff.id);
	if (rc < 0)
		return rc;
	snprintf(detail, sizeof(detail), "%s %s monthly %s one-off %s from %s",
	    p->country->code, p->country->currency, p->monthly, p->oneoff, p->from);
	return page_audit(c, "catalogue-price-add", "product", id, detail);
}

struct create {
	const char	*kind;
	char		 code[CODE_MAX + 1];
	struct details	 d;
	struct price	 p;
};

static int
create_txn(struct ctx *c, void *arg)
{
	struct create *cr = arg;
	const struct details *d = &cr->d;
	long long id;
	int rc, once = strcmp(cr->kind, "topup") == 0 || strcmp(cr->kind, "hardware") == 0;

	rc = db_run(c->db, &stmts[Q_ADD], cr->code, d->name[0], cr->kind,
	    once ? cr->p.oneoff : cr->p.monthly, cr->p.country->currency, d->vat, d->quota,
	    d->from[0] ? d->from : NULL, d->to[0] ? d->to : NULL, (long long)d->contract);
	if (rc == DB_DUPLICATE)
		return 409;	/* the code is taken */
	if (rc < 0)
		return rc;
	id = db_insert_id(c->db, &stmts[Q_ADD]);
	if ((rc = names_save(c, id, d)) < 0 || (rc = price_save(c, id, &cr->p)) < 0 ||
	    (rc = page_audit(c, "catalogue-product-add", "product", id, cr->code)) < 0)
		return rc;
	page_redirectf(c, "/admin/catalogue/%lld?done=product-created", id);
	return DB_OK;
}

/* A code: letters, digits, - and _, kept in capitals. */
static const char *
code_in(const struct ctx *c, char out[CODE_MAX + 1])
{
	const char *v = form_raw(c, "code");
	size_t i, n;

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return "required";
	if ((n = strlen(v)) > CODE_MAX)
		return "too-long";
	if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
	    n)
		return "invalid";
	for (i = 0; i < n; i++)
		out[i] = v[i] >= 'a' && v[i] <= 'z' ? (char)(v[i] - 'a' + 'A') : v[i];
	out[n] = '\0';
	return NULL;
}

static int
catalogue_new_post(struct ctx *c)
{
	struct create cr;
	struct errs e = { 0 };
	const char *code;
	char today[11];
	int rc;

	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	memset(&cr, 0, sizeof(cr));
	cr.kind = form_raw(c, "kind");
	if (in_list(kinds, cr.kind) < 0)
		errs_add(&e, "kind", cr.kind == NULL || *cr.kind == '\0' ? "required" : "invalid");
	if ((code = code_in(c, cr.code)) != NULL)
		errs_add(&e, "code", code);
	details_parse(c, &cr.d, &e);
	price_parse(c, today, &cr.p, &e);
	if (e.n == 0) {
		if ((rc = page_change(c, create_txn, &cr)) != 409)
			return rc;
		errs_add(&e, "code", "exists");
		c->status = 409;
	} else
		c->status = 400;
	return new_page(c, &e);
}

static int
save_txn(struct ctx *c, void *arg)
{
	const struct details *d = arg;
	char code[CODE_MAX + 1];
	int rc;

	if ((rc = product_lock(c, code)) != DB_OK)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_SET], d->name[0], d->vat, d->quota,
	    d->from[0] ? d->from : NULL, d->to[0] ? d->to : NULL, (long long)d->contract,
	    c->ids[0])) < 0 || (rc = names_save(c, c->ids[0], d)) < 0 ||
	    (rc = page_audit(c, "catalogue-product-edit", "product", c->ids[0], code)) < 0)
		return rc;
	page_redirectf(c, "/admin/catalogue/%lld?done=product-saved", c->ids[0]);
	return DB_OK;
}

static int
catalogue_product_post(struct ctx *c)
{
	struct details d;
	struct errs e = { 0 };

	memset(&d, 0, sizeof(d));
	details_parse(c, &d, &e);
	if (e.n == 0)
		return page_change(c, save_txn, &d);
	c->status = 400;
	return product_page(c, "catalogue-product", detail_fields, &e);
}

static int
price_txn(struct ctx *c, void *arg)
{
	char code[CODE_MAX + 1];
	int rc;

	if ((rc = product_lock(c, code)) != DB_OK)
		return rc;
	if ((rc = price_save(c, c->ids[0], arg)) < 0)
		return rc;
	page_redirectf(c, "/admin/catalogue/%lld?done=price-added", c->ids[0]);
	return DB_OK;
}

static int
catalogue_price_post(struct ctx *c)
{
	struct price p;
	struct errs e = { 0 };
	char today[11];
	int rc;

	if ((rc = clock_today(c->db, today)) < 0)
		return page_db_status(rc);
	memset(&p, 0, sizeof(p));
	price_parse(c, today, &p, &e);
	if (e.n == 0)
		return page_change(c, price_txn, &p);
	c->status = 400;
	return product_page(c, "catalogue-price", price_fields, &e);
}

/* The company a contract-list change is for: its audit log shows it. */
static int
company_txn(struct ctx *c, void *arg)
{
	const int *add = arg;
	char code[CODE_MAX + 1];
	int rc;

	if ((rc = product_lock(c, code)) != DB_OK)
		return rc;
	if ((rc = db_run(c->db, &stmts[*add ? Q_COMPANY_ADD : Q_COMPANY_REMOVE], c->ids[0],
	    c->co.id)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[*add ? Q_COMPANY_ADD : Q_COMPANY_REMOVE]) == 0)
		return *add ? 409 : 404;
	if ((rc = page_audit(c, *add ? "catalogue-company-add" : "catalogue-company-remove",
	    "product", c->ids[0], code)) < 0)
		return rc;
	page_redirectf(c, "/admin/catalogue/%lld?done=%s", c->ids[0],
	    *add ? "company-added" : "company-removed");
	return DB_OK;
}

/* The company of an organisation number as people write it ("912 345
 * 678"): its id, 0 if there is none or more than one (two countries). */
static int
company_by_orgnr(struct ctx *c, const char *raw, long long *id)
{
	char orgnr[21];
	struct dbrow row;
	size_t n = 0;
	int rc, found = 0;

	*id = 0;
	for (; raw != NULL && *raw && n + 1 < sizeof(orgnr); raw++)
		if (*raw != ' ')
			orgnr[n++] = *raw;
	orgnr[n] = '\0';
	if ((rc = db_run(c->db, &stmts[Q_COMPANY_BY_ORGNR], orgnr)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_COMPANY_BY_ORGNR], &row)) == 1)
		if (found++ == 0 && parse_int(row.col[CO_ID], 1, INT64_MAX, id) == -1)
			*id = 0;
	if (found > 1)
		*id = 0;
	return rc < 0 ? rc : DB_OK;
}

static int
catalogue_company_post(struct ctx *c)
{
	const char *orgnr = form_raw(c, "orgnr");
	struct errs e = { 0 };
	long long id;
	int rc, add = 1;

	if (orgnr == NULL || orgnr[strspn(orgnr, " ")] == '\0')
		errs_add(&e, "orgnr", "required");
	else if ((rc = company_by_orgnr(c, orgnr, &id)) < 0)
		return page_db_status(rc);
	else if (id == 0)
		errs_add(&e, "orgnr", "invalid");
	else {
		c->co.id = id;
		if ((rc = page_change(c, company_txn, &add)) != 409)
			return rc;
		c->co.id = 0;
		errs_add(&e, "orgnr", "exists");
	}
	c->status = 400;
	return product_page(c, "catalogue-company", company_fields, &e);
}

static int
catalogue_company_remove_post(struct ctx *c)
{
	int add = 0;

	c->co.id = c->ids[1];
	return page_change(c, company_txn, &add);
}

static int
retire_txn(struct ctx *c, void *arg)
{
	char code[CODE_MAX + 1];
	int rc;

	(void)arg;
	if ((rc = product_lock(c, code)) != DB_OK)
		return rc;
	if ((rc = db_run(c->db, &stmts[Q_RETIRE], c->ids[0])) < 0)
		return rc;
	/* Retired already: nothing to do, nothing to audit. */
	if (db_affected(c->db, &stmts[Q_RETIRE]) == 1 &&
	    (rc = page_audit(c, "catalogue-product-retire", "product", c->ids[0],
	    code)) < 0)
		return rc;
	page_redirectf(c, "/admin/catalogue/%lld?done=product-retired", c->ids[0]);
	return DB_OK;
}

static int
catalogue_retire_post(struct ctx *c)
{
	return page_change(c, retire_txn, NULL);
}

static const struct route routes[] = {
	{ "/admin/catalogue", R_STAFF, "admin-catalogue", catalogue_get, list_fields, NULL,
	    NULL, "catalogue" },
	{ "/admin/catalogue/new", R_STAFF | R_ONCE, "admin-product", catalogue_new_get, NULL,
	    catalogue_new_post, new_fields, "catalogue" },
	{ "/admin/catalogue/#", R_STAFF | R_ONCE, "admin-product", catalogue_product_get,
	    NULL, catalogue_product_post, detail_fields, "catalogue" },
	{ "/admin/catalogue/#/prices", R_STAFF | R_ONCE, "admin-product", NULL, NULL,
	    catalogue_price_post, price_fields, "catalogue" },
	{ "/admin/catalogue/#/companies", R_STAFF | R_ONCE, "admin-product", NULL, NULL,
	    catalogue_company_post, company_fields, "catalogue" },
	{ "/admin/catalogue/#/companies/#/remove", R_STAFF | R_ONCE, NULL, NULL, NULL,
	    catalogue_company_remove_post, NULL, "catalogue" },
	{ "/admin/catalogue/#/retire", R_STAFF | R_ONCE, NULL, NULL, NULL,
	    catalogue_retire_post, NULL, "catalogue" },
};

static const char *const pages[] = { "admin-catalogue", "admin-product", NULL };
static const char *const flashes[] = { "product-created", "product-saved", "price-added",
	"company-added", "company-removed", "product-retired", NULL };
static const struct menu_item menu[] = {
	{ "/admin/catalogue", "admin.nav.catalogue", "catalogue" },
	{ NULL, NULL, NULL },
};

const struct module catalogue_module = {
	.name = "catalogue", .door = DOOR_ADMIN, .area = 1,
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
