-- selfcare: partial credit notes and payment reminders.
--
-- An invoice may now have several credit notes, each crediting chosen lines
-- or an amount. What they credited so far is kept on the invoice (credited),
-- so the lists show what remains without adding up its credit notes; a
-- credit note's line names the line it reverses (NULL: an amount credited,
-- not a line), so no line is credited twice. The commands name an invoice
-- by its number, of whichever issuer: a key on it lets their locking read
-- lock that invoice rather than every row it scans.
ALTER TABLE invoices
  ADD COLUMN credited DECIMAL(12,2) NOT NULL DEFAULT 0.00 AFTER paid,
  ADD KEY invoices_credits_id (credits_id),
  ADD KEY invoices_by_number (number),
  DROP KEY invoices_credits;
UPDATE invoices SET credited = total WHERE status = 'credited';

ALTER TABLE invoice_lines
  ADD COLUMN credits_line_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT invoice_lines_credits FOREIGN KEY (credits_line_id)
    REFERENCES invoice_lines (id) ON DELETE SET NULL;
-- The credit notes made so far repeat all the lines of their invoice, in order.
UPDATE invoice_lines c
  JOIN invoices n ON n.id = c.invoice_id AND n.kind = 'credit_note'
  JOIN invoice_lines o ON o.invoice_id = n.credits_id AND o.line_no = c.line_no
  SET c.credits_line_id = o.id;

-- A reminder's fee is billed on the next invoice of the reminded invoice's
-- account (NULL: the company's first account in the charge's currency).
ALTER TABLE charges
  ADD COLUMN billing_account_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT charges_billing_account FOREIGN KEY (billing_account_id)
    REFERENCES billing_accounts (id) ON DELETE SET NULL;

-- Each issuer reminds when an invoice is reminder_days past its due date,
-- and again every reminder_days while it stays unpaid; reminder_fee (in the
-- invoice's currency, NULL: none) is charged on the next invoice.
ALTER TABLE issuers
  ADD COLUMN reminder_days SMALLINT UNSIGNED NOT NULL DEFAULT 14
    CHECK (reminder_days > 0),
  ADD COLUMN reminder_fee DECIMAL(12,2) NULL CHECK (reminder_fee > 0);

-- The operator's stop: no reminder is sent to the company.
ALTER TABLE companies
  ADD COLUMN no_reminders TINYINT(1) NOT NULL DEFAULT 0;

-- The reminders sent: one per invoice and day at most (the key makes two
-- runs of a day send it once), the interval counted from the last one.
CREATE TABLE invoice_reminders (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id     BIGINT UNSIGNED NOT NULL,
  company_id     BIGINT UNSIGNED NOT NULL,
  sent_on        DATE NOT NULL,
  remaining      DECIMAL(12,2) NOT NULL,
  fee_charge_id  BIGINT UNSIGNED NULL,
  mails          INT UNSIGNED NOT NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY invoice_reminders_day (invoice_id, sent_on),
  KEY invoice_reminders_company (company_id, sent_on),
  CONSTRAINT invoice_reminders_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id),
  CONSTRAINT invoice_reminders_company FOREIGN KEY (company_id) REFERENCES companies (id),
  CONSTRAINT invoice_reminders_charge FOREIGN KEY (fee_charge_id) REFERENCES charges (id)
    ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
