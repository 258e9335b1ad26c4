/*
 * The partner API's event hub (TM Forum's hub): a key subscribes a
 * callback URL to event types (POST/GET /api/v1/hub, DELETE
 * /api/v1/hub/ID); a change raises its event with hub_emit in the change's
 * own transaction, one row for each live subscription of a key that sees
 * the company; the mail child delivers the rows (hub_deliver): a POST of
 * the event document (schema/api/v1/event.xsd) signed with the
 * subscription's secret, retried with back-off, each attempt in the
 * delivery log the partner reads (GET /api/v1/hub/ID/delivery).
 */
#ifndef SELFCARE_API_HUB_H
#define SELFCARE_API_HUB_H

#include <stddef.h>

struct cidr;
struct conf;
struct db;

/* What happened; each names its TMF event, resource and the key's area. */
enum hub_type {
	HUB_ORDER,	/* ProductOrderStateChangeEvent: the order's TMF622 state */
	HUB_TICKET,	/* TroubleTicketStateChangeEvent: the case's status */
	HUB_BILL,	/* CustomerBillCreateEvent: the bill's TMF678 state */
	HUB_THRESHOLD,	/* UsageThresholdEvent: the product's percent reached */
	HUB_ORDER_CREATE,	/* ProductOrderCreateEvent: an order made (acknowledged),
				 * to the subscriptions of HUB_ORDER */
};

/*
 * Inside the change's transaction: the event of resource id of company,
 * its value (a state, or a threshold's percent), for every subscription
 * that wants it. A db_rc.
 */
int	 hub_emit(struct db *, enum hub_type, long long company, long long id,
	    const char *value);

/* Delivers every due event; how many were delivered, or <0 a db_rc. */
int	 hub_deliver(struct db *, const struct conf *);
/* What the deliverer set up (libcurl), released at the mail child's end. */
void	 hub_cleanup(void);

/*
 * A callback URL: http or https, a host, no user or fragment, no blank or
 * control character, at most HUB_URL_MAX bytes; an address literal for a
 * host must be public or in allow. 0 or -1. (Pure; unit-tested.)
 */
#define HUB_URL_MAX	1000
int	 hub_callback_ok(const char *url, const struct cidr *allow, size_t nallow);
/* Whether a numeric address may be called: public, or in allow. */
int	 hub_address_ok(const char *addr, const struct cidr *allow, size_t nallow);
/* The signature header's value for a body sent at ts: "sha256=" and the
 * HMAC-SHA256 of "ts.body" under key, in hex. */
#define HUB_SECRET_LEN	32
#define HUB_SIG_LEN	(7 + 64)
void	 hub_sign(const unsigned char key[HUB_SECRET_LEN], long long ts,
	    const char *body, size_t len, char out[HUB_SIG_LEN + 1]);

#endif
