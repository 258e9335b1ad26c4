-- selfcare: billing. Who issues invoices (with their number series), the
-- companies' billing accounts, one-off charges waiting to be billed,
-- invoices and credit notes with their lines, payments, and the addresses
-- that receive invoices by e-mail (e-invoice, D8).
--
-- Amounts are DECIMAL(12,2) here and integer øre in C (fcgi/billing.c has
-- the rounding rules). An invoice keeps copies of what it showed (customer
-- address, product names, cost centres): a later change to a company or a
-- subscription does not change an issued invoice.

-- The operator's legal entity per country: the invoice's issuer, its payment
-- details and its invoice number series (next_number, taken under a row lock).
CREATE TABLE issuers (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  country        CHAR(2) NOT NULL,
  name           VARCHAR(200) NOT NULL,
  orgnr          VARCHAR(20) NOT NULL,
  vat_id         VARCHAR(32) NOT NULL,
  street         VARCHAR(200) NOT NULL DEFAULT '',
  postcode       VARCHAR(10) NOT NULL DEFAULT '',
  city           VARCHAR(100) NOT NULL DEFAULT '',
  bank_account   VARCHAR(34) NOT NULL DEFAULT '',
  iban           VARCHAR(34) NOT NULL DEFAULT '',
  bic            VARCHAR(11) NOT NULL DEFAULT '',
  email          VARCHAR(254) NOT NULL DEFAULT '',
  due_days       SMALLINT UNSIGNED NOT NULL DEFAULT 15,
  next_number    BIGINT UNSIGNED NOT NULL DEFAULT 100001,
  UNIQUE KEY issuers_country (country)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A company is billed per account; an invoice is in the account's currency
-- at the account's VAT rate (the country's standard rate).
CREATE TABLE billing_accounts (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id  BIGINT UNSIGNED NOT NULL,
  issuer_id   BIGINT UNSIGNED NOT NULL,
  number      VARCHAR(20) NOT NULL,
  currency    CHAR(3) NOT NULL,
  vat_rate    DECIMAL(5,2) NOT NULL DEFAULT 25.00,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY billing_accounts_number (number),
  KEY billing_accounts_company (company_id, currency),
  CONSTRAINT billing_accounts_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT billing_accounts_issuer FOREIGN KEY (issuer_id) REFERENCES issuers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- NULL: the company's first account in the subscription's currency.
ALTER TABLE subscriptions
  ADD COLUMN billing_account_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT subscriptions_billing_account FOREIGN KEY (billing_account_id)
    REFERENCES billing_accounts (id) ON DELETE SET NULL;

-- One-off charges (orders, top-ups, services) waiting for the next billing
-- run; invoice_id is set when billed. vat_rate NULL: the account's rate.
CREATE TABLE charges (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id       BIGINT UNSIGNED NOT NULL,
  subscription_id  BIGINT UNSIGNED NULL,
  location_id      BIGINT UNSIGNED NULL,
  description      VARCHAR(200) NOT NULL,
  quantity         INT UNSIGNED NOT NULL DEFAULT 1,
  unit_price       DECIMAL(12,2) NOT NULL,
  currency         CHAR(3) NOT NULL,
  vat_rate         DECIMAL(5,2) NULL,
  charged_on       DATE NOT NULL,
  invoice_id       BIGINT UNSIGNED NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY charges_unbilled (company_id, invoice_id, charged_on),
  CONSTRAINT charges_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT charges_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE SET NULL,
  CONSTRAINT charges_location FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Invoices and credit notes. period_key is the period for an invoice and
-- NULL for a credit note: the unique key makes a billing run idempotent (one
-- invoice per account and period) while credit notes are not limited by it.
-- Overdue is not stored: it is unpaid or partly paid past the due date.
CREATE TABLE invoices (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  issuer_id          BIGINT UNSIGNED NOT NULL,
  number             BIGINT UNSIGNED NOT NULL,
  kind               ENUM('invoice','credit_note') NOT NULL DEFAULT 'invoice',
  company_id         BIGINT UNSIGNED NOT NULL,
  billing_account_id BIGINT UNSIGNED NOT NULL,
  period             CHAR(7) NOT NULL,
  period_key         CHAR(7) NULL,
  credits_id         BIGINT UNSIGNED NULL,
  invoice_date       DATE NOT NULL,
  due_date           DATE NOT NULL,
  currency           CHAR(3) NOT NULL,
  net                DECIMAL(12,2) NOT NULL,
  vat                DECIMAL(12,2) NOT NULL,
  total              DECIMAL(12,2) NOT NULL,
  paid               DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  status             ENUM('unpaid','partly_paid','paid','credited','credit') NOT NULL DEFAULT 'unpaid',
  payment_ref        VARCHAR(25) NOT NULL,
  customer_name      VARCHAR(200) NOT NULL,
  customer_orgnr     VARCHAR(20) NOT NULL,
  customer_street    VARCHAR(200) NOT NULL,
  customer_postcode  VARCHAR(10) NOT NULL,
  customer_city      VARCHAR(100) NOT NULL,
  customer_country   CHAR(2) NOT NULL,
  created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY invoices_number (issuer_id, number),
  UNIQUE KEY invoices_period (billing_account_id, period_key),
  UNIQUE KEY invoices_credits (credits_id),
  KEY invoices_company (company_id, invoice_date),
  CONSTRAINT invoices_issuer FOREIGN KEY (issuer_id) REFERENCES issuers (id),
  CONSTRAINT invoices_company FOREIGN KEY (company_id) REFERENCES companies (id),
  CONSTRAINT invoices_account FOREIGN KEY (billing_account_id) REFERENCES billing_accounts (id),
  CONSTRAINT invoices_credits FOREIGN KEY (credits_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE charges
  ADD CONSTRAINT charges_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id);

-- unit: month (quantity 1 of base 1), day (pro rata: quantity days of base
-- the month's days), piece (charges). net = quantity × unit_price / base.
CREATE TABLE invoice_lines (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id       BIGINT UNSIGNED NOT NULL,
  line_no          INT UNSIGNED NOT NULL,
  subscription_id  BIGINT UNSIGNED NULL,
  subscription_ref VARCHAR(40) NULL,
  location_id      BIGINT UNSIGNED NULL,
  user_name        VARCHAR(200) NULL,
  cost_centre      VARCHAR(64) NULL,
  description      VARCHAR(200) NOT NULL,
  period_from      DATE NOT NULL,
  period_to        DATE NOT NULL,
  unit             ENUM('month','day','piece') NOT NULL,
  quantity         INT NOT NULL,
  base_quantity    INT UNSIGNED NOT NULL DEFAULT 1,
  unit_price       DECIMAL(12,2) NOT NULL,
  net              DECIMAL(12,2) NOT NULL,
  vat_rate         DECIMAL(5,2) NOT NULL,
  vat              DECIMAL(12,2) NOT NULL,
  amount           DECIMAL(12,2) NOT NULL,
  UNIQUE KEY invoice_lines_no (invoice_id, line_no),
  KEY invoice_lines_location (location_id, invoice_id),
  CONSTRAINT invoice_lines_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
  CONSTRAINT invoice_lines_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE SET NULL,
  CONSTRAINT invoice_lines_location FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE payments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id  BIGINT UNSIGNED NOT NULL,
  amount      DECIMAL(12,2) NOT NULL,
  paid_on     DATE NOT NULL,
  reference   VARCHAR(64) NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY payments_invoice (invoice_id),
  CONSTRAINT payments_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- E-invoice (D8): addresses that get each new invoice's PDF by e-mail. The
-- unsubscribe link carries a keyed hash of the row's id and address, made
-- again to check it, so there is no token to store or leak.
CREATE TABLE einvoice_recipients (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id   BIGINT UNSIGNED NOT NULL,
  email        VARCHAR(254) NOT NULL,
  added_by     BIGINT UNSIGNED NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY einvoice_company_email (company_id, email),
  CONSTRAINT einvoice_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT einvoice_added_by FOREIGN KEY (added_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A mail may carry an invoice's PDF, made when the mail is delivered.
ALTER TABLE mail_outbox
  ADD COLUMN invoice_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT mail_outbox_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id);
