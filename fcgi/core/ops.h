/*
 * The operator's pages, after php-fpm's pm.status_path and ping.path: the
 * status of the workers (plain text, XML or OpenMetrics) and a ping that
 * asks the database. Each is off while its path is empty, and answers only
 * clients whose REMOTE_ADDR is in status_allow; to anyone else the path is
 * an unknown one (the ordinary 404), so nothing tells that it exists.
 */
#ifndef SELFCARE_OPS_H
#define SELFCARE_OPS_H

#include <stddef.h>

struct conf;
struct ctx;
struct request;

enum ops_page { OPS_NONE = 0, OPS_STATUS, OPS_PING };

/* Which page a request is for, OPS_NONE unless its path is one and its
 * client is allowed. */
int	 ops_which(const struct conf *, const struct request *);
/* Answers it; lfd is the listening socket (its queue), accept the Accept
 * header. Returns the status sent. */
int	 ops_serve(struct ctx *, int page, int lfd, const char *accept);
/* The paths are distinct and no page of the portal; -1 with a message. */
int	 ops_check(const struct conf *, char *err, size_t errlen);

#endif
