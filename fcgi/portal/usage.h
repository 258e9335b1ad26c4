/*
 * The usage meter as other pages show it (the subscription's page): this
 * billing period's use against the quota (portal/usage.c).
 */
#ifndef SELFCARE_PORTAL_USAGE_H
#define SELFCARE_PORTAL_USAGE_H

#include <libxml/tree.h>

struct ctx;
struct usage_quota;

/* Appends <meter> for a subscription of the active company: DB_OK,
 * 0 when the company has no such subscription, or a db_rc. */
int	 usage_meter_el(struct ctx *, xmlNodePtr parent, long long subscription);

/* Appends <meter>, this period's use against the quota, for a quota read
 * by another page's statement (USAGE_QUOTA_SQL). */
void	 usage_meter_add(xmlNodePtr parent, const struct usage_quota *);

#endif
