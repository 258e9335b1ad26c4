/* The tables derived from the modules; see module.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/module.h"
#include "core/request.h"
#include "core/route.h"
#include "core/util.h"

#define ROUTES_MAX	256
#define PAGES_MAX	128
#define FLASHES_MAX	256
#define MENU_MAX	32

static struct rroute	 table[ROUTES_MAX];
static size_t		 ntable;
/* The grantable names of each door by bit (NULL-terminated): the portal's
 * areas, the back office's roles. */
static const char	*granted[DOOR__MAX][AREA_MAX + 1];
static size_t		 ngranted[DOOR__MAX];
static const char	*pages[PAGES_MAX];
static size_t		 npages;
static const char	*flashes[FLASHES_MAX];
static size_t		 nflashes;
static struct rmenu	 menu[MENU_MAX];
static size_t		 nmenu;

static int
in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static unsigned
bit_of(enum door d, const char *name)
{
	size_t i;

	for (i = 0; i < ngranted[d]; i++)
		if (strcmp(granted[d][i], name) == 0)
			return 1U << i;
	return 0;
}

static unsigned
all_of(enum door d)
{
	return ngranted[d] == 0 ? 0 : (unsigned)((1ULL << ngranted[d]) - 1);
}

static unsigned
parse_of(enum door d, const char *list)
{
	char name[64];
	unsigned bits = 0;
	size_t n;

	while (list != NULL && *list) {
		n = strcspn(list, ",");
		if (n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			bits |= bit_of(d, name);
		}
		list += n;
		if (*list == ',')
			list++;
	}
	return bits;
}

static void
format_of(enum door d, unsigned bits, char *out, size_t len)
{
	size_t i, used = 0;

	if (len > 0)
		out[0] = '\0';
	for (i = 0; i < ngranted[d]; i++)
		if ((bits & (1U << i)) && used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			    used ? "," : "", granted[d][i]);
}

unsigned
area_bit(const char *name)
{
	return bit_of(DOOR_PORTAL, name);
}

unsigned
area_all(void)
{
	return all_of(DOOR_PORTAL);
}

const char *const *
area_names(void)
{
	return granted[DOOR_PORTAL];
}

unsigned
area_parse(const char *list)
{
	return parse_of(DOOR_PORTAL, list);
}

void
area_format(unsigned bits, char *out, size_t len)
{
	format_of(DOOR_PORTAL, bits, out, len);
}

unsigned
role_bit(const char *name)
{
	return bit_of(DOOR_ADMIN, name);
}

unsigned
role_all(void)
{
	return all_of(DOOR_ADMIN);
}

const char *const *
role_names(void)
{
	return granted[DOOR_ADMIN];
}

unsigned
role_parse(const char *list)
{
	return parse_of(DOOR_ADMIN, list);
}

void
role_format(unsigned bits, char *out, size_t len)
{
	format_of(DOOR_ADMIN, bits, out, len);
}

/*
 * A route's or menu entry's need ("subscriptions orders", "admin") as bits
 * of its door: the portal's areas ("admin": a full administrator of the
 * company, AREA_ADMIN), the back office's roles.
 */
static int
need_bits(enum door d, const char *need, unsigned *bits, char *err, size_t errlen,
    const char *what)
{
	char name[64];
	size_t n;

	/* The partner API's routes need the portal's areas of a key. */
	if (d == DOOR_API)
		d = DOOR_PORTAL;
	*bits = 0;
	while (need != NULL && *need) {
		n = strcspn(need, " ");
		if (n == 0 || n >= sizeof(name)) {
			snprintf(err, errlen, "%s: malformed need", what);
			return -1;
		}
		memcpy(name, need, n);
		name[n] = '\0';
		if (d == DOOR_PORTAL && strcmp(name, "admin") == 0)
			*bits |= AREA_ADMIN;
		else if (bit_of(d, name) == 0) {
			snprintf(err, errlen, "%s: needs '%s', which no module of its door is",
			    what, name);
			return -1;
		} else
			*bits |= bit_of(d, name);
		need += n;
		while (*need == ' ')
			need++;
	}
	return 0;
}

/* Whether a POST to path goes to a route that takes files (R_UPLOAD). */
static int
route_takes_files(const char *path)
{
	const struct rroute *rr;
	long long ids[8];
	size_t nids;

	if ((rr = route_find(path, ids, COUNTOF(ids), &nids)) == NULL)
		return 0;
	return (rr->r->flags & R_MEDIATION) ? REQ_BULK : (rr->r->flags & R_UPLOAD) != 0;
}

