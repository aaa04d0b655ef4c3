/**
 * Webhooks and their outbox. A delivery row is written in the same transaction as the change it
 * reports (a signature, an erasure, a campaign update), so a crash between the commit and the
 * send loses nothing: the worker finds the row pending after a restart and sends it (at least
 * once; the event id lets a receiver drop a repeat).
 *
 * A delivered row keeps no body: the receiver has it, and a copy of personal data here would only
 * outlive an erasure. Attempts are kept for the admin to read (status, time, error).
 */
export default /* sql */ `
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL CHECK (json_valid(events)),
  -- The HMAC key: shown once, kept (the server must sign with it).
  secret TEXT NOT NULL,
  -- A partner key's hook: only what that partner of that campaign may see. Both NULL: host-wide.
  campaign_id INTEGER REFERENCES campaigns (id),
  partner TEXT,
  key_id INTEGER REFERENCES admin_keys (id),
  created_at INTEGER NOT NULL,
  disabled_at INTEGER,
  disabled_reason TEXT
) STRICT;

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event TEXT NOT NULL,
  -- signature.created and signature.erased: the signature, so an erasure finds what was sent.
  signature_id INTEGER,
  body TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'erased')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  first_failed_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
) STRICT;
-- Each hook's queue, in order: the worker sends only the oldest pending delivery of a hook.
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_signature ON webhook_deliveries (signature_id) WHERE signature_id IS NOT NULL;

CREATE TABLE webhook_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  status INTEGER,
  error TEXT,
  ms INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
`;
