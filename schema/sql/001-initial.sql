-- selfcare: the first schema. Users, companies and what they have, login
-- codes, sessions, the mail outbox and the audit log. InnoDB, utf8mb4, and a
-- primary key on every table (Galera needs one; so does sane replication).

CREATE TABLE users (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email       VARCHAR(254) NOT NULL,
  name        VARCHAR(200) NOT NULL,
  phone       VARCHAR(32) NULL,
  lang        CHAR(2) NOT NULL DEFAULT 'nb',
  status      ENUM('active','disabled') NOT NULL DEFAULT 'active',
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE companies (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,
  orgnr         VARCHAR(20) NOT NULL,
  country       CHAR(2) NOT NULL DEFAULT 'NO',
  street        VARCHAR(200) NOT NULL DEFAULT '',
  postcode      VARCHAR(10) NOT NULL DEFAULT '',
  city          VARCHAR(100) NOT NULL DEFAULT '',
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY companies_orgnr (country, orgnr)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who may act for a company. admin = full administrator (all areas);
-- manager = only the areas listed.
CREATE TABLE memberships (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  company_id  BIGINT UNSIGNED NOT NULL,
  role        ENUM('admin','manager') NOT NULL,
  areas       SET('subscriptions','orders','invoices','support','users') NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY memberships_user_company (user_id, company_id),
  KEY memberships_company (company_id),
  CONSTRAINT memberships_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT memberships_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE products (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code           VARCHAR(32) NOT NULL,
  name           VARCHAR(200) NOT NULL,
  kind           ENUM('subscription','topup','service','hardware') NOT NULL,
  monthly_price  DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  currency       CHAR(3) NOT NULL,
  active         TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY products_code (code, currency)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE locations (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id  BIGINT UNSIGNED NOT NULL,
  number      VARCHAR(20) NOT NULL,
  name        VARCHAR(200) NOT NULL,
  status      ENUM('active','closed') NOT NULL DEFAULT 'active',
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY locations_company_number (company_id, number),
  CONSTRAINT locations_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The price is copied from the product when ordered: a catalogue change
-- does not reprice running subscriptions.
CREATE TABLE subscriptions (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id     BIGINT UNSIGNED NOT NULL,
  location_id    BIGINT UNSIGNED NULL,
  user_id        BIGINT UNSIGNED NULL,
  product_id     BIGINT UNSIGNED NOT NULL,
  ref            VARCHAR(40) NOT NULL,
  monthly_price  DECIMAL(12,2) NOT NULL,
  currency       CHAR(3) NOT NULL,
  status         ENUM('active','suspended','terminated') NOT NULL DEFAULT 'active',
  started_on     DATE NOT NULL,
  ends_on        DATE NULL,
  cost_centre    VARCHAR(64) NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY subscriptions_ref (ref),
  KEY subscriptions_company (company_id, status),
  KEY subscriptions_location (location_id),
  CONSTRAINT subscriptions_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT subscriptions_location FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE SET NULL,
  CONSTRAINT subscriptions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT subscriptions_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per code requested, also for unknown addresses (user_id NULL, no
-- mail sent): rate limits then count the same whether or not the address
-- exists, so they reveal nothing. Only a keyed hash of the code is kept.
CREATE TABLE login_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email       VARCHAR(254) NOT NULL,
  user_id     BIGINT UNSIGNED NULL,
  code_hash   BINARY(32) NOT NULL,
  client_ip   VARCHAR(45) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at  DATETIME NOT NULL,
  attempts    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  used_at     DATETIME NULL,
  KEY login_codes_email (email, created_at),
  KEY login_codes_ip (client_ip, created_at),
  CONSTRAINT login_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions: only a keyed hash of the cookie's token is stored. An anonymous
-- session (user_id NULL) carries the CSRF token of the login forms and the
-- address a code was sent to.
CREATE TABLE sessions (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash     BINARY(32) NOT NULL,
  user_id        BIGINT UNSIGNED NULL,
  pending_email  VARCHAR(254) NULL,
  client_ip      VARCHAR(45) NOT NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  revoked_at     DATETIME NULL,
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  KEY sessions_created (created_at),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail is written here in the same transaction as the event that causes it
-- and delivered afterwards through the sendmail interface, with retries.
CREATE TABLE mail_outbox (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  recipient        VARCHAR(254) NOT NULL,
  subject          VARCHAR(255) NOT NULL,
  body             TEXT NOT NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at          DATETIME NULL,
  last_error       VARCHAR(255) NULL,
  KEY mail_outbox_due (sent_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who did what, when, from where. Written in the transaction of the change.
CREATE TABLE audit_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  user_id     BIGINT UNSIGNED NULL,
  company_id  BIGINT UNSIGNED NULL,
  action      VARCHAR(64) NOT NULL,
  object      VARCHAR(64) NULL,
  object_id   BIGINT UNSIGNED NULL,
  detail      VARCHAR(1000) NULL,
  client_ip   VARCHAR(45) NOT NULL DEFAULT '',
  KEY audit_company (company_id, at),
  KEY audit_user (user_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
