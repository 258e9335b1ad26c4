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
/* ---- cases: the company id comes from the dispatcher's membership ---- */
[ST_CASE_NEW] =
	"INSERT INTO cases (company_id, kind, category, subject, location_id,"
	" subscription_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
[ST_CASE_LOCK] =
	"SELECT k.status, k.subject, u.email, u.lang FROM cases k"
	" LEFT JOIN users u ON u.id = k.created_by"
	" WHERE k.id = ? AND k.company_id = ? FOR UPDATE",
[ST_CASE_SET_STATUS] =
	"UPDATE cases SET status = ?, updated_at = NOW() WHERE id = ? AND company_id = ?",
[ST_CASE_HISTORY_ADD] =
	"INSERT INTO case_status_history (case_id, from_status, to_status, user_id)"
	" VALUES (?, ?, ?, ?)",
[ST_CASE_COMMENT_ADD] =
	"INSERT INTO case_comments (case_id, author, user_id, body)"
	" VALUES (?, 'customer', ?, ?)",
/* kind '' lists both kinds. */
[ST_CASES_OF_COMPANY] =
	"SELECT k.id, k.kind, k.category, k.subject, k.status,"
	" DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s'),"
	" DATE_FORMAT(k.updated_at, '%Y-%m-%dT%H:%i:%s'),"
	" l.id, l.number, l.name"
	" FROM cases k LEFT JOIN locations l ON l.id = k.location_id"
	" WHERE k.company_id = ? AND (? = '' OR k.kind = ?)"
	" ORDER BY k.id DESC LIMIT ?",
[ST_CASE_GET] =
	"SELECT k.id, k.kind, k.category, k.subject, k.status,"
	" DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s'),"
	" DATE_FORMAT(k.updated_at, '%Y-%m-%dT%H:%i:%s'),"
	" l.id, l.number, l.name, s.id, s.ref, p.name, u.name"
	" FROM cases k LEFT JOIN locations l ON l.id = k.location_id"
	" LEFT JOIN subscriptions s ON s.id = k.subscription_id"
	" LEFT JOIN products p ON p.id = s.product_id"
	" LEFT JOIN users u ON u.id = k.created_by"
	" WHERE k.id = ? AND k.company_id = ?",
[ST_CASE_COMMENTS] =
	"SELECT t.id, t.author, u.name, DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%s'), t.body"
	" FROM case_comments t JOIN cases k ON k.id = t.case_id AND k.company_id = ?"
	" LEFT JOIN users u ON u.id = t.user_id"
	" WHERE t.case_id = ? ORDER BY t.id",
[ST_CASE_HISTORY] =
	"SELECT h.from_status, h.to_status, DATE_FORMAT(h.at, '%Y-%m-%dT%H:%i:%s')"
	" FROM case_status_history h JOIN cases k ON k.id = h.case_id AND k.company_id = ?"
	" WHERE h.case_id = ? ORDER BY h.id",
[ST_LOCATION_SERVICES] =
	"SELECT l.id, l.number, l.name, s.id, p.name, s.ref FROM locations l"
	" LEFT JOIN subscriptions s ON s.location_id = l.id AND s.company_id = l.company_id"
	"  AND s.status <> 'terminated'"
	" LEFT JOIN products p ON p.id = s.product_id"
	" WHERE l.id = ? AND l.company_id = ? ORDER BY s.id",
/* The location's change requests (the orders area's; support cases are not). */
[ST_LOCATION_CASES] =
	"SELECT k.id, k.kind, k.category, k.subject, k.status,"
	" DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s'),"
	" DATE_FORMAT(k.updated_at, '%Y-%m-%dT%H:%i:%s')"
	" FROM cases k WHERE k.location_id = ? AND k.company_id = ? AND k.kind = 'change'"
	" ORDER BY k.id DESC LIMIT 20",
[ST_LOCATION_SUBSCRIPTION] =
	"SELECT s.id, p.name, s.ref FROM subscriptions s JOIN products p ON p.id = s.product_id"
	" WHERE s.id = ? AND s.location_id = ? AND s.company_id = ? AND s.status <> 'terminated'",
