-- selfcare: a subscription's life. SIM cards may belong to the company
-- without a subscription (spare SIMs: the cards of a completed SIM order,
-- inactive until one is activated for a subscription); each card keeps its
-- PUK, shown only on request and audited. A subscription carries three
-- bars and a suspension period (suspended while today is in it, active
-- again by itself after it); the history names each change.

ALTER TABLE sim_cards
  MODIFY subscription_id BIGINT UNSIGNED NULL,
  ADD COLUMN company_id BIGINT UNSIGNED NULL AFTER id,
  ADD COLUMN puk CHAR(8) CHARACTER SET ascii NULL,
  -- the completed order a spare SIM came with
  ADD COLUMN order_id BIGINT UNSIGNED NULL,
  ADD KEY sim_cards_company (company_id, status),
  ADD CONSTRAINT sim_cards_company FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
  ADD CONSTRAINT sim_cards_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE SET NULL;

UPDATE sim_cards m JOIN subscriptions s ON s.id = m.subscription_id SET m.company_id = s.company_id;

-- A card inserted for a subscription belongs to the subscription's company
-- without every writer naming it.
CREATE TRIGGER sim_cards_company_of_subscription BEFORE INSERT ON sim_cards FOR EACH ROW
  SET NEW.company_id = COALESCE(NEW.company_id,
    (SELECT s.company_id FROM subscriptions s WHERE s.id = NEW.subscription_id));

ALTER TABLE subscriptions
  ADD COLUMN bar_data TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN bar_abroad TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN bar_premium TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN suspended_from DATE NULL,
  ADD COLUMN suspended_to DATE NULL,
  ADD CONSTRAINT subscriptions_suspension CHECK (suspended_to >= suspended_from);

ALTER TABLE subscription_history
  MODIFY action ENUM('plan-change','termination','cost-centre','sim-swap','sim-activate',
    'bar','unbar','suspension') NOT NULL;
