-- selfcare: the partner API's writes on trouble tickets and payments.
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

-- The operator's billing partners post payments over the API (a key of
-- kind billing: no company, no area). A payment so posted is a bank
-- transaction of source api under the partner's own reference, unique as a
-- bank file's is, matched by KID as a file's credits are.
ALTER TABLE api_keys
  MODIFY kind ENUM('company','reseller','mediation','billing') NOT NULL;
ALTER TABLE bank_transactions
  MODIFY source ENUM('camt054','ocr','api') NOT NULL,
  ADD COLUMN api_key_id BIGINT UNSIGNED NULL AFTER file_name,
  ADD CONSTRAINT bank_transactions_api_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id)
    ON DELETE SET NULL;
ALTER TABLE api_idempotency
  ADD COLUMN bank_transaction_id BIGINT UNSIGNED NULL AFTER case_id,
  ADD CONSTRAINT api_idempotency_txn FOREIGN KEY (bank_transaction_id)
    REFERENCES bank_transactions (id) ON DELETE CASCADE;
