-- selfcare: the catalogue the operator's staff run (back office, role
-- "catalogue"). products stays the catalogue entry, so everything that
-- joins it (subscriptions, services, history, cases, billing) reads it as
-- before; what a product is now has beside it:
--   a kind (plan = 'subscription', add-on 'service', 'topup' package,
--   'hardware', 'sim' type), a VAT class, a data quota, a window in which it
--   can be ordered, whether only the companies of its contract list may buy
--   it, and its retirement (a retired product stays on the subscriptions
--   that have it; nobody can order it or change to it);
--   names and notes in each language (product_names);
--   prices per country from a date (product_prices): a price change is a
--   new row from a day on, the earlier row ends the day before, and no
--   row that has been in force is ever changed. Subscriptions keep the
--   price they were sold at (subscriptions.monthly_price, which the billing
--   run bills): a change applies to orders and plan changes from its day.
--
-- products.name stays the Norwegian name, and products.monthly_price and
-- currency the price the product was first sold at: columns for readers
-- written before the catalogue. The catalogue's prices are product_prices.

ALTER TABLE products
  MODIFY kind ENUM('subscription','topup','service','hardware','sim') NOT NULL,
  ADD COLUMN vat_class ENUM('standard','reduced','exempt') NOT NULL DEFAULT 'standard',
  ADD COLUMN quota_gb INT UNSIGNED NULL,
  ADD COLUMN available_from DATE NULL,
  ADD COLUMN available_to DATE NULL,
  ADD COLUMN contract_only TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN retired_at DATETIME NULL,
  ADD COLUMN created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- A product that was switched off is a retired one.
UPDATE products SET retired_at = NOW() WHERE active = 0;

-- A code names one product, whatever the country: where the same code was
-- sold in two currencies (one row each), the later rows get the currency
-- after the code, and each keeps its own prices.
UPDATE products p JOIN products q ON q.code = p.code AND q.id < p.id
  SET p.code = CONCAT(LEFT(p.code, 28), '-', p.currency);
ALTER TABLE products DROP INDEX products_code, ADD UNIQUE KEY products_code (code);

CREATE TABLE product_names (
  product_id  BIGINT UNSIGNED NOT NULL,
  lang        CHAR(2) NOT NULL,
  name        VARCHAR(200) NOT NULL,
  -- shown with the product where it is offered ("gjelder kun data innenfor Norge")
  note        VARCHAR(500) NULL,
  PRIMARY KEY (product_id, lang),
  CONSTRAINT product_names_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO product_names (product_id, lang, name)
  SELECT p.id, l.lang, p.name FROM products p
  CROSS JOIN (SELECT 'nb' AS lang UNION ALL SELECT 'da' UNION ALL SELECT 'en') l;

-- One price of a product in a country from valid_from to valid_to (NULL:
-- until a later price). A top-up or a piece of hardware is paid once
-- (oneoff_price); a plan, service or SIM type monthly, and may cost
-- something once as well.
CREATE TABLE product_prices (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product_id     BIGINT UNSIGNED NOT NULL,
  country        CHAR(2) NOT NULL,
  currency       CHAR(3) NOT NULL,
  monthly_price  DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  oneoff_price   DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  valid_from     DATE NOT NULL,
  valid_to       DATE NULL,
  created_by     BIGINT UNSIGNED NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY product_prices_from (product_id, country, valid_from),
  KEY product_prices_country (country, valid_from),
  CONSTRAINT product_prices_amounts CHECK (monthly_price >= 0 AND oneoff_price >= 0),
  CONSTRAINT product_prices_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CONSTRAINT product_prices_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT product_prices_staff FOREIGN KEY (created_by) REFERENCES staff (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Today's prices as they were, in force since long before any invoice.
INSERT INTO product_prices (product_id, country, currency, monthly_price, oneoff_price,
    valid_from)
  SELECT id, CASE currency WHEN 'NOK' THEN 'NO' WHEN 'DKK' THEN 'DK'
      WHEN 'SEK' THEN 'SE' ELSE 'FI' END, currency,
    CASE WHEN kind IN ('topup', 'hardware') THEN 0 ELSE monthly_price END,
    CASE WHEN kind IN ('topup', 'hardware') THEN monthly_price ELSE 0 END, '2000-01-01'
  FROM products WHERE currency IN ('NOK', 'DKK', 'SEK', 'EUR');

-- The contract list of a product with contract_only: the companies that
-- may buy it.
CREATE TABLE product_companies (
  product_id  BIGINT UNSIGNED NOT NULL,
  company_id  BIGINT UNSIGNED NOT NULL,
  added_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (product_id, company_id),
  KEY product_companies_company (company_id),
  CONSTRAINT product_companies_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT product_companies_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
