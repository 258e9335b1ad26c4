/*
 * Mail: placeholders, and the message as GMime's own parser reads it back:
 * folded and encoded subjects, the body, the attachment, the Message-ID,
 * the robot and unsubscribe headers, and data that tries to make a header.
 */
#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "check.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "core/util.h"

#define FROM	"selfcare@example.no"
#define TO	"kari@example.no"
#define BASE	"https://portal.example.no"
#define NOW	1766966400LL	/* Mon, 29 Dec 2025 00:00:00 +0000 */
#define UNSUB	BASE "/einvoice/unsubscribe?r=12&t=" \
	"Hx7Kq2bP0cVd9sLmN4aRtYwE1gJzUoIi5fXeQ6hC8vB"

static void
fill(const char *tmpl, const char *want)
{
	const char *vars[] = { "code", "12345678", "minutes", "10", NULL };
	struct buf b = { 0 };

	i18n_fill(&b, tmpl, vars);
	CHECK(strcmp(b.p, want) == 0, "i18n_fill(\"%s\") = \"%s\"", tmpl, b.p);
	buf_free(&b);
}

/* A message with the usual sender, recipient and time. */
static struct mail_msg
msg(const char *subject, const char *body)
{
	struct mail_msg m = { FROM, TO, subject, body, NULL, NULL, BASE, 7, NOW };

	return m;
}

/* Formats m; NULL (and a failed check) when mail_format refuses it. */
static char *
format(const struct mail_msg *m)
{
	struct buf b = { 0 };
	char err[128];

	if (mail_format(&b, m, err, sizeof(err)) != 0) {
		CHECK(0, "mail_format refused \"%s\": %s", m->subject, err);
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 1);	/* NUL-terminated for the string checks */
	return b.p;
}

static GMimeMessage *
parse(const char *raw)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	return m;
}

/* The value of the top-level header name, as parsed (NULL: none). */
static const char *
hdr(GMimeMessage *m, const char *name)
{
	return g_mime_object_get_header(GMIME_OBJECT(m), name);
}

/*
 * Lines: none over 998 anywhere, none over 78 among the message's headers
 * (but List-Unsubscribe: a URL cannot be folded), no CR (sendmail reads LF).
 */
static void
lines_within(const char *raw, const char *what, size_t head_max)
{
	const char *p = raw, *e;
	int in_head = 1;

	CHECK(strchr(raw, '\r') == NULL, "%s: a CR in the message", what);
	for (; *p; p = e + 1) {
		size_t n;

		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (n == 0)
			in_head = 0;
		CHECK(n <= 998, "%s: a line of %zu", what, n);
		if (in_head && strncmp(p, "List-Unsubscribe:", 17) != 0)
			CHECK(n <= head_max, "%s: a header line of %zu: %.*s", what, n, (int)n, p);
		if (*e == '\0')
			break;
	}
}

static void
lines(const char *raw, const char *what)
{
	lines_within(raw, what, 78);
}

/* Whether the message's header section has a line starting with name. */
static int
head_has(const char *raw, const char *name)
{
	const char *end = strstr(raw, "\n\n"), *p;

	for (p = raw; p != NULL && p < end; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, name, strlen(name)) == 0)
			return 1;
	return 0;
}

/* The text of a text/plain part in UTF-8. */
static char *
text_of(GMimeObject *o)
{
	CHECK(GMIME_IS_TEXT_PART(o), "a text part");
	return GMIME_IS_TEXT_PART(o) ? g_mime_text_part_get_text(GMIME_TEXT_PART(o)) : NULL;
}

/*
 * The Subject as sent, decoded one encoded word at a time, whitespace
 * between two encoded words dropped (RFC 2047 6.2). GMime 3.2.13's own
 * decoder (Debian 12) loses the text after a base64 word that ends in '='
 * padding when another base64 word follows (GMime issue 133, fixed in
 * 3.2.14): correct messages read back wrong, so each word goes alone.
 */
static char *
subject_of(GMimeMessage *m)
{
	GMimeHeader *h = g_mime_header_list_get_header(
	    g_mime_object_get_header_list(GMIME_OBJECT(m)), "Subject");
	struct buf out = { 0 };
	const char *p;
	int prev_enc = 0;
	size_t pending = 0;	/* whitespace seen since the last word */

	buf_add(&out, NULL, 0);
	if (h == NULL)
		return out.p;
	for (p = g_mime_header_get_raw_value(h); *p; ) {
		size_t n = strcspn(p, " \t\r\n");
		int enc;

		if (n == 0) {
			pending += *p == ' ' || *p == '\t';
			p++;
			continue;
		}
		enc = n > 4 && strncmp(p, "=?", 2) == 0 && strncmp(p + n - 2, "?=", 2) == 0;
		if (out.len > 0 && !(enc && prev_enc))
			while (pending-- > 0)
				buf_add(&out, " ", 1);
		pending = 0;
		if (enc) {
			char *word = xstrndup(p, n), *text;

			text = g_mime_utils_header_decode_text(NULL, word);
			buf_puts(&out, text);
			g_free(text);
			free(word);
		} else
			buf_add(&out, p, n);
		prev_enc = enc;
		p += n;
	}
	return out.p;
}

