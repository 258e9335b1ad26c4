/*
 * Money and dates: money_parse against a reference reading of its grammar,
 * the money_canonical round trip, money_local for nb/da/en against the
 * formats documented in money.h, and date_local and datetime_local against
 * a reference calendar and clock. Output buffers are exact-size heap blocks of every size.
 *
 * Input: byte 0 picks the language and the output size, bytes 1-3 are the
 * currency, the rest is the amount or date text.
 */
#include "config.h"

#include "core/money.h"
#include "fuzz.h"

#define MAX_MINOR 9007199254740991LL	/* 2^53 - 1: money_parse admits at least this */

static const char *const langs[] = { "nb", "da", "en", NULL, "xx", "" };

/*
 * "-?[0-9]+(\.[0-9]{1,2})?": returns 1 and the value if it matches and
 * |value| <= MAX_MINOR, 2 if it matches but is larger, 0 if no match.
 */
static int
ref_parse(const char *s, long long *minor)
{
	unsigned long long units = 0;
	int neg = 0, digits = 0, fd = 0, big = 0, frac = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (units > MAX_MINOR)
			big = 1;
		else
			units = units * 10 + (unsigned)(*s - '0');
	}
	if (digits == 0)
		return 0;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, fd++)
			if (fd < 2)
				frac = frac * 10 + (*s - '0');
		if (fd < 1 || fd > 2)
			return 0;
		if (fd == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return 0;
	if (big || units > MAX_MINOR / 100 ||
	    units * 100 + (unsigned)frac > (unsigned long long)MAX_MINOR)
		return 2;
	*minor = (long long)(units * 100 + (unsigned)frac) * (neg ? -1 : 1);
	return 1;
}

/* Reference money_local for a valid 3-letter currency. */
static void
ref_local(char *out, size_t n, const char *lang, long long minor, const char *cur)
{
	unsigned long long a = minor < 0 ? 0ULL - (unsigned long long)minor :
	    (unsigned long long)minor;
	char digits[32], grp[96];
	const char *sep, *dec;
	size_t len, i, o = 0;

	if (lang != NULL && strcmp(lang, "en") == 0)
		sep = ",", dec = ".";
	else if (lang != NULL && strcmp(lang, "da") == 0)
		sep = ".", dec = ",";
	else
		sep = "\xc2\xa0", dec = ",";
	len = (size_t)snprintf(digits, sizeof(digits), "%llu", a / 100);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			memcpy(grp + o, sep, strlen(sep));
			o += strlen(sep);
		}
		grp[o++] = digits[i];
	}
	grp[o] = '\0';
	if (lang != NULL && strcmp(lang, "en") == 0)
		snprintf(out, n, "%s%s %s%s%02llu", minor < 0 ? "-" : "", cur, grp,
		    dec, a % 100);
	else
		snprintf(out, n, "%s%s%s%02llu %s", minor < 0 ? "-" : "", grp, dec,
		    a % 100, lang != NULL && strcmp(lang, "da") == 0 ?
		    (strcmp(cur, "DKK") == 0 ? "kr." : cur) :
		    (strcmp(cur, "NOK") == 0 ? "kr" : cur));
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether s has shape: a digit for each 'd', the other bytes as they are. */
static int
shaped(const char *s, const char *shape)
{
	if (strlen(s) != strlen(shape))
		return 0;
	for (; *shape; s++, shape++)
		if (*shape == 'd' ? *s < '0' || *s > '9' : *s != *shape)
			return 0;
	return 1;
}

/* The time after a date: "Thh:mm:ss" and "Z" or an offset up to 14:59. */
static int
ref_time(const char *s, int *h, int *mi)
{
	char t[10];

	if (strlen(s) < 10)
		return 0;
	memcpy(t, s, 9);
	t[9] = '\0';
	if (!shaped(t, "Tdd:dd:dd") || (strcmp(s + 9, "Z") != 0 &&
	    !shaped(s + 9, "+dd:dd") && !shaped(s + 9, "-dd:dd")))
		return 0;
	*h = atoi(t + 1);
	*mi = atoi(t + 4);
	return *h <= 23 && *mi <= 59 && atoi(t + 7) <= 59 &&
	    (s[9] == 'Z' || (atoi(s + 10) <= 14 && atoi(s + 13) <= 59));
}

