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
DELETE FROM unmatched_payments WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3))
  OR bank_transaction_id IN (SELECT id FROM bank_transactions WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3)));
DELETE FROM bank_transactions WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3));
DELETE FROM payments WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id IN (1, 2, 3));
DELETE FROM invoice_reminders WHERE company_id IN (1, 2, 3);
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
DELETE FROM sim_cards WHERE company_id IN (1, 2, 3) OR subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM subscription_services WHERE subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM subscription_history WHERE subscription_id IN (SELECT id FROM subscriptions WHERE company_id IN (1, 2, 3));
DELETE FROM usage_daily WHERE company_id IN (1, 2, 3);
DELETE FROM usage_records WHERE company_id IN (1, 2, 3);
DELETE FROM subscriptions WHERE company_id IN (1, 2, 3);
DELETE FROM locations WHERE company_id IN (1, 2, 3);
DELETE FROM audit_log WHERE company_id IN (1, 2, 3) OR user_id BETWEEN 1 AND 20;
DELETE FROM memberships WHERE company_id IN (1, 2, 3) OR user_id BETWEEN 1 AND 20;
DELETE FROM service_policies WHERE company_id IN (1, 2, 3);
DELETE FROM payroll_deductions WHERE company_id IN (1, 2, 3) OR user_id BETWEEN 1 AND 20;
DELETE FROM phone_codes WHERE user_id BETWEEN 1 AND 20;
DELETE FROM help_feedback WHERE article_id BETWEEN 1 AND 20 OR user_id BETWEEN 1 AND 20;
DELETE FROM help_article_pages WHERE article_id BETWEEN 1 AND 20;
DELETE FROM help_article_texts WHERE article_id BETWEEN 1 AND 20;
DELETE FROM help_articles WHERE id BETWEEN 1 AND 20;
DELETE FROM help_category_names WHERE category_id BETWEEN 1 AND 20;
DELETE FROM help_categories WHERE id BETWEEN 1 AND 20;
DELETE FROM form_keys WHERE user_id BETWEEN 1 AND 20;
DELETE FROM sessions WHERE user_id BETWEEN 1 AND 20;
DELETE FROM login_codes WHERE user_id BETWEEN 1 AND 20;
DELETE FROM companies WHERE id IN (1, 2, 3);
DELETE FROM product_companies WHERE product_id BETWEEN 1 AND 40 OR company_id IN (1, 2, 3);
DELETE FROM product_prices WHERE product_id BETWEEN 1 AND 40;
DELETE FROM product_names WHERE product_id BETWEEN 1 AND 40;
DELETE FROM products WHERE id BETWEEN 1 AND 40;
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

-- Bitpro Demo AS's company mobile scheme: Anne Berg, the user of
-- TSN-75607001 (Bedrift Total C (10 GB)), is an employee (no area: her own
-- subscription only), with the employee number of the payroll file. Her
-- number +4791000005 is confirmed by SMS on her first visit.
INSERT INTO memberships (user_id, company_id, role, areas, employee_number) VALUES
  (5, 1, 'employee', '', 'BP-1005');

