/*
 * The context of one request: what the dispatcher found out (route, ids,
 * fields, session, company, language) and what the handler builds (the
 * document, the status, extra headers). Every layer that answers a request
 * takes it: the handlers, the page document, rendering, the response.
 */
#ifndef SELFCARE_CTX_H
#define SELFCARE_CTX_H

#include <stddef.h>

#include <libxml/tree.h>

#include "admin/staff.h"
#include "core/auth.h"
#include "core/request.h"
#include "core/tz.h"
#include "core/util.h"
#include "core/valid.h"

struct conf;
struct db;
struct route;
struct rroute;
struct FCGX_Stream;
struct api_caller;

/* The active company of a company-scoped route, as the user is a member of it. */
struct membership {
	long long	 id;		/* company id; 0: the route has no company */
	char		 name[801];	/* 200 characters (the column), UTF-8 */
	char		 orgnr[21];
	char		 country[3];
	int		 admin;		/* role admin: a full administrator */
	unsigned	 areas;		/* area bits (module.h); all and AREA_ADMIN for admins */
	char		 time_zone[TZ_NAME_MAX + 1];	/* its times are shown in (tz.h) */
	int		 closed;	/* deactivated by the operator */
	int		 employee;	/* role employee: no areas, R_EMPLOYEE pages only */
};

/* One entry of the company switcher (the user's companies). */
struct switch_item {
	long long	 id;
	char		 name[201];
};

#define SWITCH_MAX 50

struct ctx {
	const struct conf	*conf;
	struct db		*db;
	struct request		*req;
	struct FCGX_Stream	*out;
	const struct route	*route;
	const struct rroute	*rroute;	/* the route with its module and need */
	long long		 ids[4];	/* the numeric path segments */
	size_t			 nids;
	struct input		 in[FIELDS_MAX];	/* the declared fields, in order */
	struct session		 sess;		/* sess.id 0: none (the portal's caller) */
	struct staff		 staff;		/* the back office's caller */
	const char		*lang;
	xmlDocPtr		 doc;
	xmlNodePtr		 root;
	int			 status;
	char			 location[REQ_MAX_PATH + 1];
	struct buf		 headers;	/* extra response headers, CRLF-terminated */
	struct membership	 co;		/* the active company (company-scoped routes) */
	struct switch_item	 sw[SWITCH_MAX];	/* the user's companies, by name */
	size_t			 nsw;
	char			 formkey[AUTH_TOKEN_LEN + 1];	/* this page's one-time form key */
	int			 sent;		/* the handler wrote the response itself */
	int			 one_click;	/* an RFC 8058 POST (R_ONE_CLICK) */
	size_t			 bytes;		/* body bytes written (the access log) */
	const char		*why;		/* an error page's reason (error.xsd), or NULL */
	/* A staff member seeing a company's pages as its members do
	 * (read-only): where the view's pages are, "/admin/customers/N/view";
	 * empty otherwise. */
	char			 view[64];
	struct api_caller	*api;		/* the partner API's key (api/door.h) */
};

#endif
