/* Validators of declared fields, and the declared-field check itself. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "core/request.h"
#include "core/valid.h"

static const struct {
	enum vtype type;
	const char *in;
	int ok;
	const char *norm;	/* the value after validation, when ok */
} cases[] = {
	{ V_EMAIL, "kari.nordmann@example.no", 1, "kari.nordmann@example.no" },
	{ V_EMAIL, "Kari.Nordmann@Example.NO", 1, "kari.nordmann@example.no" },
	{ V_EMAIL, "a+tag@sub.example.dk", 1, "a+tag@sub.example.dk" },
	{ V_EMAIL, "no-at-sign.example.no", 0, NULL },
	{ V_EMAIL, "a@b@example.no", 0, NULL },
	{ V_EMAIL, ".a@example.no", 0, NULL },
	{ V_EMAIL, "a.@example.no", 0, NULL },
	{ V_EMAIL, "a..b@example.no", 0, NULL },
	{ V_EMAIL, "a@localhost", 0, NULL },
	{ V_EMAIL, "a@-example.no", 0, NULL },
	{ V_EMAIL, "a@example.no.", 0, NULL },
	{ V_EMAIL, "a b@example.no", 0, NULL },
	{ V_EMAIL, "a@exa mple.no", 0, NULL },
	{ V_EMAIL, "\xc3\xa6@example.no", 0, NULL },
	{ V_EMAIL, "a@example.no\r\nBcc: x@y.z", 0, NULL },
	{ V_EMAIL, "", 0, NULL },
	{ V_CODE, "12345678", 1, "12345678" },
	{ V_CODE, " 1234 5678 ", 1, "12345678" },
	{ V_CODE, "1234-5678", 1, "12345678" },
	{ V_CODE, "1234567", 0, NULL },
	{ V_CODE, "123456789", 0, NULL },
	{ V_CODE, "1234567a", 0, NULL },
	{ V_CODE, "", 0, NULL },
	{ V_TOKEN, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO-_", 1, NULL },
	{ V_TOKEN, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO-", 0, NULL },
	{ V_TOKEN, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO+/", 0, NULL },
	{ V_LANG, "nb", 1, NULL },
	{ V_LANG, "da", 1, NULL },
	{ V_LANG, "en", 1, NULL },
	{ V_LANG, "sv", 0, NULL },
	{ V_LANG, "NB", 0, NULL },
	{ V_LOCALPATH, "/companies", 1, NULL },
	{ V_LOCALPATH, "/", 1, NULL },
	{ V_LOCALPATH, "//evil.example", 0, NULL },
	{ V_LOCALPATH, "/\\evil.example", 0, NULL },
	{ V_LOCALPATH, "http://evil.example/", 0, NULL },
	{ V_LOCALPATH, "/a b", 0, NULL },
	{ V_LOCALPATH, "/a\r\nSet-Cookie: x=1", 0, NULL },
	{ V_LOCALPATH, "", 0, NULL },
	{ V_ID, "1", 1, NULL },
	{ V_ID, "9007199254740991", 1, NULL },
	{ V_ID, "9007199254740992", 0, NULL },
	{ V_ID, "0", 0, NULL },
	{ V_ID, "-1", 0, NULL },
	{ V_ID, "abc", 0, NULL },
	{ V_ID, "1e3", 0, NULL },
	{ V_ID, "", 0, NULL },
	{ V_YEAR, "2025", 1, NULL },
	{ V_YEAR, "1999", 0, NULL },
	{ V_YEAR, "20251", 0, NULL },
	{ V_TEXT, "Hei på deg\nlinje to", 1, NULL },
	{ V_TEXT, "bad\x01", 0, NULL },
	{ V_TEXT, "\xff", 0, NULL },
	/* A person's name: one line, no control characters, nothing that
	 * makes a link; blanks trimmed and collapsed. */
	{ V_NAME, "Kari Nordmann", 1, "Kari Nordmann" },
	{ V_NAME, "  Søren   Ærø-Nielsen ", 1, "Søren Ærø-Nielsen" },
	{ V_NAME, "Ola H. O'Brien", 1, "Ola H. O'Brien" },
	{ V_NAME, "J. R. R. Tolkien, jr.", 1, "J. R. R. Tolkien, jr." },
	{ V_NAME, "Zoë Åsland (HR)", 1, "Zoë Åsland (HR)" },
	{ V_NAME, "\xe5\xbc\xa0\xe4\xbc\x9f", 1, NULL },
	{ V_NAME, "Kari\nVennligst logg inn", 0, NULL },
	{ V_NAME, "Kari\r\n", 0, NULL },
	{ V_NAME, "Kari\tNordmann", 0, NULL },
	{ V_NAME, "Kari\x7f", 0, NULL },
	{ V_NAME, "Kari\xc2\x85Nordmann", 0, NULL },		/* NEL, a C1 control */
	{ V_NAME, "Kari\xe2\x80\xa8Nordmann", 0, NULL },		/* line separator */
	{ V_NAME, "\xe2\x80\xaeKari", 0, NULL },			/* right-to-left override */
	{ V_NAME, "Kari\xe2\x80\x8b", 0, NULL },			/* zero-width space */
	{ V_NAME, "https://evil.example/login", 0, NULL },
	{ V_NAME, "Kari evil.example", 0, NULL },
	{ V_NAME, "www.evil.no", 0, NULL },
	{ V_NAME, "kari@example.no", 0, NULL },
	{ V_NAME, "Kari <b>", 0, NULL },
	{ V_NAME, "Kari \"IT\" Nordmann", 0, NULL },
	{ V_NAME, "Kari \xc2\xbb klikk", 0, NULL },			/* a closing quote */
	{ V_NAME, "Note: urgent", 0, NULL },
	{ V_NAME, "", 0, NULL },
	{ V_NAME, "   ", 0, NULL },
	{ V_NAME, "\xff", 0, NULL },
};

static void
test_values(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char v[256];
		int rc;

		snprintf(v, sizeof(v), "%s", cases[i].in);
		rc = valid_value(cases[i].type, v, 0);
		CHECK((rc == 0) == cases[i].ok, "type %d \"%s\": %d", (int)cases[i].type,
		    cases[i].in, rc);
		if (rc == 0 && cases[i].norm)
			CHECK(strcmp(v, cases[i].norm) == 0, "\"%s\" normalised to \"%s\"",
			    cases[i].in, v);
	}
	{
		char v[] = "abcdef";

		CHECK(valid_value(V_TEXT, v, 5) == -1, "maxlen");
		CHECK(valid_value(V_TEXT, v, 6) == 0, "maxlen exact");
	}
}

/* The reasons a name is refused, and names made safe for a mail. */
static void
test_names(void)
{
	static const struct {
		const char *raw, *problem;
	} p[] = {
		{ NULL, "required" },
		{ " \t", "required" },
		{ "Kari Nordmann", NULL },
		{ "Kari\nhttp://evil.example", "invalid" },
		{ "a@b", "invalid" },
	};
	static const struct {
		const char *in, *out;
	} d[] = {
		{ "Kari Nordmann", "Kari Nordmann" },
		{ "Kari\n\nKlikk: https://evil.example/login", "Kari Klikk https evil. example login" },
		{ "<kari@evil.no>", "kari evil. no" },
		{ "\n\t", "?" },
		{ NULL, "?" },
	};
	char name[NAME_MAX_BYTES + 2], out[NAME_MAX_BYTES + 1];
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		const char *got = valid_name_problem(p[i].raw);

		CHECK((got == NULL && p[i].problem == NULL) ||
		    (got && p[i].problem && strcmp(got, p[i].problem) == 0),
		    "valid_name_problem(\"%s\") = %s", p[i].raw ? p[i].raw : "NULL",
		    got ? got : "NULL");
	}
	memset(name, 'n', NAME_MAX_CHARS + 1);
	name[NAME_MAX_CHARS + 1] = '\0';
	CHECK(valid_name_problem(name) && strcmp(valid_name_problem(name), "too-long") == 0,
	    "%d characters: too-long", NAME_MAX_CHARS + 1);
	name[NAME_MAX_CHARS] = '\0';
	CHECK(valid_name_problem(name) == NULL, "%d characters: fine", NAME_MAX_CHARS);
	/* 100 characters of two bytes each pass; 101 do not. */
	for (i = 0; i < NAME_MAX_CHARS; i++)
		memcpy(name + 2 * i, "\xc3\xa6", 2);
	name[2 * NAME_MAX_CHARS] = '\0';
	CHECK(valid_name_problem(name) == NULL, "%d two-byte characters", NAME_MAX_CHARS);
	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		valid_name_defuse(out, sizeof(out), d[i].in);
		CHECK(strcmp(out, d[i].out) == 0, "defused \"%s\": \"%s\"",
		    d[i].in ? d[i].in : "NULL", out);
		CHECK(d[i].out[0] == '?' || valid_name_problem(out) == NULL,
		    "a defused name is a name: \"%s\"", out);
	}
	memset(name, 'x', NAME_MAX_CHARS + 1);
	name[NAME_MAX_CHARS + 1] = '\0';
	valid_name_defuse(out, sizeof(out), name);
	CHECK(strlen(out) == NAME_MAX_CHARS, "defused names are cut at %d", NAME_MAX_CHARS);
}

