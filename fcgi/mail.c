/*
 * The outbox and its delivery. A message leaves the outbox only after the
 * sendmail command exited 0; anything else is retried later with back-off.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "db.h"
#include "invoice.h"
#include "pdf.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "util.h"

int
mail_enqueue(struct db *db, const char *to, const char *subject, const char *body)
{
	return db_run(db, ST_MAIL_ENQUEUE, "sss", to, subject, body);
}

void
mail_fill(struct buf *b, const char *tmpl, const char *const *vars)
{
	const char *p = tmpl;

	buf_add(b, NULL, 0);
	while (*p) {
		const char *open = strchr(p, '{'), *close;
		size_t i;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			buf_puts(b, p);
			break;
		}
		buf_add(b, p, (size_t)(open - p));
		for (i = 0; vars[i] != NULL; i += 2)
			if (strlen(vars[i]) == (size_t)(close - open - 1) &&
			    strncmp(vars[i], open + 1, (size_t)(close - open - 1)) == 0)
				break;
		if (vars[i] != NULL)
			buf_puts(b, vars[i + 1]);
		else
			buf_add(b, open, (size_t)(close - open + 1));
		p = close + 1;
	}
}

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* A header value never carries a line break from data (header injection). */
static void
header(struct buf *b, const char *name, const char *value)
{
	const char *p;

	buf_printf(b, "%s: ", name);
	for (p = value; *p; p++)
		buf_add(b, (*p == '\r' || *p == '\n') ? " " : p, 1);
	buf_puts(b, "\r\n");
}

void
mail_format(struct buf *b, const char *from, const char *to, const char *subject,
    const char *body, const struct mail_attachment *att, long long id, long long now)
{
	char date[64], subj[512], msgid[128], boundary[80];
	time_t t = (time_t)now;
	struct tm tm;
	const char *p;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	if (is_ascii(subject))
		snprintf(subj, sizeof(subj), "%s", subject);
	else {
		/* RFC 2047: non-ASCII subjects travel base64-encoded. */
		char enc[400];
		size_t n = strlen(subject);

		if (n > 250)
			n = 250;
		sodium_bin2base64(enc, sizeof(enc), (const unsigned char *)subject, n,
		    sodium_base64_VARIANT_ORIGINAL);
		snprintf(subj, sizeof(subj), "=?UTF-8?B?%s?=", enc);
	}
	snprintf(msgid, sizeof(msgid), "<%lld.%lld@selfcare>", id, now);
	header(b, "From", from);
	header(b, "To", to);
	header(b, "Subject", subj);
	header(b, "Date", date);
	header(b, "Message-ID", msgid);
	header(b, "MIME-Version", "1.0");
	if (att != NULL) {
		/* multipart/mixed: the text, then the attachment in base64. */
		snprintf(boundary, sizeof(boundary), "=_selfcare_%lld_%lld", id, now);
		buf_printf(b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
		    "--%s\r\n", boundary, boundary);
	}
	header(b, "Content-Type", "text/plain; charset=UTF-8");
	header(b, "Content-Transfer-Encoding", "8bit");
	buf_puts(b, "\r\n");
	/* Body lines end in CRLF. */
	for (p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_puts(b, "\r\n");
		else
			buf_add(b, p, 1);
	}
	if (b->len < 2 || strcmp(b->p + b->len - 2, "\r\n") != 0)
		buf_puts(b, "\r\n");
	if (att != NULL) {
		size_t off, n;
		char line[80];

		buf_printf(b, "--%s\r\n", boundary);
		header(b, "Content-Type", att->type);
		buf_printf(b, "Content-Disposition: attachment; filename=\"%s\"\r\n",
		    att->filename);
		header(b, "Content-Transfer-Encoding", "base64");
		buf_puts(b, "\r\n");
		/* Lines of 76 characters: 57 bytes each (RFC 2045). */
		for (off = 0; off < att->len; off += n) {
			n = att->len - off < 57 ? att->len - off : 57;
			sodium_bin2base64(line, sizeof(line),
			    (const unsigned char *)att->data + off, n,
			    sodium_base64_VARIANT_ORIGINAL);
			buf_puts(b, line);
			buf_puts(b, "\r\n");
		}
		buf_printf(b, "--%s--\r\n", boundary);
	}
}

