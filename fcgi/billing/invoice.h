/*
 * The invoice as XML: the <invoice> element that the invoice page shows and
 * the PDF (pdf.c) and the EHF document (xsl/ehf.xsl) are made from. Shape:
 * schema/xsd/invoice.xsd; example: tests/data/xml/invoice.xml.
 */
#ifndef SELFCARE_INVOICE_H
#define SELFCARE_INVOICE_H

#include <stddef.h>

#include <libxml/tree.h>

struct db;

/*
 * Two columns of invoice i for its statements and the lists of the
 * invoices area: whether it is overdue and what remains of it. Overdue:
 * unpaid or partly paid past the due date; nothing remains of a credited
 * invoice or a credit note. What remains is the total less what was paid
 * and what credit notes credited, never below zero once something was
 * credited: a credit beyond what was left to pay is the credit note's to
 * refund, not a debt of the invoice's.
 */
#define INVOICE_STATE \
	" (i.status IN ('unpaid', 'partly_paid') AND i.due_date < CURDATE())," \
	" CASE WHEN i.status IN ('credited', 'credit') THEN 0.00" \
	" WHEN i.credited = 0 THEN i.total - i.paid" \
	" ELSE GREATEST(i.total - i.paid - i.credited, 0.00) END"

/*
 * Appends <invoice> for invoice id of company to parent (number: the
 * invoice's number, for file names). 1: done, 0: no such invoice of that
 * company, <0: db_rc.
 */
int	 invoice_el(struct db *, xmlNodePtr parent, long long company, long long id,
	    char *number, size_t);

/*
 * A document <page name="invoice" lang> holding only the invoice, in its
 * issuer's language (for the e-mailed PDF). 1: *doc set, 0: none, <0: db_rc.
 */
int	 invoice_doc(struct db *, long long id, xmlDocPtr *doc, const char **lang);

struct buf;
/* An e-invoice mail's attachment: 1 the PDF in pdf and its file name in
 * name, 0 not made (logged), <0 a db_rc. */
int	 invoice_mail_pdf(struct db *, long long id, struct buf *pdf, char *name,
	    size_t len);

#endif
