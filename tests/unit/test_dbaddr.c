/* db_host as a list of database addresses (core/dbaddr.h), as tables. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/dbaddr.h"

static void
test_good(void)
{
	static const struct {
		const char *in;
		int n;
		const char *want;	/* "host port;" for each */
	} t[] = {
		{ "", 0, "" },
		{ "  ", 0, "" },
		{ "127.0.0.1", 1, "127.0.0.1 3306;" },
		{ "db1:3307", 1, "db1 3307;" },
		{ "10.77.0.11,10.77.0.12:3307, 10.77.0.13", 3,
		    "10.77.0.11 3306;10.77.0.12 3307;10.77.0.13 3306;" },
		{ " a.example.net , b-2.example.net:1 ", 2,
		    "a.example.net 3306;b-2.example.net 1;" },
		{ "[::1]", 1, "::1 3306;" },
		{ "[::1]:3310,[fe80::1%eth0]", 2, "::1 3310;fe80::1%eth0 3306;" },
		{ "h:65535", 1, "h 65535;" },
	};
	struct dbaddr v[DBADDR_MAX];
	char why[256], got[DBADDR_MAX * (DBADDR_HOSTLEN + 16)];
	size_t i;
	int n, k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		why[0] = '\0';
		n = dbaddr_parse(t[i].in, 3306, v, why, sizeof(why));
		got[0] = '\0';
		for (k = 0; k < n; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %d;",
			    v[k].host, v[k].port);
		CHECK(n == t[i].n && strcmp(got, t[i].want) == 0,
		    "\"%s\": %d \"%s\" (%s)", t[i].in, n, got, why);
	}
}

static void
test_bad(void)
{
	static const struct {
		const char *in;
		const char *why;
	} t[] = {
		{ "a,,b", "an empty address in the list" },
		{ "a,", "an empty address in the list" },
		{ ",a", "an empty address in the list" },
		{ "h:", "\"h:\": no port after ':'" },
		{ "h:0", "\"h:0\": the port is not a number from 1 to 65535" },
		{ "h:65536", "\"h:65536\": the port is not a number from 1 to 65535" },
		{ "h:33x", "\"h:33x\": the port is not a number from 1 to 65535" },
		{ ":3306", "\":3306\": no host" },
		{ "::1", "\"::1\": an IPv6 address goes in brackets, [::1]:3306" },
		{ "[::1", "\"[::1\": no ] after the IPv6 address" },
		{ "[::1]x", "\"[::1]x\": only :port may follow ]" },
		{ "[]", "\"[]\": no host" },
		{ "db one", "\"db one\": ' ' in a host name" },
		{ "db;drop", "\"db;drop\": ';' in a host name" },
		{ "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", "more than 16 addresses" },
	};
	struct dbaddr v[DBADDR_MAX];
	char why[256];
	size_t i;
	int n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		why[0] = '\0';
		n = dbaddr_parse(t[i].in, 3306, v, why, sizeof(why));
		CHECK(n == -1 && strcmp(why, t[i].why) == 0, "\"%s\": %d \"%s\"",
		    t[i].in, n, why);
	}
}

int
main(void)
{
	test_good();
	test_bad();
	return check_status("dbaddr");
}