static void
subjects(void)
{
	static const char *const table[] = {
		"Engangskode",
		"Din engangskode",
		"Faktura 100001",
		"Din engangskode – Bitpro Demo AS",
		"Påminnelse: faktura 100001 fra Bitpro Demo AS forfaller 13.01.2026,"
		    " beløp 998,75 kr – husk å betale i tide",
		"Din engangskode til Fjordnet ApS – gælder i ti minutter; ændringer på"
		    " abonnementet og øvrige tjenester følger",
		/* The old one-word-of-358-characters case. */
		"Ærlige blåbærsyltetøy, rødgrøt og æbleskiver på Østerbro: Søren"
		    " Kierkegårds Fødselsdag i Ålborg, Århus, Brøndby og Næstved,"
		    " Ørsted Kværner Bølgeskjær Fløyen Blåbærtoppen Hovedøya Sørøya"
		    " Tromsø Bodø Molde Førde Florø Måløy Ålesund",
		"Your one-time code for the customer portal of Bitpro Demo AS and"
		    " Nordlys Eiendom AS, valid for ten minutes from now on",
		"Fylkeskommunebudsjettbehandlingsmøteinnkallingsbrevmalen er endret",
		"Sak 12: Telefonsentralomkoblingsprosjektgjennomføringsplanleggingsmøte",
		"Re: Faktura 100001 – spørsmål om linje 3 (Mobilt bredbånd 100 GB, 799,00 kr)"
		    " og om kostnadsstedet «Salg Øst» på abonnementet til Åse Ødegård",
	};
	/* Words no language here has: GMime cuts a long word into encoded
	 * words of 39 characters (62 in ASCII) whatever their encoded length,
	 * and a word of more than 20 letters outside ASCII makes a line over
	 * 78; never over 998, and the text stays the same. */
	static const char *const freaks[] = {
		"æøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅ",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	size_t i;

	for (i = 0; i < COUNTOF(table) + COUNTOF(freaks); i++) {
		const char *subj = i < COUNTOF(table) ? table[i] : freaks[i - COUNTOF(table)];
		struct mail_msg m = msg(subj, "x");
		char *raw = format(&m), *got;
		GMimeMessage *pm;

		if (raw == NULL)
			continue;
		lines_within(raw, subj, i < COUNTOF(table) ? 78 : 998);
		pm = parse(raw);
		got = subject_of(pm);
		CHECK(strcmp(got, subj) == 0, "subject \"%s\" read back as \"%s\"", subj, got);
#if GMIME_CHECK_VERSION(3, 2, 14)
		CHECK(strcmp(g_mime_message_get_subject(pm), subj) == 0,
		    "subject \"%s\" read back by GMime as \"%s\"", subj,
		    g_mime_message_get_subject(pm));
#endif
		free(got);
		g_object_unref(pm);
		free(raw);
	}
}

static void
headers(void)
{
	static const char first[] = "From: " FROM "\nTo: " TO "\nSubject: Engangskode\n"
	    "Date: Mon, 29 Dec 2025 00:00:00 +0000\nMessage-ID: <7.1766966400.";
	struct mail_msg m = msg("Engangskode", "Koden er 12345678.\n");
	char *raw = format(&m), *again;
	GMimeMessage *pm;
	InternetAddressList *l;
	const char *id;
	size_t n;

	if (raw == NULL)
		return;
	pm = parse(raw);
	CHECK(strncmp(raw, first, strlen(first)) == 0, "the first headers:\n%.200s", raw);
	id = hdr(pm, "Message-ID");
	n = strlen("<7.1766966400.");
	CHECK(id != NULL && strncmp(id, "<7.1766966400.", n) == 0 &&
	    strspn(id + n, "0123456789abcdef") == 16 &&
	    strcmp(id + n + 16, "@example.no>") == 0, "Message-ID %s", id ? id : "none");
	CHECK(hdr(pm, "MIME-Version") != NULL && strcmp(hdr(pm, "MIME-Version"), "1.0") == 0,
	    "MIME-Version");
	CHECK(hdr(pm, "Auto-Submitted") != NULL &&
	    strcmp(hdr(pm, "Auto-Submitted"), "auto-generated") == 0, "Auto-Submitted");
	CHECK(hdr(pm, "List-Unsubscribe") == NULL && hdr(pm, "List-Unsubscribe-Post") == NULL,
	    "no List-Unsubscribe on a mail that is no e-invoice");
	l = g_mime_message_get_to(pm);
	CHECK(internet_address_list_length(l) == 1 && strcmp(internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(l, 0))), TO) == 0,
	    "one recipient");
	CHECK(strstr(raw, "Content-Type: text/plain; charset=UTF-8\n") != NULL, "charset");
	/* Each message its own id, the same row and second notwithstanding. */
	again = format(&m);
	CHECK(again != NULL && strstr(again, id) == NULL, "a second Message-ID %s", id);
	free(again);
	g_object_unref(pm);
	free(raw);

	/* A sender with a name outside ASCII: encoded, read back the same. */
	m.from = "Bitpro Kundeservice – Ærlig talt <kundeservice@bitpro.example.no>";
	if ((raw = format(&m)) != NULL) {
		InternetAddress *a;

		lines(raw, "From with a name");
		pm = parse(raw);
		l = g_mime_message_get_from(pm);
		a = internet_address_list_length(l) == 1 ? internet_address_list_get_address(l, 0) :
		    NULL;
		CHECK(a != NULL && strcmp(internet_address_get_name(a),
		    "Bitpro Kundeservice – Ærlig talt") == 0 &&
		    strcmp(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)),
		    "kundeservice@bitpro.example.no") == 0, "From with a name read back");
		CHECK(strstr(hdr(pm, "Message-ID"), "@bitpro.example.no>") != NULL,
		    "Message-ID in the sender's domain: %s", hdr(pm, "Message-ID"));
		g_object_unref(pm);
		free(raw);
	}
}