/*
 * Organisation numbers by country: real numbers of real companies pass,
 * and so does nothing that is one digit off (each digit's weight is prime
 * to 11, so changing one digit always breaks the sum; checked for every
 * digit of every valid number below as well).
 */
static const struct {
	const char *country, *in;
	int ok;
	const char *norm;
} orgnrs[] = {
	{ "NO", "923609016", 1, "923609016" },		/* Equinor ASA */
	{ "NO", "984851006", 1, "984851006" },		/* DNB Bank ASA */
	{ "NO", "982463718", 1, "982463718" },		/* Telenor ASA */
	{ "NO", "974760673", 1, "974760673" },		/* Brønnøysundregistrene */
	{ "NO", "971526920", 1, "971526920" },		/* check digit 0 (remainder 0) */
	{ "NO", " 923 609 016 ", 1, "923609016" },	/* as people type it */
	{ "NO", "923609017", 0, NULL },			/* the check digit one up */
	{ "NO", "923609015", 0, NULL },			/* and one down */
	{ "NO", "913609016", 0, NULL },			/* the first digit one down */
	{ "NO", "923619016", 0, NULL },
	{ "NO", "932609016", 0, NULL },			/* two digits swapped */
	/* The demo's 912345678: its first eight digits would need the check
	 * digit 10, so no number starting with them is valid. */
	{ "NO", "912345678", 0, NULL },
	{ "NO", "912345670", 0, NULL },
	{ "NO", "92360901", 0, NULL },			/* eight digits */
	{ "NO", "9236090160", 0, NULL },		/* ten */
	{ "NO", "923-609-016", 0, NULL },
	{ "NO", "92360901a", 0, NULL },
	{ "NO", "NO923609016", 0, NULL },
	{ "NO", "", 0, NULL },
	{ "DK", "24256790", 1, "24256790" },		/* Novo Nordisk A/S */
	{ "DK", "22756214", 1, "22756214" },		/* A.P. Møller - Mærsk A/S */
	{ "DK", "61056416", 1, "61056416" },		/* Carlsberg A/S */
	{ "DK", "54562519", 1, "54562519" },		/* LEGO A/S */
	{ "DK", "2425 6790", 1, "24256790" },
	{ "DK", "24256791", 0, NULL },			/* the last digit one up */
	{ "DK", "24256780", 0, NULL },			/* one digit one down */
	{ "DK", "34256790", 0, NULL },			/* the first digit one up */
	{ "DK", "2425679", 0, NULL },			/* seven digits */
	{ "DK", "242567900", 0, NULL },			/* nine */
	{ "DK", "923609016", 0, NULL },			/* a Norwegian number */
	{ "NO", "24256790", 0, NULL },			/* a Danish number */
	{ "SE", "5560125790", 0, NULL },		/* a country without rules */
	{ "no", "923609016", 0, NULL },
	{ NULL, "923609016", 0, NULL },
};

