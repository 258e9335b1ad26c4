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
/* A file sent with a message (an invoice's PDF). */
struct mail_attachment {
	const char	*type;		/* its Content-Type */
	const char	*filename;
	const char	*data;
	size_t		 len;
};

/* Formats an RFC 5322 message, with an attachment if att (pure; unit-tested). */
void	 mail_format(struct buf *, const char *from, const char *to,
	    const char *subject, const char *body, const struct mail_attachment *att,
	    long long id, long long now);
/* Replaces {name} placeholders from a NULL-terminated name/value list. */
void	 mail_fill(struct buf *, const char *tmpl, const char *const *vars);

#endif
