/*
 * Lists of IPv4 and IPv6 addresses and CIDR blocks, as status_allow holds
 * them: "127.0.0.1, ::1 10.0.0.0/8". An IPv4-mapped IPv6 address counts as
 * the IPv4 one. (libc only.)
 */
#ifndef SELFCARE_NETADDR_H
#define SELFCARE_NETADDR_H

#include <stddef.h>

struct cidr {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	int		 bits;
};

#define NETADDR_MAX	32

/* Parses a list into out (NULL: only checks); the number of entries, or -1. */
int	 netaddr_parse(const char *list, struct cidr *out, size_t max);
/* Whether a numeric address is in the list. */
int	 netaddr_match(const struct cidr *, size_t n, const char *addr);

#endif
