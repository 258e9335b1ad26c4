/*
 * Usage alerts: when a subscription's use of this period crosses one of
 * its company's two thresholds (percent of the quota, 80 and 100 unless
 * set otherwise on the alerts page, portal/alerts.c), one mail to the
 * subscription's user and to the full administrators who opted in. A row
 * per subscription, period, threshold and quota in usage_alerts_sent keeps
 * each threshold to one mail a period and quota, also when usage is
 * imported twice: after a top-up, 80 % of the new quota is news.
 */
#ifndef SELFCARE_USAGE_ALERTS_H
#define SELFCARE_USAGE_ALERTS_H

#include <stddef.h>

struct conf;
struct db;

/*
 * Checks the subscriptions of an import's batch (sub[k] of company co[k],
 * repeats allowed), each in a transaction of its own; a threshold crossed
 * by several at once is mailed as the highest of them. Then, at 100 %,
 * the auto top-up (portal/autotopup.c): the package bought by the system
 * (portal/topups.h's topup_buy), at most its number of times a period,
 * audited and mailed as the alerts are, within its kroner cap and the
 * spending limit (usage/limit.h); at the quota with no package within the
 * limit, data barred by the system once a period. First, every limit-bar
 * of an earlier period is cleared. Mails are written in the recipient's
 * language, the configuration's default when it has none. DB_OK or a
 * db_rc.
 */
int	 usage_alerts_check(struct db *, const struct conf *, const long long *sub,
	    const long long *co, size_t n);

#endif
