-- selfcare: bars set and cleared by a bulk change, and why a subscription
-- was terminated.

-- A bulk job of kind 'bars' sets the flags of bar_set and clears those of
-- bar_clear (bits as subscriptions/bar.h numbers them: 1 data, 2 calls
-- abroad, 4 premium numbers); a flag in neither is left as it is. The kind
-- list is extended as it stands, as 021 extends the history's actions.
ALTER TABLE bulk_jobs
  ADD COLUMN bar_set TINYINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN bar_clear TINYINT UNSIGNED NOT NULL DEFAULT 0,
  ADD CONSTRAINT bulk_jobs_bars CHECK ((bar_set & bar_clear) = 0);
SET @kind = (SELECT COLUMN_TYPE FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'bulk_jobs'
  AND COLUMN_NAME = 'kind');
SET @alter = CONCAT('ALTER TABLE bulk_jobs MODIFY kind ',
  LEFT(@kind, LENGTH(@kind) - 1), ',''bars'') NOT NULL');
PREPARE extend_kind FROM @alter;
EXECUTE extend_kind;
DEALLOCATE PREPARE extend_kind;

-- The reason given with a termination (a code of subscriptions/ending.h:
-- moving, not-needed, employee-left, cost, other, or customer-request for
-- one carried out by customer care) and the words that came with it
-- (required for 'other'). NULL on terminations made before this.
ALTER TABLE subscriptions
  ADD COLUMN end_reason VARCHAR(32) NULL,
  ADD COLUMN end_note VARCHAR(200) NULL;
