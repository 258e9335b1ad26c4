/*
 * Roles of the back office that more than one module's pages need. A role
 * is a back-office module with an area (its name is the role's); a role
 * whose pages live in one module is declared by that module, as customers
 * and catalogue are. Billing's pages are the billing runs and credit notes
 * (admin/runs.c) and the payments and bank files (admin/bank.c): staff
 * given "billing" open both, and neither owns the other's role.
 */
#include "../core/module.h"

const struct module billing_role_module = {
	.name = "billing", .door = DOOR_ADMIN, .area = 1,
};
