/*
 * The per-request time limit's answer. When request_timeout passes, the
 * worker's SIGALRM handler may only do async-signal-safe things, so the
 * answer is made before: at worker start the fixed error page for 504 is
 * rendered in each language, as HTML and as XML, and wrapped in FastCGI
 * records (STDOUT with the page, the empty STDOUT, END_REQUEST) whose
 * request ids the handler fills in. If nothing of the response has reached
 * the socket yet, the handler write(2)s the reply for the request's
 * language and format; if part of it went out already, it writes only the
 * closing records, so the web server gets a short but well-formed reply
 * instead of a broken connection (nginx: 502). Then the worker ends with
 * LIMIT_EXIT and the supervisor logs the request from its scoreboard slot.
 */
#ifndef SELFCARE_LIMIT_H
#define SELFCARE_LIMIT_H

#include <stddef.h>

#define LIMIT_STATUS	504
#define LIMIT_EXIT	3	/* a worker's exit status after the time limit */

struct conf;
struct ctx;
struct FCGX_Request;

/* Worker start: renders the replies and installs the SIGALRM handler. */
void	 limit_init(const struct conf *);
void	 limit_free(void);
/* After FCGX_Accept_r: this connection and request id, output watched. */
void	 limit_begin(struct FCGX_Request *);
/* The request's context, for its language and format (NULL: gone). */
void	 limit_ctx(struct ctx *);
/* After FCGX_Finish_r: the request is answered; the alarm does nothing. */
void	 limit_end(void);
/* The prepared records of one variant (tests); NULL for an unknown one. */
const unsigned char *limit_reply(const char *lang, int xml, size_t *len);

#endif
