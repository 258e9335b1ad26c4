/*
 * The employee's self-service box on their subscription's page
 * (portal/selfservice.c): plan, SIM cards, services, what they may order
 * under the company's policy, the usage meter.
 */
#ifndef SELFCARE_PORTAL_SELFSERVICE_H
#define SELFCARE_PORTAL_SELFSERVICE_H

#include <libxml/tree.h>

struct ctx;

/* Appends <selfservice> for subscription sub of the session's user in the
 * active company (the caller found it theirs): DB_OK or a db_rc. */
int	 selfservice_box_el(struct ctx *, xmlNodePtr parent, long long sub);

#endif
