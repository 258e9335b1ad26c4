/* Validators for declared fields: small, strict, table-tested. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/request.h"
#include "core/util.h"
#include "core/module.h"
#include "core/valid.h"

static int
valid_email(char *s)
{
	char *at, *p, *dom;
	size_t n = strlen(s);

	if (n < 3 || n > 254)
		return -1;
	if ((at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return -1;
	if (at == s || at - s > 64)
		return -1;
	for (p = s; p < at; p++)
		if (!(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr(".!#$%&'*+/=?^_`{|}~-", *p)))
			return -1;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return -1;
	dom = at + 1;
	if (*dom == '\0' || strchr(dom, '.') == NULL || *dom == '.' || *dom == '-' ||
	    dom[strlen(dom) - 1] == '.' || dom[strlen(dom) - 1] == '-')
		return -1;
	for (p = dom; *p; p++)
		if (!(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return -1;
	/* Addresses compare case-insensitively: keep one canonical form. */
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return 0;
}

static int
valid_code(char *s)
{
	char *r, *w;

	/* People paste "1234 5678" or surround the code with blanks. */
	for (r = w = s; *r; r++) {
		if (*r == ' ' || *r == '-' || *r == '\t')
			continue;
		if (*r < '0' || *r > '9')
			return -1;
		*w++ = *r;
	}
	*w = '\0';
	return strlen(s) == 8 ? 0 : -1;
}

/* The code point at *p of well-formed UTF-8 (utf8_valid passed); advances p. */
static unsigned
utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned cp;
	size_t n, i;

	if (s[0] < 0x80)
		n = 0, cp = s[0];
	else if (s[0] < 0xe0)
		n = 1, cp = s[0] & 0x1f;
	else if (s[0] < 0xf0)
		n = 2, cp = s[0] & 0x0f;
	else
		n = 3, cp = s[0] & 0x07;
	for (i = 1; i <= n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	*p = s + n + 1;
	return cp;
}

/* Control and format characters: C0, DEL, C1, zero-width and directional
 * marks, line and paragraph separators, bidirectional embeddings and
 * isolates, the byte order mark. */
static int
name_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff;
}

/* What would make a link, an address or a quote end in a name: < > @ / \ :
 * " « », and a dot right before a letter or digit ("example.com"). */
static int
name_linkish(unsigned cp, const unsigned char *next)
{
	return (cp < 0x80 && strchr("<>@/\\:\"", (int)cp) != NULL) || cp == 0xab ||
	    cp == 0xbb || (cp == '.' && (((*next | 0x20) >= 'a' && (*next | 0x20) <= 'z') ||
	    (*next >= '0' && *next <= '9')));
}

/*
 * One line of text, in place: blanks around it trimmed and runs of spaces
 * made one. Returns -1 on a control or format character, or for a person's
 * name (names) on what makes a link (name_linkish), else 0 with *chars the
 * characters left.
 */
static int
line_scan(char *s, int names, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	char *w = s;
	unsigned cp;

	*chars = 0;
	if (!utf8_valid(s, strlen(s)))
		return -1;
	while (*p) {
		const unsigned char *at = p;

		cp = utf8_next(&p);
		if (name_control(cp) || (names && name_linkish(cp, p)))
			return -1;
		if (cp == ' ' && (w == s || w[-1] == ' '))
			continue;
		memmove(w, at, (size_t)(p - at));
		w += p - at;
		(*chars)++;
	}
	if (w > s && w[-1] == ' ')
		w--, (*chars)--;
	*w = '\0';
	return 0;
}

/* One line of 1..NAME_MAX_CHARS characters, as line_scan leaves it. */
static int
valid_name(char *s)
{
	size_t chars;

	return line_scan(s, 1, &chars) == 0 && chars >= 1 && chars <= NAME_MAX_CHARS ? 0 : -1;
}

const char *
valid_name_problem(const char *raw)
{
	char copy[NAME_MAX_BYTES + 1];
	size_t n, chars;

	if (raw == NULL || raw[strspn(raw, " \t\r\n")] == '\0')
		return "required";
	if ((n = strlen(raw)) > NAME_MAX_BYTES)
		return "too-long";
	memcpy(copy, raw, n + 1);
	if (line_scan(copy, 1, &chars) == -1)
		return "invalid";
	return chars > NAME_MAX_CHARS ? "too-long" : NULL;
}

void
valid_name_defuse(char *dst, size_t cap, const char *src)
{
	const unsigned char *p = (const unsigned char *)(src != NULL &&
	    utf8_valid(src, strlen(src)) ? src : "");
	struct buf b = { 0 };
	size_t chars = 0;
	unsigned cp;

	/* Stored names passed V_NAME; this is for those that came before. */
	while (*p && chars < NAME_MAX_CHARS) {
		const unsigned char *at = p;

		cp = utf8_next(&p);
		if (cp == '.' && name_linkish(cp, p))
			buf_puts(&b, ". ");
		else if (name_control(cp) || name_linkish(cp, p))
			buf_puts(&b, " ");
		else
			buf_add(&b, at, (size_t)(p - at));
		chars++;
	}
	buf_add(&b, NULL, 0);
	line_scan(b.p, 1, &chars);
	snprintf(dst, cap, "%s", chars ? b.p : "?");
	buf_free(&b);
}

const char *
valid_line(char *out, size_t cap, const char *raw, size_t max_chars)
{
	size_t n, chars;

	if (raw == NULL || raw[strspn(raw, " ")] == '\0')
		return "required";
	if ((n = strlen(raw)) >= cap)
		return "too-long";
	memcpy(out, raw, n + 1);
	if (line_scan(out, 0, &chars) == -1) {
		out[0] = '\0';
		return "invalid";
	}
	return chars > max_chars ? "too-long" : NULL;
}

