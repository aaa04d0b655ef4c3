/**
 * Flag review: admins release flagged signatures into the count or flag counted ones by hand, and
 * each decision is audited with the signature it concerns and the flag reason it set or lifted.
 * SQLite cannot widen a CHECK in place, so audit_log is rebuilt (it is small: one row per admin
 * act) with the two new actions and two columns; ids are kept.
 */
export default /* sql */ `
CREATE TABLE audit_log_next (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  action TEXT NOT NULL CHECK (action IN ('create', 'offset', 'erasure', 'flag', 'unflag')),
  actor TEXT NOT NULL CHECK (actor IN ('key', 'token', 'cli')),
  key_id INTEGER REFERENCES admin_keys (id),
  old_value INTEGER,
  new_value INTEGER,
  reason TEXT,
  -- flag and unflag: the row decided on (no foreign key: an erasure may delete it later).
  signature_id INTEGER,
  -- flag: the reason code set ('manual'); unflag: the one lifted ('rate_burst', ...).
  flag TEXT,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO audit_log_next (id, campaign_id, action, actor, key_id, old_value, new_value, reason, created_at)
  SELECT id, campaign_id, action, actor, key_id, old_value, new_value, reason, created_at FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_next RENAME TO audit_log;
CREATE INDEX audit_log_campaign ON audit_log (campaign_id, id);
`;
