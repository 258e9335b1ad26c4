/*
 * What a page handler sees: the request context, and helpers that build the
 * page's XML document (the one contract: see README "The page document").
 *
 * A handler returns 0 to send its document (status ctx->status, 200 unless
 * set), 303 after setting ctx->location, or an HTTP error status for the
 * fixed error page.
 */
#ifndef SELFCARE_PAGE_H
#define SELFCARE_PAGE_H

#include <libxml/tree.h>

#include "auth.h"
#include "request.h"
#include "util.h"
#include "valid.h"

struct conf;
struct db;
struct route;
struct FCGX_Stream;

struct ctx {
	const struct conf	*conf;
	struct db		*db;
	struct request		*req;
	struct FCGX_Stream	*out;
	const struct route	*route;
	long long		 ids[4];	/* the numeric path segments */
	size_t			 nids;
	struct input		 in[FIELDS_MAX];	/* the declared fields, in order */
	struct session		 sess;		/* sess.id 0: none */
	const char		*lang;
	xmlDocPtr		 doc;
	xmlNodePtr		 root;
	int			 status;
	char			 location[REQ_MAX_PATH + 1];
	struct buf		 headers;	/* extra response headers, CRLF-terminated */
};

/* The value of declared field name if present and valid, else NULL. */
const char	*in_get(const struct ctx *, const char *name);
/* Whether declared field name was sent with an invalid value. */
int		 in_bad(const struct ctx *, const char *name);

/* Starts the page document <page name lang><context>…</context>. */
void		 page_begin(struct ctx *, const char *name);
xmlNodePtr	 x_el(xmlNodePtr parent, const char *name);
/* An element holding text (NULL text: the element is left out). */
xmlNodePtr	 x_text(xmlNodePtr parent, const char *name, const char *text);
void		 x_attr(xmlNodePtr, const char *name, const char *value);
void		 x_attr_int(xmlNodePtr, const char *name, long long);

/* 303 to a local path. */
int		 page_redirect(struct ctx *, const char *path);
/* Maps a db_rc to the status a page answers (503 when the database is away). */
int		 page_db_status(int rc);

/* Response helpers used by handlers that change the session. */
void		 page_set_session_cookie(struct ctx *, const char *token);
void		 page_clear_session_cookie(struct ctx *);
void		 page_set_cookie(struct ctx *, const char *name, const char *value,
		    int max_age);

#endif
