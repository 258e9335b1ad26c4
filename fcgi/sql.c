/* The SQL text of every named statement (see sql.h). */
#include "config.h"

#include "sql.h"

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
[ST_CODES_RECENT_EMAIL] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE email = ? AND created_at > NOW() - INTERVAL 15 MINUTE",
[ST_CODES_RECENT_IP] =
	"SELECT COUNT(*) FROM login_codes"
	" WHERE client_ip = ? AND created_at > NOW() - INTERVAL 1 HOUR",
[ST_CODE_NEW] =
	"INSERT INTO login_codes (email, user_id, code_hash, client_ip, expires_at)"
	" VALUES (?, ?, ?, ?, NOW() + INTERVAL 10 MINUTE)",
/* Only the newest live code counts: asking for a new one retires the old. */
[ST_CODE_CURRENT] =
	"SELECT id, user_id, code_hash, attempts, expires_at > NOW() FROM login_codes"
	" WHERE email = ? AND used_at IS NULL"
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
	"SELECT id, recipient, subject, body FROM mail_outbox"
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
	"SELECT c.id, c.name, c.orgnr, DATE_FORMAT(c.created_at, '%Y-%m-%d'), m.role,"
	" (SELECT COUNT(*) FROM locations l WHERE l.company_id = c.id)"
	" FROM memberships m JOIN companies c ON c.id = m.company_id"
	" WHERE m.user_id = ? ORDER BY c.name, c.id",
/* One round trip: the company (via the membership) and its locations;
 * no row at all means the user does not administer that company. */
[ST_LOCATIONS_OF_COMPANY] =
	"SELECT c.id, c.name, c.orgnr, l.id, l.number, l.name, l.status, s.id,"
	" p.code, p.name, s.ref, s.monthly_price, s.currency, s.status"
	" FROM memberships m JOIN companies c ON c.id = m.company_id"
	" LEFT JOIN locations l ON l.company_id = c.id"
	" LEFT JOIN subscriptions s ON s.location_id = l.id"
	"  AND s.company_id = c.id AND s.status <> 'terminated'"
	" LEFT JOIN products p ON p.id = s.product_id"
	" WHERE m.user_id = ? AND m.company_id = ?"
	" ORDER BY l.number, l.id, s.id",
[ST_MIGRATION_GET] =
	"SELECT checksum FROM schema_migrations WHERE version = ?",
[ST_MIGRATION_ADD] =
	"INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)",
};
