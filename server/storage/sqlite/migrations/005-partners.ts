/**
 * Partners as co-sponsors: a campaign's partners with their own opt-in text, each signature's
 * partner consent receipt, keys scoped to one partner of one campaign, and audit actions for
 * partner changes.
 *
 * The receipt's columns are NULL when no known partner's opt-in was offered (attribution only);
 * its time is the signature's `created_at`. The audit table is rebuilt because SQLite cannot
 * change a CHECK in place; nothing references it, so a copy and a rename keep every row. Its
 * action is no longer held to a list here: AUDIT_ACTIONS in audit-record.ts is the list, and a
 * new action should not cost a table rebuild each time.
 */
export default /* sql */ `
CREATE TABLE partners (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  privacy_url TEXT NOT NULL,
  -- {lang: text}: the opt-in sentence in each language the partner wrote it in.
  opt_in_text TEXT NOT NULL CHECK (json_valid(opt_in_text)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, slug)
) STRICT;

ALTER TABLE signatures ADD COLUMN partner_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (partner_opt_in IN (0, 1));
ALTER TABLE signatures ADD COLUMN partner_consent_hash TEXT;
ALTER TABLE signatures ADD COLUMN partner_consent_lang TEXT;

-- A key with both set sees one partner of one campaign, read-only; both NULL: a full admin key.
ALTER TABLE admin_keys ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
ALTER TABLE admin_keys ADD COLUMN partner TEXT;

CREATE TABLE audit_log_new (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
  actor TEXT NOT NULL CHECK (actor IN ('key', 'token', 'cli')),
  key_id INTEGER REFERENCES admin_keys (id),
  old_value INTEGER,
  new_value INTEGER,
  reason TEXT,
  -- As migration 004 made them: flag and unflag's signature and flag reason.
  signature_id INTEGER,
  flag TEXT,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO audit_log_new (id, campaign_id, action, actor, key_id, old_value, new_value, reason,
    signature_id, flag, created_at)
  SELECT id, campaign_id, action, actor, key_id, old_value, new_value, reason, signature_id, flag,
    created_at FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_campaign ON audit_log (campaign_id, id);
`;
