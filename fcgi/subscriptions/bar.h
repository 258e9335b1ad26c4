/*
 * Bars of a subscription: data, calls abroad, premium numbers. One flag
 * each on the subscription; a change of them is one function for every
 * caller (the subscription's page, bulk changes), with a history row and
 * an audit row per flag that changed.
 */
#ifndef SELFCARE_SUBSCRIPTIONS_BAR_H
#define SELFCARE_SUBSCRIPTIONS_BAR_H

#include <libxml/tree.h>

struct ctx;
struct db;

enum bar {
	BAR_DATA,
	BAR_ABROAD,
	BAR_PREMIUM,
	BAR__MAX
};

/* "data", "abroad", "premium" (the forms' and the schemas' names), NULL-ended. */
extern const char *const bar_names[BAR__MAX + 1];

/* The bars of subscription s as one number (bit 1 << enum bar), for a SELECT. */
#define BARS_OF(s)	"(" s ".bar_data + 2 * " s ".bar_abroad + 4 * " s ".bar_premium)"

/* <barred><bar>data</bar>…</barred> under parent when any bit of the
 * number bits (as BARS_OF selects it) is set; nothing otherwise. */
void	 bars_el(xmlNodePtr parent, const char *bits);

/*
 * Inside a transaction: subscription id of ctx->co.id gets exactly the bars
 * of bits. DB_OK (also when nothing changed: nothing written); 404 when
 * the company has no such subscription; 409 when it is terminated; or a
 * db_rc. Each flag that changes writes a history row ("bar" or "unbar",
 * the flag's name as detail) and an audit row.
 */
int	 sub_set_bars(struct ctx *, long long id, unsigned bits);
/*
 * As sub_set_bars, for a change of some flags only (bulk changes): the
 * flags of set are set, those of clear cleared, the others left as they
 * are. *changed (may be NULL): the flags that changed (0: it had them so).
 */
int	 sub_change_bars(struct ctx *, long long id, unsigned set, unsigned clear,
	    unsigned *changed);
/*
 * The same by the system (an import: no request, no user): subscription id
 * of company co; the history and audit rows carry no user.
 */
int	 sub_change_bars_system(struct db *, long long co, long long id, unsigned set,
	    unsigned clear, unsigned *changed);

#endif