/*
 * The countries whose numbers are checked: an organisation number is its
 * digits (NO 9, DK's CVR 8) whose sum weighted as below is a multiple of
 * 11. For Norway that is the mod-11 check digit: weights 3 2 7 6 5 4 3 2
 * on the first eight, and the ninth, weighted 1, makes the sum a multiple
 * of 11 (a remainder that would need the digit 10 leaves no valid number);
 * for Denmark the CVR rule itself (2 7 6 5 4 3 2 1). Postcodes of both
 * are four digits.
 */
static const struct country_rules {
	const char	*code;
	size_t		 orgnr_len;
	unsigned char	 weights[9];
	size_t		 postcode_len;
} country_rules[] = {
	{ "NO", 9, { 3, 2, 7, 6, 5, 4, 3, 2, 1 }, 4 },
	{ "DK", 8, { 2, 7, 6, 5, 4, 3, 2, 1 }, 4 },
};

static const struct country_rules *
rules_of(const char *country)
{
	size_t i;

	for (i = 0; country != NULL && i < COUNTOF(country_rules); i++)
		if (strcmp(country_rules[i].code, country) == 0)
			return &country_rules[i];
	return NULL;
}

int
valid_country(const char *country)
{
	return rules_of(country) != NULL;
}

/* Blanks dropped in place; whether n digits are left. */
static int
digits_only(char *s, size_t n)
{
	char *r, *w;

	for (r = w = s; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

int
valid_orgnr(const char *country, char *s)
{
	const struct country_rules *r = rules_of(country);
	unsigned sum = 0;
	size_t i;

	if (r == NULL || !digits_only(s, r->orgnr_len))
		return -1;
	for (i = 0; i < r->orgnr_len; i++)
		sum += (unsigned)(s[i] - '0') * r->weights[i];
	return sum % 11 == 0 ? 0 : -1;
}

int
valid_postcode(const char *country, char *s)
{
	const struct country_rules *r = rules_of(country);

	return r != NULL && digits_only(s, r->postcode_len) ? 0 : -1;
}

int
valid_iccid(char *s)
{
	unsigned sum = 0, d;
	size_t n, i;

	if (!digits_only(s, 19) && !digits_only(s, 20))
		return -1;
	if (s[0] != '8' || s[1] != '9')
		return -1;
	/* Luhn: every second digit from the check digit leftwards doubled. */
	n = strlen(s);
	for (i = 0; i < n; i++) {
		d = (unsigned)(s[n - 1 - i] - '0');
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0 ? 0 : -1;
}

static int
valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long y, m, d;
	char part[5];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	memcpy(part, s, 4);
	part[4] = '\0';
	if (parse_int(part, 1900, 9999, &y) == -1)
		return -1;
	memcpy(part, s + 5, 2);
	part[2] = '\0';
	if (part[0] < '0' || part[0] > '9' || parse_int(part, 1, 12, &m) == -1)
		return -1;
	memcpy(part, s + 8, 2);
	part[2] = '\0';
	if (part[0] < '0' || part[0] > '9' || parse_int(part, 1, mdays[m - 1], &d) == -1)
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	return 0;
}

int
valid_value(enum vtype t, char *v, size_t maxlen)
{
	size_t n = strlen(v);
	long long x;

	if (maxlen && n > maxlen)
		return -1;
	switch (t) {
	case V_EMAIL:
		return valid_email(v);
	case V_CODE:
		return n <= 32 ? valid_code(v) : -1;
	case V_TOKEN:
		return n == 43 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_") == 43 ? 0 : -1;
	case V_LANG:
		return strcmp(v, "nb") == 0 || strcmp(v, "da") == 0 ||
		    strcmp(v, "en") == 0 ? 0 : -1;
	case V_LOCALPATH:
		return n >= 1 && n <= REQ_MAX_PATH && v[0] == '/' && v[1] != '/' &&
		    v[1] != '\\' && strpbrk(v, "\\\r\n\t ") == NULL ? 0 : -1;
	case V_ID:
		return parse_int(v, 1, 9007199254740991LL, &x);
	case V_YEAR:
		return parse_int(v, 2000, 2100, &x);
	case V_TEXT:
		return utf8_valid(v, n) ? 0 : -1;
	case V_NAME:
		return n <= NAME_MAX_BYTES ? valid_name(v) : -1;
	case V_DATE:
		return valid_date(v);
	case V_WORD:
		return n >= 1 && n <= 32 &&
		    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == n ? 0 : -1;
	case V_FLASH:
		return flash_known(v) ? 0 : -1;
	}
	return -1;
}

int
fields_check(const struct field *decl, struct kvlist *l, struct input *in,
    const char **bad)
{
	size_t i, j;

	for (j = 0; decl != NULL && decl[j].name != NULL; j++)
		in[j] = (struct input){ 0 };
	for (i = 0; i < l->n; i++) {
		for (j = 0; decl != NULL && decl[j].name != NULL; j++)
			if (strcmp(decl[j].name, l->v[i].key) == 0)
				break;
		if (decl == NULL || decl[j].name == NULL || in[j].present) {
			*bad = l->v[i].key;
			return -1;
		}
		in[j].present = 1;
		if (valid_value(decl[j].type, l->v[i].val, decl[j].maxlen) == 0)
			in[j].val = l->v[i].val;
		else
			in[j].bad = 1;
	}
	return 0;
}
