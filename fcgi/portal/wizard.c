/*
 * The new-subscription wizard, in the area "orders": who it is for (a
 * member found by name, or a new user who becomes a member on completion),
 * the plan (the company's catalogue of subscriptions, as SIM cards are
 * offered), the number (a new one, or one ported in from another operator
 * on a date), the SIM card (sent to an address, or an eSIM), the cost
 * centre, then a summary with the monthly and one-off price and VAT to
 * confirm: an order of the order model (orders/orders.c, orders/newsub.c),
 * made once per form key.
 *
 * Each step is a form of its own that saves into a draft of the company
 * and its member (subscription_drafts), so the administrator can leave and
 * resume; back and forth shows what was saved. Every statement takes the
 * company and the member: another's draft is not found (404), but the
 * company's full administrators see and resume all of its drafts.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/module.h"
#include "core/page.h"
#include "core/route.h"
#include "core/util.h"
#include "core/valid.h"
#include "orders/newsub.h"
#include "orders/orders.h"
#include "subscriptions/change.h"

#define DRAFTS_MAX	50
#define FOUND_MAX	20	/* members a search shows */
#define SEARCH_MAX	100
#define DONOR_MAX	100
#define COST_CENTRE_MAX	64

#define PLANS_OFFERED	ORDER_OFFERED("'subscription'")
/* A draft is its member's; the company's full administrators see them all.
 * Parameters: company, member, whether an administrator. */
#define MINE	" company_id = ? AND (owner_id = ? OR ? = 1)"
enum { PLAN_ID, PLAN_CODE, PLAN_KIND, PLAN_NAME, PLAN_ONEOFF, PLAN_MONTHLY, PLAN_CURRENCY,
	PLAN__COLS,
	/* The one chosen with VAT at the rate of the company's account in its
	 * currency (NULL: it has none): on the month's price and the one-off. */
	PLAN_VAT_RATE = PLAN__COLS, PLAN_MONTHLY_VAT, PLAN_MONTHLY_TOTAL, PLAN_ONEOFF_VAT,
	PLAN_ONEOFF_TOTAL, PLAN_PRICED__COLS };
enum { D_ID, D_STEP, D_WHO, D_USER, D_NEW_NAME, D_NEW_EMAIL, D_PLAN, D_NUMBER_KIND,
	D_PORT_NUMBER, D_DONOR, D_PORT_DATE, D_SIM, D_NAME, D_STREET, D_POSTCODE, D_CITY,
	D_COST_CENTRE, D_CREATED, D_UPDATED, D_USER_NAME, D__COLS };
enum { MEMBER_ID, MEMBER_NAME, MEMBER_EMAIL, MEMBER__COLS };
enum { ADDR_NAME, ADDR_STREET, ADDR_POSTCODE, ADDR_CITY, ADDR__COLS };
enum { LIST_ID, LIST_STEP, LIST_CREATED, LIST_UPDATED, LIST_FOR, LIST_PLAN, LIST__COLS };
enum { Q_PLANS, Q_PLAN, Q_DRAFT, Q_LIST, Q_ADD, Q_DEL, Q_FIND, Q_MEMBER, Q_MEMBER_EMAIL,
	Q_ADDRESS, Q_SAVE_USER, Q_SAVE_PLAN, Q_SAVE_NUMBER, Q_SAVE_SIM, Q_SAVE_COST };
