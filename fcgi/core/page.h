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

#include "core/ctx.h"
#include "core/xml.h"


/* The value of declared field name if present and valid, else NULL. */
const char	*in_get(const struct ctx *, const char *name);
/* Whether declared field name was sent with an invalid value. */
int		 in_bad(const struct ctx *, const char *name);

/* Starts the page document <page name lang><context>…</context>. */
void		 page_begin(struct ctx *, const char *name);
/* An element holding a time of the database (UTC) as ISO 8601 local time
 * of zone with its offset (tz_local; NULL time: left out). */
xmlNodePtr	 x_time(xmlNodePtr parent, const char *name, const char *zone,
		    const char *utc);

/* 303 to a local path. */
int		 page_redirect(struct ctx *, const char *path);
/* Sets the 303 target to a printf-formatted local path; returns 303. */
int		 page_redirectf(struct ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Whether the active company's member holds the area of that name. */
int		 page_has_area(const struct ctx *, const char *area);

/*
 * Forms (the pattern every form follows):
 *   GET shows the form: form_el(), values from the database;
 *   POST validates; bad input re-shows the form with status 400, the
 *   user's input kept (form_keep) and one error per field (form_error);
 *   good input makes the change with page_change(): one transaction, the
 *   audit row (page_audit), mail (page_mail), then 303 to the result with
 *   a confirmation (?done=CODE, shown through the context's <flash>).
 */
xmlNodePtr	 form_el(xmlNodePtr parent, const char *name);
/* <value name="field">text</value> (NULL text: nothing). */
void		 form_value(xmlNodePtr form, const char *field, const char *text);
/* The submitted value of a POST field, valid or not, as the user typed it. */
void		 form_keep(const struct ctx *, xmlNodePtr form, const char *field);
/* <error field="field" code="code"/>: code is one of common.xsd's errorCode. */
void		 form_error(xmlNodePtr form, const char *field, const char *code);
/* The raw submitted value of a POST field (NULL if absent). */
const char	*form_raw(const struct ctx *, const char *field);

/*
 * A checkbox per name of a NULL-ended list (the portal's areas, the back
 * office's roles), named PREFIX-NAME; a set of them is a bit per name.
 */
#define BOXES_MAX	32
struct boxes {
	const char *const	*names;
	char			 field[BOXES_MAX][48];
};
void		 boxes_init(struct boxes *, const char *prefix, const char *const *names);
/* The bits of the boxes ticked in the POST. */
unsigned	 boxes_of_form(const struct ctx *, const struct boxes *);
/* The ticked boxes kept in a form shown again. */
void		 boxes_keep(const struct ctx *, const struct boxes *, xmlNodePtr form);
/* <list><item>NAME</item>…</list> of the names whose bits are set. */
void		 boxes_el(xmlNodePtr parent, const char *list, const char *item,
		    const char *const *names, unsigned bits);

/*
 * Runs fn(c, arg) in one transaction (retried on deadlock). On an R_ONCE
 * route the form key makes the change happen once: a key this user already
 * used redirects to the first result without running fn. fn returns DB_OK
 * after page_redirect*() named the result, a db_rc, or a positive value
 * (rolled back and returned as is: the handler re-shows its form).
 * Returns 303, a positive value of fn, or an error status.
 */
int		 page_change(struct ctx *, int (*fn)(struct ctx *, void *), void *arg);
/* An audit row for the active company (inside page_change). */
int		 page_audit(struct ctx *, const char *action, const char *object,
		    long long object_id, const char *detail);
/* Queues a mail from i18n keys with {name} placeholders (inside page_change). */
int		 page_mail(struct ctx *, const char *to, const char *lang,
		    const char *subject_key, const char *body_key,
		    const char *const *vars);

/* Sends a response body of the handler's own (CSV, csv.h): returns the status. */
int		 page_send(struct ctx *, int status, const char *content_type,
		    const char *body, size_t len, const char *filename);
/* Maps a db_rc to the status a page answers (503 when the database is away). */
int		 page_db_status(int rc);

/* Response helpers used by handlers that change the session. */
void		 page_set_session_cookie(struct ctx *, const char *token);
void		 page_clear_session_cookie(struct ctx *);
void		 page_set_cookie(struct ctx *, const char *name, const char *value,
		    int max_age);

#endif
