/*
 * Times in a company's time zone. MariaDB keeps every time in UTC
 * (db.c sets time_zone '+00:00'); pages show them in the zone of the
 * company they belong to, converted here with the system's tz database
 * (tzdata): TZ set to the zone, tzset(), localtime_r(). The current zone
 * is kept, so a page of one company sets it once; workers are
 * single-threaded, and nothing else in them reads local time.
 */
#ifndef SELFCARE_TZ_H
#define SELFCARE_TZ_H

#include <stddef.h>

#define TZ_NAME_MAX	64
/* "2026-01-13T09:30:00+01:00" and its NUL. */
#define TZ_ISO_LEN	26

/* Whether zone names a zone of the tz database ("Europe/Oslo"). */
int	 tz_valid(const char *zone);
/*
 * A UTC time as MariaDB gives it, "YYYY-MM-DD HH:MM:SS" or with a "T",
 * as ISO 8601 local time of zone with its offset:
 * "2026-01-13T09:30:00+01:00", or "…Z" where the offset is 0. A NULL,
 * empty or unknown zone is the process's own (TZ or /etc/localtime when
 * it started). -1 if utc is no such time.
 */
int	 tz_local(char *out, size_t, const char *zone, const char *utc);

#endif
