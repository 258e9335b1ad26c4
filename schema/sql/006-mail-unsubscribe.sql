-- selfcare: the unsubscribe link of an e-invoice mail travels with its
-- outbox row, so the delivered message carries it as List-Unsubscribe
-- (RFC 2369, with RFC 8058's one-click POST). NULL for every other mail.
ALTER TABLE mail_outbox
  ADD COLUMN unsubscribe_url VARCHAR(400) NULL;
