/*
 * The partner API's door (/api/v1/...): a key in the Authorization header
 * instead of a cookie, no CSRF (nothing a browser sends on its own carries
 * a key), XML in and out, every error as an XML error document
 * (schema/api/v1/error.xsd), a rate limit per key. The dispatcher sends
 * every path under /api/ here.
 */
#ifndef SELFCARE_API_DOOR_H
#define SELFCARE_API_DOOR_H

#include <libxml/tree.h>

#include "api/key.h"

struct ctx;
struct module;

enum api_kind { API_COMPANY, API_RESELLER, API_MEDIATION, API_BILLING };

#define API_ETAG_LEN	35	/* a quoted hash of 16 bytes in hex */

/* Who is asking: the key, as the door found it. */
struct api_caller {
	long long	 key_id;
	char		 prefix[API_PREFIX_LEN + 1];
	enum api_kind	 kind;
	unsigned	 areas;		/* the portal's area bits it reads */
	long long	 total;		/* a list's X-Total-Count; -1: not a list */
	char		 name[401];	/* the key's, for the audit log */
	xmlDocPtr	 body;		/* a write's body, read safely; NULL: none */
};

/* The whole answer for a path under /api/. */
int	 api_dispatch(struct ctx *);
/* An error document: status, its code, the parameter at fault (or NULL). */
int	 api_error(struct ctx *, int status, const char *field);
/* The response document with its root element; the door sends it. */
xmlNodePtr api_begin(struct ctx *, const char *root);

/* resources.c: the answer of a write, order id as a read shows it (the
 * status is c->status). */
int	 api_order_doc(struct ctx *, long long id);
/* writes.c: the body against schema/api/v1/NAME.xsd: 0, 422 with the
 * element at fault in field (the root's name if none), or 500 when the
 * schema cannot be used. */
int	 api_body_valid(struct ctx *, const char *name, char field[64]);
/* writes.c: POST /api/v1/productOrder, a new order (the list's path). */
int	 api_order_post(struct ctx *);

/*
 * A write on an existing resource: 0 when the request has no If-Match or
 * one that matches the ETag a GET of it gives now (doc makes that read's
 * document, as api_order_doc does), 412 when it is stale, or doc's status.
 */
int	 api_if_match(struct ctx *, int (*doc)(struct ctx *, long long), long long id);
/* resources.c: a trouble ticket as its read shows it. */
int	 api_ticket_doc(struct ctx *, long long id);
/* tickets.c: POST /api/v1/troubleTicket, a new case (the list's path). */
int	 api_ticket_post(struct ctx *);
/* resources.c: the payments posted over the API, as a list and one, and one
 * as a write's answer. */
int	 api_payment_list(struct ctx *);
int	 api_payment_one(struct ctx *);
int	 api_payment_doc(struct ctx *, long long id);
/* payments.c: the billing partners' module, the only one a billing key uses. */
extern const struct module apipay_module;

#endif