int
module_init(char *err, size_t errlen)
{
	const struct module *m;
	size_t i, j;

	ntable = npages = nflashes = nmenu = 0;
	memset(granted, 0, sizeof(granted));
	memset(ngranted, 0, sizeof(ngranted));
	for (i = 0; (m = modules[i]) != NULL; i++)
		if (m->area) {
			if (ngranted[m->door] == AREA_MAX || bit_of(m->door, m->name)) {
				snprintf(err, errlen, "area %s: too many, or twice", m->name);
				return -1;
			}
			granted[m->door][ngranted[m->door]++] = m->name;
		}
	for (i = 0; (m = modules[i]) != NULL; i++) {
		for (j = 0; j < m->nroutes; j++) {
			const struct route *r = &m->routes[j];
			size_t k;

			if (ntable == ROUTES_MAX) {
				snprintf(err, errlen, "more than %d routes", ROUTES_MAX);
				return -1;
			}
			for (k = 0; k < ntable; k++)
				if (strcmp(table[k].r->pattern, r->pattern) == 0) {
					snprintf(err, errlen, "route %s: in %s and %s",
					    r->pattern, table[k].m->name, m->name);
					return -1;
				}
			/* The dispatcher sends /api/ to the API's door, and only there. */
			if ((m->door == DOOR_API) != (strncmp(r->pattern, "/api/", 5) == 0)) {
				snprintf(err, errlen, "route %s: the API's routes are /api/ ones",
				    r->pattern);
				return -1;
			}
			table[ntable].r = r;
			table[ntable].m = m;
			if (need_bits(m->door, r->need, &table[ntable].need, err, errlen,
			    r->pattern) == -1)
				return -1;
			ntable++;
		}
		for (j = 0; m->pages != NULL && m->pages[j] != NULL; j++) {
			if (npages == PAGES_MAX || in_list(pages, npages, m->pages[j])) {
				snprintf(err, errlen, "page %s: too many, or in two modules",
				    m->pages[j]);
				return -1;
			}
			pages[npages++] = m->pages[j];
		}
		for (j = 0; m->flashes != NULL && m->flashes[j] != NULL; j++) {
			if (nflashes == FLASHES_MAX ||
			    in_list(flashes, nflashes, m->flashes[j])) {
				snprintf(err, errlen, "flash %s: too many, or in two modules",
				    m->flashes[j]);
				return -1;
			}
			flashes[nflashes++] = m->flashes[j];
		}
		for (j = 0; m->menu != NULL && m->menu[j].path != NULL; j++) {
			if (nmenu == MENU_MAX) {
				snprintf(err, errlen, "more than %d menu entries", MENU_MAX);
				return -1;
			}
			menu[nmenu].item = &m->menu[j];
			menu[nmenu].door = m->door;
			if (need_bits(m->door, m->menu[j].need, &menu[nmenu].need, err, errlen,
			    m->menu[j].label) == -1)
				return -1;
			nmenu++;
		}
		if (m->nstmts)
			db_register(m->stmts, m->nstmts);
	}
	/* A route's page is one some module declares (its stylesheet and schema). */
	for (i = 0; i < ntable; i++)
		if (table[i].r->page != NULL && !page_known(table[i].r->page)) {
			snprintf(err, errlen, "route %s: page %s is no module's",
			    table[i].r->pattern, table[i].r->page);
			return -1;
		}
	req_upload_path = route_takes_files;
	for (i = 0; (m = modules[i]) != NULL; i++)
		if (m->init)
			m->init();
	return 0;
}

const struct rroute *
route_find(const char *path, long long *ids, size_t maxids, size_t *nids)
{
	size_t i;

	for (i = 0; i < ntable; i++)
		if (route_match(table[i].r->pattern, path, ids, maxids, nids) == 0)
			return &table[i];
	return NULL;
}

const struct rroute *
route_all(size_t *n)
{
	*n = ntable;
	return table;
}

int
page_known(const char *name)
{
	/* The error page is the dispatcher's own, known before any module. */
	return strcmp(name, "error") == 0 || in_list(pages, npages, name);
}

int
flash_known(const char *code)
{
	return in_list(flashes, nflashes, code);
}

const struct rmenu *
menu_all(size_t *n)
{
	*n = nmenu;
	return menu;
}
