/*
 * Turning the page document into the response: raw XML for machine clients,
 * or HTML through the page's stylesheet, compiled once per process.
 */
#ifndef SELFCARE_RENDER_H
#define SELFCARE_RENDER_H

#include <stddef.h>

struct ctx;

/* Compiles every page's stylesheet and loads the strings; -1 with a message. */
int	 render_init(const char *xsl_dir, char *err, size_t errlen);
void	 render_free(void);

/* Each returns the HTTP status it sent. */
int	 render_page(struct ctx *);
int	 render_error(struct ctx *, int status);
/* Sends the result of stylesheet sheet (xsl/SHEET.xsl) over the page's
 * document as an XML download; returns the status sent or 500. */
int	 render_sheet(struct ctx *, const char *sheet, const char *content_type,
	    const char *filename);
int	 render_redirect(struct ctx *, const char *location);

#endif
