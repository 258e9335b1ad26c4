/*
 * Changes of a subscription, for every door that makes them: the portal's
 * plan change, termination and cost centre (a customer's order or edit)
 * and the back office's carrying out of a change request. One code path
 * for both, so what billing reads (the product and the monthly price) and
 * what the history shows never differ by who asked.
 *
 * Each change runs inside the caller's transaction, for the company of the
 * request (ctx->co.id: every statement takes it), locks the subscription,
 * writes the change, its history row and its audit row. The history names
 * whoever asked: the customer's user (ctx->sess) or the staff member
 * (ctx->staff), as the door filled one of them.
 */
#ifndef SELFCARE_SUBSCRIPTIONS_CHANGE_H
#define SELFCARE_SUBSCRIPTIONS_CHANGE_H

#include <libxml/tree.h>

struct ctx;
struct db;
struct dbrow;
struct end_reason;

/* A product's name in the reader's language (pn: its product_names row in
 * that language, one ? for the language), the Norwegian one where it has
 * none: for every statement that shows a product. */
#define PRODUCT_NAME	"COALESCE(pn.name, p.name)"
#define PRODUCT_NAME_JOIN \
	" LEFT JOIN product_names pn ON pn.product_id = p.id AND pn.lang = ?"

/* A plan to change to (the plans offered, or the one chosen), with today's
 * price in the company's country and its note in the reader's language. */
enum { SUBPLAN_ID, SUBPLAN_CODE, SUBPLAN_NAME, SUBPLAN_MONTHLY_PRICE, SUBPLAN_CURRENCY,
	SUBPLAN_NOTE, SUBPLAN__COLS };

/* What a change found and did, for the caller's own record (may be NULL). */
struct sub_result {
	char	 ref[41];	/* the subscription's reference */
	char	 from[201];	/* the plan before */
	char	 to[201];	/* the plan after (a plan change) */
};

/*
 * <plans><plan>… of the plans the company (ctx->co: its id and country) may
 * change to, in currency, other than product_id, cheapest first, under
 * parent; a db_rc. A plan is offered as the catalogue says
 * (admin/catalogue.c): not retired, orderable today, in the default
 * catalogue or on the company's contract list, with a price in force
 * today in the company's country.
 */
int	 sub_plans_el(struct ctx *, xmlNodePtr parent, const char *currency,
	    long long product_id);
/* A product with its code, the subscription's reference (NULL: none) and a
 * price with its currency, in the order the schemas have them. */
void	 sub_product_el(xmlNodePtr parent, const char *product, const char *code,
	    const char *ref, const char *price, const char *currency);
/* <plan id><product code>name</product><price currency>…</price><note/></plan>. */
void	 sub_plan_el(xmlNodePtr parent, const struct dbrow *plan);
/* The plan of that id (as typed: NULL or not a number is none) in currency
 * if it is offered to the company (as sub_plans_el): 1 with its row
 * (SUBPLAN_*), 0 none, or a db_rc. */
int	 sub_plan_lookup(struct ctx *, const char *product, const char *currency,
	    struct dbrow *);
/*
 * A termination date as typed: *code NULL when it is a date from today on,
 * else "required", "invalid" or "past-date". 0, or an HTTP status.
 */
int	 sub_check_date(struct ctx *, const char *date, const char **code);

/*
 * Inside a transaction: subscription id of ctx->co.id changes to the plan
 * product (its price becomes the plan's price of today). DB_OK; 404 when the company has
 * no such subscription; 409 when it is terminated or its termination is
 * set; 400 when product is no plan it may change to (nothing written);
 * or a db_rc.
 */
int	 sub_change_plan(struct ctx *, long long id, const char *product,
	    struct sub_result *);
/* Inside a transaction: ends it on date (checked by sub_check_date) for the
 * reason why (subscriptions/ending.h: stored with it, the history's
 * detail its code); as above. */
int	 sub_terminate(struct ctx *, long long id, const char *date,
	    const struct end_reason *why, struct sub_result *);
/*
 * What every change writes after the change itself: the history row (by
 * whoever asked) and the audit row. from, to: products (0: none).
 */
struct sub_change {
	const char	*action;	/* the history's action */
	long long	 from, to;
	const char	*effective;	/* a date, or NULL */
	const char	*detail;	/* the history's detail, or NULL */
	const char	*audit;		/* the audit row's action */
	const char	*audit_detail;
};
/* Inside a transaction, after a change of subscription id: both rows; a db_rc. */
int	 sub_changed(struct ctx *, long long id, const struct sub_change *);
/* Its history row alone, by user and staff (0: none, the system); a db_rc. */
int	 sub_history_add(struct db *, long long id, const struct sub_change *,
	    long long user, long long staff);

/* Inside a transaction: the cost centre (NULL or "": none); DB_OK, 404 or a db_rc. */
int	 sub_set_cost_centre(struct ctx *, long long id, const char *cc);

/*
 * Services (products of kind service), offered as plans are: <services>
 * <service id>… under parent of those the company may add in currency; the
 * one of that id (as typed) as sub_plan_lookup.
 */
int	 sub_services_el(struct ctx *, xmlNodePtr parent, const char *currency);
int	 sub_service_lookup(struct ctx *, const char *product, const char *currency,
	    struct dbrow *);
/*
 * Inside a transaction: adds the service to (removes it from) subscription
 * id of ctx->co.id at today's price. DB_OK; 404, 409 (terminated; adding:
 * also ending), 400 (no service the company may take), 422 when it has the
 * service already (has it not); or a db_rc. res->to: the service's name.
 */
int	 sub_add_service(struct ctx *, long long id, const char *product,
	    struct sub_result *);
int	 sub_remove_service(struct ctx *, long long id, const char *product,
	    struct sub_result *);

#endif
