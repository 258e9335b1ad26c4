/*
 * The page table: one row per path says which methods it answers, what it
 * requires, which fields it accepts and which handler and stylesheet make
 * it. The dispatcher enforces all of it, in order, before a handler runs.
 */
#ifndef SELFCARE_ROUTE_H
#define SELFCARE_ROUTE_H

#include <stddef.h>

#include "core/valid.h"

struct ctx;

enum route_flag {
	R_LOGIN = 1,		/* a logged-in user only */
	/* A visitor without a session gets a CSRF token from a random cookie
	 * and its keyed hash (double submit): forms for anyone, no row. */
	R_ANON_CSRF = 2,
	/*
	 * Company scope: the first id of the path is a company (R_COMPANY) or
	 * a location whose company is meant (R_LOCATION). The dispatcher loads
	 * the user's membership of that company before the handler (404 when
	 * there is none: nothing tells whether the id exists), checks the
	 * route's area (403), and fills ctx->co and the page context's
	 * company switcher. Implies R_LOGIN.
	 */
	R_COMPANY = 4,
	R_LOCATION = 8,
	/* POST: a one-time form key (field formkey) makes the submit
	 * idempotent through page_change(); required. */
	R_ONCE = 16,
	R_CSRF_IF_SESSION = 32,	/* POST without a session is let through (logout) */
	/*
	 * RFC 8058's one-click POST: a body of exactly List-Unsubscribe=One-Click,
	 * the GET fields in the query string, no cookie, Origin or CSRF token.
	 * The link's own key is the credential: the handler checks it (it sees
	 * ctx->one_click) and answers without a redirect.
	 */
	R_ONE_CLICK = 64,
};

/* The areas of a company a member may reach (memberships.areas). */
enum area {
	A_SUBSCRIPTIONS = 1,
	A_ORDERS = 2,
	A_INVOICES = 4,
	A_SUPPORT = 8,
	A_USERS = 16,
	A_ALL = 31,
	A_ADMIN = 32,	/* full administrators only (role admin) */
};

typedef int (*handler_fn)(struct ctx *);

struct route {
	const char		*pattern;	/* "/companies/#/locations": # is an id */
	unsigned		 flags;
	const char		*page;		/* document name and stylesheet */
	handler_fn		 get;
	const struct field	*get_fields;
	handler_fn		 post;
	const struct field	*post_fields;	/* csrf is added by the dispatcher */
	unsigned		 area;		/* enum area bits the member needs (R_COMPANY/R_LOCATION) */
};

/* Area names as in memberships.areas, indexed by bit (A_SUBSCRIPTIONS first). */
extern const char *const area_names[];
/* The bits of a SET value "subscriptions,support"; unknown names are ignored. */
unsigned area_parse(const char *);

extern const struct route routes[];
extern const size_t nroutes;

/* The page names that have stylesheets (NULL-terminated), error included. */
extern const char *const page_names[];

/*
 * Finds the row for a path: returns 0 with *r and ids filled, 404 when no
 * pattern matches. (Pure; unit-tested.)
 */
int	 route_match(const char *path, const struct route **r,
	    long long *ids, size_t maxids, size_t *nids);

/* Runs one request through the dispatcher and the handler; returns the status sent. */
int	 route_dispatch(struct ctx *);

#endif