static struct stmt stmts[] = {
	[Q_PLANS] = STMT("wizard.plans", "ssi", PLAN__COLS,
	    PLANS_OFFERED " ORDER BY r.monthly_price, 4"),
	[Q_PLAN] = STMT("wizard.plan", "ssiii", PLAN_PRICED__COLS,
	    "SELECT x.*, b.vat_rate,"
	    " ROUND(x.monthly_price * b.vat_rate / 100, 2),"
	    " x.monthly_price + COALESCE(ROUND(x.monthly_price * b.vat_rate / 100, 2), 0),"
	    " ROUND(x.oneoff_price * b.vat_rate / 100, 2),"
	    " x.oneoff_price + COALESCE(ROUND(x.oneoff_price * b.vat_rate / 100, 2), 0)"
	    " FROM (" PLANS_OFFERED " AND p.id = ?) x"
	    " LEFT JOIN billing_accounts b ON b.id = (SELECT MIN(a.id) FROM billing_accounts a"
	    "  WHERE a.company_id = ? AND a.currency = x.currency)"),
	/* A draft of the company's member: every column, as the forms name them. */
	[Q_DRAFT] = STMT("wizard.draft", "iiii", D__COLS,
	    "SELECT d.id, d.step, CASE WHEN d.new_user_email IS NOT NULL THEN 'new'"
	    "  WHEN d.user_id IS NOT NULL THEN 'member' END,"
	    " d.user_id, d.new_user_name, d.new_user_email, d.product_id, d.number_kind,"
	    " d.port_number, d.port_donor, DATE_FORMAT(d.port_date, '%Y-%m-%d'), d.sim_kind,"
	    " d.delivery_name, d.delivery_street, d.delivery_postcode, d.delivery_city,"
	    " d.cost_centre, DATE_FORMAT(d.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(d.updated_at, '%Y-%m-%dT%H:%i:%s'), u.name"
	    " FROM subscription_drafts d LEFT JOIN users u ON u.id = d.user_id"
	    " WHERE d.id = ? AND" MINE),
	[Q_LIST] = STMT("wizard.list", "siiii", LIST__COLS,
	    "SELECT d.id, d.step, DATE_FORMAT(d.created_at, '%Y-%m-%dT%H:%i:%s'),"
	    " DATE_FORMAT(d.updated_at, '%Y-%m-%dT%H:%i:%s'), COALESCE(u.name, d.new_user_name),"
	    " " PRODUCT_NAME
	    " FROM subscription_drafts d LEFT JOIN users u ON u.id = d.user_id"
	    " LEFT JOIN products p ON p.id = d.product_id" PRODUCT_NAME_JOIN
	    " WHERE" MINE " ORDER BY d.updated_at DESC, d.id DESC"
	    " LIMIT ?"),
	[Q_ADD] = STMT("wizard.add", "ii", 0,
	    "INSERT INTO subscription_drafts (company_id, owner_id) VALUES (?, ?)"),
	[Q_DEL] = STMT("wizard.del", "iiii", 0,
	    "DELETE FROM subscription_drafts WHERE id = ? AND" MINE),
	/* The company's active members whose name has the words typed. */
	[Q_FIND] = STMT("wizard.find", "isi", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.status = 'active' AND u.name LIKE ?"
	    " ORDER BY u.name, u.id LIMIT ?"),
	[Q_MEMBER] = STMT("wizard.member", "ii", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.status = 'active' AND u.id = ?"),
	[Q_MEMBER_EMAIL] = STMT("wizard.member_email", "is", MEMBER__COLS,
	    "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.company_id = ? AND u.email = ?"),
	[Q_ADDRESS] = STMT("wizard.address", "i", ADDR__COLS,
	    "SELECT name, street, postcode, city FROM companies WHERE id = ?"),
	[Q_SAVE_USER] = STMT("wizard.save_user", "Isssiiii", 0,
	    "UPDATE subscription_drafts SET user_id = ?, new_user_name = ?,"
	    " new_user_email = ?, step = ?"
	    " WHERE id = ? AND" MINE),
	[Q_SAVE_PLAN] = STMT("wizard.save_plan", "isiiii", 0,
	    "UPDATE subscription_drafts SET product_id = ?, step = ?"
	    " WHERE id = ? AND" MINE),
	[Q_SAVE_NUMBER] = STMT("wizard.save_number", "sssssiiii", 0,
	    "UPDATE subscription_drafts SET number_kind = ?, port_number = ?, port_donor = ?,"
	    " port_date = ?, step = ?"
	    " WHERE id = ? AND" MINE),
	[Q_SAVE_SIM] = STMT("wizard.save_sim", "ssssssiiii", 0,
	    "UPDATE subscription_drafts SET sim_kind = ?, delivery_name = ?,"
	    " delivery_street = ?, delivery_postcode = ?, delivery_city = ?, step = ?"
	    " WHERE id = ? AND" MINE),
	[Q_SAVE_COST] = STMT("wizard.save_cost", "ssiiii", 0,
	    "UPDATE subscription_drafts SET cost_centre = ?, step = ?"
	    " WHERE id = ? AND" MINE),
};
#undef MINE
#undef PLANS_OFFERED

/* The steps in their order; a draft's step is the furthest saved. */
enum { S_USER, S_PLAN, S_NUMBER, S_SIM, S_COST, S_SUMMARY, S__MAX };
static const char *const step_names[S__MAX + 1] = { "user", "plan", "number", "sim",
	"cost-centre", "summary", NULL };

/* What each step's form holds and the draft's column it is kept in. */
static const struct {
	int		 step;
	const char	*field;
	int		 col;
} kept[] = {
	{ S_USER, "who", D_WHO },
	{ S_USER, "user", D_USER },
	{ S_USER, "new-name", D_NEW_NAME },
	{ S_USER, "new-email", D_NEW_EMAIL },
	{ S_PLAN, "plan", D_PLAN },
	{ S_NUMBER, "number-kind", D_NUMBER_KIND },
	{ S_NUMBER, "port-number", D_PORT_NUMBER },
	{ S_NUMBER, "donor", D_DONOR },
	{ S_NUMBER, "port-date", D_PORT_DATE },
	{ S_SIM, "sim", D_SIM },
	{ S_SIM, "name", D_NAME },
	{ S_SIM, "street", D_STREET },
	{ S_SIM, "postcode", D_POSTCODE },
	{ S_SIM, "city", D_CITY },
	{ S_COST, "cost-centre", D_COST_CENTRE },
};

/* The delivery address's lines and their lengths in characters. */
static const struct {
	const char	*field;
	size_t		 max;
} address[] = {
	{ "name", 200 },
	{ "street", 200 },
	{ "postcode", 10 },
	{ "city", 100 },
};

static const struct field search_fields[] = {
	{ "q", V_TEXT, SEARCH_MAX * 4 },
	{ NULL, V_TEXT, 0 },
};

static const struct field step_fields[] = {
	{ "go", V_WORD, 0 },
	{ "who", V_WORD, 0 },
	{ "user", V_ID, 0 },
	{ "new-name", V_NAME, 0 },
	{ "new-email", V_EMAIL, 254 },
	{ "plan", V_ID, 0 },
	{ "number-kind", V_WORD, 0 },
	{ "port-number", V_TEXT, NEWSUB_NUMBER_MAX * 2 },
	{ "donor", V_TEXT, DONOR_MAX * 4 },
	{ "port-date", V_DATE, 0 },
	{ "sim", V_WORD, 0 },
	{ "name", V_TEXT, 200 * 4 },
	{ "street", V_TEXT, 200 * 4 },
	{ "postcode", V_TEXT, 16 },
	{ "city", V_TEXT, 100 * 4 },
	{ "cost-centre", V_TEXT, COST_CENTRE_MAX * 4 },
	{ NULL, V_TEXT, 0 },
};

static int
step_index(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < S__MAX; i++)
		if (strcmp(step_names[i], name) == 0)
			return i;
	return -1;
}

