-- Nothing to do: SQLite's default collation (BINARY) already compares supporter ids as their UTF-8
-- bytes. PostgreSQL's V5 gives its ids that order; the two folders keep the same versions.
SELECT 1;
