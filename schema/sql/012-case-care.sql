-- selfcare: customer care works the cases (the back office's role "care").
--
-- A case is assigned to a member of the staff (or to nobody: the queue's
-- "nobody" filter). The thread takes the operator's replies, which the
-- customer sees, and internal notes, which no customer page ever reads
-- (internal = 1; the portal's statements select internal = 0 only). Who on
-- the operator's side wrote, moved or changed something is a staff id next
-- to the user id the customer's own actions keep.

ALTER TABLE cases
  ADD COLUMN assignee_id BIGINT UNSIGNED NULL AFTER created_by,
  ADD KEY cases_queue (status, created_at),
  ADD KEY cases_assignee (assignee_id, status),
  ADD CONSTRAINT cases_assignee FOREIGN KEY (assignee_id) REFERENCES staff (id) ON DELETE SET NULL;

ALTER TABLE case_comments
  ADD COLUMN staff_id BIGINT UNSIGNED NULL AFTER user_id,
  ADD COLUMN internal TINYINT(1) NOT NULL DEFAULT 0 AFTER staff_id,
  ADD CONSTRAINT case_comments_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE SET NULL;

ALTER TABLE case_status_history
  ADD COLUMN staff_id BIGINT UNSIGNED NULL AFTER user_id,
  ADD CONSTRAINT case_status_history_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE SET NULL;

-- A plan change or termination carried out by the operator from a change request.
ALTER TABLE subscription_history
  ADD COLUMN staff_id BIGINT UNSIGNED NULL AFTER user_id,
  ADD CONSTRAINT subscription_history_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE SET NULL;
