/*
 * Mail: queued in the outbox table inside the transaction of the event that
 * causes it, delivered later through the sendmail interface with retries.
 */
#ifndef SELFCARE_MAIL_H
#define SELFCARE_MAIL_H

#include <stddef.h>

struct conf;
struct db;
struct buf;

int	 mail_enqueue(struct db *, const char *to, const char *subject, const char *body);
/* Delivers every due message; returns how many were sent, or <0 db_rc. */
int	 mail_deliver(struct db *, const struct conf *);
/*
 * Runs a configured command (split on blanks; extra, if not NULL, one more
 * argument) with data on its standard input: 0 if it exited 0, else -1
 * with the reason in err ("WHAT failed (status N)"). Mail's sendmail and
 * the SMS gateway's command.
 */
int	 mail_command(const char *what, const char *cmd, const char *extra,
	    const char *data, size_t len, char *err, size_t errlen);
/* A file sent with a message (an invoice's PDF). */
struct mail_attachment {
	const char	*type;		/* its Content-Type */
	const char	*filename;
	const char	*data;
	size_t		 len;
};

/* One message: an outbox row and what the configuration adds. */
struct mail_msg {
	const char	*from;		/* mail_from: one address, a name allowed */
	const char	*to;		/* one address, nothing else */
	const char	*subject;	/* UTF-8 */
	const char	*body;		/* UTF-8 text */
	const char	*unsubscribe;	/* an e-invoice mail's unsubscribe link, or NULL */
	const struct mail_attachment *att;	/* or NULL */
	const char	*base_url;	/* the Message-ID's domain when from has none */
	long long	 id;		/* the outbox row */
	long long	 now;		/* the Date, seconds since the epoch */
};

/*
 * Appends the message to the buffer, built with GMime (lines end in LF, as
 * sendmail reads them); -1 with the reason in err when an address or the
 * link would not make a header of its own.
 */
int	 mail_format(struct buf *, const struct mail_msg *, char *err, size_t errlen);
/* Releases GMime, if this process used it (at exit, for leak checks). */
void	 mail_cleanup(void);
/* Whether mail_from is exactly one mailbox, as delivery will need (check-config). */
int	 mail_from_ok(const char *);
/*
 * The maker of the file a message carries when its outbox row names an
 * invoice: 1 made (its data in the buffer, its file name in name), 0 not
 * (the message waits and is tried again), <0 a db_rc. The billing side
 * gives it (main.c); without one such a message waits.
 */
typedef int (*mail_attach_fn)(struct db *, long long invoice_id, struct buf *,
    char *name, size_t namelen);
void	 mail_set_attacher(mail_attach_fn);

#endif