/* ---- users of a company ---- */
[ST_MEMBERS] =
	"SELECT u.id, u.name, u.email, m.role, m.areas,"
	" DATE_FORMAT(m.created_at, '%Y-%m-%dT%H:%i:%s')"
	" FROM memberships m JOIN users u ON u.id = m.user_id"
	" WHERE m.company_id = ? ORDER BY u.name, u.id",
[ST_USER_FIND] =
	"SELECT id, name FROM users WHERE email = ?",
[ST_USER_NEW] =
	"INSERT INTO users (email, name, lang) VALUES (?, ?, ?)",
[ST_MEMBER_ADD] =
	"INSERT INTO memberships (user_id, company_id, role, areas) VALUES (?, ?, ?, ?)",
[ST_MEMBER_LOCK] =
	"SELECT m.role, m.areas FROM memberships m"
	" WHERE m.company_id = ? AND m.user_id = ? FOR UPDATE",
/* Locks the company's administrators: the last one stays. */
[ST_ADMINS_COUNT] =
	"SELECT COUNT(*) FROM memberships WHERE company_id = ? AND role = 'admin' FOR UPDATE",
[ST_MEMBER_SET] =
	"UPDATE memberships SET role = ?, areas = ? WHERE company_id = ? AND user_id = ?",
[ST_MEMBER_DEL] =
	"DELETE FROM memberships WHERE company_id = ? AND user_id = ?",
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
[ST_MIGRATION_GET] =
	"SELECT checksum FROM schema_migrations WHERE version = ?",
[ST_MIGRATION_ADD] =
	"INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)",
/* operation: the ping page's trivial query */
[ST_PING] =
	"SELECT 1",

/* ---- login codes per session, invitations (pages/invitations.c) ---- */
[ST_CODES_RECENT_SESSION] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE session_id = ? AND email = ? AND created_at > NOW() - INTERVAL 15 MINUTE",
/* Whether an address is a member of this company already (and nothing
 * about any other company). */
[ST_INVITE_IS_MEMBER] =
	"SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
	" WHERE m.company_id = ? AND u.email = ?",
/* Inviting again replaces the offer and its link; LAST_INSERT_ID names
 * the row either way. */
[ST_INVITATION_PUT] =
	"INSERT INTO invitations (company_id, email, name, role, areas, lang, token_hash,"
	" invited_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW() + INTERVAL 7 DAY)"
	" ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), name = VALUES(name),"
	" role = VALUES(role), areas = VALUES(areas), lang = VALUES(lang),"
	" token_hash = VALUES(token_hash), invited_by = VALUES(invited_by),"
	" created_at = NOW(), expires_at = VALUES(expires_at), accepted_at = NULL",
[ST_INVITATIONS_OF_COMPANY] =
	"SELECT id, email, name, role, areas, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s'),"
	" DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%s') FROM invitations"
	" WHERE company_id = ? AND accepted_at IS NULL AND expires_at > NOW()"
	" ORDER BY email",
[ST_INVITATION_DEL] =
	"DELETE FROM invitations WHERE id = ? AND company_id = ? AND accepted_at IS NULL",
/* An open invitation by the link's token, or by id for the invitee. */
#define INVITATION_OPEN \
	"SELECT i.id, i.company_id, c.name, i.email, i.name, i.role, i.areas, i.lang" \
	" FROM invitations i JOIN companies c ON c.id = i.company_id" \
	" WHERE i.accepted_at IS NULL AND i.expires_at > NOW()"
[ST_INVITATION_BY_TOKEN] = INVITATION_OPEN " AND i.token_hash = ? FOR UPDATE",
[ST_INVITATION_FOR_USER] = INVITATION_OPEN " AND i.id = ? AND i.email = ? FOR UPDATE",
#undef INVITATION_OPEN
[ST_INVITATIONS_OF_EMAIL] =
	"SELECT i.id, c.id, c.name, i.role, i.areas, DATE_FORMAT(i.expires_at, '%Y-%m-%d')"
	" FROM invitations i JOIN companies c ON c.id = i.company_id"
	" WHERE i.email = ? AND i.accepted_at IS NULL AND i.expires_at > NOW()"
	" ORDER BY c.name, c.id",
[ST_INVITATION_ACCEPTED] =
	"UPDATE invitations SET accepted_at = NOW() WHERE id = ? AND accepted_at IS NULL",
};