/* The step of the route: its path's last part. */
static int
route_step(const struct ctx *c)
{
	return step_index(strrchr(c->route->pattern, '/') + 1);
}

/* The draft of the path (ids[1]) of this member: 1, 0 none, or a db_rc. */
static int
draft_load(struct ctx *c, struct dbrow *d)
{
	return db_one(c->db, &stmts[Q_DRAFT], d, c->ids[1], c->co.id, c->sess.user_id,
	    (long long)c->co.admin);
}

static void
plan_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr p = x_el(parent, "plan");

	x_attr(p, "id", row->col[PLAN_ID]);
	x_attr(p, "code", row->col[PLAN_CODE]);
	x_text(p, "name", row->col[PLAN_NAME]);
	x_price(p, "monthly", row->col[PLAN_MONTHLY], row->col[PLAN_CURRENCY]);
	x_price(p, "oneoff", row->col[PLAN_ONEOFF], row->col[PLAN_CURRENCY]);
}

static void
member_el(xmlNodePtr parent, const struct dbrow *row)
{
	xmlNodePtr m = x_el(parent, "member");

	x_attr(m, "id", row->col[MEMBER_ID]);
	x_text(m, "name", row->col[MEMBER_NAME]);
	x_text(m, "email", row->col[MEMBER_EMAIL]);
}

/* ---- the first page: the member's drafts, and a new one ---- */

static int
list_get(struct ctx *c)
{
	xmlNodePtr list, d;
	struct dbrow row;
	int rc;

	page_begin(c, "wizard");
	list = x_el(c->root, "drafts");
	if ((rc = db_run(c->db, &stmts[Q_LIST], c->lang, c->co.id, c->sess.user_id,
	    (long long)c->co.admin, (long long)DRAFTS_MAX)) < 0)
		return page_db_status(rc);
	while ((rc = db_fetch(c->db, &stmts[Q_LIST], &row)) == 1) {
		d = x_el(list, "draft");
		x_attr(d, "id", row.col[LIST_ID]);
		x_attr(d, "step", row.col[LIST_STEP]);
		x_time(d, "created", c->co.time_zone, row.col[LIST_CREATED]);
		x_time(d, "updated", c->co.time_zone, row.col[LIST_UPDATED]);
		x_text(d, "for", row.col[LIST_FOR]);
		x_text(d, "plan", row.col[LIST_PLAN]);
	}
	return rc < 0 ? page_db_status(rc) : 0;
}

static int
start_txn(struct ctx *c, void *arg)
{
	long long id;
	int rc;

	(void)arg;
	if ((rc = db_run(c->db, &stmts[Q_ADD], c->co.id, c->sess.user_id)) < 0)
		return rc;
	if ((id = db_insert_id(c->db, &stmts[Q_ADD])) <= 0)
		return DB_ERROR;
	page_redirectf(c, "/companies/%lld/wizard/%lld/user", c->co.id, id);
	return DB_OK;
}

static int
start_post(struct ctx *c)
{
	return page_change(c, start_txn, NULL);
}

