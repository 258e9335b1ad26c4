/*
 * The usage alerts' sent log (usage/alerts.h): a threshold is mailed once
 * a period per quota. After a top-up raised the quota, a threshold the
 * use fell below is mailed again when it is crossed anew; one the use is
 * still past was news already and is not.
 */
#ifndef SELFCARE_USAGE_SENT_H
#define SELFCARE_USAGE_SENT_H

#include "usage/usage.h"

struct db;

/* A subscription's quota this period and its company's two thresholds in
 * percent, the higher first (0: none). */
struct alert_quota {
	struct usage_quota	 q;
	long long		 t[2];
};

/* Of live subscription sub of company co: 1, 0 when there is none or it
 * has no quota, or a db_rc. */
int	 alert_quota(struct db *, long long co, long long sub, struct alert_quota *);
/* The same for n subscriptions (sub[i] of company co[i]) in two reads,
 * their thresholds then their quotas: a[i].q.quota is 0 when there is no
 * such live subscription or it has no quota. DB_OK or a db_rc. */
int	 alert_quotas(struct db *, size_t n, const long long *sub, const long long *co,
	    struct alert_quota *a);

/* Threshold a->t[i] marked as mailed for the quota: 1 the first time, 0
 * when it was or the use is below it, or a db_rc. */
int	 alert_mark(struct db *, long long co, long long sub, const struct alert_quota *,
	    int i);

/* Inside a transaction, after a top-up of sub: each threshold the use is
 * still at or past against the new quota marked as mailed. A db_rc. */
int	 alert_topped(struct db *, long long co, long long sub);

#endif
