/* The page handlers, one file per page area; rows in route.c point here. */
#ifndef SELFCARE_PAGES_H
#define SELFCARE_PAGES_H

#include <libxml/tree.h>

#include "core/valid.h"

struct ctx;

/* home.c */
int	 home_get(struct ctx *);
int	 lang_get(struct ctx *);
extern const struct field lang_fields[];

/* login.c */
int	 login_get(struct ctx *);
int	 login_post(struct ctx *);
int	 login_code_get(struct ctx *);
int	 login_code_post(struct ctx *);
int	 logout_post(struct ctx *);
extern const struct field login_fields[];
extern const struct field login_code_fields[];

/* companies.c */
int	 companies_get(struct ctx *);

/* locations.c */
int	 locations_get(struct ctx *);

/* cases.c: overview (D1), support cases, change requests (M6), all requests (M7) */
int	 overview_get(struct ctx *);
int	 cases_get(struct ctx *);
int	 case_new_get(struct ctx *);
int	 case_new_post(struct ctx *);
int	 case_get(struct ctx *);
int	 case_post(struct ctx *);
int	 manage_get(struct ctx *);
int	 manage_post(struct ctx *);
extern const struct field case_new_fields[];
extern const struct field case_comment_fields[];
extern const struct field manage_fields[];

/* users.c: users and areas (D3), invitations made and withdrawn, the audit log */
int	 users_get(struct ctx *);
int	 users_post(struct ctx *);
int	 member_post(struct ctx *);
int	 member_remove_post(struct ctx *);
int	 invitation_remove_post(struct ctx *);
int	 audit_get(struct ctx *);
/* <areas><area>…</area></areas> of a role and a SET value of areas. */
void	 users_areas_el(xmlNodePtr parent, const char *role, const char *set);
extern const struct field invite_fields[];
extern const struct field member_fields[];
extern const struct field audit_fields[];

/* subscriptions.c: the list, CSV, profile, plan change, termination (D4) */
int	 subs_get(struct ctx *);
int	 subs_csv_get(struct ctx *);
int	 sub_get(struct ctx *);
int	 sub_post(struct ctx *);
int	 plan_get(struct ctx *);
int	 plan_post(struct ctx *);
int	 terminate_get(struct ctx *);
int	 terminate_post(struct ctx *);
extern const struct field subs_fields[];
extern const struct field subs_csv_fields[];
extern const struct field cost_centre_fields[];
extern const struct field plan_fields[];
extern const struct field terminate_fields[];

/* invoices.c: invoices (M4, D7), PDF, CSV, EHF, e-invoice addresses (D8) */
int	 invoices_get(struct ctx *);
int	 location_invoices_get(struct ctx *);
int	 invoice_get(struct ctx *);
int	 invoice_csv_get(struct ctx *);
int	 invoice_pdf_get(struct ctx *);
int	 invoice_ehf_get(struct ctx *);
int	 einvoice_get(struct ctx *);
int	 einvoice_post(struct ctx *);
int	 einvoice_remove_post(struct ctx *);
int	 unsubscribe_get(struct ctx *);
int	 unsubscribe_post(struct ctx *);
extern const struct field invoices_fields[];
extern const struct field einvoice_fields[];
extern const struct field unsubscribe_fields[];

/* invitations.c: accepting an invitation, by its link or at login */
int	 invitation_get(struct ctx *);
int	 invitation_post(struct ctx *);
int	 invitation_accept_post(struct ctx *);
/* The open invitations to the user's address, under parent; a db_rc. */
int	 invitations_of_user(struct ctx *, xmlNodePtr parent);
extern const struct field invitation_fields[];
extern const struct field accept_fields[];

#endif
