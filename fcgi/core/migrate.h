/* Schema migrations and the demo data, run by `selfcare migrate` / `demo-data`. */
#ifndef SELFCARE_MIGRATE_H
#define SELFCARE_MIGRATE_H

struct conf;

int	 migrate_run(const struct conf *);
int	 migrate_demo(const struct conf *);

#endif
