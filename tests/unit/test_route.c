/*
 * The route table the modules declare: which paths match which routes, and
 * the ids they carry; every module's declarations fit together.
 */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/module.h"
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
		/* A slug: [a-z0-9-], 1..64, not starting with '-'. */
		{ "/help", 0, "/help", 0 },
		{ "/help/log-in-with-code", 0, "/help/*", 0 },
		{ "/help/2fa", 0, "/help/*", 0 },
		{ "/help/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0,
		    "/help/*", 0 },
		{ "/help/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 404,
		    NULL, 0 },
		{ "/help/", 404, NULL, 0 },
		{ "/help/-x", 404, NULL, 0 },
		{ "/help/Log-in", 404, NULL, 0 },
		{ "/help/a_b", 404, NULL, 0 },
		{ "/help/a.b", 404, NULL, 0 },
		{ "/help/a%20b", 404, NULL, 0 },
		{ "/help/a/b", 404, NULL, 0 },
		{ "/help/\xc3\xa6", 404, NULL, 0 },
		{ "/nope", 404, NULL, 0 },
		{ "/loginx", 404, NULL, 0 },
	};
	char err[256];
	size_t i, nids, n;
	const struct rroute *all;

	CHECK(module_init(err, sizeof(err)) == 0, "module_init: %s", err);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long ids[4] = { 0 };
		const struct rroute *rr = route_find(t[i].path, ids, 4, &nids);

		CHECK((rr != NULL) == (t[i].rc == 0), "route_find(\"%s\") = %s", t[i].path,
		    rr ? rr->r->pattern : "none");
		if (rr != NULL && t[i].pattern != NULL) {
			CHECK(strcmp(rr->r->pattern, t[i].pattern) == 0, "\"%s\" matched \"%s\"",
			    t[i].path, rr->r->pattern);
			if (t[i].id)
				CHECK(nids >= 1 && ids[0] == t[i].id, "\"%s\": id %lld",
				    t[i].path, ids[0]);
			else
				CHECK(nids == 0, "\"%s\": %zu ids", t[i].path, nids);
		}
	}
	/* Needs as the dispatcher holds them: the module's names as bits. */
	all = route_all(&n);
	CHECK(n > 30, "%zu routes", n);
	for (i = 0; i < n; i++)
		if (strcmp(all[i].r->pattern, "/companies/#/subscriptions/#/plan") == 0)
			CHECK(all[i].need == (area_bit("subscriptions") | area_bit("orders")),
			    "the plan change needs subscriptions and orders");
		else if (strcmp(all[i].r->pattern, "/companies/#/audit") == 0)
			CHECK(all[i].need == AREA_ADMIN, "the audit log is for administrators");
	CHECK(area_bit("subscriptions") == 1 && area_bit("users") == 16 &&
	    area_all() == 31, "areas in module order");
	CHECK(area_parse("support,users,nosuch") == (area_bit("support") | area_bit("users")),
	    "area_parse");
	CHECK(flash_known("case-created") && !flash_known("nosuch"), "flash codes");
	CHECK(page_known("error") && page_known("invoice") && !page_known("nosuch"),
	    "page names");
	return check_status("route");
}