static void
check_date(const char *s, const char *lang, size_t outn)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char *out = malloc(outn ? outn : 1), want[24], got[40];
	int y, m, d, h = 0, mi = 0, ok = 0, timed = 0, rc;

	if (out == NULL)
		abort();
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-' &&
	    strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
	    strspn(s + 8, "0123456789") == 2) {
		y = atoi(s);
		m = atoi(s + 5);
		d = atoi(s + 8);
		ok = y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= mdays[m - 1] + (m == 2 && is_leap(y));
		timed = ok && ref_time(s + 10, &h, &mi);
		ok = ok && (s[10] == '\0' || timed);
	}
	rc = datetime_local(got, sizeof(got), lang, s);
	CHECK(rc == (timed ? 0 : -1));
	if (timed) {
		snprintf(want, sizeof(want), lang != NULL && strcmp(lang, "en") == 0 ?
		    "%02d/%02d/%04d %02d:%02d" : lang != NULL && strcmp(lang, "da") == 0 ?
		    "%02d.%02d.%04d %02d.%02d" : "%02d.%02d.%04d %02d:%02d", d, m, y, h, mi);
		CHECK(strcmp(got, want) == 0);
	}
	rc = date_local(out, outn, lang, s);
	CHECK(rc == (ok ? 0 : -1));
	if (ok) {
		snprintf(want, sizeof(want), lang != NULL && strcmp(lang, "en") == 0 ?
		    "%02d/%02d/%04d" : "%02d.%02d.%04d", d, m, y);
		if (outn > 0)
			CHECK(strncmp(out, want, outn - 1) == 0 &&
			    strlen(out) == (strlen(want) < outn ? strlen(want) : outn - 1));
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char cur[4], canon[64], *s, *out, want[160];
	const char *lang;
	long long minor = 0, again = 0, ref = 0, raw;
	size_t outn, i;
	int rc, r;

	if (size < 4)
		return 0;
	lang = langs[(data[0] & 0x7) % 6];
	outn = (data[0] >> 3) < 31 ? (size_t)(data[0] >> 3) : 128;
	memcpy(cur, data + 1, 3);
	cur[3] = '\0';
	s = fuzz_strndup(data + 4, size - 4);

	rc = money_parse(s, &minor);
	r = ref_parse(s, &ref);
	CHECK(rc == 0 || rc == -1);
	CHECK(r != 0 || rc == -1);		/* nothing off the grammar */
	CHECK(r != 1 || (rc == 0 && minor == ref));	/* everything in range */
	if (rc == 0) {
		money_canonical(canon, sizeof(canon), minor);
		CHECK(money_parse(canon, &again) == 0 && again == minor);
		/* Always two decimals, a sign only when negative. */
		CHECK(strchr(canon, '.') != NULL && strlen(strchr(canon, '.')) == 3);
		CHECK((canon[0] == '-') == (minor < 0));
	}
	CHECK(money_parse(NULL, &again) == -1);

	/* Any 64-bit value: canonical must read back when it is in range. */
	if (size - 4 >= 8) {
		memcpy(&raw, data + 4, 8);
		money_canonical(canon, sizeof(canon), raw);
		rc = money_parse(canon, &again);
		if (raw >= -MAX_MINOR && raw <= MAX_MINOR)
			CHECK(rc == 0 && again == raw);
		else
			CHECK(rc == -1 || again == raw);
		minor = raw;
	}

	/* money_local into an exact-size buffer, and against the reference. */
	out = malloc(outn ? outn : 1);
	if (out == NULL)
		abort();
	money_local(out, outn, lang, minor, cur);
	if (outn > 0)
		CHECK(memchr(out, '\0', outn) != NULL);
	money_local(out, outn, lang, minor, NULL);
	free(out);
	if (strlen(cur) == 3) {
		char got[160];

		money_local(got, sizeof(got), lang, minor, cur);
		ref_local(want, sizeof(want), lang, minor, cur);
		CHECK(strcmp(got, want) == 0);
	}
	for (i = 0; i < 3; i++) {
		char got[160];

		money_local(got, sizeof(got), langs[i], minor, "NOK");
		CHECK(strlen(got) > 4);
	}

	check_date(s, lang, outn);
	for (i = 0; i < 3; i++)
		check_date(s, langs[i], 11);
	free(s);
	return 0;
}
