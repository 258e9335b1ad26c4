/*
 * Every SQL statement of the portal, named. Statements are prepared once per
 * connection and always take bound parameters. Statements that read customer
 * data carry the asking user's id, so tenant isolation holds in the query
 * itself, not only in the handler that calls it.
 */
#ifndef SELFCARE_SQL_H
#define SELFCARE_SQL_H

enum stmt_id {
	ST_AUDIT,
	ST_TODAY,
	/* billing (billing.c) */
	ST_BILL_ITEMS,
	ST_BILL_ACCOUNT,
	ST_BILL_EXISTS,
	ST_INVOICE_ADD,
	ST_INVOICE_LINE_ADD,
	ST_INVOICE_SET_TOTALS,
	ST_ISSUER_NEXT,
	ST_ISSUER_LOCK,
	ST_CHARGE_BILL,
	ST_EINVOICE_EMAILS,
	ST_MAIL_ENQUEUE_INVOICE,
	ST_INVOICE_LOCK,
	ST_PAYMENT_ADD,
	ST_INVOICE_SET_PAID,
	ST_INVOICE_ACCOUNT_NO,
	ST_CREDIT_NOTE_ADD,
	ST_INVOICE_LINES_RAW,
	ST_CREDIT_NOTE_TOTALS,
	ST_INVOICE_SET_CREDITED,
	ST_DEMO_UNPAID,
	ST_DEMO_INVOICE_OF,
	/* invoice pages (pages/invoices.c, invoice.c) */
	ST_INVOICE_YEARS,
	ST_LOCATION_OF_COMPANY,
	ST_INVOICES_OF_COMPANY,
	ST_INVOICES_OF_LOCATION,
	ST_INVOICE_COMPANY,
	ST_INVOICE_GET,
	ST_INVOICE_LINES,
	ST_EINVOICE_LIST,
	ST_EINVOICE_ADD,
	ST_EINVOICE_DEL,
	ST_EINVOICE_GET,
	ST_EINVOICE_DEL_ID,
	/* operation (ops.c) */
	ST__MAX
};

extern const char *const sql_text[ST__MAX];
/* "ST_SESSION_BY_TOKEN" …: made from this file at build time (Makefile.am). */
extern const char *const sql_name[ST__MAX];

#endif