-- The catalogue (014) from the user guides: the plans, the extra data and
-- cloud storage services, net protection, the SIM types and the top-up
-- packages of M5 (20 GB available from 2025-12-08), hardware (D6), Danish
-- prices in DKK for what Fjordnet ApS buys, and a plan on Nordlys Eiendom
-- AS's contract list only. Id 14 (the Danish row of MBB100) is now the
-- Danish price of product 1.
INSERT INTO products (id, code, name, kind, monthly_price, currency, vat_class, quota_gb, available_from, contract_only) VALUES
  (1, 'MBB100', 'Mobilt bredbånd 100 GB', 'subscription', 799.00, 'NOK', 'standard', 100, NULL, 0),
  (2, 'BTC10', 'Bedrift Total C (10 GB)', 'subscription', 349.00, 'NOK', 'standard', 10, NULL, 0),
  (3, 'BTE50', 'Bedrift Total E (50 GB)', 'subscription', 549.00, 'NOK', 'standard', 50, NULL, 0),
  (4, 'FIB500', 'Internett Fiber 500', 'subscription', 1199.00, 'NOK', 'standard', NULL, NULL, 0),
  (5, 'MBB50', 'Mobilt bredbånd 50 GB', 'subscription', 249.00, 'DKK', 'standard', 50, NULL, 0),
  (6, 'TOP10', 'Ekstra datapakke 10 GB', 'topup', 299.00, 'NOK', 'standard', 10, NULL, 0),
  (7, 'TOP20', 'Ekstra datapakke 20 GB', 'topup', 399.00, 'NOK', 'standard', 20, '2025-12-08', 0),
  (8, 'TOP40', 'Ekstra datapakke 40 GB', 'topup', 499.00, 'NOK', 'standard', 40, NULL, 0),
  (9, 'TOP130', 'Ekstra datapakke 130 GB', 'topup', 599.00, 'NOK', 'standard', 130, NULL, 0),
  (10, 'EXD5', 'Ekstra Data 5 GB', 'service', 49.00, 'NOK', 'standard', 5, NULL, 0),
  (11, 'CLOUD25', 'Min Sky 25 GB', 'service', 29.00, 'NOK', 'standard', NULL, NULL, 0),
  (12, 'NETV', 'Nettvern', 'service', 19.00, 'NOK', 'standard', NULL, NULL, 0),
  (13, 'EM20', 'Erhverv Mobil 20 GB', 'subscription', 199.00, 'DKK', 'standard', 20, NULL, 0),
  (15, 'EXD1', 'Ekstra Data 1 GB', 'service', 19.00, 'NOK', 'standard', 1, NULL, 0),
  (16, 'EXD15', 'Ekstra Data 15 GB', 'service', 99.00, 'NOK', 'standard', 15, NULL, 0),
  (17, 'EXD50', 'Ekstra Data 50 GB', 'service', 199.00, 'NOK', 'standard', 50, NULL, 0),
  (18, 'CLOUD10', 'Min Sky 10 GB', 'service', 19.00, 'NOK', 'standard', NULL, NULL, 0),
  (19, 'CLOUD50', 'Min Sky 50 GB', 'service', 49.00, 'NOK', 'standard', NULL, NULL, 0),
  (20, 'TWIN', 'Tvilling-SIM', 'sim', 39.00, 'NOK', 'standard', NULL, NULL, 0),
  (21, 'DATACARD', 'Datakort', 'sim', 49.00, 'NOK', 'standard', NULL, NULL, 0),
  (22, 'SIM', 'SIM-kort', 'sim', 99.00, 'NOK', 'standard', NULL, NULL, 0),
  (23, 'DONGLE4G', '4G-modem', 'hardware', 499.00, 'NOK', 'standard', NULL, NULL, 0),
  (24, 'ROUTER4G', '4G-ruter', 'hardware', 1290.00, 'NOK', 'standard', NULL, NULL, 0),
  (25, 'BTA30', 'Bedrift Avtale 30 GB', 'subscription', 399.00, 'NOK', 'standard', 30, NULL, 1);

