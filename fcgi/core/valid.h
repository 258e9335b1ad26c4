/*
 * Declared input fields (after kcgi's kvalid): each field a page accepts is
 * named once with a validator; the dispatcher rejects unknown and duplicated
 * fields, and handlers read only values that passed.
 */
#ifndef SELFCARE_VALID_H
#define SELFCARE_VALID_H

#include <stddef.h>

struct kvlist;

enum vtype {
	V_EMAIL,	/* an e-mail address, lower-cased by the validator */
	V_CODE,		/* a login code: 8 digits, spaces allowed between */
	V_TOKEN,	/* 43 base64url characters (CSRF) */
	V_LANG,		/* nb, da, en */
	V_LOCALPATH,	/* a path on this site: "/..." but not "//..." */
	V_ID,		/* a positive integer id */
	V_YEAR,		/* 2000..2100 */
	V_TEXT,		/* free text: UTF-8, no control characters but newlines */
	V_DATE,		/* an ISO date YYYY-MM-DD that exists */
	V_WORD,		/* a code: [a-z0-9-], 1..32 (checked against a list by the handler) */
	V_FLASH,	/* a confirmation code shown after a redirect (a module's flashes) */
	V_NAME,		/* a person's name: one line, no control characters, no link (valid.c) */
};

#define NAME_MAX_CHARS	100	/* a person's name, in characters */
#define NAME_MAX_BYTES	(NAME_MAX_CHARS * 4)

/* Why a submitted person's name (NULL: absent) is refused: "required",
 * "too-long" or "invalid"; NULL when it passes V_NAME. */
const char	*valid_name_problem(const char *raw);
/* A stored name made safe to quote in a mail: one line, what V_NAME refuses
 * turned into spaces (a dot before a letter gets one after it); "?" if
 * nothing is left. For names stored before V_NAME existed. */
void		 valid_name_defuse(char *dst, size_t cap, const char *src);

/*
 * Why a one-line text (a company's name, a street, a city; NULL: absent)
 * is refused: "required", "too-long" (over max_chars characters, or not
 * fitting in cap bytes) or "invalid" (a control or format character, a
 * line break); NULL when it passes, with the line in out (cap bytes),
 * blanks around it trimmed and runs of spaces made one.
 */
const char	*valid_line(char *out, size_t cap, const char *raw, size_t max_chars);

/*
 * A company's numbers by its country ("NO", "DK"), checked in place with
 * blanks dropped: an organisation number (NO 9 digits with the mod-11
 * check digit, weights 3 2 7 6 5 4 3 2; DK's CVR 8 digits whose sum
 * weighted 2 7 6 5 4 3 2 1 is a multiple of 11) and a postcode (four
 * digits in both). 0 if it is one; -1 otherwise and for any other country
 * (valid_country: whether a country is one of these).
 */
int		 valid_country(const char *country);
int		 valid_orgnr(const char *country, char *s);
int		 valid_postcode(const char *country, char *s);

/*
 * A SIM card's ICCID (ITU-T E.118), checked in place with blanks dropped:
 * 19 or 20 digits, the telecom prefix 89 first and the Luhn check digit
 * last. 0 if it is one; -1 otherwise.
 */
int		 valid_iccid(char *s);

/* The confirmation codes a page may show after post/redirect/get (?done=). */

struct field {
	const char	*name;
	enum vtype	 type;
	size_t		 maxlen;	/* 0: the type's own bound */
};

/* One field's value after validation; val is NULL when absent or invalid. */
struct input {
	const char	*val;
	int		 present;
	int		 bad;
};

#define FIELDS_MAX 24

/*
 * Validates val in place (normalising it, e.g. lower-casing an address).
 * Returns 0 if it is acceptable.
 */
int	 valid_value(enum vtype, char *val, size_t maxlen);

/*
 * Checks the fields of a request against a NULL-terminated declaration.
 * Returns 0, or -1 with *bad set to the first unknown or duplicated name.
 * in[i] receives the state of decl[i].
 */
int	 fields_check(const struct field *decl, struct kvlist *,
	    struct input *in, const char **bad);

#endif
