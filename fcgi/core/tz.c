/* Times in a company's time zone (see tz.h). */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tz.h"

static int	 tz_started;
static char	 tz_start[256];		/* TZ as the process started ("": unset) */
static int	 tz_start_set;
static char	 tz_cur[TZ_NAME_MAX + 1];	/* the zone set now ("": the start's) */

int
tz_valid(const char *zone)
{
	char path[512];
	const char *dir = getenv("TZDIR"), *p;
	struct stat st;
	size_t n;

	if (zone == NULL || (n = strlen(zone)) == 0 || n > TZ_NAME_MAX)
		return 0;
	/* Names of the database: letters, digits, _ + -, parts joined by '/';
	 * none starts with '.' (no way out of TZDIR) or is empty. */
	if (strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_+-./") != n)
		return 0;
	for (p = zone; p != NULL; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		if (*p == '.' || *p == '/' || *p == '\0')
			return 0;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, zone) >= sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Makes zone (or the start's, for "") the one localtime_r uses. */
static void
tz_use(const char *zone)
{
	if (!tz_started) {
		const char *t = getenv("TZ");

		tz_start_set = t != NULL;
		snprintf(tz_start, sizeof(tz_start), "%s", t ? t : "");
		tz_started = 1;
		tzset();
	}
	if (strcmp(zone, tz_cur) == 0)
		return;
	snprintf(tz_cur, sizeof(tz_cur), "%s", zone);
	if (*zone != '\0')
		setenv("TZ", zone, 1);
	else if (tz_start_set)
		setenv("TZ", tz_start, 1);
	else
		unsetenv("TZ");
	tzset();
}

/* The len digits at s + at, as a number. */
static int
tz_num(const char *s, int at, int len)
{
	int v = 0;

	for (s += at; len-- > 0; s++)
		v = v * 10 + (*s - '0');
	return v;
}

int
tz_local(char *out, size_t n, const char *zone, const char *utc)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm = { 0 };
	int y, mo, d, leap, len;
	size_t i;
	long off;
	time_t t;

	if (utc == NULL || strlen(utc) != sizeof(shape) - 1)
		return -1;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? utc[i] < '0' || utc[i] > '9' :
		    shape[i] == 'T' ? utc[i] != 'T' && utc[i] != ' ' : utc[i] != shape[i])
			return -1;
	y = tz_num(utc, 0, 4);
	mo = tz_num(utc, 5, 2);
	d = tz_num(utc, 8, 2);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap))
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = tz_num(utc, 11, 2);
	tm.tm_min = tz_num(utc, 14, 2);
	tm.tm_sec = tz_num(utc, 17, 2);
	if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59 ||
	    (t = timegm(&tm)) == (time_t)-1)
		return -1;
	/* The zone set now was checked when it was set. */
	if (zone == NULL || strcmp(zone, tz_cur) != 0)
		tz_use(tz_valid(zone) ? zone : "");
	if (localtime_r(&t, &tm) == NULL ||
	    (len = (int)strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm)) == 0)
		return -1;
	off = tm.tm_gmtoff;
	if (off == 0)
		snprintf(out + len, n - (size_t)len, "Z");
	else
		snprintf(out + len, n - (size_t)len, "%c%02ld:%02ld", off < 0 ? '-' : '+',
		    labs(off) / 3600, labs(off) % 3600 / 60);
	return 0;
}
