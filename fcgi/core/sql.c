/* The SQL text of every named statement (see sql.h). */
#include "config.h"

#include "core/sql.h"

const char *const sql_text[ST__MAX] = {
/* Sessions: idle 30 minutes, absolute 12 hours (ASVS V3.3). */
[ST_SESSION_BY_TOKEN] =
	"SELECT s.id, s.user_id, s.pending_email,"
	" TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()), u.name, u.email, u.lang"
	" FROM sessions s LEFT JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND s.revoked_at IS NULL"
	" AND s.created_at > NOW() - INTERVAL 12 HOUR"
	" AND s.last_seen_at > NOW() - INTERVAL 30 MINUTE"
	" AND (s.user_id IS NULL OR u.status = 'active')",
/* The same session and, in the same round trip, the user's memberships
 * (the company switcher of company-scoped pages): one row per membership,
 * by company name; an anonymous session or a user without companies gives
 * one row with the membership columns NULL. */
[ST_SESSION_MEMBERSHIPS] =
	"SELECT s.id, s.user_id, s.pending_email,"
	" TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()), u.name, u.email, u.lang,"
	" c.id, c.name, c.orgnr, c.country, m.role, m.areas, c.time_zone"
	" FROM sessions s LEFT JOIN users u ON u.id = s.user_id"
	" LEFT JOIN (memberships m JOIN companies c ON c.id = m.company_id)"
	"  ON m.user_id = s.user_id"
	" WHERE s.token_hash = ? AND s.revoked_at IS NULL"
	" AND s.created_at > NOW() - INTERVAL 12 HOUR"
	" AND s.last_seen_at > NOW() - INTERVAL 30 MINUTE"
	" AND (s.user_id IS NULL OR u.status = 'active')"
	" ORDER BY c.name, c.id",
[ST_SESSION_TOUCH] =
	"UPDATE sessions SET last_seen_at = NOW() WHERE id = ?",
[ST_SESSION_NEW] =
	"INSERT INTO sessions (token_hash, user_id, client_ip) VALUES (?, ?, ?)",
[ST_SESSION_SET_PENDING] =
	"UPDATE sessions SET pending_email = ? WHERE id = ? AND user_id IS NULL",
[ST_SESSION_REVOKE] =
	"UPDATE sessions SET revoked_at = NOW() WHERE id = ? AND revoked_at IS NULL",
[ST_SESSIONS_PURGE] =
	"DELETE FROM sessions WHERE created_at < NOW() - INTERVAL 2 DAY LIMIT 1000",
[ST_USER_BY_EMAIL] =
	"SELECT id, name, lang FROM users WHERE email = ? AND status = 'active'",
/* An address's codes asked for from browsers not known for it. */
[ST_CODES_RECENT_EMAIL] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE email = ? AND known_device = 0 AND created_at > NOW() - INTERVAL 1 HOUR",
[ST_CODES_RECENT_IP] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE client_ip = ? AND created_at > NOW() - INTERVAL 1 HOUR",
[ST_CODE_NEW] =
	"INSERT INTO login_codes (email, user_id, code_hash, client_ip, session_id,"
	" known_device, expires_at) VALUES (?, ?, ?, ?, ?, ?, NOW() + INTERVAL 10 MINUTE)",
/* Only the session's newest live code counts: asking again in the same
 * session retires the old one; another session's codes are not looked at. */
[ST_CODE_CURRENT] =
	"SELECT id, user_id, code_hash, attempts, expires_at > NOW() FROM login_codes"
	" WHERE email = ? AND session_id = ? AND used_at IS NULL"
	" ORDER BY id DESC LIMIT 1 FOR UPDATE",
[ST_CODE_FAIL] =
	"UPDATE login_codes SET attempts = attempts + 1 WHERE id = ?",
[ST_CODE_USE] =
	"UPDATE login_codes SET used_at = NOW() WHERE id = ? AND used_at IS NULL",
[ST_CODES_PURGE] =
	"DELETE FROM login_codes WHERE created_at < NOW() - INTERVAL 2 DAY LIMIT 1000",
[ST_MAIL_ENQUEUE] =
	"INSERT INTO mail_outbox (recipient, subject, body) VALUES (?, ?, ?)",
/* SKIP LOCKED: a second deliverer (a manual `selfcare deliver`) takes other rows. */
[ST_MAIL_DUE] =
	"SELECT id, recipient, subject, body, invoice_id, unsubscribe_url FROM mail_outbox"
	" WHERE sent_at IS NULL AND next_attempt_at <= NOW()"
	" ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
[ST_MAIL_SENT] =
	"UPDATE mail_outbox SET sent_at = NOW(), attempts = attempts + 1,"
	" last_error = NULL WHERE id = ?",
/* Back-off: 30 s, 1 min, 2 min, … capped at an hour. */
[ST_MAIL_FAILED] =
	"UPDATE mail_outbox SET last_error = ?,"
	" next_attempt_at = NOW() + INTERVAL LEAST(3600, 30 * POW(2, LEAST(attempts, 12))) SECOND,"
	" attempts = attempts + 1 WHERE id = ?",
[ST_AUDIT] =
	"INSERT INTO audit_log (user_id, company_id, action, object, object_id,"
	" detail, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
[ST_COMPANIES_OF_USER] =
	"SELECT c.id, c.name, c.orgnr, DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%s'), m.role,"
	" (SELECT COUNT(*) FROM locations l WHERE l.company_id = c.id), c.time_zone, m.areas"
	" FROM memberships m JOIN companies c ON c.id = m.company_id"
	" WHERE m.user_id = ? ORDER BY c.name, c.id",
/* One round trip: the company (via the membership) and its locations;
 * no row at all means the user does not administer that company. */
[ST_LOCATIONS_OF_COMPANY] =
	"SELECT c.id, c.name, c.orgnr, l.id, l.number, l.name, l.status, s.id,"
	" p.code, p.name, s.ref, s.monthly_price, s.currency, s.status,"
	/* M7: the latest case of each location (change request or support). */
	" (SELECT k.id FROM cases k WHERE k.location_id = l.id AND k.company_id = c.id"
	"  ORDER BY k.id DESC LIMIT 1),"
	" (SELECT k.status FROM cases k WHERE k.location_id = l.id AND k.company_id = c.id"
	"  ORDER BY k.id DESC LIMIT 1)"
	" FROM memberships m JOIN companies c ON c.id = m.company_id"
	" LEFT JOIN locations l ON l.company_id = c.id"
	" LEFT JOIN subscriptions s ON s.location_id = l.id"
	"  AND s.company_id = c.id AND s.status <> 'terminated'"
	" LEFT JOIN products p ON p.id = s.product_id"
	" WHERE m.user_id = ? AND m.company_id = ?"
	" ORDER BY l.number, l.id, s.id",
/* ---- company scope, forms (issue #4) ---- */
[ST_FORMKEY_GET] =
	"SELECT result FROM form_keys WHERE user_id = ? AND form_key = ?",
[ST_FORMKEY_ADD] =
	"INSERT INTO form_keys (user_id, form_key, result) VALUES (?, ?, ?)",
[ST_MEMBERSHIPS_OF_USER] =
	"SELECT c.id, c.name, c.orgnr, c.country, m.role, m.areas, c.time_zone"
	" FROM memberships m JOIN companies c ON c.id = m.company_id"
	" WHERE m.user_id = ? ORDER BY c.name, c.id",
[ST_LOCATION_COMPANY] =
	"SELECT l.company_id FROM locations l"
	" JOIN memberships m ON m.company_id = l.company_id"
	" WHERE m.user_id = ? AND l.id = ?",
[ST_TODAY] =
	"SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",
[ST_COMPANY_COUNTS] =
	"SELECT (SELECT COUNT(*) FROM locations WHERE company_id = ?),"
	" (SELECT COUNT(*) FROM subscriptions WHERE company_id = ? AND status <> 'terminated'),"
	" (SELECT COUNT(*) FROM cases WHERE company_id = ? AND status NOT IN ('resolved', 'closed')),"
	" (SELECT COUNT(*) FROM memberships WHERE company_id = ?),"
	" (SELECT COUNT(*) FROM invoices WHERE company_id = ?"
	"  AND status IN ('unpaid', 'partly_paid')),"
	" (SELECT COUNT(*) FROM invoices WHERE company_id = ?"
	"  AND status IN ('unpaid', 'partly_paid') AND due_date < CURDATE())",
/* ---- subscriptions (D4): search in name, e-mail, phone, ref, product ---- */
#define SUBS_FROM \
	" FROM subscriptions s JOIN products p ON p.id = s.product_id" \
	" LEFT JOIN users u ON u.id = s.user_id" \
	" WHERE s.company_id = ? AND (? = '' OR u.name LIKE ? OR u.email LIKE ?" \
	" OR u.phone LIKE ? OR s.ref LIKE ? OR p.name LIKE ?)"
/* COUNT(*) OVER (): the number of matches on every row, so a page that has
 * rows needs no COUNT statement of its own. */
#define SUBS_COLS \
	"SELECT s.id, s.ref, p.code, p.name, s.status, s.monthly_price, s.currency," \
	" u.id, u.name, u.email, u.phone, s.cost_centre, DATE_FORMAT(s.ends_on, '%Y-%m-%d')," \
	" COUNT(*) OVER ()"
[ST_SUBS_COUNT] = "SELECT COUNT(*)" SUBS_FROM,
[ST_SUBS_BY_NAME] = SUBS_COLS SUBS_FROM
	" ORDER BY u.name IS NULL, u.name, s.ref, s.id LIMIT ? OFFSET ?",
[ST_SUBS_BY_REF] = SUBS_COLS SUBS_FROM " ORDER BY s.ref, s.id LIMIT ? OFFSET ?",
[ST_SUBS_BY_EMAIL] = SUBS_COLS SUBS_FROM
	" ORDER BY u.email IS NULL, u.email, s.id LIMIT ? OFFSET ?",
[ST_SUBS_BY_PHONE] = SUBS_COLS SUBS_FROM
	" ORDER BY u.phone IS NULL, u.phone, s.id LIMIT ? OFFSET ?",
[ST_SUB_GET] =
	"SELECT s.id, s.ref, p.id, p.code, p.name, s.status, s.monthly_price, s.currency,"
	" DATE_FORMAT(s.started_on, '%Y-%m-%d'), DATE_FORMAT(s.ends_on, '%Y-%m-%d'),"
	" s.cost_centre, u.id, u.name, u.email, u.phone, l.id, l.number, l.name"
	" FROM subscriptions s JOIN products p ON p.id = s.product_id"
	" LEFT JOIN users u ON u.id = s.user_id LEFT JOIN locations l ON l.id = s.location_id"
	" WHERE s.id = ? AND s.company_id = ?",
[ST_SUB_SIMS] =
	"SELECT m.id, m.iccid, m.type, m.status FROM sim_cards m"
	" JOIN subscriptions s ON s.id = m.subscription_id AND s.company_id = ?"
	" WHERE m.subscription_id = ? ORDER BY m.id",
[ST_SUB_SERVICES] =
	"SELECT v.id, p.code, p.name, v.monthly_price, v.currency,"
	" DATE_FORMAT(v.started_on, '%Y-%m-%d') FROM subscription_services v"
	" JOIN subscriptions s ON s.id = v.subscription_id AND s.company_id = ?"
	" JOIN products p ON p.id = v.product_id WHERE v.subscription_id = ? ORDER BY v.id",
[ST_SUB_HISTORY] =
	"SELECT h.id, h.action, fp.name, tp.name, DATE_FORMAT(h.effective_on, '%Y-%m-%d'),"
	" h.detail, u.name, DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s')"
	" FROM subscription_history h"
	" JOIN subscriptions s ON s.id = h.subscription_id AND s.company_id = ?"
	" LEFT JOIN products fp ON fp.id = h.from_product_id"
	" LEFT JOIN products tp ON tp.id = h.to_product_id"
	" LEFT JOIN users u ON u.id = h.user_id"
	" WHERE h.subscription_id = ? ORDER BY h.id DESC",
[ST_PLANS_FOR] =
	"SELECT id, code, name, monthly_price, currency FROM products"
	" WHERE kind = 'subscription' AND active = 1 AND currency = ? AND id <> ?"
	" ORDER BY monthly_price, name",
[ST_SUB_LOCK] =
	"SELECT s.status, s.product_id, s.currency, p.name, s.ref, s.ends_on IS NOT NULL"
	" FROM subscriptions s JOIN products p ON p.id = s.product_id"
	" WHERE s.id = ? AND s.company_id = ? FOR UPDATE",
[ST_PLAN_GET] =
	"SELECT id, code, name, monthly_price, currency FROM products"
	" WHERE id = ? AND kind = 'subscription' AND active = 1 AND currency = ?",
[ST_SUB_SET_PLAN] =
	"UPDATE subscriptions s JOIN products p ON p.id = ?"
	" SET s.product_id = p.id, s.monthly_price = p.monthly_price"
	" WHERE s.id = ? AND s.company_id = ?",
[ST_SUB_TERMINATE] =
	"UPDATE subscriptions SET ends_on = ? WHERE id = ? AND company_id = ?",
[ST_SUB_SET_COST_CENTRE] =
	"UPDATE subscriptions SET cost_centre = ? WHERE id = ? AND company_id = ?",
[ST_SUB_HISTORY_ADD] =
	"INSERT INTO subscription_history (subscription_id, action, from_product_id,"
	" to_product_id, effective_on, detail, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
[ST_MIGRATION_GET] =
	"SELECT checksum FROM schema_migrations WHERE version = ?",
[ST_MIGRATION_ADD] =
	"INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)",
/* operation: the ping page's trivial query */
[ST_PING] =
	"SELECT 1",

/* ---- login codes per session (auth.c) ---- */
[ST_CODES_RECENT_SESSION] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE session_id = ? AND email = ? AND created_at > NOW() - INTERVAL 15 MINUTE",
};
