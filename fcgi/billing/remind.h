/*
 * Payment reminders. An invoice is reminded when it is unpaid or partly
 * paid at least its issuer's reminder_days past its due date and was not
 * reminded in the last reminder_days; a company whose no_reminders is set
 * gets none. A reminder is one transaction: a mail through the outbox to
 * each of the company's e-invoice addresses, else to each of its
 * administrators, in the customer's language and with the invoice's PDF;
 * the issuer's reminder_fee, where it has one, as a charge on the next
 * invoice of the same account; the reminder's row; and a line in the
 * company's audit log. A day holds at most one reminder of an invoice (a
 * unique key), so a second run sends nothing twice. The command `selfcare
 * remind` is billing_remind (billing.h).
 */
#ifndef SELFCARE_REMIND_H
#define SELFCARE_REMIND_H

struct conf;
struct db;

/* What became of one invoice due for a reminder. */
enum remind_state {
	REMIND_SENT,		/* reminded */
	REMIND_NOBODY,		/* no e-invoice address, no administrator */
	REMIND_FAILED,		/* the database failed: nothing written */
};

struct reminder {
	enum remind_state state;
	long long	 invoice_id, company_id;
	char		 number[24];
	char		 currency[4];
	long long	 remaining;	/* øre */
	long long	 fee;		/* øre charged, 0: none */
	int		 mails;
};

struct remind_report {
	int		 sent, mails, fees, nobody, failed;
};

/*
 * Reminds every invoice due for it on date (YYYY-MM-DD, a reminder's
 * day); each (if not NULL) hears of every invoice after its transaction.
 * 0, or a db_rc when the list of invoices could not be read.
 */
int	 remind_run(struct db *, const struct conf *, const char *date,
	    void (*each)(void *, const struct reminder *), void *arg,
	    struct remind_report *);

#endif
