/* Mail: placeholders and the RFC 5322 message, header injection included. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "mail.h"
#include "util.h"

static void
fill(const char *tmpl, const char *want)
{
	const char *vars[] = { "code", "12345678", "minutes", "10", NULL };
	struct buf b = { 0 };

	mail_fill(&b, tmpl, vars);
	CHECK(strcmp(b.p, want) == 0, "mail_fill(\"%s\") = \"%s\"", tmpl, b.p);
	buf_free(&b);
}

int
main(void)
{
	struct buf b = { 0 };
	const char *p;

	fill("Koden er {code}, gyldig i {minutes} minutter.",
	    "Koden er 12345678, gyldig i 10 minutter.");
	fill("{unknown} stays", "{unknown} stays");
	fill("no placeholder", "no placeholder");
	fill("open { only", "open { only");
	fill("", "");

	mail_format(&b, "selfcare@example.no", "kari@example.no", "Engangskode",
	    "Linje 1\nLinje 2", NULL, 7, 1766966400);
	CHECK(strstr(b.p, "From: selfcare@example.no\r\n") != NULL, "From");
	CHECK(strstr(b.p, "To: kari@example.no\r\n") != NULL, "To");
	CHECK(strstr(b.p, "Subject: Engangskode\r\n") != NULL, "ASCII subject as is");
	CHECK(strstr(b.p, "Date: Mon, 29 Dec 2025 00:00:00 +0000\r\n") != NULL, "Date");
	CHECK(strstr(b.p, "Content-Type: text/plain; charset=UTF-8\r\n") != NULL, "charset");
	CHECK(strstr(b.p, "\r\n\r\nLinje 1\r\nLinje 2\r\n") != NULL, "body lines end in CRLF");
	for (p = b.p; (p = strchr(p, '\n')) != NULL; p++)
		CHECK(p > b.p && p[-1] == '\r', "bare LF at offset %td", p - b.p);
	buf_free(&b);

	mail_format(&b, "a@b.no", "kari@example.no", "Din engangskode – Min bedrift",
	    "x", NULL, 1, 0);
	CHECK(strstr(b.p, "Subject: =?UTF-8?B?") != NULL, "non-ASCII subject encoded");
	buf_free(&b);

	mail_format(&b, "a@b.no", "kari@example.no\r\nBcc: evil@example.com",
	    "Hi\r\nBcc: evil@example.com", "x", NULL, 1, 0);
	CHECK(strstr(b.p, "\r\nBcc:") == NULL, "no injected header line");
	buf_free(&b);

	/* An attachment: multipart/mixed, base64 in lines of 76, closed. */
	{
		char pdf[200];
		struct mail_attachment att = { "application/pdf", "faktura-100001.pdf",
		    pdf, sizeof(pdf) };

		memset(pdf, 'A', sizeof(pdf));
		mail_format(&b, "a@b.no", "kari@example.no", "Faktura 100001",
		    "Vedlagt.", &att, 9, 0);
		CHECK(strstr(b.p, "Content-Type: multipart/mixed; boundary=\"=_selfcare_9_0\"\r\n")
		    != NULL, "multipart header");
		CHECK(strstr(b.p, "\r\n--=_selfcare_9_0\r\nContent-Type: text/plain") != NULL,
		    "text part first");
		CHECK(strstr(b.p, "filename=\"faktura-100001.pdf\"") != NULL, "file name");
		CHECK(strstr(b.p, "QUFBQUFB") != NULL, "base64 data");
		CHECK(strstr(b.p, "\r\n--=_selfcare_9_0--\r\n") != NULL, "closing boundary");
		for (p = b.p; (p = strchr(p, '\n')) != NULL; p++)
			CHECK(p > b.p && p[-1] == '\r', "bare LF at offset %td", p - b.p);
		for (p = strstr(b.p, "base64\r\n\r\n"); p && *p != '-'; ) {
			const char *e = strstr(p, "\r\n");

			CHECK(e != NULL && e - p <= 76, "base64 line of %td", e ? e - p : -1);
			p = e ? e + 2 : NULL;
		}
		buf_free(&b);
	}
	return check_status("mail");
}
