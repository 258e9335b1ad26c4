/*
 * The modules of the program, one line each: first the core's (statements
 * only), then the portal's areas and pages in the order of the company menu
 * and of the areas (see core/module.h).
 */
#include "config.h"

#include <stddef.h>

#include "core/module.h"

#define MODULES(X) \
	X(auditlog) \
	X(clock) \
	X(lease) \
	X(session) \
	X(dispatch) \
	X(page) \
	X(mail) \
	X(sms) \
	X(migrate) \
	X(ops) \
	X(home) \
	X(login) \
	X(sso) \
	X(companies) \
	X(locations) \
	X(subscriptions) \
	X(orders) \
	X(order) \
	X(ordering) \
	X(approval) \
	X(approvals) \
	X(requests) \
	X(invoices) \
	X(cases) \
	X(subchange) \
	X(bar) \
	X(life) \
	X(invoice) \
	X(bill) \
	X(payments) \
	X(credit) \
	X(remind) \
	X(support) \
	X(users) \
	X(invitations) \
	X(audit) \
	X(employee) \
	X(help) \
	X(staff) \
	X(backoffice) \
	X(admin) \
	X(customers) \
	X(care) \
	X(fulfilment) \
	X(catalogue) \
	X(billing_role) \
	X(queue) \
	X(runs) \
	X(bank) \
	X(articles) \
	X(reminders) \
	X(provision) \
	X(lifecycle) \
	X(meter) \
	X(usageimport) \
	X(usage) \
	X(bulk) \
	X(bulkrun) \
	X(newsub) \
	X(wizard) \
	X(topups) \
	X(partnerkeys) \
	X(apikeystore) \
	X(apikeys) \
	X(apidoor) \
	X(api) \
	X(payroll) \
	X(selfservice) \
	X(apiwrite) \
	X(apiticket) \
	X(apipay) \
	X(usagealerts) \
	X(alerts) \
	X(autotopup) \
	X(hub) \
	X(apiusage) \
	X(spend) \
	X(alertsent) \
	X(spendlimit)

#define DECLARE(name)	extern const struct module name##_module;
#define ENTRY(name)	&name##_module,
MODULES(DECLARE)

const struct module *const modules[] = { MODULES(ENTRY) NULL };
