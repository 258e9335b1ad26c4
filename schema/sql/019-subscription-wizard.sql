-- selfcare: the new-subscription wizard (portal/wizard.c) and what its
-- order carries (orders/newsub.c).
--
-- A draft is the wizard's state between its steps, per company and member:
-- each step's form saves into it, so the administrator can leave and come
-- back; confirming turns it into an order and deletes it.

CREATE TABLE subscription_drafts (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id        BIGINT UNSIGNED NOT NULL,
  owner_id          BIGINT UNSIGNED NOT NULL,
  -- who the subscription is for: a member, or a new user made on completion
  user_id           BIGINT UNSIGNED NULL,
  new_user_name     VARCHAR(200) NULL,
  new_user_email    VARCHAR(254) NULL,
  product_id        BIGINT UNSIGNED NULL,
  -- a new number, or one ported in from another operator on a date
  number_kind       ENUM('new','port') NULL,
  port_number       VARCHAR(16) NULL,
  port_donor        VARCHAR(100) NULL,
  port_date         DATE NULL,
  sim_kind          ENUM('physical','esim') NULL,
  delivery_name     VARCHAR(200) NULL,
  delivery_street   VARCHAR(200) NULL,
  delivery_postcode VARCHAR(10) NULL,
  delivery_city     VARCHAR(100) NULL,
  cost_centre       VARCHAR(64) NULL,
  -- the furthest step saved: where "resume" goes
  step              VARCHAR(16) NOT NULL DEFAULT 'user',
  created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY subscription_drafts_list (company_id, owner_id, id),
  CONSTRAINT subscription_drafts_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT subscription_drafts_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT subscription_drafts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT subscription_drafts_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A new subscription's item: number_kind set. msisdn: the number ported in,
-- or the new one the operator assigns when fulfilling; the SIM card's ICCID
-- is order_items.iccid (an eSIM profile has one too); esim_code the
-- activation code (LPA:1$<SM-DP+ address>$<matching id>) made on completion.
ALTER TABLE order_items
  ADD COLUMN number_kind     ENUM('new','port') NULL,
  ADD COLUMN msisdn          VARCHAR(16) NULL,
  ADD COLUMN port_donor      VARCHAR(100) NULL,
  ADD COLUMN port_date       DATE NULL,
  ADD COLUMN sim_kind        ENUM('physical','esim') NULL,
  ADD COLUMN cost_centre     VARCHAR(64) NULL,
  ADD COLUMN new_user_name   VARCHAR(200) NULL,
  ADD COLUMN new_user_email  VARCHAR(254) NULL,
  ADD COLUMN esim_code       VARCHAR(255) NULL;
