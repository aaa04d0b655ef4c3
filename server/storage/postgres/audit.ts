/**
 * The audit log on PostgreSQL: rows written inside the transaction of the change they record
 * (see audit-record.ts for what a row holds), and a campaign's trail read back oldest first.
 */
import type pg from 'pg';
import type { AuditEntry, AuditRecord, AuditRow } from '../audit-record.ts';
import { AUDIT_COLUMNS, auditEntry, auditValues } from '../audit-record.ts';

/** Adds an audit row on the caller's transaction. */
export function recordAudit(client: pg.ClientBase, entry: AuditRecord, now = Date.now()) {
  return client.query({
    name: 'audit-insert',
    text: `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    values: auditValues(entry, now),
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
