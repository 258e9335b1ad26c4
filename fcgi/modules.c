/*
 * The modules of the program, one line each, in the order of the company
 * menu and of the areas (see core/module.h).
 */
#include "config.h"

#include <stddef.h>

#include "core/module.h"

#define MODULES(X) \
	X(home) \
	X(login) \
	X(companies) \
	X(locations) \
	X(subscriptions) \
	X(orders) \
	X(invoices) \
	X(invoice) \
	X(billing) \
	X(support) \
	X(users) \
	X(invitations) \
	X(audit)

#define DECLARE(name)	extern const struct module name##_module;
#define ENTRY(name)	&name##_module,
MODULES(DECLARE)

const struct module *const modules[] = { MODULES(ENTRY) NULL };
