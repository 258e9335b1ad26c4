/* Response headers; every page carries the same security headers (ASVS V14.4). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "core/conf.h"
#include "core/ctx.h"
#include "core/db.h"
#include "core/response.h"
#include "core/scoreboard.h"

const char *
resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Internal Server Error";
	}
}

void
resp_head(struct ctx *c, int status, const char *content_type)
{
	FCGX_FPrintF(c->out,
	    "Status: %d %s\r\n"
	    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
	    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Cache-Control: no-store\r\n"
	    "Vary: Accept, Cookie\r\n",
	    status, resp_reason(status));
	sb_status(status);
	if (c->headers.len)
		FCGX_PutStr(c->headers.p, (int)c->headers.len, c->out);
	if (content_type)
		FCGX_FPrintF(c->out, "Content-Type: %s\r\n", content_type);
	if (c->conf->debug_statements) {
		unsigned nst, ntr;

		db_counts(c->db, &nst, &ntr);
		FCGX_FPrintF(c->out, "X-Selfcare-Statements: %u statements, %u round trips\r\n",
		    nst, ntr);
	}
	FCGX_PutStr("\r\n", 2, c->out);
}

void
resp_write(struct ctx *c, const char *p, size_t n)
{
	if (c->req->method != METHOD_HEAD) {
		FCGX_PutStr(p, (int)n, c->out);
		c->bytes += n;
	}
}

void
resp_cookie(struct ctx *c, const char *name, const char *value, int max_age,
    int http_only)
{
	buf_printf(&c->headers, "Set-Cookie: %s=%s; Path=/; SameSite=Lax%s%s",
	    name, value, c->conf->cookie_secure ? "; Secure" : "",
	    http_only ? "; HttpOnly" : "");
	if (max_age >= 0)
		buf_printf(&c->headers, "; Max-Age=%d", max_age);
	buf_puts(&c->headers, "\r\n");
}
