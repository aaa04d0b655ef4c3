/**
 * Email confirmation (PostgreSQL's migration 007 makes the same): a campaign may ask supporters to
 * confirm their address (`verification`), and names who its mails come from (`sender_name`).
 *
 * A signature of such a campaign is stored `pending` until its link is followed: a row counts
 * when it is neither flagged nor pending, so every row that counted before this migration still
 * does, and campaigns made before it keep `verification = 'none'`. `confirmed_at` is the consent
 * receipt's confirmation time; `reminded_at` marks the one reminder sent.
 *
 * A token is kept as the SHA-256 of its random part (server/mail/confirmation-token.ts), never as
 * the link. The mail outbox holds what the mail worker sends, written in the transaction of the
 * change that calls for it; a sent mail keeps neither its recipient nor its payload. The audit
 * log is rebuilt (SQLite cannot change a CHECK in place) so the server itself can be its actor:
 * it deletes unconfirmed signatures after the retention and records how many.
 */
export default /* sql */ `
ALTER TABLE campaigns ADD COLUMN verification TEXT NOT NULL DEFAULT 'none' CHECK (verification IN ('none', 'email'));
ALTER TABLE campaigns ADD COLUMN sender_name TEXT;

ALTER TABLE signatures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));
ALTER TABLE signatures ADD COLUMN confirmed_at INTEGER;
ALTER TABLE signatures ADD COLUMN reminded_at INTEGER;
-- The sweep (reminders, retention) finds pending rows by age; counted rows are not in the index.
CREATE INDEX signatures_pending ON signatures (created_at) WHERE pending = 1;
-- Confirmations since a time: the statistics move a tallied pending row into the count.
CREATE INDEX signatures_confirmed ON signatures (campaign_id, confirmed_at) WHERE confirmed_at IS NOT NULL;

CREATE TABLE confirmation_tokens (
  hash TEXT PRIMARY KEY,
  signature_id INTEGER NOT NULL REFERENCES signatures (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX confirmation_tokens_signature ON confirmation_tokens (signature_id);

CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  -- The address and the payload (a link, a name): NULL once sent, bounced or given up.
  recipient TEXT,
  recipient_hash TEXT NOT NULL,
  campaign_id INTEGER,
  signature_id INTEGER,
  payload TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'bounced', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  first_failed_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  lease_owner TEXT,
  lease_until INTEGER
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (next_at) WHERE state = 'pending';
-- The rate limit (mails an address got today) and bounces go by address.
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient_hash, created_at);
CREATE INDEX mail_outbox_signature ON mail_outbox (signature_id) WHERE signature_id IS NOT NULL;
CREATE INDEX mail_outbox_campaign ON mail_outbox (campaign_id, state);

CREATE TABLE audit_log_new (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40),
  actor TEXT NOT NULL CHECK (actor IN ('key', 'token', 'cli', 'server')),
  key_id INTEGER REFERENCES admin_keys (id),
  old_value INTEGER,
  new_value INTEGER,
  reason TEXT,
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
