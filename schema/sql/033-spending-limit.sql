-- selfcare: a subscription's spending limit, the kroner cap of auto
-- top-up, and usage alerts counted per quota.
--
-- The limit: at most this much a billing period on top-ups (bought by
-- hand or automatically), excluding VAT, in the currency of the
-- subscription's packages. A full administrator sets it.
CREATE TABLE spend_limits (
  subscription_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  company_id       BIGINT UNSIGNED NOT NULL,
  amount           DECIMAL(12,2) NOT NULL,
  set_by           BIGINT UNSIGNED NULL,
  set_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY spend_limits_company (company_id),
  CONSTRAINT spend_limits_amount CHECK (amount >= 0),
  CONSTRAINT spend_limits_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT spend_limits_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT spend_limits_user FOREIGN KEY (set_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the system did once a period for a subscription: the data bar at
-- the limit (limit-bar; lifted by an administrator, or cleared by the
-- system in a later period), an automatic purchase not made for the
-- kroner cap (auto-cap) or for the limit (auto-limit). The key keeps each
-- to once a period: a bar lifted stays lifted for its period.
CREATE TABLE spend_events (
  subscription_id  BIGINT UNSIGNED NOT NULL,
  -- the billing period, "YYYY-MM" in the company's zone
  period           CHAR(7) CHARACTER SET ascii NOT NULL,
  kind             ENUM('limit-bar','auto-cap','auto-limit') NOT NULL,
  company_id       BIGINT UNSIGNED NOT NULL,
  at               DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  lifted_at        DATETIME NULL,
  lifted_by        BIGINT UNSIGNED NULL,
  cleared_at       DATETIME NULL,
  PRIMARY KEY (subscription_id, period, kind),
  KEY spend_events_company (company_id),
  KEY spend_events_open (kind, cleared_at, lifted_at),
  CONSTRAINT spend_events_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT spend_events_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT spend_events_user FOREIGN KEY (lifted_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Auto top-up's cap in kroner a period (excluding VAT; NULL: none),
-- besides its number of times.
ALTER TABLE auto_topups
  ADD COLUMN max_amount  DECIMAL(12,2) NULL;

-- A threshold is mailed once a period per quota: after a top-up raised
-- the quota, crossing 80 % of the new one mails again.
ALTER TABLE usage_alerts_sent
  ADD COLUMN quota_gb  INT UNSIGNED NOT NULL DEFAULT 0,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (subscription_id, period, threshold, quota_gb);
