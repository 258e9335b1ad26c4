-- Demo data from the user guides: the Norwegian company with location 11001
-- "Internett MBE" and "Mobilt bredbånd 100 GB" at 799.00 kr (TSN-75606716),
-- a second company the same administrator runs, and a Danish company with
-- another administrator. Re-running replaces the demo rows (ids stay stable
-- per run because they are fixed here).
SET NAMES utf8mb4;
SET FOREIGN_KEY_CHECKS = 0;
-- With the checks off no cascade runs either: every table that can hold a
-- row of the demo's companies, users, products or issuers is named here,
-- so that `selfcare demo-data` reloads a demo that people have used.
DELETE FROM mail_outbox WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3));
DELETE FROM payments WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3));
DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3));
DELETE FROM invoices WHERE company_id IN (1, 2, 3);
DELETE FROM charges WHERE company_id IN (1, 2, 3);
DELETE FROM einvoice_recipients WHERE company_id IN (1, 2, 3);
DELETE FROM invitations WHERE company_id IN (1, 2, 3);
DELETE FROM billing_accounts WHERE company_id IN (1, 2, 3);
DELETE FROM issuers WHERE id IN (1, 2);
DELETE FROM case_comments WHERE case_id IN (SELECT id FROM cases WHERE company_id IN (1, 2, 3));
DELETE FROM case_status_history WHERE case_id IN (SELECT id FROM cases WHERE company_id IN (1, 2, 3));
DELETE FROM cases WHERE company_id IN (1, 2, 3);
DELETE FROM sim_cards WHERE subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM subscription_services WHERE subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM subscription_history WHERE subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM subscriptions WHERE company_id IN (1, 2, 3);
DELETE FROM locations WHERE company_id IN (1, 2, 3);
DELETE FROM audit_log WHERE company_id IN (1, 2, 3) OR user_id BETWEEN 1 AND 20;
DELETE FROM memberships WHERE company_id IN (1, 2, 3) OR user_id BETWEEN 1 AND 20;
DELETE FROM form_keys WHERE user_id BETWEEN 1 AND 20;
DELETE FROM sessions WHERE user_id BETWEEN 1 AND 20;
DELETE FROM login_codes WHERE user_id BETWEEN 1 AND 20;
DELETE FROM companies WHERE id IN (1, 2, 3);
DELETE FROM products WHERE id BETWEEN 1 AND 20;
DELETE FROM users WHERE id BETWEEN 1 AND 20;
DELETE FROM staff_form_keys WHERE staff_id BETWEEN 1 AND 20;
DELETE FROM staff_recovery_codes WHERE staff_id BETWEEN 1 AND 20;
DELETE FROM staff_codes WHERE staff_id BETWEEN 1 AND 20;
DELETE FROM staff_sessions WHERE staff_id BETWEEN 1 AND 20;
DELETE FROM audit_log WHERE staff_id BETWEEN 1 AND 20;
DELETE FROM staff WHERE id BETWEEN 1 AND 20;
SET FOREIGN_KEY_CHECKS = 1;

INSERT INTO users (id, email, name, phone, lang) VALUES
  (1, 'kari.nordmann@example.no', 'Kari Nordmann', '+4791234567', 'nb'),
  (2, 'mette.jensen@example.dk', 'Mette Jensen', '+4520123456', 'da'),
  (3, 'ola.hansen@example.no', 'Ola Hansen', '+4791000003', 'nb'),
  (4, 'per.olsen@example.no', 'Per Olsen', '+4791000004', 'nb'),
  (5, 'anne.berg@example.no', 'Anne Berg', '+4791000005', 'nb'),
  (6, 'jonas.lie@example.no', 'Jonas Lie', '+4791000006', 'nb'),
  (7, 'lars.dahl@example.no', 'Lars Dahl', '+4791000007', 'nb'),
  (8, 'soren.nielsen@example.dk', 'Søren Nielsen', '+4520000008', 'da');

INSERT INTO companies (id, name, orgnr, country, time_zone, street, postcode, city, created_at) VALUES
  (1, 'Bitpro Demo AS', '912345678', 'NO', 'Europe/Oslo', 'Kongens gate 1', '7011', 'Trondheim', '2026-01-07 09:30:00'),
  (2, 'Nordlys Eiendom AS', '987654321', 'NO', 'Europe/Oslo', 'Strandkaien 12', '4005', 'Stavanger', '2025-09-15 14:00:00'),
  (3, 'Fjordnet ApS', '31234567', 'DK', 'Europe/Copenhagen', 'Åboulevarden 20', '8000', 'Aarhus C', '2025-11-03 10:15:00');