INSERT INTO product_names (product_id, lang, name, note) VALUES
  (1, 'nb', 'Mobilt bredbånd 100 GB', NULL),
  (1, 'da', 'Mobilt bredbånd 100 GB', NULL),
  (1, 'en', 'Mobile broadband 100 GB', NULL),
  (2, 'nb', 'Bedrift Total C (10 GB)', 'Datakvoten gjelder kun data innenfor Norge.'),
  (2, 'da', 'Erhverv Total C (10 GB)', 'Datakvoten gælder kun data i Norge.'),
  (2, 'en', 'Business Total C (10 GB)', 'The data quota applies to data used in Norway only.'),
  (3, 'nb', 'Bedrift Total E (50 GB)', 'Datakvoten gjelder kun data innenfor Norge.'),
  (3, 'da', 'Erhverv Total E (50 GB)', 'Datakvoten gælder kun data i Norge.'),
  (3, 'en', 'Business Total E (50 GB)', 'The data quota applies to data used in Norway only.'),
  (4, 'nb', 'Internett Fiber 500', NULL),
  (4, 'da', 'Internet Fiber 500', NULL),
  (4, 'en', 'Fibre Internet 500', NULL),
  (5, 'nb', 'Mobilt bredbånd 50 GB', NULL),
  (5, 'da', 'Mobilt bredbånd 50 GB', NULL),
  (5, 'en', 'Mobile broadband 50 GB', NULL),
  (6, 'nb', 'Ekstra datapakke 10 GB', 'Gjelder kun data innenfor Norge.'),
  (6, 'da', 'Ekstra datapakke 10 GB', 'Gælder kun data i Norge.'),
  (6, 'en', 'Extra data package 10 GB', 'Applies to data used in Norway only.'),
  (7, 'nb', 'Ekstra datapakke 20 GB', 'Gjelder kun data innenfor Norge.'),
  (7, 'da', 'Ekstra datapakke 20 GB', 'Gælder kun data i Norge.'),
  (7, 'en', 'Extra data package 20 GB', 'Applies to data used in Norway only.'),
  (8, 'nb', 'Ekstra datapakke 40 GB', 'Gjelder kun data innenfor Norge.'),
  (8, 'da', 'Ekstra datapakke 40 GB', 'Gælder kun data i Norge.'),
  (8, 'en', 'Extra data package 40 GB', 'Applies to data used in Norway only.'),
  (9, 'nb', 'Ekstra datapakke 130 GB', 'Gjelder kun data innenfor Norge.'),
  (9, 'da', 'Ekstra datapakke 130 GB', 'Gælder kun data i Norge.'),
  (9, 'en', 'Extra data package 130 GB', 'Applies to data used in Norway only.'),
  (10, 'nb', 'Ekstra Data 5 GB', 'Gjelder kun data innenfor Norge.'),
  (10, 'da', 'Ekstra Data 5 GB', 'Gælder kun data i Norge.'),
  (10, 'en', 'Extra Data 5 GB', 'Applies to data used in Norway only.'),
  (11, 'nb', 'Min Sky 25 GB', NULL),
  (11, 'da', 'Min Sky 25 GB', NULL),
  (11, 'en', 'My Cloud 25 GB', NULL),
  (12, 'nb', 'Nettvern', NULL),
  (12, 'da', 'Netværn', NULL),
  (12, 'en', 'Net protection', NULL),
  (13, 'nb', 'Erhverv Mobil 20 GB', NULL),
  (13, 'da', 'Erhverv Mobil 20 GB', NULL),
  (13, 'en', 'Business Mobile 20 GB', NULL),
  (15, 'nb', 'Ekstra Data 1 GB', 'Gjelder kun data innenfor Norge.'),
  (15, 'da', 'Ekstra Data 1 GB', 'Gælder kun data i Norge.'),
  (15, 'en', 'Extra Data 1 GB', 'Applies to data used in Norway only.'),
  (16, 'nb', 'Ekstra Data 15 GB', 'Gjelder kun data innenfor Norge.'),
  (16, 'da', 'Ekstra Data 15 GB', 'Gælder kun data i Norge.'),
  (16, 'en', 'Extra Data 15 GB', 'Applies to data used in Norway only.'),
  (17, 'nb', 'Ekstra Data 50 GB', 'Gjelder kun data innenfor Norge.'),
  (17, 'da', 'Ekstra Data 50 GB', 'Gælder kun data i Norge.'),
  (17, 'en', 'Extra Data 50 GB', 'Applies to data used in Norway only.'),
  (18, 'nb', 'Min Sky 10 GB', NULL),
  (18, 'da', 'Min Sky 10 GB', NULL),
  (18, 'en', 'My Cloud 10 GB', NULL),
  (19, 'nb', 'Min Sky 50 GB', NULL),
  (19, 'da', 'Min Sky 50 GB', NULL),
  (19, 'en', 'My Cloud 50 GB', NULL),
  (20, 'nb', 'Tvilling-SIM', 'Et ekstra SIM-kort med samme nummer.'),
  (20, 'da', 'Tvilling-SIM', 'Et ekstra SIM-kort med samme nummer.'),
  (20, 'en', 'Twin SIM', 'A second SIM card with the same number.'),
  (21, 'nb', 'Datakort', 'Et SIM-kort for data som deler abonnementets datakvote.'),
  (21, 'da', 'Datakort', 'Et SIM-kort til data, der deler abonnementets datakvote.'),
  (21, 'en', 'Data card', 'A data-only SIM card sharing the subscription''s quota.'),
  (22, 'nb', 'SIM-kort', NULL),
  (22, 'da', 'SIM-kort', NULL),
  (22, 'en', 'SIM card', NULL),
  (23, 'nb', '4G-modem', NULL),
  (23, 'da', '4G-dongle', NULL),
  (23, 'en', '4G dongle', NULL),
  (24, 'nb', '4G-ruter', NULL),
  (24, 'da', '4G-router', NULL),
  (24, 'en', '4G router', NULL),
  (25, 'nb', 'Bedrift Avtale 30 GB', 'Etter avtale med Nordlys Eiendom AS.'),
  (25, 'da', 'Erhverv Aftale 30 GB', 'Efter aftale med Nordlys Eiendom AS.'),
  (25, 'en', 'Business Agreement 30 GB', 'By agreement with Nordlys Eiendom AS.');

