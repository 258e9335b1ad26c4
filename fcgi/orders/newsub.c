/*
 * A new subscription's order item, its fulfilment and what its completion
 * creates; see newsub.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/module.h"
#include "core/qr.h"
#include "core/util.h"
#include "core/xml.h"
#include "orders/newsub.h"

#define SUB_REF		"CONCAT('TSN-', ?)"	/* a subscription's ref: its number */
#define MATCHING_BYTES	16			/* the eSIM matching id: 32 hex digits */

enum { NEXT_ID, NEXT_PRODUCT, NEXT_USER, NEXT_NEW_NAME, NEXT_NEW_EMAIL, NEXT_MSISDN,
	NEXT_SIM, NEXT_ICCID, NEXT_COST_CENTRE, NEXT_MONTHLY, NEXT_CURRENCY, NEXT__COLS };
enum { SHOW_NUMBER_KIND, SHOW_MSISDN, SHOW_DONOR, SHOW_PORT_DATE, SHOW_SIM,
	SHOW_COST_CENTRE, SHOW_NEW_NAME, SHOW_NEW_EMAIL, SHOW_ESIM, SHOW_SUB, SHOW__COLS };
enum { COUNT_N, COUNT__COLS };
enum { Q_ITEM_SET, Q_WANTS, Q_IN_USE, Q_NUMBER_SET, Q_ICCID_USED, Q_NEXT, Q_USER_ADD,
	Q_MEMBER_ADD, Q_ITEM_USER, Q_SUB_ADD, Q_SIM_ADD, Q_ITEM_DONE, Q_SHOW };
static struct stmt stmts[] = {
	[Q_ITEM_SET] = STMT("newsub.item_set", "ssssssssii", 0,
	    "UPDATE order_items i JOIN orders o ON o.id = i.order_id"
	    " SET i.number_kind = ?, i.msisdn = ?, i.port_donor = ?, i.port_date = ?,"
	    " i.sim_kind = ?, i.cost_centre = ?, i.new_user_name = ?, i.new_user_email = ?"
	    " WHERE i.order_id = ? AND o.company_id = ?"),
	/* The items still waiting for the number the operator assigns. */
	[Q_WANTS] = STMT("newsub.wants", "ii", COUNT__COLS,
	    "SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " WHERE i.order_id = ? AND o.company_id = ? AND i.number_kind = 'new'"),
	/* A number on a subscription, or on another order's item not ended. */
	[Q_IN_USE] = STMT("newsub.in_use", "sis", COUNT__COLS,
	    "SELECT (SELECT COUNT(*) FROM subscriptions WHERE ref = " SUB_REF ")"
	    " + (SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id"
	    "  WHERE i.order_id <> ? AND i.msisdn = ?"
	    "  AND o.state NOT IN ('completed', 'failed', 'cancelled'))"),
	[Q_NUMBER_SET] = STMT("newsub.number_set", "sii", 0,
	    "UPDATE order_items i JOIN orders o ON o.id = i.order_id SET i.msisdn = ?"
	    " WHERE i.order_id = ? AND o.company_id = ? AND i.number_kind = 'new'"),
	[Q_ICCID_USED] = STMT("newsub.iccid_used", "ii", COUNT__COLS,
	    "SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " JOIN sim_cards s ON s.iccid = i.iccid"
	    " WHERE i.order_id = ? AND o.company_id = ? AND i.number_kind IS NOT NULL"),
	/* One at a time: completion marks each done with its subscription. */
	[Q_NEXT] = STMT("newsub.next", "ii", NEXT__COLS,
	    "SELECT i.id, i.product_id, i.user_id, i.new_user_name, i.new_user_email,"
	    " i.msisdn, i.sim_kind, i.iccid, i.cost_centre, i.monthly_price, i.currency"
	    " FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " WHERE i.order_id = ? AND o.company_id = ? AND i.number_kind IS NOT NULL"
	    " AND i.subscription_id IS NULL ORDER BY i.id LIMIT 1"),
	/* A new user, or the one of that address already known (its id). */
	[Q_USER_ADD] = STMT("newsub.user_add", "sss", 0,
	    "INSERT INTO users (email, name, lang) VALUES (?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)"),
	[Q_MEMBER_ADD] = STMT("newsub.member_add", "ii", 0,
	    "INSERT IGNORE INTO memberships (user_id, company_id, role, areas)"
	    " VALUES (?, ?, 'manager', '')"),
	[Q_ITEM_USER] = STMT("newsub.item_user", "ii", 0,
	    "UPDATE order_items SET user_id = ? WHERE id = ?"),
	/* Started today: the billing run bills it from this day on. */
	[Q_SUB_ADD] = STMT("newsub.sub_add", "iIissss", 0,
	    "INSERT INTO subscriptions (company_id, user_id, product_id, ref, monthly_price,"
	    " currency, status, started_on, cost_centre)"
	    " VALUES (?, ?, ?, " SUB_REF ", ?, ?, 'active', CURDATE(), ?)"),
	[Q_SIM_ADD] = STMT("newsub.sim_add", "is", 0,
	    "INSERT INTO sim_cards (subscription_id, iccid, type) VALUES (?, ?, 'main')"),
	[Q_ITEM_DONE] = STMT("newsub.item_done", "isi", 0,
	    "UPDATE order_items SET subscription_id = ?, esim_code = ? WHERE id = ?"),
	[Q_SHOW] = STMT("newsub.show", "ii", SHOW__COLS,
	    "SELECT i.number_kind, i.msisdn, i.port_donor, DATE_FORMAT(i.port_date, '%Y-%m-%d'),"
	    " i.sim_kind, i.cost_centre, i.new_user_name, i.new_user_email, i.esim_code,"
	    " i.subscription_id"
	    " FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " WHERE i.order_id = ? AND o.company_id = ? AND i.number_kind IS NOT NULL"
	    " ORDER BY i.id"),
};
#undef SUB_REF

/* The countries whose numbering the wizard knows: the calling code, the
 * national length and the digits a mobile number may begin with. */
static const struct {
	const char	*country, *code;
	size_t		 len;
	const char	*first;
} plans[] = {
	{ "NO", "47", 8, "49" },
	{ "DK", "45", 8, "23456789" },
};

int
newsub_number(const char *country, const char *raw, char *out)
{
	char d[NEWSUB_NUMBER_MAX * 2 + 1];
	const char *p, *s = d;
	size_t n = 0, i, len;
	int intl = 0;

	if (raw == NULL)
		return -1;
	p = raw + strspn(raw, " ");
	if (*p == '+')
		intl = 1, p++;
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n == sizeof(d) - 1)
			return -1;
		d[n++] = *p;
	}
	d[n] = '\0';
	if (!intl && strncmp(d, "00", 2) == 0)
		intl = 1, s += 2;
	for (i = 0; i < COUNTOF(plans); i++) {
		if (strcmp(plans[i].country, country) != 0)
			continue;
		len = strlen(plans[i].code);
		if (intl && strncmp(s, plans[i].code, len) != 0)
			return -1;
		if (intl)
			s += len;
		if (strlen(s) != plans[i].len || strchr(plans[i].first, s[0]) == NULL)
			return -1;
		break;
	}
	len = strlen(s);
	if (len < 6 || len > NEWSUB_NUMBER_MAX)
		return -1;
	memcpy(out, s, len + 1);
	return 0;
}

