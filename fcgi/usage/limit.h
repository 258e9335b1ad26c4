/*
 * A subscription's spending limit: at most so much a billing period on
 * top-ups, bought by hand or automatically, excluding VAT (the packages'
 * prices as the catalogue lists them), in the subscription's currency.
 * A purchase that would pass it is not made; at the limit with the quota
 * used up, the import bars data (usage/alerts.c) once a period.
 */
#ifndef SELFCARE_USAGE_LIMIT_H
#define SELFCARE_USAGE_LIMIT_H

struct db;
struct usage_period;

/* Amounts in minor units (øre). */
struct spend {
	int		 has_limit;
	long long	 limit;
	long long	 spent;		/* top-ups ordered in the period, not cancelled */
	long long	 autos;		/* those of them auto top-up made */
	char		 currency[4];
};

/*
 * The spending of subscription sub of company co in period p; lock: its
 * limit and subscription rows FOR UPDATE (inside a transaction, so two
 * purchases are counted one after the other). 1, 0 no such subscription
 * of the company, or a db_rc.
 */
int	 spend_get(struct db *, long long co, long long sub, const struct usage_period *,
	    int lock, struct spend *);

/*
 * Inside a transaction: whether a top-up of price ("199.00") for
 * subscription sub of company co, zone its time zone, stays within the
 * limit of this period (no limit: it does). 1, 0, or a db_rc.
 */
int	 spend_fits(struct db *, long long co, long long sub, const char *zone,
	    const char *price);

/*
 * Records that the system did kind ("limit-bar", "auto-cap",
 * "auto-limit") for subscription sub in period: 1 the first time, 0 when
 * it was done this period already, or a db_rc.
 */
int	 spend_event_once(struct db *, long long co, long long sub, const char *period,
	    const char *kind);

#endif
