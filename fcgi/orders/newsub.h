/*
 * A new subscription's order item (the wizard's, portal/wizard.c): the
 * number (a new one the operator assigns, or one ported in from another
 * operator on a date), the SIM (physical, or an eSIM), the cost centre and
 * the user (a member, or a new one who becomes a member on completion).
 * Fulfilment assigns the number; completion (orders.c's effects) creates
 * the subscription, started that day and billed from it by the run, its
 * main SIM card, the new member, and for an eSIM its activation code.
 *
 * As orders.h: inside the caller's transaction, for ctx->co.id.
 */
#ifndef SELFCARE_ORDERS_NEWSUB_H
#define SELFCARE_ORDERS_NEWSUB_H

#include <stddef.h>

#include <libxml/tree.h>

struct ctx;

#define NEWSUB_NUMBER_MAX	16

/* What the item says beyond order_new's product, price and user. */
struct newsub {
	const char	*number_kind;		/* "new", "port" */
	const char	*number, *donor, *port_date;	/* port: all three */
	const char	*sim_kind;		/* "physical", "esim" */
	const char	*cost_centre;		/* NULL: none */
	const char	*new_name, *new_email;	/* NULL: order_new's user */
};

/*
 * A telephone number of the country, as typed ("+47 912 34 567"): its
 * national digits into out (NEWSUB_NUMBER_MAX + 1 bytes), or -1 when it is
 * not one. Norway: 8 digits, a mobile number begins with 4 or 9; Denmark:
 * 8 digits; elsewhere 6 to 15 digits.
 */
int	 newsub_number(const char *country, const char *raw, char *out);

/* Whether number (national digits) is a subscription's or on an order
 * other than id (0: none) not ended: 1, 0, or a db_rc. */
int	 newsub_number_used(struct ctx *, const char *number, long long id);

/* Order id's only item made a new subscription's: a db_rc. */
int	 newsub_item_set(struct ctx *, long long id, const struct newsub *);

/*
 * Fulfilling order id: a new number for each item that asks for one
 * (number as typed; NULL none) and the item's ICCID not on another SIM
 * card. DB_OK, 422 with the field and error code set, or a db_rc.
 */
int	 newsub_fulfil(struct ctx *, long long id, const char *number,
	    const char **field, const char **code);

/* Completion's effect (orders.c's effects[]): a db_rc. */
int	 newsub_complete(struct ctx *, long long id);

/*
 * <new-subscription> under parent for each new subscription of order id
 * (of ctx->co.id), with the eSIM's activation code as text and QR code
 * once completed: 0 or a db_rc.
 */
int	 newsub_el(struct ctx *, xmlNodePtr parent, long long id);

#endif
