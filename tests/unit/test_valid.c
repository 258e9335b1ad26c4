/* Validators of declared fields, and the declared-field check itself. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "request.h"
#include "valid.h"

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
	check_fields("email=a%40example.no", 0, NULL, 1, 0, 0);
	check_fields("email=nope", 0, NULL, 0, 1, 0);
	check_fields("", 0, NULL, 0, 0, 0);
	check_fields("email=a%40example.no&year=2025", 0, NULL, 1, 0, 1);
	check_fields("email=a%40example.no&other=1", -1, "other", 0, 0, 0);
	check_fields("email=a%40example.no&email=b%40example.no", -1, "email", 0, 0, 0);
	return check_status("valid");
}
