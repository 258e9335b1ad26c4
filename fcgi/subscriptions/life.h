/*
 * A subscription's life apart from its plan (change.h) and its bars
 * (bar.h): its SIM cards (a swap to a new card, a spare card of the
 * company activated), a suspension for a period, a card's PUK shown on
 * request; and the spare cards a completed SIM order brings.
 *
 * As change.h: inside the caller's transaction, for ctx->co.id, with the
 * subscription locked, a history row and an audit row for each change.
 * The returns: DB_OK; 404 when the company has no such subscription; 409
 * when it is terminated (or its termination set, for a suspension); 400
 * with *code the form's error (nothing written); or a db_rc.
 */
#ifndef SELFCARE_SUBSCRIPTIONS_LIFE_H
#define SELFCARE_SUBSCRIPTIONS_LIFE_H

struct ctx;

/* A subscription's status today (s: its alias): suspended while today is in
 * its suspension period, what the column says otherwise. */
#define SUB_STATUS_NOW(s) \
	"IF(" s ".status = 'active' AND CURDATE() BETWEEN " s ".suspended_from AND " \
	s ".suspended_to, 'suspended', " s ".status)"

/* The main SIM replaced by a new card of that ICCID (valid_iccid checked it):
 * the old one blocked; *code "in-use" when the ICCID is known anywhere. */
int	 life_sim_swap(struct ctx *, long long sub, const char *iccid, const char **code);

/* The company's spare SIM sim activated on subscription sub as type ("main":
 * the old main SIM blocked, "twin", "data"); *code "invalid" when it is no
 * spare SIM of the company. */
int	 life_spare_activate(struct ctx *, long long sub, long long sim, const char *type,
	    const char **code);

/* Suspended from from to to (dates checked: from today on, to not before
 * from); a new period replaces the one set. */
int	 life_suspend(struct ctx *, long long sub, const char *from, const char *to);

/* The PUK of the subscription's card sim into puk (empty: none on record)
 * and its ICCID, the showing audited ("puk-shown"): 1, 0 (no such card of
 * the company's subscription), or a db_rc. */
int	 life_puk(struct ctx *, long long sub, long long sim, char iccid[23], char puk[9]);

/* An order's effect (orders.c): the cards fulfilment sent with order id
 * become the company's spare SIMs (inactive, on no subscription); a card
 * already known stays as it is. A db_rc. */
int	 life_order_spares(struct ctx *, long long order);

#endif
