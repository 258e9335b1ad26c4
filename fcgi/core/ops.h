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

/* One entry of status_allow: an address and the bits of it that count. */
struct cidr {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	int		 bits;
};

#define OPS_ALLOW_MAX	32

/* Parses "127.0.0.1, ::1 10.0.0.0/8" into out (NULL: only checks);
 * returns the number of entries or -1. */
int	 ops_allow_parse(const char *list, struct cidr *out, size_t max);
/* Whether a numeric address (IPv4-mapped IPv6 counts as IPv4) is in the list. */
int	 ops_allow_match(const struct cidr *, size_t n, const char *addr);

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
