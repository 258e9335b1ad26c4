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
/* users.c: the company's members (<users>) and open invitations
 * (<invitations>) as its users page shows them, under parent; a db_rc. */
int	 users_list(struct ctx *, xmlNodePtr parent);
/* users.c: the users page begun, *invite its invite form; 0 or a status. */
int	 users_page(struct ctx *, xmlNodePtr *invite);

/*
 * invitations.c: a membership of the company c->co offered to an address
 * (inside page_change, either door): the invitation stored with a new link
 * (replacing an open one to the same address), audited, and mailed in lang
 * naming the inviter (quoted as data); invited_by the user who invites, 0
 * for the operator's staff. 409 if the address is a member already, else
 * a db_rc.
 */
int	 invitation_send(struct ctx *, const char *email, const char *name,
	    const char *role, const char *areas, const char *lang, long long invited_by,
	    const char *inviter);

/*
 * The pages the operator's staff also see as the company's administrators
 * see them, read-only (admin/customers.c): each builds its document for
 * the company in c->co from the fields it declares.
 */
int	 locations_get(struct ctx *);
int	 subscriptions_list_get(struct ctx *);
extern const struct field subscriptions_fields[];
int	 invoices_get(struct ctx *);
extern const struct field invoices_fields[];
/* invoices.c: the company's latest invoices (<invoices>, as the lists have
 * them) under parent; a db_rc. */
int	 invoices_latest(struct ctx *, xmlNodePtr parent, long long limit);

/* invitations.c: the open invitations to the user's address, under parent
 * (a db_rc), and their acceptance, which the companies page posts. */
int	 invitations_of_user(struct ctx *, xmlNodePtr parent);
int	 invitation_accept_post(struct ctx *);
extern const struct field invitation_accept_fields[];

/* lifecycle.c: <life> (its bars, its suspension, the company's spare SIMs)
 * under the subscription's element, from the LIFE_BOX_COLS of the statement
 * that reads the subscription s (which needs subscriptions/bar.h): the
 * profile asks for them in its own round trip. The suspension is shown
 * until it is over. */
#define LIFE_BOX_COLS(s) \
	BARS_OF(s) "," \
	" IF(" s ".suspended_to >= CURDATE(), DATE_FORMAT(" s ".suspended_from, '%Y-%m-%d'), NULL)," \
	" IF(" s ".suspended_to >= CURDATE(), DATE_FORMAT(" s ".suspended_to, '%Y-%m-%d'), NULL)," \
	" (SELECT COUNT(*) FROM sim_cards m WHERE m.company_id = " s ".company_id" \
	"  AND m.subscription_id IS NULL AND m.status = 'inactive')"
enum { LIFE_BARS, LIFE_FROM, LIFE_TO, LIFE_SPARES, LIFE__COLS };
void	 life_box_add(xmlNodePtr sub, char *const col[LIFE__COLS]);

#endif
