-- Supporter ids compare as bytes (the "C" collation), not in the database's language order, which
-- a supporter id (an opaque key, or an email) has no use for. The primary key's index then compares
-- with memcmp instead of the locale's rules, for each row a sync inserts or looks up, and orders
-- ids as SQLite does (UTF-8 bytes): a page of ids never stored, the first copy's every page, is
-- then known as such with one seek for its lowest to highest id instead of a lookup of each.
-- Equality is unchanged (the database's collation is deterministic: equal means the same bytes).
ALTER TABLE supporter ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE supporter_address ALTER COLUMN supporter_id TYPE TEXT COLLATE "C";
ALTER TABLE supporter_phone ALTER COLUMN supporter_id TYPE TEXT COLLATE "C";
