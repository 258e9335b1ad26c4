/*
 * print-routes: the page table (fcgi/core/route.c) as text, one route a line,
 * for tests that must cover every route (tests/http/test_access.py):
 *
 *   PATTERN <TAB> FLAGS <TAB> AREAS <TAB> METHODS <TAB> GET FIELDS <TAB> POST FIELDS
 *
 * FLAGS, AREAS and the field lists are comma-separated names ("-": none);
 * METHODS is GET, POST or GET,POST.
 */
#include "config.h"

#include <stdio.h>

#include "core/route.h"
#include "core/util.h"

static const struct {
	unsigned	 bit;
	const char	*name;
} flags[] = {
	{ R_LOGIN, "login" },
	{ R_ANON_CSRF, "anon-csrf" },
	{ R_COMPANY, "company" },
	{ R_LOCATION, "location" },
	{ R_ONCE, "once" },
	{ R_CSRF_IF_SESSION, "csrf-if-session" },
};

static void
names(unsigned bits, const char *const *list, unsigned extra, const char *extra_name)
{
	int n = 0;
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (bits & (1U << i))
			printf("%s%s", n++ ? "," : "", list[i]);
	if (bits & extra)
		printf("%s%s", n++ ? "," : "", extra_name);
	if (n == 0)
		fputs("-", stdout);
}

static void
fields(const struct field *f)
{
	int n = 0;

	for (; f != NULL && f->name != NULL; f++)
		printf("%s%s", n++ ? "," : "", f->name);
	if (n == 0)
		fputs("-", stdout);
}

int
main(void)
{
	size_t i, j;

	for (i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];
		int n = 0;

		printf("%s\t", r->pattern);
		for (j = 0; j < COUNTOF(flags); j++)
			if (r->flags & flags[j].bit)
				printf("%s%s", n++ ? "," : "", flags[j].name);
		if (n == 0)
			fputs("-", stdout);
		putchar('\t');
		names(r->area, area_names, A_ADMIN, "admin");
		printf("\t%s%s%s\t", r->get ? "GET" : "", r->get && r->post ? "," : "",
		    r->post ? "POST" : "");
		fields(r->get_fields);
		putchar('\t');
		fields(r->post_fields);
		putchar('\n');
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
