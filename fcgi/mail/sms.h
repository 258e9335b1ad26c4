/*
 * SMS: queued in the sms_outbox table inside the transaction that causes
 * them, delivered by the mail child and `selfcare deliver` through the
 * configured gateway command (sms_command: the number its last argument,
 * the text on its standard input), retried with back-off as mail is.
 */
#ifndef SELFCARE_SMS_H
#define SELFCARE_SMS_H

struct conf;
struct db;

int	 sms_enqueue(struct db *, const char *number, const char *text);
/* Delivers every due message; how many were sent, or <0 a db_rc. With no
 * sms_command configured nothing leaves (the messages wait). */
int	 sms_deliver(struct db *, const struct conf *);

#endif
