-- The account's supporters as the API sent them, their addresses and phones, and the runs of the
-- sync that wrote them. Instants are timestamptz and days date; unknown properties are json, which
-- PostgreSQL keeps as sent, byte for byte (jsonb would reorder and deduplicate keys).

CREATE TABLE supporter (
  id                 TEXT    NOT NULL PRIMARY KEY,
  first_name         TEXT,
  last_name          TEXT,
  middle_name        TEXT,
  suffix             TEXT,
  prefix             TEXT,
  email              TEXT,
  email_optin        TEXT,    -- the value as sent, known or not
  email_status       TEXT,    -- the value as sent, known or not
  custom_id          TEXT,
  join_date          DATE,
  updated_at         TIMESTAMPTZ, -- the server's updatedAt
  unknown_properties JSON,    -- a JSON object of the properties the spec does not name, as sent; NULL if none
  content_hash       TEXT    NOT NULL, -- of every column above: an unchanged supporter is never rewritten
  last_seen_run      BIGINT  NOT NULL, -- the last sync_run that listed it
  unlisted_since     TIMESTAMPTZ       -- server time of the full sync that stopped listing it; NULL while listed
);
CREATE INDEX supporter_email ON supporter (email);
CREATE INDEX supporter_custom_id ON supporter (custom_id);
CREATE INDEX supporter_last_seen_run ON supporter (last_seen_run);

CREATE TABLE supporter_address (
  supporter_id       TEXT    NOT NULL REFERENCES supporter (id),
  position           INTEGER NOT NULL, -- 0-based, in the order sent
  address_type       TEXT,
  street1            TEXT,
  street2            TEXT,
  street3            TEXT,
  city               TEXT,
  state              TEXT,
  zipcode            TEXT,
  zipplus            TEXT,
  congress_district  TEXT,
  unknown_properties JSON,
  PRIMARY KEY (supporter_id, position)
);

CREATE TABLE supporter_phone (
  supporter_id       TEXT    NOT NULL REFERENCES supporter (id),
  position           INTEGER NOT NULL,
  telephone          TEXT,
  address_type       TEXT,
  unknown_properties JSON,
  PRIMARY KEY (supporter_id, position)
);

CREATE TABLE sync_run (
  id                  BIGINT  NOT NULL PRIMARY KEY,
  mode                TEXT    NOT NULL, -- full, incremental or since
  updated_since       TIMESTAMPTZ,      -- the updatedSince filter asked; NULL for a full run
  advances_watermark  BOOLEAN NOT NULL, -- whether its completion moves the next run's updatedSince
  server_started_at   TIMESTAMPTZ NOT NULL, -- the Date header of its first page
  status              TEXT    NOT NULL, -- running, complete or abandoned
  next_page           TEXT,             -- the page URI to read next (the checkpoint); NULL once complete
  expected            BIGINT,           -- totalResults of its first page
  pages               BIGINT  NOT NULL,
  inserted            BIGINT  NOT NULL,
  updated             BIGINT  NOT NULL,
  unchanged           BIGINT  NOT NULL,
  stale               BIGINT  NOT NULL,
  unlisted            BIGINT  NOT NULL
);
