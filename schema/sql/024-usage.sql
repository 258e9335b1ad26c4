-- selfcare: usage, shaped after TM Forum TMF635. A usage record is what
-- the mediation system rated: a subscription's data volume, voice call or
-- SMS, when it started, an amount in its type's unit (data in bytes, voice
-- in seconds, SMS in messages), and the mediation system's own record id,
-- unique: a record already imported adds nothing.
--
-- Pages never read records: usage_daily keeps each subscription's use per
-- type and day (the company's local day, the day its billing period
-- counts), added to as each batch of records arrives. A plan's data quota
-- is products.quota_gb (migration 014), a top-up's the same column.
CREATE TABLE usage_imports (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  file_name    VARCHAR(255) NOT NULL,
  records      INT UNSIGNED NOT NULL DEFAULT 0,
  duplicates   INT UNSIGNED NOT NULL DEFAULT 0,
  refused      INT UNSIGNED NOT NULL DEFAULT 0,
  started_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  finished_at  DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE usage_records (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subscription_id  BIGINT UNSIGNED NOT NULL,
  company_id       BIGINT UNSIGNED NOT NULL,
  usage_type       ENUM('data','voice','sms') NOT NULL,
  -- UTC, as every time; day is the company's local date of it
  started_at       DATETIME NOT NULL,
  day              DATE NOT NULL,
  amount           BIGINT UNSIGNED NOT NULL,
  import_id        BIGINT UNSIGNED NOT NULL,
  UNIQUE KEY usage_records_record (record_id)
  -- No other index: each batch adds to usage_daily the rows of its import
  -- past the last one it added, found by the primary key (ids only grow);
  -- removing a company's records (the demo) reads the table once.
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE usage_daily (
  subscription_id  BIGINT UNSIGNED NOT NULL,
  usage_type       ENUM('data','voice','sms') NOT NULL,
  day              DATE NOT NULL,
  company_id       BIGINT UNSIGNED NOT NULL,
  amount           BIGINT UNSIGNED NOT NULL DEFAULT 0,
  records          INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (subscription_id, usage_type, day),
  KEY usage_daily_company (company_id, day),
  CONSTRAINT usage_daily_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
