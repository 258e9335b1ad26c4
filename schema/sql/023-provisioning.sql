-- selfcare: the outbox of provisioning events. When an order the network
-- must provision (a plan, a service, a top-up, a SIM card's activation)
-- moves to inProgress, one event is written in the same transaction
-- (fcgi/orders/provision.c): an XML document (schema/xsd/provision-event.xsd)
-- that the deliverer gives the configured provision_command on stdin,
-- retrying with back-off until it exits 0 (accepted) or provision_tries
-- runs out (failed: the order is left for staff in the fulfilment queue).
-- The command reports the outcome later with `selfcare order-result`.
--
-- state: pending (to deliver), accepted, failed (given up), void (the
-- order left inProgress before the event was accepted: nothing to send).

CREATE TABLE provision_events (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id         BIGINT UNSIGNED NOT NULL,
  company_id       BIGINT UNSIGNED NOT NULL,
  body             MEDIUMTEXT NOT NULL,
  state            ENUM('pending','accepted','failed','void') NOT NULL DEFAULT 'pending',
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_error       VARCHAR(255) NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  done_at          DATETIME NULL,
  -- one event per order: an order goes into progress once
  UNIQUE KEY provision_events_order (order_id),
  KEY provision_events_due (state, next_attempt_at),
  KEY provision_events_company (company_id),
  CONSTRAINT provision_events_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT provision_events_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
