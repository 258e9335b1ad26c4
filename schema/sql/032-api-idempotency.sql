-- selfcare: the partner API's writes: each Idempotency-Key a key has used, with a hash
-- of the body it came with and the order it made, so that the same request
-- again gets the same answer and the same key with another body is refused.
CREATE TABLE api_idempotency (
  key_id      BIGINT UNSIGNED NOT NULL,
  idem_key    VARCHAR(64) NOT NULL,
  body_hash   BINARY(32) NOT NULL,
  order_id    BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (key_id, idem_key),
  CONSTRAINT api_idempotency_key FOREIGN KEY (key_id) REFERENCES api_keys (id)
    ON DELETE CASCADE,
  CONSTRAINT api_idempotency_order FOREIGN KEY (order_id) REFERENCES orders (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
