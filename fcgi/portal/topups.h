/*
 * The top-up packages as the usage pages show them (portal/topups.c).
 */
#ifndef SELFCARE_PORTAL_TOPUPS_H
#define SELFCARE_PORTAL_TOPUPS_H

#include <libxml/tree.h>

struct ctx;

/* Appends <topups> with the packages the active company may buy (one
 * whose availability starts later with its date, not orderable): a db_rc. */
int	 topups_el(struct ctx *, xmlNodePtr parent);

#endif
