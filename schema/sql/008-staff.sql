-- selfcare: the operator's staff and their door (the back office).
--
-- Staff are not customer users: another table, their own sessions, codes
-- and second factor, so that no customer session or code ever opens the
-- back office. Roles are names ("care,billing"), the back office's modules
-- declare which a page needs.

CREATE TABLE staff (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email            VARCHAR(254) NOT NULL,
  name             VARCHAR(200) NOT NULL,
  roles            VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '',
  lang             CHAR(2) NOT NULL DEFAULT 'nb',
  status           ENUM('active','disabled') NOT NULL DEFAULT 'active',
  -- TOTP (RFC 6238): the shared secret, set when enrolled
  totp_secret      VARBINARY(64) NULL,
  totp_enrolled_at DATETIME NULL,
  -- the last time step accepted: a code is never accepted twice
  totp_last_step   BIGINT NOT NULL DEFAULT 0,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY staff_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A staff session passes two steps: the mailed code (stage 'code' until
-- then), then the second factor ('totp'); only 'ok' opens a page. Shorter
-- than a customer's: 15 minutes idle, 8 hours in all.
CREATE TABLE staff_sessions (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash    BINARY(32) NOT NULL,
  staff_id      BIGINT UNSIGNED NULL,
  pending_email VARCHAR(254) NULL,
  stage         ENUM('code','totp','ok') NOT NULL DEFAULT 'code',
  client_ip     VARCHAR(45) NOT NULL DEFAULT '',
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  revoked_at    DATETIME NULL,
  UNIQUE KEY staff_sessions_token (token_hash),
  KEY staff_sessions_created (created_at),
  CONSTRAINT staff_sessions_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The mailed codes of staff logins, bound to the session that asked.
CREATE TABLE staff_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email       VARCHAR(254) NOT NULL,
  staff_id    BIGINT UNSIGNED NULL,
  session_id  BIGINT UNSIGNED NOT NULL,
  code_hash   BINARY(32) NOT NULL,
  client_ip   VARCHAR(45) NOT NULL DEFAULT '',
  attempts    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  KEY staff_codes_session (session_id, email),
  KEY staff_codes_ip (client_ip, created_at),
  KEY staff_codes_email (email, created_at),
  CONSTRAINT staff_codes_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-time recovery codes, shown once at enrolment, kept as keyed hashes.
CREATE TABLE staff_recovery_codes (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_id   BIGINT UNSIGNED NOT NULL,
  code_hash  BINARY(32) NOT NULL,
  used_at    DATETIME NULL,
  KEY staff_recovery_staff (staff_id),
  CONSTRAINT staff_recovery_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every staff action is audited under the staff member's id; a row with a
-- company shows in that company's own audit log (what the operator did).
ALTER TABLE audit_log
  ADD COLUMN staff_id BIGINT UNSIGNED NULL AFTER user_id,
  ADD KEY audit_staff (staff_id, at);

-- The one-time keys of the back office's forms (as form_keys for users).
CREATE TABLE staff_form_keys (
  staff_id    BIGINT UNSIGNED NOT NULL,
  form_key    CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  result      VARCHAR(255) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (staff_id, form_key),
  KEY staff_form_keys_created (created_at),
  CONSTRAINT staff_form_keys_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
