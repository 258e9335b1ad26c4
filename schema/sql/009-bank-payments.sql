-- selfcare: payments from bank files (`selfcare import-payments`, the ISO
-- 20022 camt.054 and the Nets OCR giro file), matched to invoices by KID.
--
-- Every credit a file reports is recorded once, matched or not, under the
-- bank's own reference of the transaction: a file imported twice, or two
-- files that overlap, pay nothing twice. The reference is unique per
-- format (camt.054: the entry's reference, and the transaction's when an
-- entry has several; OCR giro: settlement date, archive reference and
-- transaction number), compared byte for byte.

-- An invoice is found by its KID.
ALTER TABLE invoices ADD KEY invoices_payment_ref (payment_ref);

CREATE TABLE bank_transactions (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  source       ENUM('camt054','ocr') NOT NULL,
  bank_ref     VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  kid          VARCHAR(35) NOT NULL DEFAULT '',
  amount       DECIMAL(12,2) NOT NULL,
  currency     CHAR(3) NOT NULL,
  paid_on      DATE NOT NULL,
  file_name    VARCHAR(255) NOT NULL DEFAULT '',
  -- the invoice it paid and the payment made (NULL: unmatched)
  invoice_id   BIGINT UNSIGNED NULL,
  payment_id   BIGINT UNSIGNED NULL,
  imported_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY bank_transactions_ref (source, bank_ref),
  KEY bank_transactions_invoice (invoice_id),
  CONSTRAINT bank_transactions_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT bank_transactions_payment FOREIGN KEY (payment_id) REFERENCES payments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The credits that paid no invoice, and why, for the back office to pair
-- by hand. invoice_id: the invoice the KID names, when one does (overpaid,
-- credited, another currency).
CREATE TABLE unmatched_payments (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  bank_transaction_id  BIGINT UNSIGNED NOT NULL,
  reason               ENUM('no_kid','invalid_kid','unknown_kid','ambiguous_kid',
                            'credit_note','credited','currency','overpaid',
                            'reversal') NOT NULL,
  invoice_id           BIGINT UNSIGNED NULL,
  created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY unmatched_payments_transaction (bank_transaction_id),
  KEY unmatched_payments_created (created_at),
  CONSTRAINT unmatched_payments_transaction FOREIGN KEY (bank_transaction_id)
    REFERENCES bank_transactions (id),
  CONSTRAINT unmatched_payments_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
