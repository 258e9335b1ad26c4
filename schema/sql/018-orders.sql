-- selfcare: orders. An order is a record with a state that the customer
-- and the operator's staff follow, along TM Forum TMF622's lifecycle:
--   acknowledged -> held (waiting for approval) -> inProgress
--     -> completed | failed | cancelled
-- The transitions allowed, and by whom, are fcgi/orders/orders.c's table;
-- each one is a row of order_events (who, when, a note), the order's
-- timeline.
--
-- An order is made once per form key: (company_id, form_key) is unique, so
-- a double click or a retried request finds the order the first one made.

CREATE TABLE orders (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  company_id         BIGINT UNSIGNED NOT NULL,
  -- the member who ordered (NULL: removed since)
  ordered_by         BIGINT UNSIGNED NULL,
  state              ENUM('acknowledged','held','inProgress','completed','failed',
                       'cancelled') NOT NULL DEFAULT 'acknowledged',
  form_key           VARCHAR(64) NULL,
  currency           CHAR(3) NOT NULL,
  -- where it is sent: the company's address unless the orderer changed it
  delivery_name      VARCHAR(200) NOT NULL,
  delivery_street    VARCHAR(200) NOT NULL,
  delivery_postcode  VARCHAR(10) NOT NULL,
  delivery_city      VARCHAR(100) NOT NULL,
  delivery_country   CHAR(2) NOT NULL,
  -- the operator's: who has it, the shipment's tracking reference
  assignee_id        BIGINT UNSIGNED NULL,
  tracking_ref       VARCHAR(64) NULL,
  created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY orders_form_key (company_id, form_key),
  KEY orders_company (company_id, id),
  KEY orders_queue (state, created_at),
  CONSTRAINT orders_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  CONSTRAINT orders_user FOREIGN KEY (ordered_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT orders_assignee FOREIGN KEY (assignee_id) REFERENCES staff (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What an order adds, modifies or deletes: a product, for a subscription
-- (NULL: a new one) and a user of the company; the prices are the
-- catalogue's in force in the company's country the day it was ordered,
-- kept as they were. iccid: the SIM cards sent (their ICCIDs, one space
-- between), set when the operator fulfils the order.
CREATE TABLE order_items (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id         BIGINT UNSIGNED NOT NULL,
  action           ENUM('add','modify','delete') NOT NULL DEFAULT 'add',
  product_id       BIGINT UNSIGNED NOT NULL,
  quantity         INT UNSIGNED NOT NULL DEFAULT 1,
  subscription_id  BIGINT UNSIGNED NULL,
  user_id          BIGINT UNSIGNED NULL,
  oneoff_price     DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  monthly_price    DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  currency         CHAR(3) NOT NULL,
  iccid            VARCHAR(2200) NULL,
  KEY order_items_order (order_id),
  CONSTRAINT order_items_quantity CHECK (quantity >= 1),
  CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_items_product FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT order_items_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE SET NULL,
  CONSTRAINT order_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The timeline: each transition (from_state NULL: the order was made),
-- by the customer's user or the operator's staff member, with a note.
CREATE TABLE order_events (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id    BIGINT UNSIGNED NOT NULL,
  from_state  VARCHAR(16) NULL,
  to_state    VARCHAR(16) NOT NULL,
  user_id     BIGINT UNSIGNED NULL,
  staff_id    BIGINT UNSIGNED NULL,
  note        VARCHAR(500) NULL,
  at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY order_events_order (order_id, id),
  CONSTRAINT order_events_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_events_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT order_events_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
