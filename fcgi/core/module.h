/*
 * Modules: the unit a feature adds. An area of the portal (subscriptions,
 * invoices, ...) or a piece of shared work (billing, mail) is one module
 * that declares, in one place, everything the rest of the program needs to
 * know of it: its name, whether members are granted it, its routes, the
 * confirmation codes its pages redirect with, the page documents it makes
 * (each has xsl/NAME.xsl and schema/xsd/NAME.xsd), its entries in the
 * company menu and its SQL statements. fcgi/modules.c lists the modules,
 * as cgit's cmd.c lists its ui-* commands; the route table, the permission
 * bits, the flash-code check, the page names and the statements every
 * connection prepares are derived from the list when the program starts
 * (module_init), never written out a second time.
 */
#ifndef SELFCARE_MODULE_H
#define SELFCARE_MODULE_H

#include <stddef.h>

struct route;
struct stmt;

/* An entry of the company menu: a path under /companies/N (empty: the
 * company's overview), its label's string key, and what it needs. */
struct menu_item {
	const char	*path;
	const char	*label;
	const char	*need;		/* as a route's need: "support", "admin", NULL */
};

/*
 * The doors: who may come in, and how the dispatcher knows who is asking.
 * The portal's callers are the customers' users (a session cookie); the
 * back office's the operator's staff (their own sessions, a second factor,
 * paths under /admin). A module belongs to one door.
 */
enum door {
	DOOR_PORTAL,
	DOOR_ADMIN,
	/* The partner API: a key in the Authorization header (api/door.c). */
	DOOR_API,
	DOOR__MAX
};

struct module {
	const char		*name;		/* "subscriptions": logs, routes, areas */
	enum door		 door;		/* DOOR_PORTAL unless said */
	/* Granted by name: in the portal an area members are given, in the
	 * back office a role staff are given. */
	int			 area;
	const struct route	*routes;
	size_t			 nroutes;
	const char *const	*pages;		/* page documents it makes, NULL-terminated */
	const char *const	*flashes;	/* ?done= codes, NULL-terminated */
	const struct menu_item	*menu;		/* NULL-terminated by path */
	struct stmt		*stmts;
	size_t			 nstmts;
	void			(*init)(void);	/* after every module is known */
};

/* The modules, in the order of the menu and of the areas (fcgi/modules.c). */
extern const struct module *const modules[];

/* A route as the dispatcher uses it: the row, its module, the area bits
 * its need names (AREA_ADMIN for "admin"). */
struct rroute {
	const struct route	*r;
	const struct module	*m;
	unsigned		 need;
};

#define AREA_ADMIN	(1U << 31)	/* a full administrator (role admin) only */
#define AREA_MAX	31

/*
 * Builds the tables from the modules: routes, area bits (in module order),
 * pages, flash codes; registers every module's statements with the
 * database layer. A declaration that names an unknown area, a route or
 * page declared twice, is a bug: the message is written to err and -1
 * returned (serve and every command refuse to start).
 */
int	 module_init(char *err, size_t errlen);

/* The bit of a grantable area of the portal, 0 if no module of that name is one. */
unsigned	 area_bit(const char *name);
/* Every grantable area's bit (what an administrator holds). */
unsigned	 area_all(void);
/* The areas, by bit order (NULL-terminated), and the bits of a list of
 * names ("support,users"; unknown names are ignored). */
const char *const *area_names(void);
unsigned	 area_parse(const char *list);
/* Area bits as a list of names: "subscriptions,support". */
void	 area_format(unsigned bits, char *out, size_t len);

/* The route for a path (ids filled), or NULL; pure once module_init ran. */
const struct rroute *route_find(const char *path, long long *ids, size_t maxids,
	    size_t *nids);
/* Every route, for `selfcare routes` and the tests. */
const struct rroute *route_all(size_t *n);

/* The company menu in module order, each entry with its need as bits. */
struct rmenu {
	const struct menu_item	*item;
	enum door		 door;
	unsigned		 need;
};
const struct rmenu *menu_all(size_t *n);

/* The back office's roles, as the areas above (the admin door's modules). */
unsigned	 role_bit(const char *name);
unsigned	 role_all(void);
const char *const *role_names(void);
unsigned	 role_parse(const char *list);
void	 role_format(unsigned bits, char *out, size_t len);

int	 page_known(const char *name);	/* a page document some module makes */
int	 flash_known(const char *code);	/* a ?done= code some module gives */

#endif
