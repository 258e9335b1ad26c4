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
 *   - a credit note repeats the invoice's lines with the signs turned.
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

/* "YYYY-MM" into year, month and the month's days; -1 if not a real month. */
int		 bill_period(const char *, int *year, int *month, int *days);
/* Days since 1970-01-01 of a "YYYY-MM-DD" (a real date); -1 if invalid. */
int		 bill_date_days(const char *, long *days);
/* "YYYY-MM-DD" of days since 1970-01-01 (out at least 11 bytes). */
void		 bill_days_date(long days, char *out, size_t);
/* A payment reference (Norwegian KID, MOD10): digits plus a check digit. */
int		 bill_kid(const char *digits, char *out, size_t);

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
 * account of a billing run failed.
 */
int		 billing_run(struct db *, const struct conf *, const char *period, const char *date,
		    FILE *out, FILE *err);
int		 billing_pay(struct db *, const char *number, const char *amount,
		    const char *date, const char *reference, FILE *out, FILE *err);
int		 billing_credit(struct db *, const char *number, const char *date,
		    FILE *out, FILE *err);

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

/* The demo's invoice history (after schema/demo/demo.sql): a year of
 * billing runs, payments, one credit note. */
int		 billing_demo(struct db *, const struct conf *);

#endif
