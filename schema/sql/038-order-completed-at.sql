-- selfcare: when an order was completed (UTC), NULL until it is. The
-- usage meter counts a top-up in the period its order completed in; read
-- from the order itself it costs no subquery on order_events per order.
-- Set by the statement that completes the order (fcgi/orders/orders.c);
-- a completed order stays completed, so the value does not move again.
ALTER TABLE orders
  ADD COLUMN completed_at DATETIME NULL AFTER tracking_ref,
  ADD KEY orders_completed (company_id, state, completed_at);

-- The orders completed before: their last completion's event.
UPDATE orders o
  JOIN (SELECT order_id, MAX(at) AS at FROM order_events
        WHERE to_state = 'completed' GROUP BY order_id) e ON e.order_id = o.id
  SET o.completed_at = e.at
  WHERE o.state = 'completed';
