/*
 * A route: one row of a module's table says which methods a path answers,
 * what it requires, which fields it accepts and which handlers and page
 * make it. The dispatcher (dispatch.c) enforces all of it, in order,
 * before a handler runs.
 */
#ifndef SELFCARE_ROUTE_H
#define SELFCARE_ROUTE_H

#include <stddef.h>

struct ctx;
struct field;

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
	/* The back office: a staff member past the second factor (303 to the
	 * back office's login, 401 for XML); the route's need names roles. */
	R_STAFF = 128,
	/* POST: multipart/form-data that may carry files (ctx->req->files),
	 * a body up to REQ_MAX_UPLOAD instead of REQ_MAX_BODY. */
	R_UPLOAD = 256,
	/* A company page an employee (a member of role employee, who holds no
	 * area) may open: the handler shows only what is the employee's own.
	 * Every other company page answers an employee 403. */
	R_EMPLOYEE = 512,
	/* The partner API: DELETE, answered by the route's post handler with
	 * no body; POST is then refused (405). */
	R_DELETE = 1024,
	/* The partner API: the POST is the mediation system's (a mediation
	 * key's only, others 403), an XML body up to REQ_MAX_BULK; the GET
	 * is for the other keys as any read. */
	R_MEDIATION = 2048,
};

typedef int (*handler_fn)(struct ctx *);

/* One row of a module's route table. */
struct route {
	const char		*pattern;	/* "/companies/#/locations": # an id, * a slug */
	unsigned		 flags;
	const char		*page;		/* the document it makes (module's pages) */
	handler_fn		 get;
	const struct field	*get_fields;
	handler_fn		 post;
	const struct field	*post_fields;	/* csrf is added by the dispatcher */
	/*
	 * What a member must hold (R_COMPANY/R_LOCATION): area names separated
	 * by blanks ("subscriptions orders"), "admin" for full administrators,
	 * NULL for any member. Checked by the dispatcher (403).
	 */
	const char		*need;
};

/*
 * Whether path matches pattern: 0 with the ids of its # segments in ids,
 * 404 otherwise. Ids are positive, without leading zeros, at most 2^53 - 1.
 * A * segment is a slug: [a-z0-9-], 1..ROUTE_SLUG_MAX, not starting with
 * '-'. (Pure; unit-tested.)
 */
#define ROUTE_SLUG_MAX	64
int	 route_match(const char *pattern, const char *path, long long *ids,
	    size_t maxids, size_t *nids);


#endif
