-- selfcare: the partner API's event hub. A subscription is a key's callback
-- URL and the event types it wants, with the secret that signs each
-- delivery (kept as it is: the server must sign with it; shown once). An
-- event is written in the transaction of the change, one row for each
-- subscription that sees the company, and delivered by the mail child;
-- each attempt is logged for the partner to read.
CREATE TABLE hub_subscriptions (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  key_id      BIGINT UNSIGNED NOT NULL,
  callback    VARCHAR(1000) NOT NULL,
  events      SET('ProductOrderStateChangeEvent', 'TroubleTicketStateChangeEvent',
                  'CustomerBillCreateEvent', 'UsageThresholdEvent') NOT NULL,
  secret      BINARY(32) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at  DATETIME NULL,
  PRIMARY KEY (id),
  KEY hub_subscriptions_key (key_id, deleted_at),
  CONSTRAINT hub_subscriptions_key FOREIGN KEY (key_id) REFERENCES api_keys (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE hub_events (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  subscription_id BIGINT UNSIGNED NOT NULL,
  company_id      BIGINT UNSIGNED NOT NULL,
  event_type      VARCHAR(64) NOT NULL,
  body            MEDIUMTEXT NOT NULL,
  state           ENUM('pending', 'delivered', 'failed') NOT NULL DEFAULT 'pending',
  attempts        INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  done_at         DATETIME NULL,
  PRIMARY KEY (id),
  KEY hub_events_due (state, next_attempt_at),
  KEY hub_events_subscription (subscription_id, id),
  CONSTRAINT hub_events_subscription FOREIGN KEY (subscription_id)
    REFERENCES hub_subscriptions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE hub_attempts (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  event_id    BIGINT UNSIGNED NOT NULL,
  at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  http_status INT NOT NULL,
  error       VARCHAR(255) NULL,
  msec        INT NOT NULL,
  PRIMARY KEY (id),
  KEY hub_attempts_event (event_id, id),
  CONSTRAINT hub_attempts_event FOREIGN KEY (event_id) REFERENCES hub_events (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
