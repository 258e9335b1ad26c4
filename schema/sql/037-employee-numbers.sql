-- selfcare: an employee number is one employee's in the company, as the
-- payroll system knows them (set by a full administrator on the users
-- page); none (NULL) for as many members as have none.
ALTER TABLE memberships
  ADD UNIQUE KEY memberships_employee_number (company_id, employee_number);
