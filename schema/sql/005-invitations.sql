-- selfcare: invitations to a company, and login codes bound to the
-- session that asked for them.

-- An invitation is a membership offered, not given: the invitee becomes a
-- member only by accepting it (the link in the mail, or the list on their
-- companies page at the next login). Until then nothing of the invitee's
-- account is read or shown; the company sees what its member typed. One
-- row per company and address: inviting again replaces the offer (and its
-- link). Only a keyed hash of the link's token is kept.
CREATE TABLE invitations (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id   BIGINT UNSIGNED NOT NULL,
  email        VARCHAR(254) NOT NULL,
  name         VARCHAR(200) NOT NULL,
  role         ENUM('admin','manager') NOT NULL,
  areas        SET('subscriptions','orders','invoices','support','users') NOT NULL DEFAULT '',
  lang         CHAR(2) NOT NULL DEFAULT 'nb',
  token_hash   BINARY(32) NOT NULL,
  invited_by   BIGINT UNSIGNED NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at   DATETIME NOT NULL,
  accepted_at  DATETIME NULL,
  UNIQUE KEY invitations_company_email (company_id, email),
  UNIQUE KEY invitations_token (token_hash),
  KEY invitations_email (email),
  CONSTRAINT invitations_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A code counts only in the session that asked for it: another session's
-- request neither retires it nor uses up its limit. known_device: asked
-- from a browser that has logged in as that address before (the address's
-- limit across sessions counts only the others).
ALTER TABLE login_codes
  ADD COLUMN session_id BIGINT UNSIGNED NULL,
  ADD COLUMN known_device TINYINT(1) NOT NULL DEFAULT 0,
  ADD KEY login_codes_session (session_id, email, created_at);