/* mail_from without a domain: the Message-ID takes base_url's host. */
static void
msgid_domains(void)
{
	static const struct {
		const char	*from, *base, *domain;
	} table[] = {
		{ "selfcare", "https://portal.example.dk:8443/selfcare", "@portal.example.dk>" },
		{ "selfcare", "http://127.0.0.1:8080", "@127.0.0.1>" },
		{ "selfcare", "http://[::1]:8080/", "@[::1]>" },
		{ "Selfcare <selfcare@example.no>", "http://127.0.0.1:8080", "@example.no>" },
	};
	size_t i;

	for (i = 0; i < COUNTOF(table); i++) {
		struct mail_msg m = msg("x", "x");
		char *raw;
		GMimeMessage *pm;
		const char *id;

		m.from = table[i].from;
		m.base_url = table[i].base;
		if ((raw = format(&m)) == NULL)
			continue;
		pm = parse(raw);
		id = hdr(pm, "Message-ID");
		CHECK(id != NULL && strlen(id) > strlen(table[i].domain) &&
		    strcmp(id + strlen(id) - strlen(table[i].domain), table[i].domain) == 0,
		    "%s with %s: Message-ID %s", table[i].from, table[i].base, id ? id : "none");
		g_object_unref(pm);
		free(raw);
	}
}