static const struct {
	const char *country, *in;
	int ok;
} postcodes[] = {
	{ "NO", "0155", 1 },
	{ "NO", "7011", 1 },
	{ "NO", " 7011", 1 },
	{ "NO", "701", 0 },
	{ "NO", "70111", 0 },
	{ "NO", "70a1", 0 },
	{ "NO", "", 0 },
	{ "DK", "8000", 1 },
	{ "DK", "1620", 1 },
	{ "DK", "DK-8000", 0 },
	{ "DK", "800", 0 },
	{ "SE", "11122", 0 },
};

/* SIM cards' ICCIDs: 19 or 20 digits, 89 first, the Luhn check digit last. */
static const struct {
	const char *in;
	int ok;
} iccids[] = {
	{ "89014103211118510720", 1 },
	{ "8947000000000000012", 1 },
	{ "89450000123456789016", 1 },
	{ "8945 0000 1234 5678 9016", 1 },
	{ "8947000000000000013", 0 },		/* the check digit wrong */
	{ "89450000123456789061", 0 },		/* two digits swapped */
	{ "79450000123456789018", 0 },		/* Luhn right, not a telecom's */
	{ "894700000000000001", 0 },		/* too short */
	{ "894500001234567890167", 0 },	/* Luhn right, too long */
	{ "8945000012345678901x", 0 },
	{ "", 0 },
};

