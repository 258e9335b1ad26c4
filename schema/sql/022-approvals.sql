-- selfcare: a company's approval rules. An order that a rule catches is
-- made in state held and waits until one of the company's full
-- administrators approves it (it goes on to the operator) or rejects it
-- with a comment (cancelled); see fcgi/orders/approval.c.
--
--   amount     hold an order whose one-off and first month's price (for its
--              quantity) is above this, in the rule's currency (the
--              company's when it was set); NULL: no limit
--   members    hold every order by a member who is not a full administrator
--
-- No row: no rule, every order goes to the operator as made.

CREATE TABLE approval_rules (
  company_id   BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  amount       DECIMAL(12,2) NULL,
  currency     CHAR(3) NOT NULL,
  members      TINYINT(1) NOT NULL DEFAULT 0,
  updated_by   BIGINT UNSIGNED NULL,
  updated_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT approval_rules_amount CHECK (amount IS NULL OR amount >= 0),
  CONSTRAINT approval_rules_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT approval_rules_user FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