static void
bodies(void)
{
	static const struct {
		const char	*body, *encoding;
	} table[] = {
		{ "Koden er 12345678, gyldig i 10 minutter.\n", "7bit" },
		{ "Hei Kari,\n\nfakturaen på 998,75 kr forfaller 13.01.2026.\n"
		    "Vennlig hilsen\nBitpro – kundeservice\n", "8bit" },
		{ "Linjer\r\nmed CRLF\r\nblir LF\r\n", "7bit" },
		{ "From the portal: a line that starts like an mbox separator\n",
		    "quoted-printable" },
	};
	struct buf lng = { 0 };
	size_t i;
	int k;

	for (i = 0; i < COUNTOF(table); i++) {
		struct mail_msg m = msg("x", table[i].body);
		char *raw = format(&m), *text, *want, *d;
		GMimeMessage *pm;
		GMimeObject *part;
		const char *s;

		if (raw == NULL)
			continue;
		lines(raw, table[i].body);
		pm = parse(raw);
		part = g_mime_message_get_mime_part(pm);
		text = text_of(part);
		want = estrdup(table[i].body);
		for (s = d = want; *s; s++)
			if (!(*s == '\r' && s[1] == '\n'))
				*d++ = *s;
		*d = '\0';
		CHECK(text != NULL && strcmp(text, want) == 0, "body \"%s\" read back as \"%s\"",
		    want, text ? text : "(none)");
		CHECK(g_mime_part_get_content_encoding(GMIME_PART(part)) ==
		    g_mime_content_encoding_from_string(table[i].encoding),
		    "body \"%s\": %s, not %s", want, g_mime_content_encoding_to_string(
		    g_mime_part_get_content_encoding(GMIME_PART(part))), table[i].encoding);
		g_free(text);
		free(want);
		g_object_unref(pm);
		free(raw);
	}

	/* Lines of 1 500 bytes with æøå: quoted-printable, no line over 76. */
	for (k = 0; k < 3; k++) {
		int j;

		for (j = 0; j < 250; j++)
			buf_puts(&lng, j % 10 ? "blåbær " : "ÆØÅ æøå ");
		buf_puts(&lng, "\n");
	}
	{
		struct mail_msg m = msg("Lange linjer", lng.p);
		char *raw = format(&m), *text;
		GMimeMessage *pm;
		GMimeObject *part;

		if (raw != NULL) {
			const char *p = strstr(raw, "\n\n") + 2, *e;

			lines(raw, "long lines");
			for (; (e = strchr(p, '\n')) != NULL; p = e + 1)
				CHECK(e - p <= 76, "a quoted-printable line of %td", e - p);
			pm = parse(raw);
			part = g_mime_message_get_mime_part(pm);
			CHECK(g_mime_part_get_content_encoding(GMIME_PART(part)) ==
			    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE, "long lines in quoted-printable");
			text = text_of(part);
			CHECK(text != NULL && strcmp(text, lng.p) == 0, "long lines read back");
			g_free(text);
			g_object_unref(pm);
			free(raw);
		}
	}
	buf_free(&lng);
}

/* The bytes of a leaf part, transfer encoding undone. */
static GByteArray *
content_of(GMimeObject *o)
{
	GByteArray *a = g_byte_array_new();
	GMimeStream *s = g_mime_stream_mem_new_with_byte_array(a);

	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(o)), s);
	g_object_unref(s);
	return a;
}

