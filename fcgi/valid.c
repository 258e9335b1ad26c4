/* Validators for declared fields: small, strict, table-tested. */
#include "config.h"

#include <string.h>

#include "request.h"
#include "util.h"
#include "valid.h"

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

const char *const valid_flash[] = {
	"case-created", "comment-added", "change-requested", "user-invited",
	"user-updated", "user-removed", "plan-changed", "terminated",
	"cost-centre-saved", "einvoice-added", "einvoice-removed",
	"einvoice-unsubscribed", "logged-out", NULL
};

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
	case V_DATE:
		return valid_date(v);
	case V_WORD:
		return n >= 1 && n <= 32 &&
		    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == n ? 0 : -1;
	case V_FLASH:
		for (size_t i = 0; valid_flash[i] != NULL; i++)
			if (strcmp(v, valid_flash[i]) == 0)
				return 0;
		return -1;
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
