/* Formatting of money and dates; see money.h. */
#include "config.h"

#include <string.h>

#include "core/money.h"
#include "core/util.h"

int
money_parse(const char *s, long long *minor)
{
	long long units = 0, frac = 0;
	int neg = 0, digits = 0, fd = 0;

	if (s == NULL)
		return -1;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (units > (9007199254740991LL / 100 - 9) / 10)
			return -1;
		units = units * 10 + (*s - '0');
	}
	if (digits == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, fd++) {
			if (fd >= 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (fd == 0)
			return -1;
		if (fd == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	*minor = (units * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

int
money_parse_typed(const char *s, long long *minor)
{
	char canon[64];
	size_t n = 0;

	if (s == NULL)
		return -1;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			s++;		/* U+00A0, as money_local groups nb */
			continue;
		}
		if (n + 1 == sizeof(canon))
			return -1;
		canon[n++] = *s == ',' ? '.' : *s;
	}
	canon[n] = '\0';
	return money_parse(canon, minor);
}

void
money_canonical(char *out, size_t n, long long minor)
{
	unsigned long long a = minor < 0 ? 0ULL - (unsigned long long)minor :
	    (unsigned long long)minor;
	struct fixbuf f;

	fix_init(&f, out, n);
	if (minor < 0)
		fix_putc(&f, '-');
	fix_uint(&f, a / 100, 0);
	fix_putc(&f, '.');
	fix_uint(&f, a % 100, 2);
}

/* Writes the integer part with a group separator every three digits. */
static void
grouped(struct fixbuf *f, unsigned long long v, const char *sep)
{
	char digits[24];
	struct fixbuf d;
	size_t i;

	fix_init(&d, digits, sizeof(digits));
	fix_uint(&d, v, 0);
	for (i = 0; i < d.len; i++) {
		if (i > 0 && (d.len - i) % 3 == 0)
			fix_puts(f, sep);
		fix_putc(f, digits[i]);
	}
}

/* The amount with its separators: grouped units, the decimal mark, cents. */
static void
amount(struct fixbuf *f, unsigned long long a, const char *sep, char mark)
{
	grouped(f, a / 100, sep);
	fix_putc(f, mark);
	fix_uint(f, a % 100, 2);
}

void
money_local(char *out, size_t n, const char *lang, long long minor,
    const char *currency)
{
	unsigned long long a = minor < 0 ? 0ULL - (unsigned long long)minor :
	    (unsigned long long)minor;
	struct fixbuf f;

	if (currency == NULL || strlen(currency) != 3)
		currency = "";
	fix_init(&f, out, n);
	if (minor < 0)
		fix_putc(&f, '-');
	if (lang != NULL && strcmp(lang, "en") == 0) {
		fix_puts(&f, currency);
		if (*currency)
			fix_putc(&f, ' ');
		amount(&f, a, ",", '.');
		return;
	}
	if (lang != NULL && strcmp(lang, "da") == 0) {
		amount(&f, a, ".", ',');
		fix_putc(&f, ' ');
		fix_puts(&f, strcmp(currency, "DKK") == 0 ? "kr." : currency);
		return;
	}
	/* Norwegian groups thousands with a no-break space (U+00A0). */
	amount(&f, a, "\xc2\xa0", ',');
	fix_putc(&f, ' ');
	fix_puts(&f, strcmp(currency, "NOK") == 0 ? "kr" : currency);
}

/* Digits at s[0..n), as a number; -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n-- > 0; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* The calendar date at the start of iso ("YYYY-MM-DD"); -1 if it is none. */
static int
date_parse(const char *iso, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap;

	if (strnlen(iso, 10) != 10 || iso[4] != '-' || iso[7] != '-' ||
	    (*y = digits(iso, 4)) < 1 || (*m = digits(iso + 5, 2)) < 1 || *m > 12 ||
	    (*d = digits(iso + 8, 2)) < 1)
		return -1;
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	return *d > mdays[*m - 1] + (*m == 2 && leap) ? -1 : 0;
}

/* The time after a date: "THH:MM:SS" and "Z" or "+HH:MM"/"-HH:MM"; the hour
 * and minute into h, mi; -1 if it is not that. */
static int
time_parse(const char *t, int *h, int *mi)
{
	size_t n = strlen(t);

	if (n < 10 || t[0] != 'T' || t[3] != ':' || t[6] != ':' ||
	    (*h = digits(t + 1, 2)) < 0 || *h > 23 || (*mi = digits(t + 4, 2)) < 0 ||
	    *mi > 59 || digits(t + 7, 2) < 0 || digits(t + 7, 2) > 59)
		return -1;
	t += 9;
	if (strcmp(t, "Z") == 0)
		return 0;
	if (strlen(t) != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':' ||
	    digits(t + 1, 2) < 0 || digits(t + 1, 2) > 14 || digits(t + 4, 2) < 0 ||
	    digits(t + 4, 2) > 59)
		return -1;
	return 0;
}

/* "29.12.2025" (or with sep "/"): the date as every page writes it. */
static void
day_month_year(struct fixbuf *f, char sep, int d, int m, int y)
{
	fix_uint(f, (unsigned)d, 2);
	fix_putc(f, sep);
	fix_uint(f, (unsigned)m, 2);
	fix_putc(f, sep);
	fix_uint(f, (unsigned)y, 4);
}

int
date_local(char *out, size_t n, const char *lang, const char *iso)
{
	int y, m, d, h, mi;
	struct fixbuf f;

	if (iso == NULL || date_parse(iso, &y, &m, &d) == -1 ||
	    (iso[10] != '\0' && time_parse(iso + 10, &h, &mi) == -1))
		return -1;
	fix_init(&f, out, n);
	day_month_year(&f, lang != NULL && strcmp(lang, "en") == 0 ? '/' : '.', d, m, y);
	return 0;
}

int
datetime_local(char *out, size_t n, const char *lang, const char *iso)
{
	int y, m, d, h, mi, en = lang != NULL && strcmp(lang, "en") == 0;
	struct fixbuf f;

	if (iso == NULL || date_parse(iso, &y, &m, &d) == -1 ||
	    time_parse(iso + 10, &h, &mi) == -1)
		return -1;
	fix_init(&f, out, n);
	day_month_year(&f, en ? '/' : '.', d, m, y);
	fix_putc(&f, ' ');
	fix_uint(&f, (unsigned)h, 2);
	/* Danish writes the time with a full stop, as CLDR does. */
	fix_putc(&f, lang != NULL && strcmp(lang, "da") == 0 ? '.' : ':');
	fix_uint(&f, (unsigned)mi, 2);
	return 0;
}
