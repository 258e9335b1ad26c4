/* Writing the FastCGI response: status, headers every page carries, cookies. */
#ifndef SELFCARE_RESPONSE_H
#define SELFCARE_RESPONSE_H

#include <stddef.h>

struct ctx;

const char	*resp_reason(int status);
/* Status line, security headers, ctx->headers and content type, then the blank line. */
void		 resp_head(struct ctx *, int status, const char *content_type);
void		 resp_write(struct ctx *, const char *, size_t);
/* Appends a Set-Cookie header (value must be a cookie-safe token). */
void		 resp_cookie(struct ctx *, const char *name, const char *value,
		    int max_age, int http_only);

#endif
