/* Addresses and address blocks (allow-lists); see netaddr.h. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/netaddr.h"
#include "core/util.h"

/* An address into e (IPv4-mapped IPv6 as IPv4); -1 if it is none. */
static int
addr_parse(const char *s, struct cidr *e)
{
	memset(e, 0, sizeof(*e));
	if (inet_pton(AF_INET, s, e->addr) == 1) {
		e->family = AF_INET;
		e->bits = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, s, e->addr) != 1)
		return -1;
	e->family = AF_INET6;
	e->bits = 128;
	if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)e->addr)) {
		memmove(e->addr, e->addr + 12, 4);
		memset(e->addr + 4, 0, 12);
		e->family = AF_INET;
		e->bits = 32;
	}
	return 0;
}

int
netaddr_parse(const char *list, struct cidr *out, size_t max)
{
	char *copy = estrdup(list), *tok, *save = NULL, *slash;
	struct cidr e;
	long long bits;
	int n = 0, mapped;

	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if ((slash = strchr(tok, '/')) != NULL)
			*slash++ = '\0';
		mapped = strchr(tok, ':') != NULL;
		if (addr_parse(tok, &e) == -1)
			goto bad;
		if (slash != NULL) {
			if (parse_int(slash, 0, mapped ? 128 : 32, &bits) == -1)
				goto bad;
			/* ::ffff:10.0.0.0/104 is 10.0.0.0/8 */
			if (mapped && e.family == AF_INET && (bits -= 96) < 0)
				goto bad;
			e.bits = (int)bits;
		}
		if (out != NULL) {
			if ((size_t)n >= max)
				goto bad;
			out[n] = e;
		}
		if (++n > NETADDR_MAX)
			goto bad;
	}
	free(copy);
	return n;
bad:
	free(copy);
	return -1;
}

static int
prefix_equal(const unsigned char *a, const unsigned char *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)whole) != 0)
		return 0;
	return rest == 0 ||
	    ((a[whole] ^ b[whole]) & (unsigned char)(0xFF << (8 - rest))) == 0;
}

int
netaddr_match(const struct cidr *list, size_t n, const char *addr)
{
	struct cidr a;
	size_t i;

	if (addr == NULL || addr_parse(addr, &a) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (list[i].family == a.family &&
		    prefix_equal(list[i].addr, a.addr, list[i].bits))
			return 1;
	return 0;
}