static void
test_orgnr(void)
{
	char v[64];
	size_t i, j;
	int rc;

	for (i = 0; i < sizeof(orgnrs) / sizeof(orgnrs[0]); i++) {
		snprintf(v, sizeof(v), "%s", orgnrs[i].in);
		rc = valid_orgnr(orgnrs[i].country, v);
		CHECK((rc == 0) == orgnrs[i].ok, "%s orgnr \"%s\": %d",
		    orgnrs[i].country ? orgnrs[i].country : "NULL", orgnrs[i].in, rc);
		if (rc == 0)
			CHECK(strcmp(v, orgnrs[i].norm) == 0, "\"%s\" normalised to \"%s\"",
			    orgnrs[i].in, v);
		if (rc != 0 || strchr(orgnrs[i].in, ' ') != NULL)
			continue;
		/* Every digit one up and one down: never valid. */
		for (j = 0; orgnrs[i].in[j]; j++) {
			int d;

			for (d = 1; d <= 9; d += 8) {
				snprintf(v, sizeof(v), "%s", orgnrs[i].in);
				v[j] = (char)('0' + (v[j] - '0' + d) % 10);
				CHECK(valid_orgnr(orgnrs[i].country, v) == -1,
				    "%s one digit off: \"%s\"", orgnrs[i].in, v);
			}
		}
	}
	for (i = 0; i < sizeof(postcodes) / sizeof(postcodes[0]); i++) {
		snprintf(v, sizeof(v), "%s", postcodes[i].in);
		rc = valid_postcode(postcodes[i].country, v);
		CHECK((rc == 0) == postcodes[i].ok, "%s postcode \"%s\": %d",
		    postcodes[i].country, postcodes[i].in, rc);
	}
	for (i = 0; i < sizeof(iccids) / sizeof(iccids[0]); i++) {
		snprintf(v, sizeof(v), "%s", iccids[i].in);
		rc = valid_iccid(v);
		CHECK((rc == 0) == iccids[i].ok, "ICCID \"%s\": %d", iccids[i].in, rc);
	}
	CHECK(valid_country("NO") && valid_country("DK") && !valid_country("SE") &&
	    !valid_country(NULL), "the countries with rules");
}

