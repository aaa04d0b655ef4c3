/**
 * What a rotation of the server secret changes and how, the same on both engines
 * (sqlite/secret-rotation.ts, postgres/secret-rotation.ts): the email hash under the new secret,
 * and the audit row of a person found counted twice.
 */
import { keyedHash } from '../secrets/crypto.ts';
import type { AuditRecord } from './audit-record.ts';

/** What a rotation changed. */
export interface Rotation {
  signatures: number;
  idempotencyRecords: number;
  droppedRecords: number;
  ipHashesCleared: number;
  duplicates: number;
}

/** The email hash under `secret`, as signing computes it. */
export function emailHashUnder(secret: Buffer) {
  return (email: string) => keyedHash(secret, 'email', email.toLowerCase());
}

/** The audit row of a later signature found to be a person already counted. */
export function duplicateAudit(campaignId: number, signatureId: number): AuditRecord {
  return {
    campaignId,
    action: 'flag',
    actor: { kind: 'cli' },
    signatureId,
    flag: 'duplicate',
    reason: 'rotate-secret: the same email was already counted',
  };
}
