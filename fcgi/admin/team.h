/*
 * The staff from the command line: the first administrator, before anyone
 * can log in to the back office to add the others.
 */
#ifndef SELFCARE_TEAM_H
#define SELFCARE_TEAM_H

#include <stdio.h>

struct conf;
struct db;

/*
 * Adds a member of staff with roles (a comma list of role names, each one
 * a back-office module's), audited as done from the command line, and
 * prints where they log in. 0, 1 refused (the reason on err: a bad address,
 * name or role, an address already on the staff), or an exit status.
 */
int	 team_add_cli(struct db *, const struct conf *, const char *email,
	    const char *name, const char *roles, FILE *out, FILE *err);

#endif