/* One line of text: a company's name, a street, a city. */
static void
test_lines(void)
{
	static const struct {
		const char *raw, *problem, *out;
	} l[] = {
		{ "Bitpro Demo AS", NULL, "Bitpro Demo AS" },
		{ "  Nordlys   Eiendom AS ", NULL, "Nordlys Eiendom AS" },
		{ "Fjordnet A/S", NULL, "Fjordnet A/S" },		/* what a name may not have */
		{ "Nettbutikk.no AS", NULL, "Nettbutikk.no AS" },
		{ "Åboulevarden 20, 2. sal", NULL, "Åboulevarden 20, 2. sal" },
		{ "Bitpro\nDemo", "invalid", NULL },
		{ "Bitpro\tDemo", "invalid", NULL },
		{ "\xe2\x80\xae" "SA omeD", "invalid", NULL },	/* right-to-left override */
		{ "", "required", NULL },
		{ "   ", "required", NULL },
		{ NULL, "required", NULL },
	};
	char out[100], big[100];
	const char *got;
	size_t i;

	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		got = valid_line(out, sizeof(out), l[i].raw, 40);
		CHECK((got == NULL && l[i].problem == NULL) ||
		    (got && l[i].problem && strcmp(got, l[i].problem) == 0),
		    "valid_line(\"%s\") = %s", l[i].raw ? l[i].raw : "NULL",
		    got ? got : "NULL");
		if (got == NULL)
			CHECK(strcmp(out, l[i].out) == 0, "\"%s\" made \"%s\"", l[i].raw, out);
	}
	/* The bound is in characters: 40 of two bytes pass, 41 do not, and
	 * what does not fit the buffer is too long as well. */
	for (i = 0; i < 40; i++)
		memcpy(big + 2 * i, "\xc3\xb8", 2);
	big[80] = '\0';
	CHECK(valid_line(out, sizeof(out), big, 40) == NULL, "40 two-byte characters");
	memcpy(big + 80, "\xc3\xb8", 3);
	got = valid_line(out, sizeof(out), big, 40);
	CHECK(got && strcmp(got, "too-long") == 0, "41 characters: %s", got ? got : "NULL");
	got = valid_line(out, 60, big, 200);
	CHECK(got && strcmp(got, "too-long") == 0, "more than the buffer: %s",
	    got ? got : "NULL");
}

static const struct field decl[] = {
	{ "email", V_EMAIL, 254 },
	{ "year", V_YEAR, 0 },
	{ NULL, V_TEXT, 0 },
};

static void
check_fields(const char *query, int want_rc, const char *want_bad,
    int email_ok, int email_bad, int year_present)
{
	struct input in[FIELDS_MAX];
	struct kvlist l = { 0 };
	const char *bad = NULL;
	int rc;

	kv_parse_query(&l, query, strlen(query));
	rc = fields_check(decl, &l, in, &bad);
	CHECK(rc == want_rc, "fields_check(\"%s\") = %d", query, rc);
	if (rc == -1)
		CHECK(bad && strcmp(bad, want_bad) == 0, "\"%s\": bad %s", query, bad ? bad : "-");
	else {
		CHECK((in[0].val != NULL) == email_ok, "\"%s\": email value", query);
		CHECK(in[0].bad == email_bad, "\"%s\": email bad", query);
		CHECK(in[1].present == year_present, "\"%s\": year present", query);
	}
	kv_free(&l);
}

int
main(void)
{
	test_values();
	test_names();
	test_orgnr();
	test_lines();
	check_fields("email=a%40example.no", 0, NULL, 1, 0, 0);
	check_fields("email=nope", 0, NULL, 0, 1, 0);
	check_fields("", 0, NULL, 0, 0, 0);
	check_fields("email=a%40example.no&year=2025", 0, NULL, 1, 0, 1);
	check_fields("email=a%40example.no&other=1", -1, "other", 0, 0, 0);
	check_fields("email=a%40example.no&email=b%40example.no", -1, "email", 0, 0, 0);
	return check_status("valid");
}
