/*
 * Money and dates for people. Amounts are integer minor units (øre) in C and
 * DECIMAL in MariaDB, never floating point; the page XML carries canonical
 * "799.00" and "2025-12-29", and these functions make "799,00 kr" and
 * "29.12.2025" for the stylesheets.
 */
#ifndef SELFCARE_MONEY_H
#define SELFCARE_MONEY_H

#include <stddef.h>

/* "-?[0-9]+(\.[0-9]{1,2})?" into minor units; -1 on anything else or overflow. */
int	 money_parse(const char *, long long *minor);
/* An amount as people type it into a form: a decimal comma or point, blanks
 * or no-break spaces between the digits ("1 290,00", " 299 "); then as
 * money_parse. -1 on anything else. */
int	 money_parse_typed(const char *, long long *minor);
/* Canonical form for XML: "799.00", "-0.50". */
void	 money_canonical(char *out, size_t, long long minor);
/* Local form: nb "1 234,50 kr", da "1.234,50 kr.", en "NOK 1,234.50". */
void	 money_local(char *out, size_t, const char *lang, long long minor,
	    const char *currency);
/* "YYYY-MM-DD" (a real calendar date), or a time with its offset as below,
 * into its date: nb/da "29.12.2025", en "29/12/2025"; -1 if invalid. */
int	 date_local(char *out, size_t, const char *lang, const char *iso);
/* A local time with its offset, "2026-01-13T09:30:00+01:00" or "…Z" (the
 * pages' times, tz.h), as its wall time: nb "13.01.2026 09:30",
 * da "13.01.2026 09.30", en "13/01/2026 09:30"; -1 if invalid. */
int	 datetime_local(char *out, size_t, const char *lang, const char *iso);

#endif
