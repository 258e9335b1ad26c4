-- selfcare: billing runs started from the back office.
--
-- A staff member asks for a period to be billed; the run is a row here,
-- queued, that a process outside the request picks up (the server's mail
-- child starts it, or `selfcare bill --queued`): it claims the row
-- (running), bills the period account by account as `selfcare bill` does,
-- counting as it goes, and ends it done or failed. active_period is the
-- period while the run is queued or running and NULL after: its unique key
-- refuses a second run of a period beside the first. A running run whose
-- heartbeat stopped (its process died) is claimed again; billing an
-- account twice bills nothing twice.
CREATE TABLE billing_runs (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  period         CHAR(7) NOT NULL,
  invoice_date   DATE NOT NULL,
  state          ENUM('queued', 'running', 'done', 'failed') NOT NULL DEFAULT 'queued',
  active_period  CHAR(7) NULL,
  accounts       INT UNSIGNED NOT NULL DEFAULT 0,
  accounts_done  INT UNSIGNED NOT NULL DEFAULT 0,
  accounts_failed INT UNSIGNED NOT NULL DEFAULT 0,
  staff_id       BIGINT UNSIGNED NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  started_at     DATETIME NULL,
  heartbeat_at   DATETIME NULL,
  finished_at    DATETIME NULL,
  UNIQUE KEY billing_runs_active (active_period),
  KEY billing_runs_state (state, id),
  CONSTRAINT billing_runs_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ON DELETE SET NULL
);

-- The run an invoice was made by (NULL: `selfcare bill` or before runs).
ALTER TABLE invoices
  ADD COLUMN billing_run_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT invoices_billing_run FOREIGN KEY (billing_run_id)
    REFERENCES billing_runs (id);
