-- selfcare: bulk changes over many subscriptions, run as a background job.
-- A job is made as a draft with its lines (the subscriptions a search
-- found, or the numbers of an uploaded CSV), confirmed once per form key
-- (queued), claimed by the process that works it (running, with a
-- heartbeat) and worked in batches, each in a transaction of its own, so
-- that a line that fails undoes no other and the counts show the progress.

CREATE TABLE bulk_jobs (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id    BIGINT UNSIGNED NOT NULL,
  -- who made it (NULL: removed since), in which language, from where
  user_id       BIGINT UNSIGNED NULL,
  lang          CHAR(2) NOT NULL,
  client_ip     VARCHAR(45) NOT NULL DEFAULT '',
  kind          ENUM('plan','service-add','service-remove','cost-centre') NOT NULL,
  -- the plan's or service's product, or the cost centre ('' clears it)
  product_id    BIGINT UNSIGNED NULL,
  cost_centre   VARCHAR(64) NULL,
  -- how the lines were chosen: the list's search, or a CSV file's name
  source        ENUM('search','file') NOT NULL,
  query         VARCHAR(400) NULL,
  state         ENUM('draft','queued','running','done') NOT NULL DEFAULT 'draft',
  lines_total   INT UNSIGNED NOT NULL DEFAULT 0,
  lines_done    INT UNSIGNED NOT NULL DEFAULT 0,
  lines_failed  INT UNSIGNED NOT NULL DEFAULT 0,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  queued_at     DATETIME NULL,
  started_at    DATETIME NULL,
  heartbeat_at  DATETIME NULL,
  finished_at   DATETIME NULL,
  KEY bulk_jobs_company (company_id, id),
  KEY bulk_jobs_state (state, id),
  CONSTRAINT bulk_jobs_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT bulk_jobs_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT bulk_jobs_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One line per subscription (or per number of the file that names none of
-- the company's: subscription_id NULL, failed at once). outcome NULL: not
-- worked yet; reason: why it failed, a code the pages translate.
CREATE TABLE bulk_job_lines (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job_id           BIGINT UNSIGNED NOT NULL,
  line_no          INT UNSIGNED NOT NULL,
  ref              VARCHAR(64) NOT NULL,
  subscription_id  BIGINT UNSIGNED NULL,
  outcome          ENUM('done','failed') NULL,
  reason           VARCHAR(32) NULL,
  -- what it changed: the plan before and after, the service, the cost centre
  detail           VARCHAR(410) NULL,
  done_at          DATETIME NULL,
  KEY bulk_job_lines_job (job_id, outcome, id),
  KEY bulk_job_lines_line (job_id, line_no),
  CONSTRAINT bulk_job_lines_job FOREIGN KEY (job_id) REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  CONSTRAINT bulk_job_lines_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A service added or removed is a row of the subscription's history. The
-- action list is extended as it stands (another migration may have added
-- values of its own), not written out again.
SET @action = (SELECT COLUMN_TYPE FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'subscription_history'
  AND COLUMN_NAME = 'action');
SET @alter = CONCAT('ALTER TABLE subscription_history MODIFY action ',
  LEFT(@action, LENGTH(@action) - 1), ',''service-add'',''service-remove'') NOT NULL');
PREPARE extend_action FROM @alter;
EXECUTE extend_action;
DEALLOCATE PREPARE extend_action;
