/*
 * The SMS outbox and its delivery: a message leaves only after the
 * gateway command exited 0; anything else is retried later with back-off.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/log.h"
#include "core/module.h"
#include "core/util.h"
#include "mail/mail.h"
#include "mail/sms.h"

enum { SMS_ID, SMS_RECIPIENT, SMS_BODY, SMS__COLS };
enum { Q_ENQUEUE, Q_DUE, Q_SENT, Q_FAILED };
static struct stmt stmts[] = {
	[Q_ENQUEUE] = STMT("sms.enqueue", "ss", 0,
	    "INSERT INTO sms_outbox (recipient, body) VALUES (?, ?)"),
	/* SKIP LOCKED: a second deliverer takes other rows. */
	[Q_DUE] = STMT("sms.due", "", SMS__COLS,
	    "SELECT id, recipient, body FROM sms_outbox"
	    " WHERE sent_at IS NULL AND next_attempt_at <= NOW()"
	    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
	[Q_SENT] = STMT("sms.sent", "i", 0,
	    "UPDATE sms_outbox SET sent_at = NOW(), attempts = attempts + 1,"
	    " last_error = NULL WHERE id = ?"),
	/* Back-off as mail's: 30 s, 1 min, 2 min, … capped at an hour. */
	[Q_FAILED] = STMT("sms.failed", "si", 0,
	    "UPDATE sms_outbox SET last_error = ?,"
	    " next_attempt_at = NOW() + INTERVAL LEAST(3600, 30 * POW(2, LEAST(attempts, 12))) SECOND,"
	    " attempts = attempts + 1 WHERE id = ?"),
};

int
sms_enqueue(struct db *db, const char *number, const char *text)
{
	return db_run(db, &stmts[Q_ENQUEUE], number, text);
}

struct sms_one {
	struct db		*db;
	const struct conf	*conf;
	int			 sent;	/* 1 sent, 0 nothing due, -1 failed */
};

static int
sms_one_txn(void *arg)
{
	struct sms_one *d = arg;
	struct dbrow row;
	long long id = 0;
	char err[256], *to, *body;
	int rc;

	d->sent = 0;
	if ((rc = db_one(d->db, &stmts[Q_DUE], &row)) <= 0)
		return rc;
	parse_int(row.col[SMS_ID], 1, INT64_MAX, &id);
	to = estrdup(row.col[SMS_RECIPIENT]);
	body = estrdup(row.col[SMS_BODY]);
	/* The row stays locked while the gateway runs: nobody else sends it. */
	if (mail_command("sms_command", d->conf->sms_command, to, body, strlen(body),
	    err, sizeof(err)) == 0) {
		d->sent = 1;
		rc = db_run(d->db, &stmts[Q_SENT], id);
		log_info("sms: message %lld delivered", id);
	} else {
		d->sent = -1;
		rc = db_run(d->db, &stmts[Q_FAILED], err, id);
		log_warn("sms: message %lld: %s", id, err);
	}
	free(to);
	/* A message may hold a one-time code. */
	sodium_memzero(body, strlen(body));
	free(body);
	return rc;
}

int
sms_deliver(struct db *db, const struct conf *c)
{
	struct sms_one d = { db, c, 0 };
	int rc, total = 0, i;

	if (c->sms_command[0] == '\0')
		return 0;
	/* Bounded per round so one round never runs for ever. */
	for (i = 0; i < 100; i++) {
		if ((rc = db_txn(db, sms_one_txn, &d)) < 0)
			return rc;
		if (d.sent == 0)
			break;
		if (d.sent == 1)
			total++;
	}
	return total;
}

const struct module sms_module = {
	.name = "sms", .stmts = stmts, .nstmts = COUNTOF(stmts),
};