static int
delete_txn(struct ctx *c, void *arg)
{
	int rc;

	(void)arg;
	if ((rc = db_run(c->db, &stmts[Q_DEL], c->ids[1], c->co.id, c->sess.user_id,
	    (long long)c->co.admin)) < 0)
		return rc;
	if (db_affected(c->db, &stmts[Q_DEL]) == 0)
		return 404;
	page_redirectf(c, "/companies/%lld/wizard?done=wizard-draft-deleted", c->co.id);
	return DB_OK;
}

static int
delete_post(struct ctx *c)
{
	return page_change(c, delete_txn, NULL);
}

/* ---- a step: its page, its form ---- */

/* What the step offers: members found, plans, the company's address. */
static int
offer(struct ctx *c, int step, xmlNodePtr w, const struct dbrow *d)
{
	const char *q = in_get(c, "q");
	char like[SEARCH_MAX * 4 + 3];
	xmlNodePtr list;
	struct dbrow row;
	struct stmt *st;
	int rc = 0;

	if (step == S_USER) {
		/* The member saved stays a choice whatever the search finds. */
		if (d->col[D_USER] != NULL) {
			list = x_el(w, "chosen");
			x_attr(list, "id", d->col[D_USER]);
			x_text(list, "name", d->col[D_USER_NAME]);
		}
		list = x_el(w, "members");
		if (q == NULL || q[strspn(q, " ")] == '\0')
			return 0;
		x_attr(list, "q", q);
		snprintf(like, sizeof(like), "%%%s%%", q + strspn(q, " "));
		st = &stmts[Q_FIND];
		if ((rc = db_run(c->db, st, c->co.id, like, (long long)FOUND_MAX)) < 0)
			return rc;
		while ((rc = db_fetch(c->db, st, &row)) == 1)
			member_el(list, &row);
	} else if (step == S_PLAN) {
		list = x_el(w, "plans");
		st = &stmts[Q_PLANS];
		if ((rc = db_run(c->db, st, c->lang, c->co.country, c->co.id)) < 0)
			return rc;
		while ((rc = db_fetch(c->db, st, &row)) == 1)
			plan_el(list, &row);
	} else if (step == S_SIM && c->conf->esim_smdp_address[0] != '\0')
		x_attr(w, "esim", "yes");
	return rc < 0 ? rc : 0;
}

/* The step's page for draft d: its form under *form. 0 or a status. */
static int
step_page(struct ctx *c, int step, const struct dbrow *d, xmlNodePtr *form)
{
	xmlNodePtr w, s;
	int i, rc, upto = step_index(d->col[D_STEP]);

	page_begin(c, "wizard-step");
	w = x_el(c->root, "wizard");
	x_attr(w, "draft", d->col[D_ID]);
	x_attr(w, "step", step_names[step]);
	x_attr(w, "resume", d->col[D_STEP]);
	s = x_el(w, "steps");
	for (i = 0; i < S__MAX; i++) {
		xmlNodePtr e = x_text(s, "step", step_names[i]);

		if (i <= upto)
			x_attr(e, "open", "yes");
	}
	if ((rc = offer(c, step, w, d)) < 0)
		return page_db_status(rc);
	*form = form_el(c->root, "wizard");
	return 0;
}

/* The draft's values for the step's form; the company's address for a SIM
 * card sent when none was saved. */
static int
values(struct ctx *c, int step, xmlNodePtr f, const struct dbrow *d)
{
	struct dbrow row;
	size_t i;
	int rc;

	for (i = 0; i < COUNTOF(kept); i++)
		if (kept[i].step == step)
			form_value(f, kept[i].field, d->col[kept[i].col]);
	if (step != S_SIM || d->col[D_STREET] != NULL)
		return 0;
	if ((rc = db_one(c->db, &stmts[Q_ADDRESS], &row, c->co.id)) <= 0)
		return rc < 0 ? rc : DB_ERROR;
	for (i = 0; i < COUNTOF(address); i++)
		form_value(f, address[i].field, row.col[ADDR_NAME + i]);
	return 0;
}

/* The first step not done yet (S_SUMMARY: all are). */
static int
missing(const struct dbrow *d)
{
	if (d->col[D_WHO] == NULL)
		return S_USER;
	if (d->col[D_PLAN] == NULL)
		return S_PLAN;
	if (d->col[D_NUMBER_KIND] == NULL)
		return S_NUMBER;
	if (d->col[D_SIM] == NULL)
		return S_SIM;
	return step_index(d->col[D_STEP]) < S_SUMMARY ? S_COST : S_SUMMARY;
}

static int summary_el(struct ctx *, const struct dbrow *, struct dbrow *);

