/*
 * Today as the database sees it (CURDATE() in its session time zone, UTC):
 * the same day the statements compare due dates with.
 */
#ifndef SELFCARE_CLOCK_H
#define SELFCARE_CLOCK_H

struct db;

/* YYYY-MM-DD into out; a db_rc. */
int	 clock_today(struct db *, char out[11]);

#endif
