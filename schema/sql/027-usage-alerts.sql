-- selfcare: usage alerts. A company's two thresholds in percent of a
-- subscription's quota (80 and 100 unless its administrator sets others);
-- an administrator who opts in (memberships.usage_alerts) gets the mails
-- besides the subscription's user. One row per subscription, period and
-- threshold mailed: the key keeps a threshold from being mailed twice,
-- also when the same usage is imported again.
ALTER TABLE companies
  ADD COLUMN alert_first   TINYINT UNSIGNED NOT NULL DEFAULT 80,
  ADD COLUMN alert_second  TINYINT UNSIGNED NOT NULL DEFAULT 100;

ALTER TABLE memberships
  ADD COLUMN usage_alerts  TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE usage_alerts_sent (
  subscription_id  BIGINT UNSIGNED NOT NULL,
  -- the billing period, "YYYY-MM" in the company's zone
  period           CHAR(7) CHARACTER SET ascii NOT NULL,
  threshold        TINYINT UNSIGNED NOT NULL,
  company_id       BIGINT UNSIGNED NOT NULL,
  percent          SMALLINT UNSIGNED NOT NULL,
  sent_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (subscription_id, period, threshold),
  KEY usage_alerts_sent_company (company_id),
  CONSTRAINT usage_alerts_sent_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT usage_alerts_sent_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Auto top-up: a subscription's package bought by the system when its use
-- reaches 100 % of the quota, at most max_per_month times a period (the
-- orders it made carry the form key auto-SUBSCRIPTION-PERIOD-N).
CREATE TABLE auto_topups (
  subscription_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  company_id       BIGINT UNSIGNED NOT NULL,
  product_id       BIGINT UNSIGNED NOT NULL,
  max_per_month    TINYINT UNSIGNED NOT NULL,
  set_by           BIGINT UNSIGNED NULL,
  set_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY auto_topups_company (company_id),
  CONSTRAINT auto_topups_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT auto_topups_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT auto_topups_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT auto_topups_user FOREIGN KEY (set_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
