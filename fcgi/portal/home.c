/* The start page (where to go) and the language switch. */
#include "config.h"

#include <string.h>

#include "core/i18n.h"
#include "core/page.h"
#include "portal/portal.h"
#include "core/module.h"
#include "core/route.h"
#include "core/util.h"

static const struct field lang_fields[] = {
	{ "set", V_LANG, 2 },
	{ "next", V_LOCALPATH, 0 },
	{ NULL, V_TEXT, 0 },
};

static int
home_get(struct ctx *c)
{
	return page_redirect(c, c->sess.user_id ? "/companies" : "/login");
}

static int
lang_get(struct ctx *c)
{
	const char *set = in_get(c, "set"), *next = in_get(c, "next");

	/* One of the languages this installation offers. */
	if (set == NULL || i18n_offered(set) == NULL)
		return 400;
	/* A year: the choice is a preference, not a secret. */
	page_set_cookie(c, "lang", set, 365 * 24 * 3600);
	return page_redirect(c, next ? next : "/");
}

static const struct route routes[] = {
	{ "/", 0, NULL, home_get, NULL, NULL, NULL, NULL },
	{ "/lang", 0, NULL, lang_get, lang_fields, NULL, NULL, NULL },
};

const struct module home_module = {
	.name = "home", .routes = routes, .nroutes = COUNTOF(routes),
};
