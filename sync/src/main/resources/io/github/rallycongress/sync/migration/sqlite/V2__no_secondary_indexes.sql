-- The first full copy of a large account inserts supporters in id order; an index on email (or on
-- a custom id from another system) is in random order, so each page of a thousand supporters
-- rewrote about a thousand index pages: the first copy of a million took several times longer.
-- Looking supporters up by email or customId is the application's choice: it adds the index it needs.
DROP INDEX supporter_email;
DROP INDEX supporter_custom_id;
-- Only a full run's reconciliation reads last_seen_run, once, at its end: a scan is enough.
DROP INDEX supporter_last_seen_run;