INSERT INTO memberships (user_id, company_id, role, areas) VALUES
  (1, 1, 'admin', 'subscriptions,orders,invoices,support,users'),
  (1, 2, 'admin', 'subscriptions,orders,invoices,support,users'),
  (2, 3, 'admin', 'subscriptions,orders,invoices,support,users'),
  (3, 1, 'manager', 'support'),
  (4, 1, 'manager', 'subscriptions,orders,invoices');

INSERT INTO products (id, code, name, kind, monthly_price, currency) VALUES
  (1, 'MBB100', 'Mobilt bredbånd 100 GB', 'subscription', 799.00, 'NOK'),
  (2, 'BTC10', 'Bedrift Total C (10 GB)', 'subscription', 349.00, 'NOK'),
  (3, 'BTE50', 'Bedrift Total E (50 GB)', 'subscription', 549.00, 'NOK'),
  (4, 'FIB500', 'Internett Fiber 500', 'subscription', 1199.00, 'NOK'),
  (5, 'MBB50', 'Mobilt bredbånd 50 GB', 'subscription', 249.00, 'DKK'),
  (6, 'TOP10', 'Ekstra datapakke 10 GB', 'topup', 299.00, 'NOK'),
  (7, 'TOP20', 'Ekstra datapakke 20 GB', 'topup', 399.00, 'NOK'),
  (8, 'TOP40', 'Ekstra datapakke 40 GB', 'topup', 499.00, 'NOK'),
  (9, 'TOP130', 'Ekstra datapakke 130 GB', 'topup', 599.00, 'NOK'),
  (10, 'EXD5', 'Extra Data 5 GB', 'service', 49.00, 'NOK'),
  (11, 'CLOUD25', 'Skylagring 25 GB', 'service', 29.00, 'NOK'),
  (12, 'NETV', 'Nettvern', 'service', 19.00, 'NOK'),
  (13, 'EM20', 'Erhverv Mobil 20 GB', 'subscription', 199.00, 'DKK'),
  (14, 'MBB100', 'Mobilt bredbånd 100 GB', 'subscription', 349.00, 'DKK');

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

-- Employees' mobile subscriptions (no location), for the subscription list
-- and profiles (D4), with their SIM cards and services.
INSERT INTO subscriptions (id, company_id, location_id, user_id, product_id, ref, monthly_price, currency, status, started_on, cost_centre) VALUES
  (6, 1, NULL, 5, 2, 'TSN-75607001', 349.00, 'NOK', 'active', '2026-01-07', 'Salg'),
  (7, 1, NULL, 6, 3, 'TSN-75607002', 549.00, 'NOK', 'active', '2026-01-07', 'Drift'),
  (8, 1, NULL, 7, 2, 'TSN-75607003', 349.00, 'NOK', 'active', '2026-01-07', NULL),
  (9, 2, NULL, 6, 2, 'TSN-75607004', 349.00, 'NOK', 'active', '2025-10-01', NULL),
  (10, 3, NULL, 8, 13, 'TSN-45100002', 199.00, 'DKK', 'active', '2025-11-03', 'Salg');

INSERT INTO sim_cards (id, subscription_id, iccid, type, status) VALUES
  (1, 6, '8947080012345678901', 'main', 'active'),
  (2, 6, '8947080012345678902', 'twin', 'active'),
  (3, 7, '8947080012345678903', 'main', 'active'),
  (4, 8, '8947080012345678904', 'main', 'active'),
  (5, 9, '8947080012345678905', 'main', 'active'),
  (6, 10, '8945080012345678906', 'main', 'active');

INSERT INTO subscription_services (id, subscription_id, product_id, monthly_price, currency, started_on) VALUES
  (1, 6, 10, 49.00, 'NOK', '2026-01-07'),
  (2, 6, 12, 19.00, 'NOK', '2026-01-07'),
  (3, 7, 11, 29.00, 'NOK', '2026-01-07');

-- Cases: a change request from location 11001 (M6/M7), support cases (D1).
INSERT INTO cases (id, company_id, kind, category, subject, location_id, subscription_id, status, created_by, created_at, updated_at) VALUES
  (1, 1, 'change', 'more-data', 'Mobilt bredbånd 100 GB (TSN-75606716)', 1, 1, 'in-progress', 1, '2026-01-08 10:00:00', '2026-01-09 08:00:00'),
  (2, 1, 'support', 'billing', 'Spørsmål om faktura 2025120034', NULL, NULL, 'waiting', 1, '2026-01-10 12:00:00', '2026-01-11 09:00:00'),
  (3, 2, 'support', 'technical', 'Treg forbindelse på lageret', 3, NULL, 'resolved', 1, '2025-10-01 09:00:00', '2025-10-03 15:00:00'),
  (4, 3, 'support', 'technical', 'Ingen forbindelse', 4, NULL, 'new', 2, '2026-01-12 08:30:00', '2026-01-12 08:30:00');

