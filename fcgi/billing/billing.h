/*
 * Billing: the arithmetic of an invoice and the operator's commands (the
 * billing run, payments, credit notes).
 *
 * Rounding rules (every figure can be checked by hand):
 *   - amounts are integer øre; VAT rates integer hundredths of a percent
 *     (25.00 % = 2500);
 *   - a line's net = quantity × unit price / base quantity, rounded half
 *     away from zero to the øre once (pro rata: quantity = days billed,
 *     base = days of the month; a whole month is 1 of 1);
 *   - a line's VAT = net × rate, rounded half away from zero to the øre;
 *     its amount = net + VAT;
 *   - the invoice's net, VAT and total are the sums of its lines, and the
 *     VAT summary per rate is the sum of that rate's line VAT (it may
 *     differ from base × rate by less than half an øre per line);
 *   - a credit note repeats the lines it credits with the signs turned; an
 *     amount credited (VAT included) is one line whose net = amount ÷
 *     (1 + rate), rounded half away from zero, and whose VAT is the rest,
 *     so that the credit note's total is the amount to the øre;
 *   - what remains to pay of an invoice is its total less what was paid
 *     and what its credit notes credited.
 */
#ifndef SELFCARE_BILLING_H
#define SELFCARE_BILLING_H

#include <stddef.h>
#include <stdio.h>

struct conf;
struct db;

/* num / den rounded half away from zero (den > 0). */
long long	 bill_div_round(long long num, long long den);
/* net of quantity × unit_price / base, rounded (base > 0). */
long long	 bill_net(long long quantity, long long unit_price, long long base);
/* VAT of net at rate_bp hundredths of a percent, rounded. */
long long	 bill_vat(long long net, long long rate_bp);
/* An amount with VAT included, split into its net and its VAT at rate_bp
 * (net + VAT = amount). */
void		 bill_split_gross(long long amount, long long rate_bp, long long *net,
		    long long *vat);
/* An invoice's status from its total, what was paid and what its credit
 * notes credited (øre), as stored: "credited" when they credited all of it,
 * "paid" when nothing remains to pay, else "partly_paid" or "unpaid". */
const char	*bill_status(long long total, long long paid, long long credited);

/* "YYYY-MM" into year, month and the month's days; -1 if not a real month. */
int		 bill_period(const char *, int *year, int *month, int *days);
/* Days since 1970-01-01 of a "YYYY-MM-DD" (a real date); -1 if invalid. */
int		 bill_date_days(const char *, long *days);
/* "YYYY-MM-DD" of days since 1970-01-01 (out at least 11 bytes). */
void		 bill_days_date(long days, char *out, size_t);
/* A payment reference (Norwegian KID, MOD10): digits plus a check digit. */
int		 bill_kid(const char *digits, char *out, size_t);
/* A document's payment reference: the KID of its account number and its
 * own number (the two as they are when the account number is not digits). */
void		 bill_payment_ref(const char *account, long long number, char *out,
		    size_t);

/* The token of an e-invoice address's unsubscribe link (a keyed hash of
 * its id and address, 43 base64url characters). */
void		 einvoice_token(const unsigned char key[32], long long id,
		    const char *email, char out[44]);

/*
 * The commands. Each reports what it did on out and problems on err;
 * returns 0, or an exit status after printing the reason (nothing is half
 * done): EX_USAGE for a bad period, date, amount or reference, EX_TEMPFAIL
 * when the database went away, EX_SOFTWARE for a database error, 1 when
 * something was refused (no such invoice, more than what remains) or an
 * account of a billing run failed. What credit notes and reminders do:
 * credit.h, remind.h.
 */
int		 billing_run(struct db *, const struct conf *, const char *period, const char *date,
		    FILE *out, FILE *err);
/* The billing run of only the companies given (n of them, none: every
 * company): each must be there and not closed, else nothing is billed and
 * 1 is returned after saying which. Only their accounts are billed, so the
 * period stays to bill for the others; again, it bills nothing twice. */
int		 billing_run_companies(struct db *, const struct conf *, const char *period,
		    const char *date, const long long *companies, size_t n, FILE *out,
		    FILE *err);

/* One account of a period as billing_period met it: the invoice made, or
 * (a preview) the one it would make; or neither (billed already, nothing
 * to bill in its currency), or failed (nothing billed for it). */
struct bill_account {
	long long	 account, company;
	long long	 invoice;		/* the invoice made (0: none) */
	char		 number[24];		/* its number */
	char		 name[201];		/* the company's */
	char		 currency[4];
	long long	 net, vat, total;	/* øre */
	int		 lines;			/* 0: nothing made or to make */
	int		 mails;			/* e-invoice mails queued */
	int		 failed;		/* the database failed */
	size_t		 nth, of;		/* its place among the period's accounts */
};
/* How billing_period bills: dry, a preview that works every figure out
 * the same way and writes nothing; run, the billing run (billing_runs) its
 * invoices belong to (0: none); each, when not NULL, hears of every
 * account after its transaction; companies, when ncompanies > 0, the only
 * companies billed (and whose payroll deductions are written). */
