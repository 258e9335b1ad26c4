/*
 * The provisioning seam: what the network must do for an order is an
 * event in an outbox (the table provision_events), written in the
 * transaction that moves the order into progress, and delivered later to
 * the configured provision_command on its stdin (an XML document,
 * schema/xsd/provision-event.xsd), retried with back-off until the command
 * accepts it (exit 0) or provision_tries runs out. The command reports the
 * outcome with `selfcare order-result`. Without provision_command no event
 * is raised: staff complete every order by hand in the back office.
 */
#ifndef SELFCARE_ORDERS_PROVISION_H
#define SELFCARE_ORDERS_PROVISION_H

#include <stdio.h>

#include <libxml/tree.h>

struct conf;
struct ctx;
struct db;

/* provision_raise, which order_move calls, is declared in orders.h. */

/*
 * Inside the transaction that made order id: moved into progress by the
 * system at once when provisioning is configured and every item is the
 * network's alone (nothing for staff to ship). A db_rc.
 */
int	 provision_start(struct ctx *, long long id);

/* Delivers every due event; how many were accepted, or <0 a db_rc. */
int	 provision_deliver(struct db *, const struct conf *);

/*
 * `selfcare order-result ID completed|failed [REASON]`: the network's
 * outcome of an order in progress, by the system, mailed to the orderer.
 * The exit status (0, 1 refused with why on err, EX_USAGE, EX_TEMPFAIL).
 */
int	 provision_result(struct db *, const struct conf *, const char *id,
	    const char *outcome, const char *reason, FILE *out, FILE *err);

/*
 * Under parent, <provisioning order="ID" state="failed"><error/></...> for
 * each given-up event of an order still in progress: order id's, or with
 * id 0 every company's (the fulfilment queue). A db_rc.
 */
int	 provision_failed_el(struct ctx *, xmlNodePtr parent, long long id);

#endif
