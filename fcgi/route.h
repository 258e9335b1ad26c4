/*
 * The page table: one row per path says which methods it answers, what it
 * requires, which fields it accepts and which handler and stylesheet make
 * it. The dispatcher enforces all of it, in order, before a handler runs.
 */
#ifndef SELFCARE_ROUTE_H
#define SELFCARE_ROUTE_H

#include <stddef.h>

#include "valid.h"

struct ctx;

enum route_flag {
	R_LOGIN = 1,		/* a logged-in user only */
	R_ANON_SESSION = 2,	/* make an anonymous session (CSRF for login forms) */
	R_CSRF_IF_SESSION = 4,	/* POST without a session is let through (logout) */
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
};

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
