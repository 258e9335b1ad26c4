-- selfcare: the partner API's writes on trouble tickets.
--
-- An Idempotency-Key now names what its write made: an order or a case
-- (POST troubleTicket), one of them.
ALTER TABLE api_idempotency
  MODIFY order_id BIGINT UNSIGNED NULL,
  ADD COLUMN case_id BIGINT UNSIGNED NULL AFTER order_id,
  ADD CONSTRAINT api_idempotency_case FOREIGN KEY (case_id) REFERENCES cases (id)
    ON DELETE CASCADE;

-- A note a partner's key wrote on a case: the customer and the staff see
-- it under the key's name.
ALTER TABLE case_comments
  ADD COLUMN api_key_id BIGINT UNSIGNED NULL AFTER staff_id,
  ADD CONSTRAINT case_comments_api_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id)
    ON DELETE SET NULL;
