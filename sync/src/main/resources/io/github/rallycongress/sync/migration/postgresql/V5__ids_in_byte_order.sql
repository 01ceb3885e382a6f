-- Supporter ids compare as bytes (the "C" collation), not in the database's language order, which
-- a supporter id (an opaque key, or an email) has no use for. The primary key's index then compares
-- with memcmp instead of the locale's rules, for each row a sync inserts or looks up, and orders
-- ids as SQLite does (UTF-8 bytes): a page of ids never stored, the first copy's every page, is
-- then known as such with one seek for its lowest to highest id instead of a lookup of each.
-- Equality is unchanged (the database's collation is deterministic: equal means the same bytes).
-- A column that an application's view, rule, policy, trigger condition or generated column uses
-- cannot be altered (feature_not_supported, "cannot alter type of a column used by a view or
-- rule"): it keeps its collation, with a warning, and the sync looks each page's ids up, as it did
-- before this migration. Failing here would stop every run until the application dropped its view.
DO $$
DECLARE
  target text[];
BEGIN
  FOREACH target SLICE 1 IN ARRAY ARRAY[['supporter', 'id'], ['supporter_address', 'supporter_id'],
      ['supporter_phone', 'supporter_id']] LOOP
    BEGIN
      EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE TEXT COLLATE "C"', target[1], target[2]);
    EXCEPTION WHEN feature_not_supported THEN
      RAISE WARNING '%.% keeps its collation (%): the sync looks each page''s ids up. To compare them as bytes, drop what uses the column, run ALTER TABLE % ALTER COLUMN % TYPE TEXT COLLATE "C" and create it again.',
          target[1], target[2], SQLERRM, target[1], target[2];
    END;
  END LOOP;
END $$;
