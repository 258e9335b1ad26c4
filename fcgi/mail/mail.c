/*
 * The outbox and its delivery. A message leaves the outbox only after the
 * sendmail command exited 0; anything else is retried later with back-off.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmime/gmime.h>
#include <sodium.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/lease.h"
#include "core/log.h"
#include "core/module.h"
#include "core/spawn.h"
#include "mail/mail.h"
#include "core/util.h"

/* ---- the outbox ---- */

enum { OUT_ID, OUT_RECIPIENT, OUT_SUBJECT, OUT_BODY, OUT_INVOICE_ID, OUT_UNSUBSCRIBE,
	OUT__COLS };
enum { Q_ENQUEUE, Q_DUE, Q_SENT, Q_FAILED };
static struct stmt stmts[] = {
	[Q_ENQUEUE] = STMT("mail.enqueue", "sss", 0,
	    "INSERT INTO mail_outbox (recipient, subject, body) VALUES (?, ?, ?)"),
	/* SKIP LOCKED: a second deliverer (a manual `selfcare deliver`) takes other rows. */
	[Q_DUE] = STMT("mail.due", "", OUT__COLS,
	    "SELECT id, recipient, subject, body, invoice_id, unsubscribe_url FROM mail_outbox"
	    " WHERE sent_at IS NULL AND next_attempt_at <= NOW()"
	    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
	[Q_SENT] = STMT("mail.sent", "i", 0,
	    "UPDATE mail_outbox SET sent_at = NOW(), attempts = attempts + 1,"
	    " last_error = NULL WHERE id = ?"),
	/* Back-off: 30 s, 1 min, 2 min, … capped at an hour. */
	[Q_FAILED] = STMT("mail.failed", "si", 0,
	    "UPDATE mail_outbox SET last_error = ?,"
	    " next_attempt_at = NOW() + INTERVAL LEAST(3600, 30 * POW(2, LEAST(attempts, 12))) SECOND,"
	    " attempts = attempts + 1 WHERE id = ?"),
};

int
mail_enqueue(struct db *db, const char *to, const char *subject, const char *body)
{
	return db_run(db, &stmts[Q_ENQUEUE], to, subject, body);
}

/*
 * Messages are built with GMime: header folding, RFC 2047 encoded words,
 * RFC 2231 parameters, transfer encodings and multipart are a MIME
 * library's job. GMime is set up on the first message a process formats
 * (the mail child, `selfcare deliver`), never in a worker, and released by
 * mail_cleanup().
 */
static int mime_ready;

static void
mime_init(void)
{
	if (!mime_ready) {
		g_mime_init();
		mime_ready = 1;
	}
}

void
mail_cleanup(void)
{
	if (mime_ready) {
		g_mime_shutdown();
		mime_ready = 0;
	}
}

/* A control character (CR and LF above all) anywhere in s. */
static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* s parsed as exactly one mailbox (display name allowed), or NULL. */
static InternetAddress *
one_mailbox(const char *s)
{
	InternetAddressList *l;
	InternetAddress *a = NULL;

	if (has_ctl(s) || (l = internet_address_list_parse(NULL, s)) == NULL)
		return NULL;
	if (internet_address_list_length(l) == 1 &&
	    INTERNET_ADDRESS_IS_MAILBOX(internet_address_list_get_address(l, 0)))
		a = g_object_ref(internet_address_list_get_address(l, 0));
	g_object_unref(l);
	return a;
}

int
mail_from_ok(const char *from)
{
	InternetAddress *a;

	mime_init();
	if ((a = one_mailbox(from)) == NULL)
		return 0;
	g_object_unref(a);
	return 1;
}

/*
 * The Message-ID's domain: that of mail_from, else base_url's host
 * ("http://[::1]:8080/x" gives "[::1]", a literal RFC 5322 allows).
 */
static void
msgid_domain(InternetAddress *from, const char *base_url, char *out, size_t len)
{
	const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(from));
	const char *at = strrchr(addr, '@'), *h;
	size_t n;