static int
step_get(struct ctx *c)
{
	struct dbrow d, priced;
	xmlNodePtr f;
	int rc, step = route_step(c);

	if ((rc = draft_load(c, &d)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if (step == S_SUMMARY && (rc = missing(&d)) != S_SUMMARY)
		return page_redirectf(c, "/companies/%lld/wizard/%lld/%s", c->co.id,
		    c->ids[1], step_names[rc]);
	if ((rc = step_page(c, step, &d, &f)) != 0)
		return rc;
	if (step == S_SUMMARY) {
		if ((rc = summary_el(c, &d, &priced)) < 0)
			return page_db_status(rc);
		/* The plan is no longer offered: chosen again. */
		return rc == 0 ? page_redirectf(c, "/companies/%lld/wizard/%lld/plan",
		    c->co.id, c->ids[1]) : 0;
	}
	return (rc = values(c, step, f, &d)) < 0 ? page_db_status(rc) : 0;
}

/* ---- checking and saving a step ---- */

/* A step's checked input, as it is kept. */
struct entry {
	long long	 user, plan;
	const char	*who, *kind, *sim;
	char		 new_name[NAME_MAX_BYTES + 1], new_email[255];
	char		 number[NEWSUB_NUMBER_MAX + 1], donor[DONOR_MAX * 4 + 1];
	char		 date[11];
	char		 addr[COUNTOF(address)][200 * 4 + 1];
	char		 cost[COST_CENTRE_MAX * 4 + 1];
};

/* One of the choices, or NULL with the field's error under f. */
static const char *
choice(struct ctx *c, xmlNodePtr f, const char *field, const char *const *ok)
{
	const char *v = in_get(c, field), *raw = form_raw(c, field);
	int i;

	for (i = 0; v != NULL && ok[i] != NULL; i++)
		if (strcmp(ok[i], v) == 0)
			return ok[i];
	form_error(f, field, raw == NULL || raw[0] == '\0' ? "required" : "invalid");
	return NULL;
}

/* An id the form must carry, or 0 with its error. */
static long long
id_of(struct ctx *c, xmlNodePtr f, const char *field)
{
	const char *raw = form_raw(c, field);
	long long id;

	if (raw == NULL || raw[0] == '\0')
		return form_error(f, field, "required"), 0;
	if (in_get(c, field) == NULL || parse_int(in_get(c, field), 1, INT64_MAX, &id) == -1)
		return form_error(f, field, "invalid"), 0;
	return id;
}

static int
check_user(struct ctx *c, xmlNodePtr f, struct entry *in)
{
	static const char *const whos[] = { "member", "new", NULL };
	const char *name = form_raw(c, "new-name"), *email = in_get(c, "new-email"), *why;
	struct dbrow row;
	int rc;

	if ((in->who = choice(c, f, "who", whos)) == NULL)
		return 0;
	if (strcmp(in->who, "member") == 0) {
		if ((in->user = id_of(c, f, "user")) == 0)
			return 0;
		if ((rc = db_one(c->db, &stmts[Q_MEMBER], &row, c->co.id, in->user)) <= 0)
			return rc < 0 ? rc : (form_error(f, "user", "invalid"), 0);
		return 1;
	}
	if ((why = valid_name_problem(name)) != NULL)
		return form_error(f, "new-name", why), 0;
	snprintf(in->new_name, sizeof(in->new_name), "%s", name);
	if (email == NULL) {
		name = form_raw(c, "new-email");
		return form_error(f, "new-email", name == NULL || name[0] == '\0' ?
		    "required" : "invalid"), 0;
	}
	/* Already a member: chosen as one instead. */
	if ((rc = db_one(c->db, &stmts[Q_MEMBER_EMAIL], &row, c->co.id, email)) != 0)
		return rc < 0 ? rc : (form_error(f, "new-email", "exists"), 0);
	snprintf(in->new_email, sizeof(in->new_email), "%s", email);
	return 1;
}

static int
check_plan(struct ctx *c, xmlNodePtr f, struct entry *in)
{
	struct dbrow row;
	int rc;

	if ((in->plan = id_of(c, f, "plan")) == 0)
		return 0;
	if ((rc = db_one(c->db, &stmts[Q_PLAN], &row, c->lang, c->co.country, c->co.id,
	    in->plan, c->co.id)) <= 0)
		return rc < 0 ? rc : (form_error(f, "plan", "invalid"), 0);
	return 1;
}

static int
check_number(struct ctx *c, xmlNodePtr f, struct entry *in)
{
	static const char *const kinds[] = { "new", "port", NULL };
	const char *code, *date = in_get(c, "port-date"), *raw;
	char today[11];
	int rc, good = 1;

	if ((in->kind = choice(c, f, "number-kind", kinds)) == NULL)
		return 0;
	if (strcmp(in->kind, "new") == 0)
		return 1;
	if (newsub_number(c->co.country, form_raw(c, "port-number"), in->number) == -1) {
		raw = form_raw(c, "port-number");
		form_error(f, "port-number", raw == NULL || raw[strspn(raw, " ")] == '\0' ?
		    "required" : "invalid");
		good = 0;
	} else if ((rc = newsub_number_used(c, in->number, 0)) != 0) {
		if (rc < 0)
			return rc;
		form_error(f, "port-number", "exists");
		good = 0;
	}
	if ((code = valid_line(in->donor, sizeof(in->donor), form_raw(c, "donor"),
	    DONOR_MAX)) != NULL)
		good = 0, form_error(f, "donor", code);
	if ((rc = clock_today(c->db, today)) < 0)
		return rc;
	raw = form_raw(c, "port-date");
	if (date == NULL)
		good = 0, form_error(f, "port-date", raw == NULL || raw[0] == '\0' ?
		    "required" : "invalid");
	else if (strcmp(date, today) < 0)
		good = 0, form_error(f, "port-date", "past-date");
	else
		snprintf(in->date, sizeof(in->date), "%s", date);
	return good;
}

static int
check_sim(struct ctx *c, xmlNodePtr f, struct entry *in)
{
	static const char *const sims[] = { "physical", "esim", NULL };
	static const char *const physical[] = { "physical", NULL };
	const char *code;
	size_t i;
	int good = 1;

	if ((in->sim = choice(c, f, "sim", c->conf->esim_smdp_address[0] != '\0' ?
	    sims : physical)) == NULL)
		return 0;
	if (strcmp(in->sim, "esim") == 0)
		return 1;
	for (i = 0; i < COUNTOF(address); i++)
		if ((code = valid_line(in->addr[i], sizeof(in->addr[i]),
		    form_raw(c, address[i].field), address[i].max)) != NULL)
			good = 0, form_error(f, address[i].field, code);
	/* The postcode of the company's country, where its form is known. */
	if (good && valid_country(c->co.country) &&
	    valid_postcode(c->co.country, in->addr[2]) == -1)
		good = 0, form_error(f, "postcode", "invalid");
	return good;
}

static int
check_cost(struct ctx *c, xmlNodePtr f, struct entry *in)
{
	const char *raw = form_raw(c, "cost-centre"), *code;

	/* None is a choice. */
	if (raw == NULL || raw[strspn(raw, " ")] == '\0')
		return 1;
	if ((code = valid_line(in->cost, sizeof(in->cost), raw, COST_CENTRE_MAX)) != NULL)
		return form_error(f, "cost-centre", code), 0;
	return 1;
}

static int (*const checks[S_SUMMARY])(struct ctx *, xmlNodePtr, struct entry *) = {
	check_user, check_plan, check_number, check_sim, check_cost,
};

static const char *
opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* The step's input saved into the draft, which then is at step upto. */
static int
save(struct ctx *c, int step, const struct entry *in, const char *upto)
{
	long long id = c->ids[1], co = c->co.id, me = c->sess.user_id, all = c->co.admin;
	int physical, rc = 0;

	switch (step) {
	case S_USER:
		rc = db_run(c->db, &stmts[Q_SAVE_USER], in->user, opt(in->new_name),
		    opt(in->new_email), upto, id, co, me, all);
		break;
	case S_PLAN:
		rc = db_run(c->db, &stmts[Q_SAVE_PLAN], in->plan, upto, id, co, me, all);
		break;
	case S_NUMBER:
		rc = db_run(c->db, &stmts[Q_SAVE_NUMBER], in->kind, opt(in->number),
		    opt(in->donor), opt(in->date), upto, id, co, me, all);
		break;
	case S_SIM:
		physical = strcmp(in->sim, "physical") == 0;
		rc = db_run(c->db, &stmts[Q_SAVE_SIM], in->sim,
		    physical ? in->addr[0] : NULL, physical ? in->addr[1] : NULL,
		    physical ? in->addr[2] : NULL, physical ? in->addr[3] : NULL, upto,
		    id, co, me, all);
		break;
	case S_COST:
		rc = db_run(c->db, &stmts[Q_SAVE_COST], opt(in->cost), upto, id, co, me, all);
		break;
	}
	return rc < 0 ? rc : DB_OK;
}

struct saving {
	int		 step, to;
	const char	*upto;
	struct entry	 in;
};

static int
save_txn(struct ctx *c, void *arg)
{
	const struct saving *s = arg;
	int rc;

	if ((rc = save(c, s->step, &s->in, s->upto)) != DB_OK)
		return rc;
	page_redirectf(c, "/companies/%lld/wizard/%lld/%s", c->co.id, c->ids[1],
	    step_names[s->to]);
	return DB_OK;
}

static int
step_post(struct ctx *c)
{
	struct saving s;
	struct dbrow d;
	xmlNodePtr f;
	size_t i;
	int rc, back, good, upto;
	const char *go = in_get(c, "go");

	memset(&s, 0, sizeof(s));
	s.step = route_step(c);
	if ((rc = draft_load(c, &d)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	if ((rc = step_page(c, s.step, &d, &f)) != 0)
		return rc;
	for (i = 0; i < COUNTOF(kept); i++)
		if (kept[i].step == s.step)
			form_keep(c, f, kept[i].field);
	back = go != NULL && strcmp(go, "back") == 0;
	if (go == NULL || (!back && strcmp(go, "next") != 0)) {
		form_error(f, "go", "invalid");
		c->status = 400;
		return 0;
	}
	if ((good = checks[s.step](c, f, &s.in)) < 0)
		return page_db_status(good);
	s.to = back ? s.step - 1 : s.step + 1;
	if (s.to < 0)
		s.to = 0;
	/* Back with what is not right yet: the draft keeps what it had. */
	if (!good && back)
		return page_redirectf(c, "/companies/%lld/wizard/%lld/%s", c->co.id,
		    c->ids[1], step_names[s.to]);
	if (!good) {
		c->status = 400;
		return 0;
	}
	upto = step_index(d.col[D_STEP]);
	s.upto = step_names[upto > s.step + 1 ? upto : s.step + 1];
	return page_change(c, save_txn, &s);
}

/* ---- the summary, and the order ---- */

/*
 * <summary> of a complete draft d, priced with today's catalogue into
 * *priced: 1, 0 when its plan is not offered any more, or a db_rc.
 */
static int
summary_el(struct ctx *c, const struct dbrow *d, struct dbrow *priced)
{
	const char *cur;
	xmlNodePtr s, e;
	long long plan;
	size_t i;
	int rc;

	if (parse_int(d->col[D_PLAN], 1, INT64_MAX, &plan) == -1)
		return DB_ERROR;
	if ((rc = db_one(c->db, &stmts[Q_PLAN], priced, c->lang, c->co.country, c->co.id,
	    plan, c->co.id)) <= 0)
		return rc;
	cur = priced->col[PLAN_CURRENCY];
	s = x_el(c->root, "summary");
	plan_el(s, priced);
	e = x_el(s, "for");
	if (d->col[D_NEW_EMAIL] != NULL) {
		x_attr(e, "new", "yes");
		x_text(e, "name", d->col[D_NEW_NAME]);
		x_text(e, "email", d->col[D_NEW_EMAIL]);
	} else
		x_text(e, "name", d->col[D_USER_NAME]);
	e = x_el(s, "number");
	x_attr(e, "kind", d->col[D_NUMBER_KIND]);
	x_text(e, "port-number", d->col[D_PORT_NUMBER]);
	x_text(e, "donor", d->col[D_DONOR]);
	x_text(e, "port-date", d->col[D_PORT_DATE]);
	e = x_el(s, "sim");
	x_attr(e, "kind", d->col[D_SIM]);
	if (d->col[D_STREET] != NULL) {
		e = x_el(e, "delivery");
		for (i = 0; i < COUNTOF(address); i++)
			x_text(e, address[i].field, d->col[D_NAME + i]);
	}
	x_text(s, "cost-centre", d->col[D_COST_CENTRE]);
	if (priced->col[PLAN_VAT_RATE] != NULL) {
		x_text(s, "vat-rate", priced->col[PLAN_VAT_RATE]);
		x_price(s, "monthly-vat", priced->col[PLAN_MONTHLY_VAT], cur);
		x_price(s, "oneoff-vat", priced->col[PLAN_ONEOFF_VAT], cur);
	}
	x_price(s, "monthly-total", priced->col[PLAN_MONTHLY_TOTAL], cur);
	x_price(s, "oneoff-total", priced->col[PLAN_ONEOFF_TOTAL], cur);
	return 1;
}

/* A number ported in, taken since its step (another draft confirmed
 * first): 1, checked again at confirm, where the order is made. */
static int
port_taken(struct ctx *c, const struct dbrow *d)
{
	if (d->col[D_NUMBER_KIND] == NULL || strcmp(d->col[D_NUMBER_KIND], "port") != 0)
		return 0;
	return newsub_number_used(c, d->col[D_PORT_NUMBER], 0);
}

struct confirm {
	struct dbrow	 d, priced, addr;
};

static int
create_txn(struct ctx *c, void *arg)
{
	const struct confirm *k = arg;
	char *const *d = k->d.col, *const *p = k->priced.col;
	/* An eSIM is sent nowhere: the order carries the company's address. */
	char *const *to = d[D_STREET] != NULL ? &d[D_NAME] : k->addr.col;
	struct order_new o = { in_get(c, "formkey"), p[PLAN_CURRENCY], to[0], to[1], to[2],
	    to[3], c->co.country, 0, 1, 0, p[PLAN_ONEOFF], p[PLAN_MONTHLY] };
	struct newsub n = { d[D_NUMBER_KIND], d[D_PORT_NUMBER], d[D_DONOR], d[D_PORT_DATE],
	    d[D_SIM], d[D_COST_CENTRE], d[D_NEW_NAME], d[D_NEW_EMAIL] };
	long long id;
	int rc;

	if (parse_int(p[PLAN_ID], 1, INT64_MAX, &o.product_id) == -1 ||
	    (d[D_USER] != NULL && parse_int(d[D_USER], 1, INT64_MAX, &o.user_id) == -1))
		return DB_ERROR;
	/* Taken by another order confirmed since the summary was checked. */
	if ((rc = port_taken(c, &k->d)) != 0)
		return rc < 0 ? rc : 409;
	if ((id = order_create(c, &o)) < 0)
		return (int)id;
	if ((rc = newsub_item_set(c, id, &n)) != DB_OK ||
	    (rc = db_run(c->db, &stmts[Q_DEL], c->ids[1], c->co.id, c->sess.user_id,
	    (long long)c->co.admin)) < 0 ||
	    (rc = page_audit(c, "order-create", "order", id, p[PLAN_CODE])) < 0)
		return rc;
	page_redirectf(c, "/companies/%lld/orders/%lld?done=order-placed", c->co.id, id);
	return DB_OK;
}

static int
gone_txn(struct ctx *c, void *arg)
{
	(void)c;
	(void)arg;
	return 404;
}

static int
confirm_post(struct ctx *c)
{
	struct confirm k;
	xmlNodePtr f;
	int rc;

	if ((rc = draft_load(c, &k.d)) < 0)
		return page_db_status(rc);
	/* Confirmed before: the draft is gone, the form key knows the order. */
	if (rc == 0)
		return page_change(c, gone_txn, NULL);
	if ((rc = missing(&k.d)) != S_SUMMARY)
		return page_redirectf(c, "/companies/%lld/wizard/%lld/%s", c->co.id,
		    c->ids[1], step_names[rc]);
	if ((rc = step_page(c, S_SUMMARY, &k.d, &f)) != 0)
		return rc;
	if ((rc = summary_el(c, &k.d, &k.priced)) <= 0)
		return rc < 0 ? page_db_status(rc) : page_redirectf(c,
		    "/companies/%lld/wizard/%lld/plan", c->co.id, c->ids[1]);
	if ((rc = port_taken(c, &k.d)) != 0) {
		if (rc < 0)
			return page_db_status(rc);
		form_error(f, "port-number", "exists");
		c->status = 409;
		return 0;
	}
	if ((rc = db_one(c->db, &stmts[Q_ADDRESS], &k.addr, c->co.id)) <= 0)
		return rc < 0 ? page_db_status(rc) : 404;
	return page_change(c, create_txn, &k);
}

/* Each page's form posts back to its path with the page's one-time key. */
static const struct route routes[] = {
	{ "/companies/#/wizard", R_COMPANY | R_ONCE, "wizard", list_get, NULL, start_post,
	    NULL, "orders" },
	{ "/companies/#/wizard/#/user", R_COMPANY | R_ONCE, "wizard-step", step_get, search_fields,
	    step_post, step_fields, "orders" },
	{ "/companies/#/wizard/#/plan", R_COMPANY | R_ONCE, "wizard-step", step_get, NULL, step_post,
	    step_fields, "orders" },
	{ "/companies/#/wizard/#/number", R_COMPANY | R_ONCE, "wizard-step", step_get, NULL,
	    step_post, step_fields, "orders" },
	{ "/companies/#/wizard/#/sim", R_COMPANY | R_ONCE, "wizard-step", step_get, NULL, step_post,
	    step_fields, "orders" },
	{ "/companies/#/wizard/#/cost-centre", R_COMPANY | R_ONCE, "wizard-step", step_get, NULL,
	    step_post, step_fields, "orders" },
	/* Confirming: one order per the summary's form key. */
	{ "/companies/#/wizard/#/summary", R_COMPANY | R_ONCE, "wizard-step", step_get, NULL,
	    confirm_post, NULL, "orders" },
	{ "/companies/#/wizard/#/delete", R_COMPANY, "wizard", NULL, NULL, delete_post,
	    NULL, "orders" },
};

static const char *const pages[] = { "wizard", "wizard-step", NULL };
static const char *const flashes[] = { "wizard-draft-deleted", NULL };
static const struct menu_item menu[] = {
	{ "/wizard", "nav.wizard", "orders" },
	{ NULL, NULL, NULL },
};

const struct module wizard_module = {
	.name = "wizard",
	.routes = routes, .nroutes = COUNTOF(routes),
	.pages = pages, .flashes = flashes, .menu = menu,
	.stmts = stmts, .nstmts = COUNTOF(stmts),
};