-- Prices in force since before the demo's first invoice (2025-11).
INSERT INTO product_prices (product_id, country, currency, monthly_price, oneoff_price, valid_from) VALUES
  (1, 'NO', 'NOK', 799.00, 0.00, '2025-01-01'),
  (1, 'DK', 'DKK', 349.00, 0.00, '2025-01-01'),
  (2, 'NO', 'NOK', 349.00, 0.00, '2025-01-01'),
  (3, 'NO', 'NOK', 549.00, 0.00, '2025-01-01'),
  (4, 'NO', 'NOK', 1199.00, 0.00, '2025-01-01'),
  (5, 'DK', 'DKK', 249.00, 0.00, '2025-01-01'),
  (6, 'NO', 'NOK', 0.00, 299.00, '2025-01-01'),
  (7, 'NO', 'NOK', 0.00, 399.00, '2025-12-08'),
  (8, 'NO', 'NOK', 0.00, 499.00, '2025-01-01'),
  (9, 'NO', 'NOK', 0.00, 599.00, '2025-01-01'),
  (10, 'NO', 'NOK', 49.00, 0.00, '2025-01-01'),
  (11, 'NO', 'NOK', 29.00, 0.00, '2025-01-01'),
  (12, 'NO', 'NOK', 19.00, 0.00, '2025-01-01'),
  (13, 'DK', 'DKK', 199.00, 0.00, '2025-01-01'),
  (15, 'NO', 'NOK', 19.00, 0.00, '2025-01-01'),
  (16, 'NO', 'NOK', 99.00, 0.00, '2025-01-01'),
  (17, 'NO', 'NOK', 199.00, 0.00, '2025-01-01'),
  (18, 'NO', 'NOK', 19.00, 0.00, '2025-01-01'),
  (19, 'NO', 'NOK', 49.00, 0.00, '2025-01-01'),
  (20, 'NO', 'NOK', 39.00, 0.00, '2025-01-01'),
  (21, 'NO', 'NOK', 49.00, 0.00, '2025-01-01'),
  (22, 'NO', 'NOK', 0.00, 99.00, '2025-01-01'),
  (22, 'DK', 'DKK', 0.00, 49.00, '2025-01-01'),
  (23, 'NO', 'NOK', 0.00, 499.00, '2025-01-01'),
  (23, 'DK', 'DKK', 0.00, 399.00, '2025-01-01'),
  (24, 'NO', 'NOK', 0.00, 1290.00, '2025-01-01'),
  (24, 'DK', 'DKK', 0.00, 899.00, '2025-01-01'),
  (25, 'NO', 'NOK', 399.00, 0.00, '2025-01-01');

INSERT INTO product_companies (product_id, company_id) VALUES (25, 2);

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

