/**
 * The audit log on PostgreSQL: rows written inside the transaction of the change they record
 * (as on SQLite, see db/admin-audit.ts), and a campaign's trail read back oldest first.
 */
import type pg from 'pg';
import type { AuditEntry, AuditRecord, AuditRow } from '../sqlite/admin-audit.ts';
import { auditEntry } from '../sqlite/admin-audit.ts';

/** Adds an audit row on the caller's transaction. */
export function recordAudit(client: pg.ClientBase, entry: AuditRecord, now = Date.now()) {
  return client.query({
    name: 'audit-insert',
    text: `INSERT INTO audit_log (campaign_id, action, actor, key_id, old_value, new_value, reason,
             signature_id, flag, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    values: [
      entry.campaignId,
      entry.action,
      entry.actor.kind,
      entry.actor.kind === 'key' ? entry.actor.keyId : null,
      entry.oldValue ?? null,
      entry.newValue ?? null,
      entry.reason ?? null,
      entry.signatureId ?? null,
      entry.flag ?? null,
      now,
    ],
  });
}

/** A campaign's audit trail, oldest first. */
export async function auditTrail(pool: pg.Pool, campaignId: number): Promise<AuditEntry[]> {
  const { rows } = await pool.query<AuditRow>({
    name: 'audit-list',
    text: 'SELECT * FROM audit_log WHERE campaign_id = $1 ORDER BY id',
    values: [campaignId],
  });
  return rows.map(auditEntry);
}