INSERT INTO case_comments (case_id, author, user_id, body, created_at) VALUES
  (1, 'customer', 1, 'Vi trenger mer data på mobilt bredbånd.', '2026-01-08 10:00:00'),
  (1, 'operator', NULL, 'Vi ser på saken.', '2026-01-09 08:00:00'),
  (2, 'customer', 1, 'Fakturaen er høyere enn avtalt.', '2026-01-10 12:00:00'),
  (2, 'operator', NULL, 'Hvilken linje gjelder det?', '2026-01-11 09:00:00'),
  (3, 'customer', 1, 'Forbindelsen er treg på lageret.', '2025-10-01 09:00:00'),
  (4, 'customer', 2, 'Ingen forbindelse siden i morges.', '2026-01-12 08:30:00');

INSERT INTO case_status_history (case_id, from_status, to_status, user_id, at) VALUES
  (1, NULL, 'new', 1, '2026-01-08 10:00:00'),
  (1, 'new', 'in-progress', NULL, '2026-01-09 08:00:00'),
  (2, NULL, 'new', 1, '2026-01-10 12:00:00'),
  (2, 'new', 'waiting', NULL, '2026-01-11 09:00:00'),
  (3, NULL, 'new', 1, '2025-10-01 09:00:00'),
  (3, 'new', 'in-progress', NULL, '2025-10-02 09:00:00'),
  (3, 'in-progress', 'resolved', NULL, '2025-10-03 15:00:00'),
  (4, NULL, 'new', 2, '2026-01-12 08:30:00');

-- Billing (003): the operator's issuers per country (the Danish series
-- starts at 500001 so numbers never meet), one billing account per
-- company, an e-invoice address, a top-up waiting to be billed. The
-- invoices themselves are made by the real billing run: `selfcare
-- demo-data` runs it for 2025-11 to 2026-10 after this file (billing.c).
INSERT INTO issuers (id, country, name, orgnr, vat_id, street, postcode, city, bank_account, iban, bic, email, due_days, next_number) VALUES
  (1, 'NO', 'Nordnett Telekom AS', '923456783', 'NO923456783MVA', 'Storgata 1', '0155', 'Oslo', '1503.12.34567', 'NO9315031234567', 'DNBANOKK', 'faktura@nordnett.example.no', 15, 100001),
  (2, 'DK', 'Nordnett Danmark ApS', '21345679', 'DK21345679', 'Vesterbrogade 10', '1620', 'København V', '5301 0001234567', 'DK5750510001322617', 'DABADKKK', 'faktura@nordnett.example.dk', 15, 500001);

INSERT INTO billing_accounts (id, company_id, issuer_id, number, currency, vat_rate) VALUES
  (1, 1, 1, '10000001', 'NOK', 25.00),
  (2, 2, 1, '10000002', 'NOK', 25.00),
  (3, 3, 2, '20000001', 'DKK', 25.00);

INSERT INTO einvoice_recipients (company_id, email, added_by) VALUES
  (1, 'faktura@bitpro.example.no', 1);

-- The seed's top-up prices: bought in February, on that month's invoice.
INSERT INTO charges (company_id, subscription_id, description, quantity, unit_price, currency, charged_on) VALUES
  (1, 1, 'Ekstra datapakke 10 GB', 1, 299.00, 'NOK', '2026-02-10'),
  (2, 2, 'Ekstra datapakke 20 GB', 2, 399.00, 'NOK', '2026-03-03');

-- The operator's staff: an administrator of the back office, a customer
-- care agent and a billing clerk. Each enrols the authenticator app at the
-- first login (a QR code after the mailed code).
INSERT INTO staff (id, email, name, roles, lang) VALUES
  (1, 'ola.drift@operator.example.no', 'Ola Drift', 'admin', 'nb'),
  (2, 'kari.kundeservice@operator.example.no', 'Kari Kundeservice', 'care', 'nb'),
  (3, 'bjorn.faktura@operator.example.no', 'Bjørn Faktura', 'billing', 'nb');

-- Customer care (012): the change request is Kari Kundeservice's, who
-- answered it; her internal note is for the staff alone.
UPDATE cases SET assignee_id = 2 WHERE id = 1;
UPDATE case_comments SET staff_id = 2 WHERE case_id = 1 AND author = 'operator';
INSERT INTO case_comments (case_id, author, staff_id, internal, body, created_at) VALUES
  (1, 'operator', 2, 1, 'Kunden har spurt om 200 GB før. Sjekk prisen før vi svarer.', '2026-01-09 08:05:00');