INSERT INTO sim_cards (id, company_id, subscription_id, iccid, type, status, puk) VALUES
  (1, 1, 6, '8947080012345678901', 'main', 'active', '31415926'),
  (2, 1, 6, '8947080012345678902', 'twin', 'active', '27182818'),
  (3, 1, 7, '8947080012345678903', 'main', 'active', '16180339'),
  (4, 1, 8, '8947080012345678904', 'main', 'active', '14142135'),
  (5, 2, 9, '8947080012345678905', 'main', 'active', '17320508'),
  (6, 3, 10, '8945080012345678906', 'main', 'active', '22360679');

-- Spare SIM cards: the company's, on no subscription yet (activated from a
-- subscription's page).
INSERT INTO sim_cards (id, company_id, subscription_id, iccid, type, status, puk) VALUES
  (7, 1, NULL, '8947080012345678918', 'main', 'inactive', '57721566'),
  (8, 1, NULL, '8947080012345678926', 'main', 'inactive', '66743015'),
  (9, 3, NULL, '8945080012345678946', 'main', 'inactive', '69314718');

INSERT INTO subscription_services (id, subscription_id, product_id, monthly_price, currency, started_on) VALUES
  (1, 6, 10, 49.00, 'NOK', '2026-01-07'),
  (2, 6, 12, 19.00, 'NOK', '2026-01-07'),
  (3, 7, 11, 29.00, 'NOK', '2026-01-07');

-- Bitpro's policy for its employees (029): the extra data services at the
-- employee's cost (payroll deduction), cloud storage paid by the company,
-- and the bigger plan with the company paying up to the plan it has now.
INSERT INTO service_policies (company_id, product_id, allowed, approval, payer, company_amount, policy_text, policy_url) VALUES
  (1, 15, 1, 0, 'employee', NULL, NULL, NULL),
  (1, 16, 1, 0, 'employee', NULL, 'Ekstra data betaler du selv, som lønnstrekk.', 'https://intranett.bitpro.example.no/mobil'),
  (1, 18, 1, 0, 'company', NULL, NULL, NULL),
  (1, 3, 1, 0, 'split', 349.00, 'Bitpro betaler 349 kr i måneden; resten trekkes i lønn.', 'https://intranett.bitpro.example.no/mobil');

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
-- Reminders (011): 14 days past due and every 14 days after; the Norwegian
-- issuer charges a reminder fee of 35.00 on the next invoice, the Danish none.
UPDATE issuers SET reminder_days = 14, reminder_fee = 35.00 WHERE id = 1;

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
-- Help articles (010): categories, articles in nb, da and en tied to the
-- pages they help with, and a draft the customers do not see.
INSERT INTO help_categories (id, code, position) VALUES
  (1, 'login', 10),
  (2, 'invoices', 20),
  (3, 'orders', 30),
  (4, 'support', 40);

INSERT INTO help_category_names (category_id, lang, name) VALUES
  (1, 'nb', 'Innlogging'),
  (1, 'da', 'Log ind'),
  (1, 'en', 'Logging in'),
  (2, 'nb', 'Faktura'),
  (2, 'da', 'Faktura'),
  (2, 'en', 'Invoices'),
  (3, 'nb', 'Bestillinger og endringer'),
  (3, 'da', 'Bestillinger og ændringer'),
  (3, 'en', 'Orders and changes'),
  (4, 'nb', 'Saker og kundeservice'),
  (4, 'da', 'Sager og kundeservice'),
  (4, 'en', 'Cases and customer service');

