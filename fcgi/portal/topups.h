/*
 * The top-up packages as the usage pages show them (portal/topups.c).
 */
#ifndef SELFCARE_PORTAL_TOPUPS_H
#define SELFCARE_PORTAL_TOPUPS_H

#include <libxml/tree.h>

struct ctx;

/* Appends <topups> with the packages the active company may buy (one
 * whose availability starts later with its date, not orderable): a db_rc. */
int	 topups_el(struct ctx *, xmlNodePtr parent);

/* Whether product is a package the company can buy today: 1, 0 or a db_rc. */
int	 topup_package_ok(struct ctx *, long long product);

/*
 * Inside a transaction: package product bought for subscription sub of
 * c->co, for user (0: none), as an order made once per form_key that the
 * system completes at once. DB_OK with *order; 409 when an approval rule
 * of the company holds it (*order set); 404 when it is no package the
 * company can buy today; 402 when it would pass the subscription's
 * spending limit (usage/limit.h: nothing ordered); or a db_rc.
 */
int	 topup_buy(struct ctx *, long long sub, long long product, const char *form_key,
	    long long user, long long *order);

/* The price of package product ("199.00", excluding VAT): 1, 0 none, or a db_rc. */
int	 topup_price(struct ctx *, long long product, char price[24]);
/* The price of the cheapest package orderable today in minor units:
 * 1, 0 when there is none, or a db_rc. */
int	 topup_cheapest(struct ctx *, long long *minor);

#endif
