/**
 * The audit log on SQLite: rows written inside the transaction of the change they record (see
 * audit-record.ts for what a row holds), and a campaign's trail read back oldest first.
 */
import type { AuditEntry, AuditRecord, AuditRow } from '../audit-record.ts';
import { AUDIT_COLUMNS, auditEntry, auditValues } from '../audit-record.ts';
import type { Db } from './open.ts';

/** The audit_log table. */
export class AuditLog {
  readonly #insert;
  readonly #list;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#list = db.prepare<[number], AuditRow>(
      'SELECT * FROM audit_log WHERE campaign_id = ? ORDER BY id',
    );
  }

  /** Adds a row; call it inside the transaction of the change it records. */
  record(entry: AuditRecord, now = Date.now()): void {
    this.#insert.run(...auditValues(entry, now));
  }

  /** A campaign's audit trail, oldest first. */
  list(campaignId: number): AuditEntry[] {
    return this.#list.all(campaignId).map(auditEntry);
  }
}
