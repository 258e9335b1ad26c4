-- selfcare: employees of a company mobile scheme. An employee is a member
-- without company areas: they see the subscriptions whose user they are,
-- nothing of the company's. Before self-service they confirm their phone
-- number with a code sent by SMS; SMS leave through an outbox as mail does.
ALTER TABLE memberships
  MODIFY role ENUM('admin','manager','employee') NOT NULL;
ALTER TABLE invitations
  MODIFY role ENUM('admin','manager','employee') NOT NULL;

-- The number the user confirmed: confirmed while it is still users.phone
-- (an administrator who changes the number voids the confirmation).
ALTER TABLE users
  ADD COLUMN phone_verified VARCHAR(32) NULL,
  ADD COLUMN phone_verified_at DATETIME NULL;

-- One row per code sent, bound to the session that asked for it; only a
-- keyed hash of the code is kept (as login_codes).
CREATE TABLE phone_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  phone       VARCHAR(32) NOT NULL,
  code_hash   BINARY(32) NOT NULL,
  session_id  BIGINT UNSIGNED NOT NULL,
  client_ip   VARCHAR(45) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at  DATETIME NOT NULL,
  attempts    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  used_at     DATETIME NULL,
  KEY phone_codes_user (user_id, created_at),
  KEY phone_codes_session (session_id, user_id),
  CONSTRAINT phone_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sms_outbox (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  recipient        VARCHAR(32) NOT NULL,
  body             VARCHAR(640) NOT NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at          DATETIME NULL,
  last_error       VARCHAR(255) NULL,
  KEY sms_outbox_due (sent_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
