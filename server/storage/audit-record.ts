/**
 * The audit log's vocabulary, the same on both engines: who created a campaign, who changed its
 * offset (old, new, why), who erased a signature, who released a flagged signature into the count,
 * flagged one by hand or kept one flagged after review (which, the flag set, lifted or kept, why).
 * Each engine writes a row inside the transaction of the change it records (sqlite/audit.ts,
 * postgres/audit.ts), with the columns and values here. No row holds personal data: an erasure
 * row says when and by whom, not whose.
 */
import type { Actor } from './actor.ts';

/** What the audit log records (the table takes any short action name: this is the list). */
export const AUDIT_ACTIONS = [
  'create',
  'offset',
  'erasure',
  'flag',
  'unflag',
  'keep',
  'partner_create',
  'partner_update',
  'partner_delete',
  /** Unconfirmed signatures deleted after the retention (new_value: how many). */
  'unconfirmed_deleted',
  /** Signers' personal data erased after the campaign's retention (new_value: how many rows). */
  'retention_erasure',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit entry as the API shows it. */
export interface AuditEntry {
  id: number;
  action: AuditAction;
  actor: Actor['kind'];
  keyId: number | null;
  oldValue: number | null;
  newValue: number | null;
  reason: string | null;
  signatureId: number | null;
  flag: string | null;
  at: string;
}

/** A row of audit_log, as both engines return it. */
export interface AuditRow {
  id: number;
  action: AuditAction;
  actor: Actor['kind'];
  key_id: number | null;
  old_value: number | null;
  new_value: number | null;
  reason: string | null;
  signature_id: number | null;
  flag: string | null;
  created_at: number;
}

/** What one audit row records. */
export interface AuditRecord {
  campaignId: number;
  action: AuditAction;
  actor: Actor;
  oldValue?: number | null;
  newValue?: number | null;
  reason?: string | null;
  signatureId?: number;
  flag?: string | null;
}

/** An audit row as the API shows it. */
export function auditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    action: row.action,
    actor: row.actor,
    keyId: row.key_id,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    signatureId: row.signature_id,
    flag: row.flag,
    at: new Date(row.created_at).toISOString(),
  };
}

/** The columns an audit row is written with, in the order of `auditValues`. */
export const AUDIT_COLUMNS =
  'campaign_id, action, actor, key_id, old_value, new_value, reason, signature_id, flag, created_at';

/** An audit row's values, in the order of AUDIT_COLUMNS. */
export function auditValues(entry: AuditRecord, now: number): unknown[] {
  return [
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
  ];
}
