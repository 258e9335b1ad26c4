/*
 * What an employee's own order costs them (the company's policy per
 * product, migration 029): the share is fixed on the order's item when it
 * is made, and a completed order turns it into a payroll deduction for the
 * month it completed, with the service added to the subscription; the
 * billing run of each later month adds that month's while it is kept.
 */
#ifndef SELFCARE_ORDERS_PAYROLL_H
#define SELFCARE_ORDERS_PAYROLL_H

struct ctx;
struct db;

/*
 * Inside order_create's transaction: the one item of order id of
 * ctx->co.id is for subscription sub, and the employee pays monthly and
 * oneoff of it (canonical amounts, "0.00": nothing). A db_rc.
 */
int	 payroll_item_set(struct ctx *, long long id, long long sub, const char *monthly,
	    const char *oneoff);

/*
 * orders.c's effect of a completed order id of ctx->co.id: the services
 * of its self-service items on their subscriptions, and a deduction per
 * item the employee pays for, this month. A db_rc.
 */
int	 payroll_complete(struct ctx *, long long id);

/*
 * orders.c's effect of a completed order id of ctx->co.id: a plan ordered
 * from the self-service box becomes the subscription's plan (change.h's
 * plan change, with its history). DB_OK (nothing to do too); 409 when it
 * is no plan the subscription may change to any more, or it is ending or
 * terminated; 404, or a db_rc.
 */
int	 payroll_plan_complete(struct ctx *, long long id);

/*
 * The billing run's part of period (YYYY-MM, first and last its days): a
 * deduction of the monthly share for each monthly service or plan an
 * employee ordered before the month and still has, in the companies given
 * (a comma list of ids; NULL: every company); made: how many new (a second
 * run writes none). A db_rc.
 */
int	 payroll_month(struct db *, const char *period, const char *first,
	    const char *last, const char *companies, long long *made);

#endif