static void
attachments(void)
{
	static const char *const names[] = { "faktura-100001.pdf", "faktura-æøå 100001.pdf" };
	unsigned char data[5000];
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + i / 256);
	for (i = 0; i < COUNTOF(names); i++) {
		struct mail_attachment att = { "application/pdf", names[i], (const char *)data,
		    sizeof(data) };
		struct mail_msg m = msg("Faktura 100001", "Fakturaen er vedlagt.\n");
		GMimeMessage *pm;
		GMimeObject *top, *file;
		GByteArray *got;
		char *raw, *text;

		m.att = &att;
		m.unsubscribe = UNSUB;
		if ((raw = format(&m)) == NULL)
			continue;
		lines(raw, names[i]);
		pm = parse(raw);
		top = g_mime_message_get_mime_part(pm);
		CHECK(GMIME_IS_MULTIPART(top) && g_mime_content_type_is_type(
		    g_mime_object_get_content_type(top), "multipart", "mixed") &&
		    g_mime_multipart_get_count(GMIME_MULTIPART(top)) == 2,
		    "%s: multipart/mixed of two", names[i]);
		if (!GMIME_IS_MULTIPART(top) || g_mime_multipart_get_count(GMIME_MULTIPART(top)) != 2) {
			g_object_unref(pm);
			free(raw);
			continue;
		}
		text = text_of(g_mime_multipart_get_part(GMIME_MULTIPART(top), 0));
		CHECK(text != NULL && strcmp(text, "Fakturaen er vedlagt.\n") == 0,
		    "the text first: %s", text ? text : "(none)");
		g_free(text);
		file = g_mime_multipart_get_part(GMIME_MULTIPART(top), 1);
		CHECK(g_mime_content_type_is_type(g_mime_object_get_content_type(file),
		    "application", "pdf"), "%s: application/pdf", names[i]);
		CHECK(g_mime_part_get_content_encoding(GMIME_PART(file)) ==
		    GMIME_CONTENT_ENCODING_BASE64, "%s: base64", names[i]);
		CHECK(g_mime_part_is_attachment(GMIME_PART(file)), "%s: an attachment", names[i]);
		CHECK(g_mime_part_get_filename(GMIME_PART(file)) != NULL &&
		    strcmp(g_mime_part_get_filename(GMIME_PART(file)), names[i]) == 0,
		    "file name %s read back as %s", names[i],
		    g_mime_part_get_filename(GMIME_PART(file)));
		got = content_of(file);
		CHECK(got->len == sizeof(data) && memcmp(got->data, data, sizeof(data)) == 0,
		    "%s: %u bytes read back, byte for byte", names[i], got->len);
		g_byte_array_free(got, TRUE);
		if (i == 1)
			CHECK(strstr(raw, "filename*=UTF-8''faktura-%C3%A6%C3%B8%C3%A5%20100001.pdf")
			    != NULL, "RFC 2231 file name:\n%s", strstr(raw, "Content-Disposition"));
		else
			CHECK(strstr(raw, "filename=faktura-100001.pdf") != NULL ||
			    strstr(raw, "filename=\"faktura-100001.pdf\"") != NULL,
			    "a plain file name as it is");
		/* An e-invoice mail: the unsubscribe link, one click (RFC 8058). */
		CHECK(hdr(pm, "List-Unsubscribe") != NULL &&
		    strcmp(hdr(pm, "List-Unsubscribe"), "<" UNSUB ">") == 0,
		    "List-Unsubscribe %s", hdr(pm, "List-Unsubscribe"));
		/* The URL as it is, on one line: no encoded word, no fold. */
		CHECK(strstr(raw, "\nList-Unsubscribe: <" UNSUB ">\n") != NULL,
		    "List-Unsubscribe as sent:\n%.400s", strstr(raw, "List-Unsubscribe"));
		CHECK(hdr(pm, "List-Unsubscribe-Post") != NULL &&
		    strcmp(hdr(pm, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click") == 0,
		    "List-Unsubscribe-Post");
		CHECK(hdr(pm, "Auto-Submitted") != NULL, "Auto-Submitted on an e-invoice too");
		g_object_unref(pm);
		free(raw);
	}
}

/* Data that tries to be a header stays data, or the message is refused. */
static void
injection(void)
{
	static const struct {
		const char	*from, *to, *unsub;
	} refused[] = {
		{ FROM, TO "\r\nBcc: evil@example.com", NULL },
		{ FROM, TO "\nBcc: evil@example.com", NULL },
		{ FROM, TO ", evil@example.com", NULL },
		{ FROM, "Kari <" TO ">", NULL },
		{ FROM, "", NULL },
		{ FROM "\r\nBcc: evil@example.com", TO, NULL },
		{ "a@b.no, evil@example.com", TO, NULL },
		{ FROM, TO, UNSUB "\r\nBcc: evil@example.com" },
		{ FROM, TO, UNSUB "> <mailto:evil@example.com" },
	};
	static const char *const subjects[] = {
		"Hi\r\nBcc: evil@example.com",
		"Hi\nBcc: evil@example.com",
		"Hi\rBcc: evil@example.com",
		"Hæ\r\n\r\nBcc: evil@example.com",
	};
	size_t i;

	for (i = 0; i < COUNTOF(subjects); i++) {
		struct mail_msg m = msg(subjects[i], "x");
		char *raw = format(&m);
		GMimeMessage *pm;
		const char *s;

		if (raw == NULL)
			continue;
		lines(raw, "injected subject");
		CHECK(!head_has(raw, "Bcc:"), "subject %zu made a header:\n%s", i, raw);
		pm = parse(raw);
		s = g_mime_message_get_subject(pm);
		CHECK(hdr(pm, "Bcc") == NULL && s != NULL && strstr(s, "Bcc: evil@example.com") &&
		    strpbrk(s, "\r\n") == NULL, "subject %zu read back as %s", i, s ? s : "none");
		CHECK(internet_address_list_length(g_mime_message_get_bcc(pm)) == 0,
		    "subject %zu: nobody in Bcc", i);
		g_object_unref(pm);
		free(raw);
	}
	for (i = 0; i < COUNTOF(refused); i++) {
		struct mail_msg m = msg("x", "x");
		struct buf b = { 0 };
		char err[128] = "";

		m.from = refused[i].from;
		m.to = refused[i].to;
		m.unsubscribe = refused[i].unsub;
		CHECK(mail_format(&b, &m, err, sizeof(err)) == -1 && b.len == 0 && err[0] != '\0',
		    "refused %zu (from \"%s\", to \"%s\"): %s", i, m.from, m.to, err);
		buf_free(&b);
	}
}

int
main(void)
{
	fill("Koden er {code}, gyldig i {minutes} minutter.",
	    "Koden er 12345678, gyldig i 10 minutter.");
	fill("{unknown} stays", "{unknown} stays");
	fill("no placeholder", "no placeholder");
	fill("open { only", "open { only");
	fill("", "");

	/* The test reads messages back with GMime too: its own reference. */
	g_mime_init();
	subjects();
	headers();
	msgid_domains();
	bodies();
	attachments();
	injection();
	mail_cleanup();
	g_mime_shutdown();
	return check_status("mail");
}