/* Runs the sendmail command with the message on stdin; 0 if it exited 0. */
static int
run_sendmail(const char *cmd, const struct buf *msg, char *err, size_t errlen)
{
	char *copy = xstrdup(cmd), *argv[32], *tok, *save = NULL;
	int pfd[2], status, argc = 0;
	size_t off = 0;
	pid_t pid;

	for (tok = strtok_r(copy, " \t", &save); tok && argc < 31;
	    tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (argc == 0 || pipe(pfd) == -1) {
		snprintf(err, errlen, "cannot run sendmail");
		free(copy);
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		free(copy);
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[0]);
	free(copy);
	while (off < msg->len) {
		ssize_t n = write(pfd[1], msg->p + off, msg->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errlen, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (off < msg->len || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "sendmail failed (status %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return -1;
	}
	return 0;
}

/* The PDF of invoice id: 1 made, 0 not (logged), <0 db_rc. */
static int
invoice_attachment(struct db *db, long long id, struct buf *pdf, char *name,
    size_t len)
{
	const char *lang;
	xmlDocPtr doc;
	int rc;

	if ((rc = invoice_doc(db, id, &doc, &lang)) <= 0)
		return rc;
	rc = pdf_invoice(doc, lang, pdf) == 0;
	if (rc) {
		xmlNodePtr e = x_child(x_child(xmlDocGetRootElement(doc), "invoice"), "number");

		if (e != NULL) {
			xmlChar *t = xmlNodeGetContent(e);

			snprintf(name, len, "%s-%s.pdf", strcmp(lang, "en") == 0 ?
			    "invoice" : "faktura", (const char *)t);
			xmlFree(t);
		}
	} else
		log_error("mail: the PDF of invoice %lld could not be made", id);
	xmlFreeDoc(doc);
	return rc;
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
	struct dbrow row;
	long long id = 0;
	char err[256], name[64];
	int rc;

	d->sent = 0;
	if ((rc = db_one(d->db, ST_MAIL_DUE, &row, "")) <= 0)
		return rc;
	parse_int(row.col[0], 1, INT64_MAX, &id);
	if (row.col[4] != NULL) {
		/* An e-invoice: its PDF is made now, from the invoice as issued. */
		long long inv = 0;
		char to[255], subject[256], body[4096];

		snprintf(to, sizeof(to), "%s", row.col[1]);
		snprintf(subject, sizeof(subject), "%s", row.col[2]);
		snprintf(body, sizeof(body), "%s", row.col[3]);
		parse_int(row.col[4], 1, INT64_MAX, &inv);
		if ((rc = invoice_attachment(d->db, inv, &pdf, name, sizeof(name))) < 0)
			return rc;
		if (rc == 0) {
			/* Not sent without its invoice: tried again later. */
			d->sent = -1;
			buf_free(&pdf);
			return db_run(d->db, ST_MAIL_FAILED, "si", "the invoice PDF failed", id);
		}
		att.data = pdf.p;
		att.len = pdf.len;
		att.filename = name;
		mail_format(&msg, d->conf->mail_from, to, subject, body, &att, id,
		    (long long)time(NULL));
		buf_free(&pdf);
	} else
		mail_format(&msg, d->conf->mail_from, row.col[1], row.col[2],
		    row.col[3], NULL, id, (long long)time(NULL));
	/* The row stays locked while sendmail runs: nobody else sends it. */
	if (run_sendmail(d->conf->sendmail, &msg, err, sizeof(err)) == 0) {
		d->sent = 1;
		rc = db_run(d->db, ST_MAIL_SENT, "i", id);
		log_info("mail: message %lld delivered", id);
	} else {
		d->sent = -1;
		rc = db_run(d->db, ST_MAIL_FAILED, "si", err, id);
		log_warn("mail: message %lld: %s", id, err);
	}
	sodium_memzero(msg.p, msg.len);
	buf_free(&msg);
	return rc;
}

int
mail_deliver(struct db *db, const struct conf *c)
{
	struct deliver_one d = { db, c, 0 };
	int rc, total = 0, i;

	/* Bounded per round so one round never runs for ever. */
	for (i = 0; i < 100; i++) {
		if ((rc = db_txn(db, deliver_one_txn, &d)) < 0)
			return rc;
		if (d.sent == 0)
			break;
		if (d.sent == 1)
			total++;
	}
	return total;
}
