-- The account whose supporters a run read. A database keeps one account in step: a run of another
-- account (a sandbox's fake supporters first, the real account next, in the same default file)
-- would start from the first account's watermark and mark the other's supporters as its own.
-- The sync refuses such a run. NULL (runs written before this migration): the account is unknown.
ALTER TABLE sync_run ADD COLUMN account_id TEXT;
