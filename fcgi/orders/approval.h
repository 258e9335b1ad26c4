/*
 * A company's approval rules (migration 022): which orders wait for one of
 * its full administrators before the operator sees them. The decision is
 * order_create's (approval_hold, orders.h); these are for the settings
 * page and the approvers' mails.
 */
#ifndef SELFCARE_ORDERS_APPROVAL_H
#define SELFCARE_ORDERS_APPROVAL_H

struct ctx;

struct approval_rules {
	int	 limited;	/* amount is a limit */
	char	 amount[24];	/* canonical "1000.00" */
	char	 currency[4];	/* the limit's: the company's when it was set */
	int	 members;	/* hold orders by members not full administrators */
};

/* The rules of ctx->co.id (none: no limit, no member rule, the company's
 * currency): DB_OK or a db_rc. */
int	 approval_rules_get(struct ctx *, struct approval_rules *);
/* Stores them for ctx->co.id, by the session's user, inside a
 * transaction; the currency is the company's. A db_rc. */
int	 approval_rules_set(struct ctx *, const struct approval_rules *);
/* Inside the transaction that held order id of ctx->co.id: each of the
 * company's full administrators mailed the order's link and why (the
 * held note). A db_rc. */
int	 approval_ask(struct ctx *, long long id, const char *why);

#endif
