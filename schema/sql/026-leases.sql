-- selfcare: leases. What must run on one host at a time (the outbox's
-- delivery, the queued billing runs) is done only by the process that holds
-- the lease of that name: taken when it is free or has run out, renewed as
-- the work goes on, given back at the end (fcgi/core/lease.c). A process
-- that died gives it up when it runs out. The times are the database's.

CREATE TABLE leases (
  name        VARCHAR(32) NOT NULL PRIMARY KEY,
  -- host, process and a random part; NULL: free
  holder      VARCHAR(128) NULL,
  expires_at  DATETIME(6) NOT NULL DEFAULT '2000-01-01 00:00:00',
  taken_at    DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO leases (name) VALUES ('mail'), ('billing');
