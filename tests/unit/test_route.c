/* The page table: which paths match which rows, and the ids they carry. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/route.h"

int
main(void)
{
	static const struct {
		const char *path;
		int rc;
		const char *pattern;
		long long id;
	} t[] = {
		{ "/", 0, "/", 0 },
		{ "/login", 0, "/login", 0 },
		{ "/login/code", 0, "/login/code", 0 },
		{ "/logout", 0, "/logout", 0 },
		{ "/lang", 0, "/lang", 0 },
		{ "/companies", 0, "/companies", 0 },
		{ "/companies/1/locations", 0, "/companies/#/locations", 1 },
		{ "/companies/9007199254740991/locations", 0, "/companies/#/locations", 9007199254740991LL },
		{ "/companies/9007199254740992/locations", 404, NULL, 0 },
		{ "/companies/99999999999999999999/locations", 404, NULL, 0 },
		{ "/companies/0/locations", 404, NULL, 0 },
		{ "/companies/01/locations", 404, NULL, 0 },
		{ "/companies/-1/locations", 404, NULL, 0 },
		{ "/companies/abc/locations", 404, NULL, 0 },
		{ "/companies//locations", 404, NULL, 0 },
		{ "/companies/1/locations/x", 404, NULL, 0 },
		{ "/companies/1", 0, "/companies/#", 1 },
		{ "/companies/1/cases/2", 0, "/companies/#/cases/#", 1 },
		{ "/locations/7/manage", 0, "/locations/#/manage", 7 },
		{ "/companies/1/cases/x", 404, NULL, 0 },
		{ "/nope", 404, NULL, 0 },
		{ "/loginx", 404, NULL, 0 },
	};
	size_t i, nids;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const struct route *r = NULL;
		long long ids[4] = { 0 };
		int rc = route_match(t[i].path, &r, ids, 4, &nids);

		CHECK(rc == t[i].rc, "route_match(\"%s\") = %d", t[i].path, rc);
		if (rc == 0 && t[i].pattern != NULL) {
			CHECK(strcmp(r->pattern, t[i].pattern) == 0, "\"%s\" matched \"%s\"",
			    t[i].path, r->pattern);
			if (t[i].id)
				CHECK(nids >= 1 && ids[0] == t[i].id, "\"%s\": id %lld",
				    t[i].path, ids[0]);
			else
				CHECK(nids == 0, "\"%s\": %zu ids", t[i].path, nids);
		}
	}
	/* Every page that has a stylesheet is named in page_names. */
	for (i = 0; i < nroutes; i++) {
		size_t j;
		int found = routes[i].page == NULL;

		for (j = 0; !found && page_names[j] != NULL; j++)
			found = strcmp(page_names[j], routes[i].page) == 0;
		CHECK(found, "page %s has no entry in page_names", routes[i].page);
	}
	return check_status("route");
}
