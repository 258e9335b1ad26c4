/* The database's addresses; see dbaddr.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/dbaddr.h"

/* One "host[:port]" of n bytes at p into a; 0, or -1 with why. */
static int
one(const char *p, size_t n, int defport, struct dbaddr *a, char *why, size_t len)
{
	const char *host = p, *port = NULL;
	size_t hn = n, i;
	long v = 0;

	if (n > 0 && *p == '[') {
		const char *close = memchr(p, ']', n);

		if (close == NULL) {
			snprintf(why, len, "\"%.*s\": no ] after the IPv6 address", (int)n, p);
			return -1;
		}
		host = p + 1;
		hn = (size_t)(close - host);
		if (close + 1 < p + n) {
			if (close[1] != ':') {
				snprintf(why, len, "\"%.*s\": only :port may follow ]", (int)n, p);
				return -1;
			}
			port = close + 2;
		}
	} else {
		const char *colon = memchr(p, ':', n);

		if (colon != NULL) {
			if (memchr(colon + 1, ':', (size_t)(p + n - colon - 1)) != NULL) {
				snprintf(why, len, "\"%.*s\": an IPv6 address goes in "
				    "brackets, [::1]:3306", (int)n, p);
				return -1;
			}
			hn = (size_t)(colon - p);
			port = colon + 1;
		}
	}
	if (hn == 0 || hn >= sizeof(a->host)) {
		snprintf(why, len, "\"%.*s\": %s", (int)n, p, hn ? "the host is too long" :
		    "no host");
		return -1;
	}
	for (i = 0; i < hn; i++)
		if (!isalnum((unsigned char)host[i]) && strchr(".-_:%", host[i]) == NULL) {
			snprintf(why, len, "\"%.*s\": '%c' in a host name", (int)n, p, host[i]);
			return -1;
		}
	if (port != NULL) {
		const char *end = p + n;

		if (port == end) {
			snprintf(why, len, "\"%.*s\": no port after ':'", (int)n, p);
			return -1;
		}
		for (; port < end; port++) {
			if (!isdigit((unsigned char)*port) || (v = v * 10 + (*port - '0')) > 65535) {
				snprintf(why, len, "\"%.*s\": the port is not a number "
				    "from 1 to 65535", (int)n, p);
				return -1;
			}
		}
		if (v == 0) {
			snprintf(why, len, "\"%.*s\": the port is not a number from 1 "
			    "to 65535", (int)n, p);
			return -1;
		}
	}
	memcpy(a->host, host, hn);
	a->host[hn] = '\0';
	a->port = port != NULL ? (int)v : defport;
	return 0;
}

int
dbaddr_parse(const char *s, int defport, struct dbaddr *v, char *why, size_t len)
{
	int n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	for (;;) {
		size_t k = strcspn(s, ",");
		size_t e = k;

		while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e == 0) {
			snprintf(why, len, "an empty address in the list");
			return -1;
		}
		if (n == DBADDR_MAX) {
			snprintf(why, len, "more than %d addresses", DBADDR_MAX);
			return -1;
		}
		if (one(s, e, defport, &v[n], why, len) != 0)
			return -1;
		n++;
		if (s[k] == '\0')
			return n;
		s += k + 1;
		while (*s == ' ' || *s == '\t')
			s++;
	}
}
