-- selfcare: the back office's queue of unmatched payments. Staff pair a
-- credit with an invoice (it pays the invoice the way `selfcare pay` does)
-- or settle it as refunded to the payer or ignored, with a note; the row
-- stays, with who settled it and when. The payer's name as the bank gave
-- it (camt.054: the debtor's name) helps to find whose money it is.
ALTER TABLE bank_transactions
  ADD COLUMN payer VARCHAR(140) NOT NULL DEFAULT '' AFTER kid;

ALTER TABLE unmatched_payments
  ADD COLUMN resolution ENUM('paired','refunded','ignored') NULL AFTER invoice_id,
  ADD COLUMN note VARCHAR(500) NOT NULL DEFAULT '' AFTER resolution,
  ADD COLUMN resolved_by BIGINT UNSIGNED NULL AFTER note,
  ADD COLUMN resolved_at DATETIME NULL AFTER resolved_by,
  ADD KEY unmatched_payments_open (resolution, created_at),
  ADD CONSTRAINT unmatched_payments_staff FOREIGN KEY (resolved_by) REFERENCES staff (id);