INSERT INTO help_articles (id, slug, category_id, position, status, created_at, updated_at) VALUES
  (1, 'log-in-with-code', 1, 10, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (2, 'read-the-invoice', 2, 10, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (3, 'e-invoice-by-mail', 2, 20, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (4, 'order-more-data', 3, 10, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (5, 'send-change-request', 3, 20, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (6, 'create-support-case', 4, 10, 'published', '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
  (7, 'usage-and-quota', 3, 30, 'draft', '2026-01-05 09:00:00', '2026-01-05 09:00:00');

INSERT INTO help_article_pages (article_id, page) VALUES
  (1, 'login'),
  (1, 'companies'),
  (1, 'overview'),
  (2, 'invoices'),
  (2, 'invoice'),
  (3, 'einvoice'),
  (3, 'invoices'),
  (4, 'locations'),
  (4, 'manage'),
  (4, 'subscription'),
  (5, 'manage'),
  (5, 'locations'),
  (5, 'cases'),
  (6, 'cases'),
  (6, 'case-new'),
  (6, 'case'),
  (6, 'overview'),
  (7, 'locations');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (1, 'nb', 'Slik logger du inn med engangskode',
'Min bedrift har ikke passord. Du logger inn med en engangskode som vi sender til e-postadressen din.

1. Skriv inn e-postadressen din og velg «Send engangskode».
2. Åpne e-posten fra oss. Koden består av 8 sifre.
3. Skriv inn koden og velg «Logg inn».

Koden gjelder i 10 minutter og kan bare brukes én gang. Har du ikke fått e-posten etter et par minutter, kan du sjekke søppelposten eller be om en ny kode.

Du blir logget ut etter 30 minutter uten aktivitet, og senest etter 12 timer.', '2026-01-05 09:00:00'),
  (1, 'da', 'Sådan logger du ind med engangskode',
'Selvbetjeningen har ingen adgangskode. Du logger ind med en engangskode, som vi sender til din e-mailadresse.

1. Skriv din e-mailadresse, og vælg »Send engangskode«.
2. Åbn e-mailen fra os. Koden består af 8 cifre.
3. Skriv koden, og vælg »Log ind«.

Koden gælder i 10 minutter og kan kun bruges én gang. Har du ikke fået e-mailen efter et par minutter, så kig i spam-mappen, eller bed om en ny kode.

Du bliver logget ud efter 30 minutter uden aktivitet og senest efter 12 timer.', '2026-01-05 09:00:00'),
  (1, 'en', 'How to log in with a one-time code',
'The portal has no passwords. You log in with a one-time code that we send to your e-mail address.

1. Enter your e-mail address and choose "Send one-time code".
2. Open the e-mail from us. The code has 8 digits.
3. Enter the code and choose "Log in".

The code is valid for 10 minutes and can be used once. If the e-mail has not arrived after a couple of minutes, check your spam folder or ask for a new code.

You are logged out after 30 minutes without activity, and after 12 hours at the latest.', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (2, 'nb', 'Slik leser du fakturaen',
'Under «Faktura» ser du alle fakturaene til bedriften, år for år: fakturanummer, fakturadato, forfall, status, beløp og hva som gjenstår å betale.

Fakturaen viser hvert abonnement med periode, pris, mva og beløp. Et abonnement til 799,00 kr i måneden blir 998,75 kr med 25 % mva.

Forfallsdatoen er 15 dager etter fakturadatoen: en faktura datert 29.12.2025 forfaller 13.01.2026. Bruk KID-nummeret når du betaler.

Du kan laste ned fakturaen som PDF, spesifikasjonen til regneark (CSV) og fakturaen som EHF.', '2026-01-05 09:00:00'),
  (2, 'da', 'Sådan læser du fakturaen',
'Under »Faktura« ser du alle virksomhedens fakturaer, år for år: fakturanummer, fakturadato, forfaldsdato, status, beløb og hvad der mangler at blive betalt.

Fakturaen viser hvert abonnement med periode, pris, moms og beløb. Et abonnement til 249,00 kr. om måneden bliver 311,25 kr. med 25 % moms.

Forfaldsdatoen er 15 dage efter fakturadatoen: en faktura dateret 29.12.2025 forfalder 13.01.2026. Brug betalingsreferencen, når du betaler.

Du kan hente fakturaen som PDF, specifikationen til regneark (CSV) og fakturaen som XML.', '2026-01-05 09:00:00'),
  (2, 'en', 'How to read your invoice',
'Under "Invoices" you find all of the company''s invoices, year by year: invoice number, invoice date, due date, status, amount and what remains to be paid.

The invoice lists each subscription with its period, price, VAT and amount. A subscription at NOK 799.00 a month comes to NOK 998.75 with 25 % VAT.

The due date is 15 days after the invoice date: an invoice dated 29/12/2025 is due on 13/01/2026. Use the payment reference (KID) when you pay.

You can download the invoice as PDF, its specification for spreadsheets (CSV) and the invoice as EHF / Peppol XML.', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (3, 'nb', 'Slik får du fakturaen på e-post',
'Med eFaktura på e-post sender vi hver ny faktura som PDF til adressene du melder på, for eksempel regnskapsavdelingens.

1. Gå til «Faktura» og velg «eFaktura: få fakturaene på e-post».
2. Skriv inn e-postadressen og velg «Meld på».

Hver e-post har en lenke som melder adressen av igjen. Du kan også fjerne adressen på samme side.', '2026-01-05 09:00:00'),
  (3, 'da', 'Sådan får du fakturaen på e-mail',
'Med eFaktura på e-mail sender vi hver ny faktura som PDF til de adresser, du tilmelder, for eksempel bogholderiets.

1. Gå til »Faktura«, og vælg »eFaktura: få fakturaerne på e-mail«.
2. Skriv e-mailadressen, og vælg »Tilmeld«.

Hver e-mail har et link, som afmelder adressen igen. Du kan også fjerne adressen på samme side.', '2026-01-05 09:00:00'),
  (3, 'en', 'How to receive the invoice by e-mail',
'With e-invoice by e-mail we send every new invoice as a PDF to the addresses you sign up, for example your accounts department''s.

1. Go to "Invoices" and choose "E-invoice: receive the invoices by e-mail".
2. Enter the e-mail address and choose "Sign up".

Every e-mail has a link that signs the address off again. You can also remove the address on the same page.', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (4, 'nb', 'Slik bestiller du mer data',
'Har et mobilt bredbånd brukt opp datakvoten, kan du kjøpe en ekstra datapakke.

1. Gå til «Lokasjoner» og velg «Administrer» på lokasjonen.
2. Velg tjenesten, for eksempel «Mobilt bredbånd 100 GB (TSN-75606716)».
3. Velg «Mer data» som ønsket endring, og skriv i kommentaren hvilken pakke du vil ha.
4. Velg «Send forespørsel».

Pakkene koster 299 kr for 10 GB, 399 kr for 20 GB, 499 kr for 40 GB og 599 kr for 130 GB. Prisen kommer på neste faktura. Forespørselen finner du under «Saker».', '2026-01-05 09:00:00'),
  (4, 'da', 'Sådan bestiller du mere data',
'Har et mobilt bredbånd brugt sin datakvote, kan du købe en ekstra datapakke.

1. Gå til »Lokationer«, og vælg »Administrer« ved lokationen.
2. Vælg tjenesten, for eksempel »Mobilt bredbånd 50 GB«.
3. Vælg »Mere data« som ønsket ændring, og skriv i kommentaren, hvilken pakke du vil have.
4. Vælg »Send anmodning«.

Prisen kommer på næste faktura. Anmodningen finder du under »Sager«.', '2026-01-05 09:00:00'),
  (4, 'en', 'How to order more data',
'When a mobile broadband subscription has used up its data quota, you can buy an extra data package.

1. Go to "Locations" and choose "Manage" for the location.
2. Choose the service, for example "Mobilt bredbånd 100 GB (TSN-75606716)".
3. Choose "More data" as the change wanted, and write in the comment which package you want.
4. Choose "Send request".

The packages cost NOK 299 for 10 GB, NOK 399 for 20 GB, NOK 499 for 40 GB and NOK 599 for 130 GB. The price appears on the next invoice. You find the request under "Requests".', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (5, 'nb', 'Slik sender du en endringsforespørsel',
'Vil du endre en tjeneste på en lokasjon, sender du en forespørsel fra lokasjonen: endre abonnement, mer data, oppsigelse eller flytting.

1. Gå til «Lokasjoner» og velg «Administrer» på lokasjonen.
2. Under «Send ny sak» velger du tjenesten og den ønskede endringen: «Endre abonnement», «Mer data», «Si opp» eller «Flytting».
3. Skriv gjerne en kommentar, og velg «Send forespørsel».

Forespørselen og statusen finner du under «Siste saker for lokasjonen» og under «Saker». Trenger vi noe fra deg, får saken status «Venter på deg», og du svarer med en kommentar i saken.', '2026-01-05 09:00:00'),
  (5, 'da', 'Sådan sender du en ændringsanmodning',
'Vil du ændre en tjeneste på en lokation, sender du en anmodning fra lokationen: skift abonnement, mere data, opsigelse eller flytning.

1. Gå til »Lokationer«, og vælg »Administrer« ved lokationen.
2. Under »Send ny sag« vælger du tjenesten og den ønskede ændring.
3. Skriv gerne en kommentar, og vælg »Send anmodning«.

Anmodningen og dens status finder du på lokationen og under »Sager«. Har vi brug for noget fra dig, får sagen status »Afventer dig«, og du svarer med en kommentar i sagen.', '2026-01-05 09:00:00'),
  (5, 'en', 'How to send a change request',
'To change a service at a location, send a request from the location: change the subscription, more data, termination or a move.

1. Go to "Locations" and choose "Manage" for the location.
2. Under "Send new case", choose the service and the change wanted: "Change subscription", "More data", "Terminate" or "Move".
3. Add a comment if you like, and choose "Send request".

You find the request and its status on the location''s page and under "Requests". When we need something from you, the case gets the status "Waiting for you", and you answer with a comment on the case.', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (6, 'nb', 'Slik oppretter du en supportsak',
'Har du et spørsmål eller et problem, kan du sende oss en supportsak.

1. Gå til «Saker» og velg «Opprett supportsak».
2. Skriv et emne, velg en kategori og beskriv saken.
3. Velg «Send sak».

Du får en bekreftelse på e-post, og saken finner du under «Saker» og på oversikten. Du kan skrive kommentarer i saken til den er lukket.', '2026-01-05 09:00:00'),
  (6, 'da', 'Sådan opretter du en supportsag',
'Har du et spørgsmål eller et problem, kan du sende os en supportsag.

1. Gå til »Sager«, og vælg »Opret supportsag«.
2. Skriv et emne, vælg en kategori, og beskriv sagen.
3. Vælg »Send sag«.

Du modtager en bekræftelse på e-mail, og sagen finder du under »Sager« og på oversigten. Du kan skrive kommentarer i sagen, indtil den er lukket.', '2026-01-05 09:00:00'),
  (6, 'en', 'How to create a support case',
'If you have a question or a problem, you can send us a support case.

1. Go to "Requests" and choose "Create support case".
2. Enter a subject, choose a category and describe the case.
3. Choose "Send case".

You get a confirmation by e-mail, and you find the case under "Requests" and on the overview. You can add comments to the case until it is closed.', '2026-01-05 09:00:00');

INSERT INTO help_article_texts (article_id, lang, title, body, updated_at) VALUES
  (7, 'nb', 'Slik ser du forbruket (utkast)',
'Forbruket i inneværende periode: brukt mot kvote, for eksempel 20,48 av 100 GB.', '2026-01-05 09:00:00'),
  (7, 'da', 'Sådan ser du forbruget (kladde)',
'Forbruget i den aktuelle periode: brugt mod kvote, for eksempel 20,48 af 100 GB.', '2026-01-05 09:00:00'),
  (7, 'en', 'How to see the usage (draft)',
'The usage of the current period against the quota, for example 20.48 of 100 GB.', '2026-01-05 09:00:00');

-- Customer care (012): the change request is Kari Kundeservice's, who
-- answered it; her internal note is for the staff alone.
UPDATE cases SET assignee_id = 2 WHERE id = 1;
UPDATE case_comments SET staff_id = 2 WHERE case_id = 1 AND author = 'operator';
INSERT INTO case_comments (case_id, author, staff_id, internal, body, created_at) VALUES
  (1, 'operator', 2, 1, 'Kunden har spurt om 200 GB før. Sjekk prisen før vi svarer.', '2026-01-09 08:05:00');
