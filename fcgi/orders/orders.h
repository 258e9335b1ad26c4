/*
 * Orders (TM Forum TMF622's lifecycle), for every door that makes or moves
 * them: the portal's orders of SIM cards and hardware and the back office's
 * queue. The states and the transitions each side may make are one table
 * (orders.c); every transition is a row of the order's timeline.
 *
 * The writes run inside the caller's transaction, for the company of the
 * request (ctx->co.id: every statement takes it), and name whoever asked:
 * the customer's user (ctx->sess) or the staff member (ctx->staff).
 */
#ifndef SELFCARE_ORDERS_ORDERS_H
#define SELFCARE_ORDERS_ORDERS_H

#include <libxml/tree.h>

struct ctx;

enum order_state {
	OS_ACKNOWLEDGED,
	OS_HELD,		/* waiting for a company's approval */
	OS_IN_PROGRESS,
	OS_COMPLETED,
	OS_FAILED,
	OS_CANCELLED,
	OS__MAX
};

enum order_actor {
	ORDER_CUSTOMER,
	ORDER_OPERATOR,
	ORDER_SYSTEM,		/* the network's provisioning, an automatic purchase */
};

/* "acknowledged", "inProgress", … (the column's and the schemas' names). */
const char	*order_state_name(enum order_state);
/* The state of that name, or -1. */
int		 order_state_parse(const char *);
/* Whether actor may move an order from one state to the other. */
int		 order_transition_ok(enum order_actor, enum order_state from,
		    enum order_state to);
/* Whether an order in that state is done with (nothing moves it any more). */
int		 order_final(enum order_state);

/*
 * What the company may order of the kinds listed (SQL: "'sim', 'hardware'"),
 * as the catalogue says (admin/catalogue.c): not retired, orderable today,
 * in the default catalogue or on the company's contract list, with a price
 * in force today in the company's country. Parameters: language (of
 * PRODUCT_NAME, subscriptions/change.h), country, company. Columns: id,
 * code, kind, name, one-off and monthly price, currency.
 */
#define ORDER_OFFERED(kinds) \
	"SELECT p.id, p.code, p.kind, " PRODUCT_NAME ", r.oneoff_price, r.monthly_price," \
	" r.currency" \
	" FROM products p" PRODUCT_NAME_JOIN \
	" JOIN product_prices r ON r.product_id = p.id AND r.country = ?" \
	"  AND r.valid_from <= CURDATE() AND (r.valid_to IS NULL OR r.valid_to >= CURDATE())" \
	" WHERE p.kind IN (" kinds ") AND p.active = 1 AND p.retired_at IS NULL" \
	" AND (p.available_from IS NULL OR p.available_from <= CURDATE())" \
	" AND (p.available_to IS NULL OR p.available_to >= CURDATE())" \
	" AND (p.contract_only = 0 OR EXISTS (SELECT 1 FROM product_companies pc" \
	"  WHERE pc.product_id = p.id AND pc.company_id = ?))"

/* A new order of one item, as the form checked it. */
struct order_new {
	const char	*form_key;	/* one order per key and company */
	const char	*currency;
	const char	*name, *street, *postcode, *city, *country;	/* delivery */
	long long	 product_id, quantity, user_id;	/* user: who it is for */
	const char	*oneoff, *monthly;	/* the catalogue's prices of today */
};

/*
 * Inside a transaction: the order of ctx->co.id with its item and its first
 * event (acknowledged), by the customer's user. Its id, or a db_rc; the id
 * of the order already made with that form key, made once.
 */
long long	 order_create(struct ctx *, const struct order_new *);

/*
 * Inside a transaction: locks order id of ctx->co.id and moves it to state
 * to by actor with note (NULL: none): DB_OK; 404 when the company has no
 * such order; 409 when the transition is not allowed from its state (nothing
 * written); or a db_rc. *from (may be NULL) is the state it had.
 */
int		 order_move(struct ctx *, long long id, enum order_state to,
		    enum order_actor, const char *note, enum order_state *from);

/*
 * Inside a transaction, with order id locked by the caller: a step on the
 * timeline that keeps the order in state st (the operator's fulfilment:
 * what was sent), by actor with note. A db_rc.
 */
int		 order_step(struct ctx *, long long id, enum order_state st,
		    enum order_actor, const char *note);

/*
 * Inside a transaction: moves order id of ctx->co.id from inProgress to
 * completed by actor with note (NULL: none), and writes what completion
 * brings (orders.c's table of effects: the one-off charges for the next
 * invoice, ...). DB_OK, 404, 409 (not in progress: nothing written), or a
 * db_rc.
 */
int		 order_complete(struct ctx *, long long id, enum order_actor,
		    const char *note);

/* The one who ordered, for the mails and the timeline's notes. */
struct order_orderer {
	char	 email[255];	/* "": nobody to tell (the user was removed) */
	char	 lang[8];	/* theirs, else the configuration's default */
};

/* The orderer of order id of ctx->co.id: a db_rc (none found: email ""). */
int		 order_orderer(struct ctx *, long long id, struct order_orderer *);
/* who's e-mail and language set from the users' columns email, lang (NULL: none). */
void		 order_orderer_set(struct ctx *, struct order_orderer *,
		    const char *email, const char *lang);

/*
 * Inside a transaction: the orderer told how order id of ctx->co.id ended,
 * in their language (i18n keys subject and body with {id}, {url} and
 * {reason}, NULL: ""). A db_rc.
 */
int		 order_end_mail(struct ctx *, long long id, const struct order_orderer *,
		    const char *subject, const char *body, const char *reason);

/*
 * provision.c's, called by order_move inside the transaction that moved
 * order id of ctx->co.id to inProgress: its provisioning event, when
 * provision_command is set and an item is the network's (a plan, a
 * service, a top-up, a SIM card to activate). A db_rc.
 */
int		 provision_raise(struct ctx *, long long id);

/* <delivery> under parent from an order's delivery columns, in the order
 * of the table: name, street, postcode, city, country. */
void		 order_delivery_el(xmlNodePtr parent, char *const *cols);

/*
 * orders/approval.c, inside order_create: when a rule of the company
 * (approval_rules) catches new order id, moves it to held with a note
 * naming the rule and mails the company's full administrators a link;
 * else leaves it acknowledged. A db_rc.
 */
int		 approval_hold(struct ctx *, long long id, const struct order_new *);

#endif