	if (at != NULL && at[1] != '\0' && strcspn(at + 1, " \t\"()<>[]\\,;:") ==
	    strlen(at + 1)) {
		snprintf(out, len, "%s", at + 1);
		return;
	}
	h = strstr(base_url, "://");
	h = h != NULL ? h + 3 : base_url;
	n = *h == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":/");
	snprintf(out, len, "%.*s", (int)n, h);
}

/* A leaf part holding len bytes of data. */
static GMimePart *
mime_leaf(const char *type, const char *subtype, const char *data, size_t len)
{
	GMimePart *part = g_mime_part_new_with_type(type, subtype);
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_part_set_content(part, w);
	g_object_unref(w);
	g_object_unref(s);
	return part;
}

/* The body as text/plain in UTF-8, lines ending in LF (what sendmail reads). */
static GMimePart *
mime_text(const char *body)
{
	struct buf b = { 0 };
	GMimeContentEncoding enc;
	GMimePart *part;
	const char *p;
	int eight = 0;

	buf_add(&b, NULL, 0);
	for (p = body; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		eight |= (unsigned char)*p >= 0x80;
		buf_add(&b, p, 1);
	}
	part = mime_leaf("text", "plain", b.p, b.len);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "UTF-8");
	/* GMime picks quoted-printable for a line over 998 (or one that
	 * starts with "From "); its "as it is" is 8bit for 8-bit text. */
	enc = g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_8BIT);
	if (enc == GMIME_CONTENT_ENCODING_DEFAULT)
		enc = eight ? GMIME_CONTENT_ENCODING_8BIT : GMIME_CONTENT_ENCODING_7BIT;
	g_mime_part_set_content_encoding(part, enc);
	buf_free(&b);
	return part;
}

/* An attachment in base64; a file name outside ASCII goes RFC 2231-encoded. */
static GMimePart *
mime_attachment(const struct mail_attachment *att)
{
	char type[64];
	GMimePart *part;
	GMimeParamList *pl;
	GMimeParam *prm;
	size_t n = strcspn(att->type, "/");

	snprintf(type, sizeof(type), "%.*s", (int)n, att->type);
	part = mime_leaf(type, att->type[n] ? att->type + n + 1 : "octet-stream",
	    att->data, att->len);
	g_mime_part_set_filename(part, att->filename);
	pl = g_mime_content_disposition_get_parameters(
	    g_mime_object_get_content_disposition(GMIME_OBJECT(part)));
	if ((prm = g_mime_param_list_get_parameter(pl, "filename")) != NULL)
		g_mime_param_set_charset(prm, "UTF-8");
	pl = g_mime_content_type_get_parameters(
	    g_mime_object_get_content_type(GMIME_OBJECT(part)));
	if ((prm = g_mime_param_list_get_parameter(pl, "name")) != NULL)
		g_mime_param_set_charset(prm, "UTF-8");
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	return part;
}

