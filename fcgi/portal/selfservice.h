/*
 * The employee's self-service box on their subscription's page
 * (portal/selfservice.c): plan, SIM cards, services, what they may order
 * under the company's policy, the usage meter; and the employee number
 * the payroll system knows them by.
 */
#ifndef SELFCARE_PORTAL_SELFSERVICE_H
#define SELFCARE_PORTAL_SELFSERVICE_H

#include <libxml/tree.h>

struct ctx;
struct field;

/* Appends <selfservice> for subscription sub of the session's user in the
 * active company (the caller found it theirs): DB_OK or a db_rc. */
int	 selfservice_box_el(struct ctx *, xmlNodePtr parent, long long sub);

/* The users page's form of a member's employee number (users.c routes it,
 * for full administrators): letters, digits and - . / _, at most 32,
 * unique in the company; empty clears it. */
extern const struct field selfservice_number_fields[];
int	 selfservice_number_post(struct ctx *);

#endif
