/*
 * Credit notes: all of an invoice, chosen lines of it, or an amount (VAT
 * included, one line at the invoice's VAT rate), never more than what the
 * invoice still has uncredited, however many credit notes it has had.
 *
 * A credit note is an invoice document of its own: kind credit_note, status
 * credit, the next number of the issuer's series, the credited lines with
 * the signs turned, each naming the line it reverses (so no line is
 * credited twice). The invoice keeps the sum credited; it is "credited"
 * only when that is all of it, else it keeps its paid or unpaid state with
 * less remaining to pay (bill_status). The command `selfcare credit` is
 * billing_credit (billing.h).
 */
#ifndef SELFCARE_CREDIT_H
#define SELFCARE_CREDIT_H

#include <stddef.h>

struct db;

/* What to credit: lines (nlines > 0), an amount (> 0), or neither: all
 * that remains uncredited. */
struct credit_req {
	const char	*number;	/* the invoice's number */
	const char	*date;		/* the credit note's date, YYYY-MM-DD */
	const long long	*lines;		/* the invoice's line numbers */
	size_t		 nlines;
	long long	 amount;	/* øre, VAT included */
};

/* What was made, or why not. */
struct credit_res {
	long long	 id, number;	/* the credit note */
	long long	 total;		/* what it credits, øre, VAT included */
	long long	 uncredited;	/* what the invoice has uncredited after it */
	char		 status[12];	/* the invoice's status after it, as stored */
	char		 currency[4];
	char		 why[256];	/* why it was refused */
};

/* In one transaction: 0 made, 1 refused (why says why; nothing written),
 * <0 a db_rc. The description of an amount's line needs the strings. */
int	 credit_note_make(struct db *, const struct credit_req *, struct credit_res *);

#endif
