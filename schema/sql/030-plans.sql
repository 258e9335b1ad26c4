-- selfcare: the overview's counts of a company's open and overdue invoices
-- read only the open ones, from the index alone, however long its invoice
-- history: with (company_id, invoice_date) they read every invoice of the
-- company and its row (20 at ten times the bench data, 2 now).

ALTER TABLE invoices ADD KEY invoices_company_open (company_id, status, due_date);
