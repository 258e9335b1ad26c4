/* UTC times of the database in a company's zone, as tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/tz.h"

static void
test_valid(void)
{
	static const struct {
		const char *zone;
		int ok;
	} t[] = {
		{ "Europe/Oslo", 1 },
		{ "Europe/Copenhagen", 1 },
		{ "UTC", 1 },
		{ "America/Argentina/Buenos_Aires", 1 },
		{ "Etc/GMT+1", 1 },
		{ "Europe/Nowhere", 0 },
		{ "Europe", 0 },		/* a directory */
		{ "../../etc/passwd", 0 },
		{ "/etc/localtime", 0 },
		{ "Europe/../Europe/Oslo", 0 },
		{ "Europe//Oslo", 0 },
		{ "Europe/Oslo/", 0 },
		{ "Europe/Oslo\n", 0 },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", 0 },	/* a POSIX rule, not a name */
		{ "", 0 },
		{ NULL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK(tz_valid(t[i].zone) == t[i].ok, "tz_valid(\"%s\")",
		    t[i].zone ? t[i].zone : "(null)");
}

static void
test_local(void)
{
	static const struct {
		const char *zone, *utc, *out;
	} t[] = {
		/* winter and summer time */
		{ "Europe/Oslo", "2026-01-13 08:30:00", "2026-01-13T09:30:00+01:00" },
		{ "Europe/Oslo", "2025-07-01T08:30:00", "2025-07-01T10:30:00+02:00" },
		{ "Europe/Copenhagen", "2026-01-13 08:30:00", "2026-01-13T09:30:00+01:00" },
		{ "Europe/Copenhagen", "2025-07-01 08:30:00", "2025-07-01T10:30:00+02:00" },
		/* the local day is not the UTC day */
		{ "Europe/Oslo", "2025-12-31 23:30:00", "2026-01-01T00:30:00+01:00" },
		/* the changes of 2026-03-29 and 2025-10-26 (01:00 UTC) */
		{ "Europe/Oslo", "2026-03-29 00:59:59", "2026-03-29T01:59:59+01:00" },
		{ "Europe/Oslo", "2026-03-29 01:00:00", "2026-03-29T03:00:00+02:00" },
		{ "Europe/Oslo", "2025-10-26 00:59:59", "2025-10-26T02:59:59+02:00" },
		{ "Europe/Oslo", "2025-10-26 01:00:00", "2025-10-26T02:00:00+01:00" },
		/* offsets with minutes, behind UTC, and none */
		{ "Asia/Kolkata", "2026-01-13 08:30:00", "2026-01-13T14:00:00+05:30" },
		{ "America/St_Johns", "2026-01-13 08:30:00", "2026-01-13T05:00:00-03:30" },
		{ "UTC", "2026-01-13 08:30:00", "2026-01-13T08:30:00Z" },
		/* unknown zones: the process's own (TZ=UTC here) */
		{ "Europe/Nowhere", "2026-01-13 08:30:00", "2026-01-13T08:30:00Z" },
		{ "../../etc/passwd", "2026-01-13 08:30:00", "2026-01-13T08:30:00Z" },
		{ NULL, "2026-01-13 08:30:00", "2026-01-13T08:30:00Z" },
		{ "", "2026-01-13 08:30:00", "2026-01-13T08:30:00Z" },
		/* back to a zone set before */
		{ "Europe/Oslo", "2026-01-13 08:30:00", "2026-01-13T09:30:00+01:00" },
		/* leap day */
		{ "Europe/Oslo", "2024-02-29 12:00:00", "2024-02-29T13:00:00+01:00" },
	};
	static const char *const bad[] = {
		"2026-01-13", "2026-01-13 08:30", "2026-01-13 08:30:00.123",
		"2026-13-01 08:30:00", "2026-02-29 08:30:00", "2026-01-00 08:30:00",
		"2026-01-13 24:00:00", "2026-01-13 08:60:00", "2026-01-13 08:30:60",
		"2026-01-13X08:30:00", "2026/01/13 08:30:00", "+026-01-13 08:30:00",
		"2026-01-13  8:30:00", "2026-1-13 08:30:00 ", "1969-12-31 23:59:59", "",
		NULL,
	};
	char out[TZ_ISO_LEN];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = tz_local(out, sizeof(out), t[i].zone, t[i].utc);

		CHECK(rc == 0 && strcmp(out, t[i].out) == 0, "%s %s = \"%s\"",
		    t[i].zone ? t[i].zone : "(null)", t[i].utc, rc == 0 ? out : "-1");
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(tz_local(out, sizeof(out), "Europe/Oslo", bad[i]) == -1,
		    "tz_local(\"%s\") accepted", bad[i] ? bad[i] : "(null)");
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	test_valid();
	test_local();
	return check_status("tz");
}
