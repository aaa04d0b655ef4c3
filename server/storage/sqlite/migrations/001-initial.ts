/** The first schema: campaigns, signatures with their consent receipts, idempotency records. */
export default /* sql */ `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  target TEXT NOT NULL,
  default_lang TEXT NOT NULL,
  texts TEXT NOT NULL CHECK (json_valid(texts)),
  fields TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fields)),
  allowed_origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowed_origins)),
  counter_offset INTEGER NOT NULL DEFAULT 0,
  goal INTEGER,
  -- Kept in step with the unflagged rows in the same transaction: the counter is O(1).
  signature_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE signatures (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  email_hash TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  city TEXT NOT NULL,
  postal_code TEXT,
  country TEXT,
  opt_in INTEGER NOT NULL CHECK (opt_in IN (0, 1)),
  lang TEXT NOT NULL,
  consent_hash TEXT NOT NULL,
  partner TEXT,
  origin TEXT,
  referrer TEXT,
  utm TEXT,
  ip_hash TEXT,
  flagged TEXT,
  created_at INTEGER NOT NULL
) STRICT;

-- One person, one counted signature per campaign; flagged (suspect) rows do not take the place.
CREATE UNIQUE INDEX signatures_person ON signatures (campaign_id, email_hash) WHERE flagged IS NULL;
CREATE INDEX signatures_campaign ON signatures (campaign_id, id);

CREATE TABLE idempotency_keys (
  campaign_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
`;