int
mail_format(struct buf *b, const struct mail_msg *m, char *err, size_t errlen)
{
	GMimeObject *obj = NULL;
	GMimeMessage *msg = NULL;
	GMimeStream *out = NULL;
	GByteArray *bytes = NULL;
	InternetAddress *from = NULL, *to = NULL;
	GDateTime *date;
	unsigned char rnd[8];
	char hex[17], domain[256], msgid[400], *subject, *p;
	int rc = -1;

	mime_init();
	if ((from = one_mailbox(m->from)) == NULL) {
		snprintf(err, errlen, "mail_from is not one address");
		goto err;
	}
	/* The recipient is an address and nothing else: no name, no second
	 * address, no line break (with sendmail -t the To header decides
	 * where the message goes). */
	if ((to = one_mailbox(m->to)) == NULL || (internet_address_get_name(to) != NULL &&
	    *internet_address_get_name(to) != '\0') ||
	    strcmp(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(to)),
	    m->to) != 0) {
		snprintf(err, errlen, "the recipient is not one address");
		goto err;
	}
	if (m->unsubscribe != NULL && (has_ctl(m->unsubscribe) ||
	    strcspn(m->unsubscribe, " <>") != strlen(m->unsubscribe))) {
		snprintf(err, errlen, "the unsubscribe link is not a URL");
		goto err;
	}
	msg = g_mime_message_new(FALSE);
	obj = GMIME_OBJECT(msg);
	internet_address_set_charset(from, "UTF-8");
	internet_address_list_add(g_mime_message_get_from(msg), from);
	internet_address_list_add(g_mime_message_get_to(msg), to);
	/* Data never breaks a header line: CR, LF and the like become spaces. */
	subject = estrdup(m->subject);
	for (p = subject; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	g_mime_message_set_subject(msg, subject, "UTF-8");
	free(subject);
	date = g_date_time_new_from_unix_utc(m->now);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	msgid_domain(from, m->base_url, domain, sizeof(domain));
	snprintf(msgid, sizeof(msgid), "<%lld.%lld.%s@%s>", m->id, m->now, hex, domain);
	g_mime_object_set_header(obj, "Message-ID", msgid, NULL);
	/* RFC 3834: no vacation replies or other robots' answers, please. */
	g_mime_object_set_header(obj, "Auto-Submitted", "auto-generated", NULL);
	if (m->unsubscribe != NULL) {
		char link[512];

		/* As it is: a URL is no text to encode, nor to fold (RFC 2369). */
		g_mime_object_set_header(obj, "List-Unsubscribe", "", NULL);
		snprintf(link, sizeof(link), " <%s>\n", m->unsubscribe);
		g_mime_header_set_raw_value(g_mime_header_list_get_header(
		    g_mime_object_get_header_list(obj), "List-Unsubscribe"), link);
		/* RFC 8058: the link takes a POST without a session. */
		g_mime_object_set_header(obj, "List-Unsubscribe-Post",
		    "List-Unsubscribe=One-Click", NULL);
	}
	if (m->att != NULL) {
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
		GMimePart *text = mime_text(m->body), *file = mime_attachment(m->att);

		g_mime_multipart_add(mixed, GMIME_OBJECT(text));
		g_mime_multipart_add(mixed, GMIME_OBJECT(file));
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
		g_object_unref(text);
		g_object_unref(file);
		g_object_unref(mixed);
	} else {
		GMimePart *text = mime_text(m->body);

		g_mime_message_set_mime_part(msg, GMIME_OBJECT(text));
		g_object_unref(text);
	}
	/* Written into an array of ours, wiped after the copy (a login code). */
	bytes = g_byte_array_new();
	out = g_mime_stream_mem_new_with_byte_array(bytes);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(out), FALSE);
	if (g_mime_object_write_to_stream(obj, NULL, out) < 0) {
		snprintf(err, errlen, "the message could not be written");
		goto err;
	}
	buf_add(b, bytes->data, bytes->len);
	rc = 0;
err:
	if (bytes != NULL) {
		sodium_memzero(bytes->data, bytes->len);
		g_byte_array_free(bytes, TRUE);
	}
	if (out != NULL)
		g_object_unref(out);
	if (msg != NULL)
		g_object_unref(msg);
	if (from != NULL)
		g_object_unref(from);
	if (to != NULL)
		g_object_unref(to);
	return rc;
}

