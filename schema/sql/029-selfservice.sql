-- selfcare: employee self-service under a company mobile scheme. A
-- company's full administrators set, per product, what its employees may
-- order themselves and who pays; completed orders that cost an employee
-- make payroll-deduction records, which the administrators export for the
-- payroll system.
--
--   allowed         employees may order it (no row: they may not)
--   approval        their orders wait for an administrator (held)
--   payer           company; employee (all of it, by payroll deduction);
--                   split (the company up to company_amount a month, the
--                   employee the rest)
--   policy_text, policy_url   shown before the employee orders

CREATE TABLE service_policies (
  company_id      BIGINT UNSIGNED NOT NULL,
  product_id      BIGINT UNSIGNED NOT NULL,
  allowed         TINYINT(1) NOT NULL DEFAULT 0,
  approval        TINYINT(1) NOT NULL DEFAULT 0,
  payer           ENUM('company','employee','split') NOT NULL DEFAULT 'company',
  company_amount  DECIMAL(12,2) NULL,
  policy_text     VARCHAR(500) NULL,
  policy_url      VARCHAR(500) NULL,
  updated_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (company_id, product_id),
  CONSTRAINT service_policies_split CHECK (payer <> 'split' OR company_amount >= 0),
  CONSTRAINT service_policies_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT service_policies_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT service_policies_user FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the employee pays of an order item, fixed when the order is made
-- (the policy may change after): monthly and one-off.
CREATE TABLE order_item_shares (
  item_id         BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  employee_monthly DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  employee_oneoff DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  CONSTRAINT order_item_shares_item FOREIGN KEY (item_id) REFERENCES order_items (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One deduction from an employee's pay for a month (period 'YYYY-MM'): the
-- month the order completed; what for names the product and the order.
CREATE TABLE payroll_deductions (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id      BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NULL,
  employee_name   VARCHAR(200) NOT NULL,
  period          CHAR(7) NOT NULL,
  amount          DECIMAL(12,2) NOT NULL,
  currency        CHAR(3) NOT NULL,
  description     VARCHAR(300) NOT NULL,
  order_id        BIGINT UNSIGNED NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY payroll_deductions_once (order_id, user_id, period),
  KEY payroll_deductions_period (company_id, period, id),
  CONSTRAINT payroll_deductions_amount CHECK (amount > 0),
  CONSTRAINT payroll_deductions_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT payroll_deductions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT payroll_deductions_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The employee number the payroll system knows the employee by.
ALTER TABLE memberships
  ADD COLUMN employee_number VARCHAR(32) NULL;
