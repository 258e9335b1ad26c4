-- selfcare: a company the operator has deactivated (the back office's
-- customers module). Nothing of it is deleted: its members keep their
-- memberships but cannot open its pages (the portal answers 403 with a
-- page that says the company is closed) until it is reactivated.
ALTER TABLE companies
  ADD COLUMN status ENUM('active','closed') NOT NULL DEFAULT 'active' AFTER time_zone,
  ADD COLUMN closed_at DATETIME NULL AFTER status;