struct bill_how {
	int		 dry;
	long long	 run;
	void		(*each)(void *, const struct bill_account *);
	void		*arg;
	const long long	*companies;
	size_t		 ncompanies;
};
/* The billing run (or its preview) of a period: billing_run's work without
 * its report. 0, 1 when an account failed, or an exit status (EX_USAGE a
 * bad period or date, EX_TEMPFAIL, EX_SOFTWARE: nothing read) after saying
 * why on err. */
int		 billing_period(struct db *, const struct conf *, const char *period,
		    const char *date, const struct bill_how *, FILE *err);
int		 billing_pay(struct db *, const char *number, const char *amount,
		    const char *date, const char *reference, FILE *out, FILE *err);
/* Credit notes (credit.c): lines and amount as typed (NULL, 0: none, then
 * all that remains uncredited). */
int		 billing_credit(struct db *, const char *number, const char *date,
		    const char *const *lines, size_t nlines, const char *amount,
		    FILE *out, FILE *err);
/* Reminders (remind.c): a line per invoice reminded and a summary. */
int		 billing_remind(struct db *, const struct conf *, const char *date,
		    FILE *out, FILE *err);
/* The demo's invoice history (after schema/demo/demo.sql): a year of
 * billing runs, payments, one credit note. */
int		 billing_demo(struct db *, const struct conf *);

/* ---- what the billing commands share (credit.c, remind.c) ---- */

/* date if given (checked), else the database's today, into out (11 bytes):
 * 0, or the exit status after saying why on err. */
int		 billing_today(struct db *, const char *date, char *out, size_t,
		    FILE *err);
/* The language of an issuer's documents or a company's mail: its country's. */
const char	*billing_lang(const char *country);
/* Queues a mail that carries invoice's PDF (made at delivery), with the
 * unsubscribe link of an e-invoice address or NULL; a db_rc. */
int		 billing_mail(struct db *, const char *to, const char *subject,
		    const char *body, long long invoice, const char *unsubscribe);
/* Locks the issuer's number series and takes its next number; a db_rc. */
int		 billing_number_take(struct db *, long long issuer, long long *number);

/* An invoice named by its number, locked until the transaction ends. */
struct bill_invoice {
	long long	 id, issuer, company;
	long long	 total, paid, credited;	/* øre */
	int		 credit_note;		/* a credit note, not an invoice */
	char		 status[12];		/* as stored: "partly_paid" */
	char		 currency[4];
	char		 number[24];
};
/* 1 locked, 0 refused (not a number, not found, a number two issuers
 * share: why says so), <0 a db_rc. */
int		 billing_invoice_lock(struct db *, const char *number,
		    struct bill_invoice *, char *why, size_t);
/* A command's transaction as its exit status: 0 with the result on out, 1
 * refused with why on err, EX_TEMPFAIL or EX_SOFTWARE when the database
 * failed (nothing changed). */
int		 billing_report(int rc, const char *what, const char *result,
		    const char *why, FILE *out, FILE *err);

/* Why a payment was not registered (PAY_OK: it was). */
enum pay_refusal {
	PAY_OK,
	PAY_NOT_FOUND,		/* no invoice has that KID */
	PAY_AMBIGUOUS,		/* more than one has */
	PAY_CREDIT_NOTE,	/* a credit note takes no payment */
	PAY_CREDITED,		/* nor does a credited invoice */
	PAY_CURRENCY,		/* paid in another currency than the invoice's */
	PAY_OVER		/* more than what remains unpaid */
};

/* A payment of an invoice, and what became of it. */
struct payment {
	long long	 amount;		/* øre, > 0 */
	const char	*currency;		/* the payer's; NULL: the invoice's */
	const char	*date;			/* YYYY-MM-DD */
	const char	*reference;		/* at most 64 characters; NULL: none */
	/* set by billing_pay_kid */
	enum pay_refusal refused;
	long long	 invoice;		/* the invoice's id (0: none found) */
	long long	 company;		/* the invoice's company */
	long long	 id;			/* the payment's id (0: refused) */
	long long	 remaining;		/* unpaid after it, øre */
	char		 number[24];		/* the invoice's number */
	char		 status[16];		/* its status after it */
	char		 invoice_currency[4];
};

/*
 * Inside the caller's transaction: locks the invoice whose payment
 * reference is kid and registers the payment the way `pay` does, with the
 * same checks (and the currency's, when given). 0 with p->refused saying
 * whether it was registered, or <0 a db_rc.
 */
int		 billing_pay_kid(struct db *, const char *kid, struct payment *);
/* The same for the invoice of that number (`pay`, the back office): 1 with
 * p->refused saying whether it was registered, 0 when no invoice can be
 * locked by that number (why says so), <0 a db_rc. */
int		 billing_pay_number(struct db *, const char *number, struct payment *,
		    char *why, size_t);

#endif
