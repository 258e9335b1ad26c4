/* The SQL text of every named statement (see sql.h). */
#include "config.h"

#include "core/sql.h"

const char *const sql_text[ST__MAX] = {
[ST_AUDIT] =
	"INSERT INTO audit_log (user_id, company_id, action, object, object_id,"
	" detail, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
[ST_TODAY] =
	"SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",
/* ---- billing (billing.c) ---- */
/* What a period bills: each subscription's days in it, and the charges not
 * billed yet, with the billing account each belongs to (NULL: none), for
 * the accounts not billed for the period yet. Parameters: first, last,
 * last, last, first, last day of the period, the period. */
#define ACCOUNT_OF(company, currency, explicit) \
	"COALESCE(" explicit ", (SELECT MIN(b.id) FROM billing_accounts b" \
	" WHERE b.company_id = " company " AND b.currency = " currency "))"
[ST_BILL_ITEMS] =
	"SELECT x.account, x.kind, x.id, x.sub, x.ref, x.location, x.uname, x.cc,"
	" x.descr, x.currency, x.price, x.dfrom, x.dto, x.rate, x.qty, x.company"
	" FROM ("
	"  SELECT " ACCOUNT_OF("s.company_id", "s.currency", "s.billing_account_id")
	"   AS account, 's' AS kind, s.id AS id, s.id AS sub, s.ref AS ref,"
	"   s.location_id AS location, u.name AS uname, s.cost_centre AS cc,"
	"   p.name AS descr, s.currency AS currency, s.monthly_price AS price,"
	"   GREATEST(s.started_on, ?) AS dfrom, LEAST(COALESCE(s.ends_on, ?), ?) AS dto,"
	"   NULL AS rate, 1 AS qty, s.company_id AS company"
	"  FROM subscriptions s JOIN products p ON p.id = s.product_id"
	"  LEFT JOIN users u ON u.id = s.user_id"
	"  WHERE s.started_on <= ? AND (s.ends_on IS NULL OR s.ends_on >= ?)"
	"  AND (s.status <> 'terminated' OR s.ends_on IS NOT NULL)"
	"  UNION ALL"
	"  SELECT " ACCOUNT_OF("c.company_id", "c.currency", "s.billing_account_id")
	"   , 'c', c.id, c.subscription_id, s.ref, COALESCE(c.location_id, s.location_id),"
	"   NULL, s.cost_centre, c.description, c.currency, c.unit_price, c.charged_on,"
	"   c.charged_on, c.vat_rate, c.quantity, c.company_id"
	"  FROM charges c LEFT JOIN subscriptions s ON s.id = c.subscription_id"
	"  WHERE c.invoice_id IS NULL AND c.charged_on <= ?"
	" ) x"
	" WHERE x.account IS NULL OR NOT EXISTS (SELECT 1 FROM invoices i"
	"  WHERE i.billing_account_id = x.account AND i.period_key = ?)"
	" ORDER BY x.account, x.kind DESC, x.location, x.ref, x.id",
#undef ACCOUNT_OF
/* Locks the account and its issuer's number series. */
[ST_BILL_ACCOUNT] =
	"SELECT a.company_id, a.currency, a.vat_rate, a.number, a.issuer_id, i.due_days,"
	" i.next_number, c.name, c.orgnr, c.street, c.postcode, c.city, c.country,"
	" i.country"
	" FROM billing_accounts a JOIN issuers i ON i.id = a.issuer_id"
	" JOIN companies c ON c.id = a.company_id WHERE a.id = ? FOR UPDATE",
[ST_BILL_EXISTS] =
	"SELECT id FROM invoices WHERE billing_account_id = ? AND period_key = ?",
[ST_INVOICE_ADD] =
	"INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id,"
	" period, period_key, credits_id, invoice_date, due_date, currency, net, vat,"
	" total, status, payment_ref, customer_name, customer_orgnr, customer_street,"
	" customer_postcode, customer_city, customer_country)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
[ST_INVOICE_LINE_ADD] =
	"INSERT INTO invoice_lines (invoice_id, line_no, subscription_id,"
	" subscription_ref, location_id, user_name, cost_centre, description,"
	" period_from, period_to, unit, quantity, base_quantity, unit_price, net,"
	" vat_rate, vat, amount)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
[ST_INVOICE_SET_TOTALS] =
	"UPDATE invoices SET net = ?, vat = ?, total = ?, status = ? WHERE id = ?",
[ST_ISSUER_NEXT] =
	"UPDATE issuers SET next_number = next_number + 1 WHERE id = ?",
[ST_ISSUER_LOCK] =
	"SELECT next_number FROM issuers WHERE id = ? FOR UPDATE",
[ST_CHARGE_BILL] =
	"UPDATE charges SET invoice_id = ? WHERE id = ? AND invoice_id IS NULL",
[ST_EINVOICE_EMAILS] =
	"SELECT id, email FROM einvoice_recipients WHERE company_id = ? ORDER BY id",
[ST_MAIL_ENQUEUE_INVOICE] =
	"INSERT INTO mail_outbox (recipient, subject, body, invoice_id, unsubscribe_url)"
	" VALUES (?, ?, ?, ?, ?)",
/* By number; the count tells when two issuers' series share the number. */
[ST_INVOICE_LOCK] =
	"SELECT i.id, (SELECT COUNT(*) FROM invoices x WHERE x.number = i.number),"
	" i.kind, i.status, i.total, i.paid, i.currency, i.issuer_id"
	" FROM invoices i WHERE i.number = ? ORDER BY i.id LIMIT 1 FOR UPDATE",
[ST_PAYMENT_ADD] =
	"INSERT INTO payments (invoice_id, amount, paid_on, reference) VALUES (?, ?, ?, ?)",
[ST_INVOICE_SET_PAID] =
	"UPDATE invoices SET paid = ?, status = ? WHERE id = ?",
[ST_INVOICE_ACCOUNT_NO] =
	"SELECT a.number FROM invoices i JOIN billing_accounts a"
	" ON a.id = i.billing_account_id WHERE i.id = ?",
[ST_CREDIT_NOTE_ADD] =
	"INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id,"
	" period, period_key, credits_id, invoice_date, due_date, currency, net, vat,"
	" total, status, payment_ref, customer_name, customer_orgnr, customer_street,"
	" customer_postcode, customer_city, customer_country)"
	" SELECT issuer_id, ?, 'credit_note', company_id, billing_account_id, period,"
	" NULL, id, ?, ?, currency, 0, 0, 0, 'credit', ?, customer_name, customer_orgnr,"
	" customer_street, customer_postcode, customer_city, customer_country"
	" FROM invoices WHERE id = ?",
[ST_INVOICE_LINES_RAW] =
	"SELECT id, line_no, subscription_id, subscription_ref, location_id, user_name,"
	" cost_centre, description, period_from, period_to, quantity, base_quantity,"
	" unit_price, unit, net, vat_rate, vat, amount"
	" FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no",
[ST_CREDIT_NOTE_TOTALS] =
	"UPDATE invoices c JOIN invoices o ON o.id = ?"
	" SET c.net = -o.net, c.vat = -o.vat, c.total = -o.total WHERE c.id = ?",
[ST_INVOICE_SET_CREDITED] =
	"UPDATE invoices SET status = 'credited' WHERE id = ?",
[ST_DEMO_UNPAID] =
	"SELECT number, total, due_date FROM invoices WHERE kind = 'invoice'"
	" AND status = 'unpaid' AND due_date < ? ORDER BY due_date DESC, id",
[ST_DEMO_INVOICE_OF] =
	"SELECT number FROM invoices WHERE company_id = ? AND period_key = ?",

/* ---- invoice pages ---- */
/* Overdue: unpaid or partly paid past the due date; nothing remains of a
 * credited invoice or a credit note. */
#define INVOICE_STATE \
	" (i.status IN ('unpaid', 'partly_paid') AND i.due_date < CURDATE())," \
	" CASE WHEN i.status IN ('credited', 'credit') THEN 0.00" \
	" ELSE i.total - i.paid END"
[ST_INVOICE_YEARS] =
	"SELECT DISTINCT YEAR(invoice_date) FROM invoices WHERE company_id = ?"
	" ORDER BY 1 DESC",
[ST_LOCATION_OF_COMPANY] =
	"SELECT id, number, name FROM locations WHERE id = ? AND company_id = ?",
[ST_INVOICES_OF_COMPANY] =
	"SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	" i.invoice_date, i.due_date, i.currency, i.total"
	" FROM invoices i WHERE i.company_id = ? AND i.invoice_date >= ?"
	" AND i.invoice_date < ? ORDER BY i.invoice_date DESC, i.id DESC LIMIT 1000",
/* The location's share is the sum of its lines. */
[ST_INVOICES_OF_LOCATION] =
	"SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	" i.invoice_date, i.due_date, i.currency, i.total, SUM(l.amount)"
	" FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id"
	" WHERE l.location_id = ? AND i.company_id = ? AND i.invoice_date >= ?"
	" AND i.invoice_date < ? GROUP BY i.id"
	" ORDER BY i.invoice_date DESC, i.id DESC LIMIT 1000",
[ST_INVOICE_COMPANY] =
	"SELECT i.company_id, s.country FROM invoices i JOIN issuers s"
	" ON s.id = i.issuer_id WHERE i.id = ?",
[ST_INVOICE_GET] =
	"SELECT i.id, i.number, i.kind, i.status," INVOICE_STATE ", i.period,"
	" i.invoice_date, i.due_date, i.currency, i.payment_ref, i.net, i.vat, i.total,"
	" i.paid, s.name, s.orgnr, s.vat_id, s.street, s.postcode, s.city, s.country,"
	" s.bank_account, s.iban, s.bic, s.email, a.number, i.customer_name,"
	" i.customer_orgnr, i.customer_street, i.customer_postcode, i.customer_city,"
	" i.customer_country, i.credits_id, o.number, cn.id, cn.number"
	" FROM invoices i JOIN issuers s ON s.id = i.issuer_id"
	" JOIN billing_accounts a ON a.id = i.billing_account_id"
	" LEFT JOIN invoices o ON o.id = i.credits_id"
	" LEFT JOIN invoices cn ON cn.credits_id = i.id"
	" WHERE i.id = ? AND i.company_id = ?",
#undef INVOICE_STATE
[ST_INVOICE_LINES] =
	"SELECT l.line_no, l.description, l.subscription_id, l.subscription_ref,"
	" l.location_id, loc.number, loc.name, l.user_name, l.cost_centre,"
	" l.period_from, l.period_to, l.unit, l.quantity, l.base_quantity, l.unit_price,"
	" l.net, l.vat_rate, l.vat, l.amount"
	" FROM invoice_lines l LEFT JOIN locations loc ON loc.id = l.location_id"
	" WHERE l.invoice_id = ? ORDER BY l.line_no",
[ST_EINVOICE_LIST] =
	"SELECT r.id, r.email, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%s'), u.name"
	" FROM einvoice_recipients r LEFT JOIN users u ON u.id = r.added_by"
	" WHERE r.company_id = ? ORDER BY r.email",
[ST_EINVOICE_ADD] =
	"INSERT INTO einvoice_recipients (company_id, email, added_by) VALUES (?, ?, ?)",
[ST_EINVOICE_DEL] =
	"DELETE FROM einvoice_recipients WHERE id = ? AND company_id = ?",
[ST_EINVOICE_GET] =
	"SELECT r.id, r.email, c.name, r.company_id FROM einvoice_recipients r"
	" JOIN companies c ON c.id = r.company_id WHERE r.id = ?",
[ST_EINVOICE_DEL_ID] =
	"DELETE FROM einvoice_recipients WHERE id = ?",

};
