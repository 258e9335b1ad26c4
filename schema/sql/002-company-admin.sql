-- selfcare: company administration (issue #4). Support cases and change
-- requests with their status model, SIM cards and services of
-- subscriptions, subscription history, one-time form keys (idempotent
-- submits), and the indexes the subscription list pages on.

-- Support cases (kind 'support') and change requests from a location's
-- Manage page (kind 'change') share one table, one status model and one
-- list. Status transitions are enforced in C (fcgi/cases.c, case_set_status).
CREATE TABLE cases (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id       BIGINT UNSIGNED NOT NULL,
  kind             ENUM('support','change') NOT NULL,
  category         VARCHAR(32) NOT NULL,
  subject          VARCHAR(200) NOT NULL,
  location_id      BIGINT UNSIGNED NULL,
  subscription_id  BIGINT UNSIGNED NULL,
  status           ENUM('new','in-progress','waiting','resolved','closed') NOT NULL DEFAULT 'new',
  created_by       BIGINT UNSIGNED NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY cases_company (company_id, id),
  KEY cases_location (location_id, id),
  CONSTRAINT cases_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT cases_location FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE SET NULL,
  CONSTRAINT cases_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE SET NULL,
  CONSTRAINT cases_user FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The thread of a case: the description is its first comment.
CREATE TABLE case_comments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id     BIGINT UNSIGNED NOT NULL,
  author      ENUM('customer','operator') NOT NULL,
  user_id     BIGINT UNSIGNED NULL,
  body        TEXT NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY case_comments_case (case_id, id),
  CONSTRAINT case_comments_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
  CONSTRAINT case_comments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_status_history (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT UNSIGNED NOT NULL,
  from_status  ENUM('new','in-progress','waiting','resolved','closed') NULL,
  to_status    ENUM('new','in-progress','waiting','resolved','closed') NOT NULL,
  user_id      BIGINT UNSIGNED NULL,
  at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY case_status_history_case (case_id, id),
  CONSTRAINT case_status_history_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
  CONSTRAINT case_status_history_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sim_cards (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subscription_id  BIGINT UNSIGNED NOT NULL,
  iccid            VARCHAR(22) NOT NULL,
  type             ENUM('main','twin','data') NOT NULL,
  status           ENUM('active','inactive','blocked') NOT NULL DEFAULT 'active',
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY sim_cards_iccid (iccid),
  KEY sim_cards_subscription (subscription_id),
  CONSTRAINT sim_cards_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE subscription_services (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subscription_id  BIGINT UNSIGNED NOT NULL,
  product_id       BIGINT UNSIGNED NOT NULL,
  monthly_price    DECIMAL(12,2) NOT NULL,
  currency         CHAR(3) NOT NULL,
  started_on       DATE NOT NULL,
  KEY subscription_services_subscription (subscription_id),
  CONSTRAINT subscription_services_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT subscription_services_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Plan changes, terminations and cost-centre edits, shown on the profile.
CREATE TABLE subscription_history (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subscription_id  BIGINT UNSIGNED NOT NULL,
  action           ENUM('plan-change','termination','cost-centre') NOT NULL,
  from_product_id  BIGINT UNSIGNED NULL,
  to_product_id    BIGINT UNSIGNED NULL,
  effective_on     DATE NULL,
  detail           VARCHAR(200) NULL,
  user_id          BIGINT UNSIGNED NULL,
  at               DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY subscription_history_subscription (subscription_id, id),
  CONSTRAINT subscription_history_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT subscription_history_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-time form keys: every form that creates something carries a random
-- key; the first submit stores it with the path of its result, a second
-- submit of the same key (double click, retried request) finds it and is
-- sent to the first result instead of creating anything.
CREATE TABLE form_keys (
  user_id     BIGINT UNSIGNED NOT NULL,
  form_key    CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  result      VARCHAR(255) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, form_key),
  KEY form_keys_created (created_at),
  CONSTRAINT form_keys_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The subscription list sorts by user name, subscription ref, e-mail or
-- phone within a company.
CREATE INDEX subscriptions_company_user ON subscriptions (company_id, user_id);
CREATE INDEX subscriptions_company_ref ON subscriptions (company_id, ref);
CREATE INDEX users_name ON users (name);
CREATE INDEX users_phone ON users (phone);
-- The audit page of a company pages by id, newest first.
CREATE INDEX audit_company_id ON audit_log (company_id, id);
