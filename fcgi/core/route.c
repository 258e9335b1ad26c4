/* A route's pattern against a path; see route.h. */
#include "config.h"

#include <string.h>

#include "core/route.h"
#include "core/util.h"

int
route_match(const char *pattern, const char *path, long long *ids, size_t maxids,
    size_t *nids)
{
	const char *p = pattern, *s = path;
	size_t n = 0;

	while (*p && *s) {
		if (*p == '#') {
			char num[20];
			size_t len = strcspn(s, "/");

			if (len == 0 || len >= sizeof(num) || n >= maxids)
				return 404;
			memcpy(num, s, len);
			num[len] = '\0';
			if (num[0] == '0' ||
			    parse_int(num, 1, 9007199254740991LL, &ids[n]) == -1)
				return 404;
			n++;
			p++;
			s += len;
		} else if (*p == '*') {
			/* A slug: the handler reads it from the path. */
			size_t len = strcspn(s, "/");

			if (len == 0 || len > ROUTE_SLUG_MAX || s[0] == '-' ||
			    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") < len)
				return 404;
			p++;
			s += len;
		} else if (*p == *s) {
			p++;
			s++;
		} else
			return 404;
	}
	if (*p != '\0' || *s != '\0')
		return 404;
	*nids = n;
	return 0;
}
