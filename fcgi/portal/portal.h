/*
 * What the portal's modules offer one another. Each module (one file)
 * declares its own routes, pages and handlers (see core/module.h); these
 * are the few pieces another module's page shows.
 */
#ifndef SELFCARE_PORTAL_H
#define SELFCARE_PORTAL_H

#include <libxml/tree.h>

#include "core/valid.h"

struct ctx;

/* cases.c: the company's latest cases of a kind ("" both), under parent; a db_rc. */
int	 cases_list(struct ctx *, xmlNodePtr parent, const char *kind, long long limit);

/* users.c: <areas><area>…</area></areas> of a role and a list of area names. */
void	 users_areas_el(xmlNodePtr parent, const char *role, const char *areas);

/* invitations.c: the open invitations to the user's address, under parent
 * (a db_rc), and their acceptance, which the companies page posts. */
int	 invitations_of_user(struct ctx *, xmlNodePtr parent);
int	 invitation_accept_post(struct ctx *);
extern const struct field invitation_accept_fields[];

#endif
