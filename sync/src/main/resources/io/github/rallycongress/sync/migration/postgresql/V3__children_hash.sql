-- A supporter whose own fields changed (a name, an opt-in) but not its addresses or phones keeps
-- their rows: children_hash covers them alone, and they are rewritten only when it differs. An
-- incremental sync of 10,000 changed supporters among 1,000,000 spent most of its time deleting
-- and inserting unchanged address and phone rows scattered across the tables.
-- NULL (rows written before this migration): the next change rewrites the children once.
ALTER TABLE supporter ADD COLUMN children_hash TEXT;
