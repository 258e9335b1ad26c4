/*
 * Payment reminders. An invoice is reminded when it is unpaid or partly
 * paid at least its issuer's reminder_days past its due date and was not
 * reminded in the last reminder_days; a company whose no_reminders is set
 * (the operator's stop) or that is closed gets none. Which invoices those
 * are is remind_due's answer, for the run and the back office's preview
 * alike. A reminder is one transaction: a mail through the outbox to
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
	int		 left;		/* due, not tried: past how->max */
};

/* An invoice overdue for a reminder on a day, as the run would remind it
 * (stopped: but for its company's stop, which the run honours). */
struct remind_due {
	long long	 invoice_id, company_id;
	char		 number[24];
	char		 company[201];
	char		 due[11];
	char		 currency[4];
	long long	 remaining;	/* øre */
	long long	 fee;		/* øre the issuer charges, 0: none */
	int		 stopped;
};

/*
 * The invoices due for a reminder on date (YYYY-MM-DD), in invoice order,
 * into *list (*n of them; free() it). A db_rc.
 */
int	 remind_due(struct db *, const char *date, struct remind_due **list,
	    size_t *n);

/* How a run goes: who runs it (staff 0: the command), at most max
 * reminders (0: all), each (if not NULL) told of every invoice after its
 * transaction. */
struct remind_how {
	long long	 staff;
	const char	*ip;
	size_t		 max;
	void		(*each)(void *, const struct reminder *);
	void		*arg;
};

/*
 * Reminds every invoice due for it on date (YYYY-MM-DD, a reminder's day),
 * each in a transaction of its own, audited in its company's log as the
 * staff member's, or the command's. 0, or a db_rc when the list of
 * invoices could not be read.
 */
int	 remind_run(struct db *, const struct conf *, const char *date,
	    const struct remind_how *, struct remind_report *);

#endif
