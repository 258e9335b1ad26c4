/*
 * db_host as a list of database addresses: "host[:port]" separated by
 * commas (blanks around them allowed), an IPv6 address in brackets
 * ("[::1]:3307"). A host without a port takes db_port. One address is the
 * single server; several are the nodes of a cluster (Galera), tried in
 * order (see db.c).
 */
#ifndef SELFCARE_DBADDR_H
#define SELFCARE_DBADDR_H

#include <stddef.h>

#define DBADDR_MAX	16
#define DBADDR_HOSTLEN	256

struct dbaddr {
	char	host[DBADDR_HOSTLEN];
	int	port;
};

/*
 * Parses s into v (at most DBADDR_MAX): the number of addresses (0 for an
 * empty s: the socket), or -1 with the reason in why.
 */
int	dbaddr_parse(const char *s, int defport, struct dbaddr *v, char *why, size_t len);

#endif