int
mail_command(const char *what, const char *cmd, const char *extra,
    const char *data, size_t len, char *err, size_t errlen)
{
	char why[200];

	if (spawn_input(cmd, extra, data, len, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "%s failed (%s)", what, why);
	return -1;
}

/* What makes the file of a message that names an invoice (billing's PDF). */
static mail_attach_fn attacher;

void
mail_set_attacher(mail_attach_fn fn)
{
	attacher = fn;
}

struct deliver_one {
	struct db		*db;
	const struct conf	*conf;
	int			 sent;	/* 1 sent, 0 nothing due, -1 failed */
};

static int
deliver_one_txn(void *arg)
{
	struct deliver_one *d = arg;
	struct buf msg = { 0 }, pdf = { 0 };
	struct mail_attachment att = { "application/pdf", NULL, NULL, 0 };
	struct mail_msg m = { 0 };
	struct dbrow row;
	long long id = 0, inv = 0;
	char err[256], name[64] = "invoice.pdf";
	char *to = NULL, *subject = NULL, *body = NULL, *unsub = NULL;
	int rc;

	d->sent = 0;
	if ((rc = db_one(d->db, &stmts[Q_DUE], &row)) <= 0)
		return rc;
	parse_int(row.col[OUT_ID], 1, INT64_MAX, &id);
	/* Copied: the invoice's statements below reuse the row's buffers. */
	to = estrdup(row.col[OUT_RECIPIENT]);
	subject = estrdup(row.col[OUT_SUBJECT]);
	body = estrdup(row.col[OUT_BODY]);
	unsub = row.col[OUT_UNSUBSCRIBE] != NULL ? estrdup(row.col[OUT_UNSUBSCRIBE]) : NULL;
	if (row.col[OUT_INVOICE_ID] != NULL) {
		/* An e-invoice: its PDF is made now, from the invoice as issued. */
		parse_int(row.col[OUT_INVOICE_ID], 1, INT64_MAX, &inv);
		if (attacher == NULL)
			rc = 0;
		else if ((rc = attacher(d->db, inv, &pdf, name, sizeof(name))) < 0)
			goto out;
		if (rc == 0) {
			/* Not sent without its invoice: tried again later. */
			d->sent = -1;
			rc = db_run(d->db, &stmts[Q_FAILED], "the invoice PDF failed", id);
			goto out;
		}
		att.data = pdf.p;
		att.len = pdf.len;
		att.filename = name;
		m.att = &att;
	}
	m.from = d->conf->mail_from;
	m.to = to;
	m.subject = subject;
	m.body = body;
	m.unsubscribe = unsub;
	m.base_url = d->conf->base_url;
	m.id = id;
	m.now = (long long)time(NULL);
	/* The row stays locked while sendmail runs: nobody else sends it. */
	if (mail_format(&msg, &m, err, sizeof(err)) == 0 &&
	    mail_command("sendmail", d->conf->sendmail, NULL, msg.p, msg.len, err,
	    sizeof(err)) == 0) {
		d->sent = 1;
		rc = db_run(d->db, &stmts[Q_SENT], id);
		log_info("mail: message %lld delivered", id);
	} else {
		d->sent = -1;
		rc = db_run(d->db, &stmts[Q_FAILED], err, id);
		log_warn("mail: message %lld: %s", id, err);
	}
out:
	if (msg.p != NULL)
		sodium_memzero(msg.p, msg.len);
	buf_free(&msg);
	buf_free(&pdf);
	free(to);
	free(subject);
	if (body != NULL)
		sodium_memzero(body, strlen(body));
	free(body);
	free(unsub);
	return rc;
}

/* Long enough for one message (sendmail's time included); renewed before each. */
#define MAIL_LEASE	120

int
mail_deliver(struct db *db, const struct conf *c)
{
	struct deliver_one d = { db, c, 0 };
	char who[128];
	int rc, total = 0, i;

	/* Bounded per round so one round never runs for ever. */
	for (i = 0; i < 100; i++) {
		/* One deliverer at a time, on whichever host: the outbox's row
		 * locks are a node's own on a cluster, the lease is everybody's. */
		if ((rc = lease_take(db, LEASE_MAIL, MAIL_LEASE, who, sizeof(who))) <= 0) {
			if (rc == 0 && i == 0)
				log_info("mail: the outbox is being delivered by %s", who);
			total = rc < 0 ? rc : total;
			break;
		}
		if ((rc = db_txn(db, deliver_one_txn, &d)) < 0) {
			total = rc;
			break;
		}
		if (d.sent == 0)
			break;
		if (d.sent == 1)
			total++;
	}
	lease_give(db, LEASE_MAIL);
	return total;
}

const struct module mail_module = {
	.name = "mail", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
