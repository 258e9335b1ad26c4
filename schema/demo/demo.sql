-- Demo data from the user guides: the Norwegian company with location 11001
-- "Internett MBE" and "Mobilt bredbånd 100 GB" at 799.00 kr (TSN-75606716),
-- a second company the same administrator runs, and a Danish company with
-- another administrator. Re-running replaces the demo rows (ids stay stable
-- per run because they are fixed here).
SET NAMES utf8mb4;
SET FOREIGN_KEY_CHECKS = 0;
DELETE FROM subscriptions WHERE company_id IN (1, 2, 3);
DELETE FROM locations WHERE company_id IN (1, 2, 3);
DELETE FROM memberships WHERE company_id IN (1, 2, 3);
DELETE FROM companies WHERE id IN (1, 2, 3);
DELETE FROM products WHERE id BETWEEN 1 AND 20;
DELETE FROM users WHERE id IN (1, 2);
SET FOREIGN_KEY_CHECKS = 1;

INSERT INTO users (id, email, name, phone, lang) VALUES
  (1, 'kari.nordmann@example.no', 'Kari Nordmann', '+4791234567', 'nb'),
  (2, 'mette.jensen@example.dk', 'Mette Jensen', '+4520123456', 'da');

INSERT INTO companies (id, name, orgnr, country, street, postcode, city, created_at) VALUES
  (1, 'Bitpro Demo AS', '912345678', 'NO', 'Kongens gate 1', '7011', 'Trondheim', '2026-01-07 09:30:00'),
  (2, 'Nordlys Eiendom AS', '987654321', 'NO', 'Strandkaien 12', '4005', 'Stavanger', '2025-09-15 14:00:00'),
  (3, 'Fjordnet ApS', '31234567', 'DK', 'Åboulevarden 20', '8000', 'Aarhus C', '2025-11-03 10:15:00');

INSERT INTO memberships (user_id, company_id, role, areas) VALUES
  (1, 1, 'admin', 'subscriptions,orders,invoices,support,users'),
  (1, 2, 'admin', 'subscriptions,orders,invoices,support,users'),
  (2, 3, 'admin', 'subscriptions,orders,invoices,support,users');

INSERT INTO products (id, code, name, kind, monthly_price, currency) VALUES
  (1, 'MBB100', 'Mobilt bredbånd 100 GB', 'subscription', 799.00, 'NOK'),
  (2, 'BTC10', 'Bedrift Total C (10 GB)', 'subscription', 349.00, 'NOK'),
  (3, 'BTE50', 'Bedrift Total E (50 GB)', 'subscription', 549.00, 'NOK'),
  (4, 'FIB500', 'Internett Fiber 500', 'subscription', 1199.00, 'NOK'),
  (5, 'MBB50', 'Mobilt bredbånd 50 GB', 'subscription', 249.00, 'DKK'),
  (6, 'TOP10', 'Ekstra datapakke 10 GB', 'topup', 299.00, 'NOK'),
  (7, 'TOP20', 'Ekstra datapakke 20 GB', 'topup', 399.00, 'NOK'),
  (8, 'TOP40', 'Ekstra datapakke 40 GB', 'topup', 499.00, 'NOK'),
  (9, 'TOP130', 'Ekstra datapakke 130 GB', 'topup', 599.00, 'NOK');

INSERT INTO locations (id, company_id, number, name, status, created_at) VALUES
  (1, 1, '11001', 'Internett MBE', 'active', '2026-01-07 09:30:00'),
  (2, 2, '11002', 'Kontor Trondheim', 'active', '2025-09-15 14:00:00'),
  (3, 2, '11003', 'Lager Sandnes', 'active', '2025-09-15 14:00:00'),
  (4, 3, '21001', 'Hovedkontor Aarhus', 'active', '2025-11-03 10:15:00');

INSERT INTO subscriptions (id, company_id, location_id, product_id, ref, monthly_price, currency, status, started_on, cost_centre) VALUES
  (1, 1, 1, 1, 'TSN-75606716', 799.00, 'NOK', 'active', '2025-11-01', NULL),
  (2, 2, 2, 2, 'TSN-75606801', 349.00, 'NOK', 'active', '2025-09-15', 'Salg'),
  (3, 2, 2, 3, 'TSN-75606802', 549.00, 'NOK', 'active', '2025-09-15', 'Ledelse'),
  (4, 2, 3, 4, 'TSN-75606803', 1199.00, 'NOK', 'active', '2025-09-15', NULL),
  (5, 3, 4, 5, 'TSN-45100001', 249.00, 'DKK', 'active', '2025-11-03', NULL);
