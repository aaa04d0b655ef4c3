/**
 * Admin: hashed API keys, the audit log, and the indexes the admin filters and stats need.
 *
 * Each index here costs every signing INSERT, so only the ones a filter cannot do without are
 * added: opt-in is not indexed (a third or so of rows opt in: a page of them scans a few pages).
 */
export default /* sql */ `
CREATE TABLE admin_keys (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  -- SHA-256 of the key, base64url: the key itself is shown once and never stored.
  key_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER
) STRICT;

-- Who changed what: offsets (old, new, reason) and erasures (no personal data, ever).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  action TEXT NOT NULL CHECK (action IN ('create', 'offset', 'erasure')),
  -- 'key' (admin_keys.id in key_id), 'token' (PETITION_ADMIN_TOKEN) or 'cli'.
  actor TEXT NOT NULL CHECK (actor IN ('key', 'token', 'cli')),
  key_id INTEGER REFERENCES admin_keys (id),
  old_value INTEGER,
  new_value INTEGER,
  reason TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_campaign ON audit_log (campaign_id, id);

-- No index on created_at: time filters binary-search the id index instead (see
-- admin-signatures.ts), which spares every signing INSERT one more b-tree.
-- The partner filter and the per-partner stats.
CREATE INDEX signatures_partner ON signatures (campaign_id, partner, id);
-- Flagged rows are few: partial indexes find them without scanning the counted ones, by id (the
-- flagged filter) and by person (erasure and look-up by email; signatures_person holds the rest).
CREATE INDEX signatures_flagged ON signatures (campaign_id, id) WHERE flagged IS NOT NULL;
CREATE INDEX signatures_flagged_person ON signatures (campaign_id, email_hash) WHERE flagged IS NOT NULL;
`;