int
newsub_item_set(struct ctx *c, long long id, const struct newsub *n)
{
	int rc = db_run(c->db, &stmts[Q_ITEM_SET], n->number_kind, n->number, n->donor,
	    n->port_date, n->sim_kind, n->cost_centre, n->new_name, n->new_email, id,
	    c->co.id);

	return rc < 0 ? rc : DB_OK;
}

int
newsub_number_used(struct ctx *c, const char *msisdn, long long id)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, &stmts[Q_IN_USE], &row, msisdn, id, msisdn)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	return strcmp(row.col[COUNT_N], "0") != 0;
}

static int
count(struct ctx *c, struct stmt *st, long long *n, long long a, long long b)
{
	struct dbrow row;
	int rc;

	if ((rc = db_one(c->db, st, &row, a, b)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	return parse_int(row.col[COUNT_N], 0, INT64_MAX, n) == 0 ? DB_OK : DB_ERROR;
}

int
newsub_fulfil(struct ctx *c, long long id, const char *number, const char **field,
    const char **code)
{
	char msisdn[NEWSUB_NUMBER_MAX + 1];
	long long n;
	int rc;

	*field = "iccid";
	if ((rc = count(c, &stmts[Q_ICCID_USED], &n, id, c->co.id)) != DB_OK)
		return rc;
	if (n > 0)
		return *code = "exists", 422;
	*field = "number";
	if ((rc = count(c, &stmts[Q_WANTS], &n, id, c->co.id)) != DB_OK || n == 0)
		return rc;
	if (number == NULL || number[strspn(number, " ")] == '\0')
		return *code = "required", 422;
	if (newsub_number(c->co.country, number, msisdn) == -1)
		return *code = "invalid", 422;
	if ((rc = newsub_number_used(c, msisdn, id)) != 0)
		return rc < 0 ? rc : (*code = "exists", 422);
	rc = db_run(c->db, &stmts[Q_NUMBER_SET], msisdn, id, c->co.id);
	return rc < 0 ? rc : DB_OK;
}

/* An eSIM's activation code (SGP.22): LPA:1$<SM-DP+ address>$<matching id>. */
static void
esim_code(const struct conf *conf, char *out, size_t len)
{
	unsigned char rnd[MATCHING_BYTES];
	char hex[MATCHING_BYTES * 2 + 1];
	size_t i;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	for (i = 0; hex[i] != '\0'; i++)
		if (hex[i] >= 'a' && hex[i] <= 'f')
			hex[i] = (char)(hex[i] - 'a' + 'A');
	snprintf(out, len, "LPA:1$%s$%s", conf->esim_smdp_address, hex);
}

/* The user of the item: its member, or the new user made one. */
static int
user_of(struct ctx *c, const struct dbrow *row, long long *user)
{
	long long item;
	int rc;

	*user = 0;
	if (row->col[NEXT_USER] != NULL)
		return parse_int(row->col[NEXT_USER], 1, INT64_MAX, user) == 0 ?
		    DB_OK : DB_ERROR;
	if (row->col[NEXT_NEW_EMAIL] == NULL)
		return DB_OK;
	if ((rc = db_run(c->db, &stmts[Q_USER_ADD], row->col[NEXT_NEW_EMAIL],
	    row->col[NEXT_NEW_NAME], c->lang)) < 0)
		return rc;
	if ((*user = db_insert_id(c->db, &stmts[Q_USER_ADD])) <= 0 ||
	    parse_int(row->col[NEXT_ID], 1, INT64_MAX, &item) == -1)
		return DB_ERROR;
	if ((rc = db_run(c->db, &stmts[Q_MEMBER_ADD], *user, c->co.id)) < 0 ||
	    (rc = db_run(c->db, &stmts[Q_ITEM_USER], *user, item)) < 0)
		return rc;
	return DB_OK;
}

int
newsub_complete(struct ctx *c, long long id)
{
	char code[320];
	long long user, product, item, sub;
	struct dbrow row;
	int rc;

	while ((rc = db_one(c->db, &stmts[Q_NEXT], &row, id, c->co.id)) == 1) {
		/* Not fulfilled: no number or no SIM card yet. */
		if (row.col[NEXT_MSISDN] == NULL || row.col[NEXT_ICCID] == NULL)
			return 409;
		if (parse_int(row.col[NEXT_ID], 1, INT64_MAX, &item) == -1 ||
		    parse_int(row.col[NEXT_PRODUCT], 1, INT64_MAX, &product) == -1)
			return DB_ERROR;
		if ((rc = user_of(c, &row, &user)) != DB_OK)
			return rc;
		if ((rc = db_run(c->db, &stmts[Q_SUB_ADD], c->co.id, user, product,
		    row.col[NEXT_MSISDN], row.col[NEXT_MONTHLY], row.col[NEXT_CURRENCY],
		    row.col[NEXT_COST_CENTRE])) < 0)
			return rc == DB_DUPLICATE ? 409 : rc;
		if ((sub = db_insert_id(c->db, &stmts[Q_SUB_ADD])) <= 0)
			return DB_ERROR;
		if ((rc = db_run(c->db, &stmts[Q_SIM_ADD], sub, row.col[NEXT_ICCID])) < 0)
			return rc == DB_DUPLICATE ? 409 : rc;
		code[0] = '\0';
		if (strcmp(row.col[NEXT_SIM], "esim") == 0)
			esim_code(c->conf, code, sizeof(code));
		if ((rc = db_run(c->db, &stmts[Q_ITEM_DONE], sub, code[0] ? code : NULL,
		    item)) < 0)
			return rc;
	}
	return rc < 0 ? rc : DB_OK;
}

/* The activation code as text and as a QR code: <esim><code/><qr width/></esim>. */
static void
esim_el(xmlNodePtr parent, const char *code)
{
	xmlNodePtr e = x_el(parent, "esim"), q;
	struct buf path = { 0 };
	int width;

	x_text(e, "code", code);
	if (qr_path(code, &path, &width) == 0) {
		q = x_text(e, "qr", path.p);
		x_attr_int(q, "width", width);
	}
	buf_free(&path);
}

int
newsub_el(struct ctx *c, xmlNodePtr parent, long long id)
{
	struct dbrow row;
	xmlNodePtr e, p;
	int rc;

	if ((rc = db_run(c->db, &stmts[Q_SHOW], id, c->co.id)) < 0)
		return rc;
	while ((rc = db_fetch(c->db, &stmts[Q_SHOW], &row)) == 1) {
		e = x_el(parent, "new-subscription");
		x_attr(e, "number-kind", row.col[SHOW_NUMBER_KIND]);
		x_attr(e, "sim", row.col[SHOW_SIM]);
		if (row.col[SHOW_SUB] != NULL)
			x_attr(e, "subscription", row.col[SHOW_SUB]);
		x_text(e, "number", row.col[SHOW_MSISDN]);
		if (row.col[SHOW_DONOR] != NULL) {
			p = x_el(e, "port");
			x_text(p, "donor", row.col[SHOW_DONOR]);
			x_text(p, "date", row.col[SHOW_PORT_DATE]);
		}
		x_text(e, "cost-centre", row.col[SHOW_COST_CENTRE]);
		if (row.col[SHOW_NEW_EMAIL] != NULL) {
			p = x_el(e, "new-user");
			x_text(p, "name", row.col[SHOW_NEW_NAME]);
			x_text(p, "email", row.col[SHOW_NEW_EMAIL]);
		}
		if (row.col[SHOW_ESIM] != NULL)
			esim_el(e, row.col[SHOW_ESIM]);
	}
	return rc < 0 ? rc : 0;
}

const struct module newsub_module = {
	.name = "newsub", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
