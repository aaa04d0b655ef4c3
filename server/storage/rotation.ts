/**
 * What a rotation of the server secret changes and how, the same on both engines
 * (sqlite/secret-rotation.ts, postgres/secret-rotation.ts): the email hash under the new secret,
 * and the audit row of a person found counted twice.
 */
import { emailHash } from '../secrets/email-hash.ts';
import type { AuditRecord } from './audit-record.ts';

/** What a rotation changed in the hashes. */
export interface Rehashed {
  signatures: number;
  idempotencyRecords: number;
  droppedRecords: number;
  ipHashesCleared: number;
  duplicates: number;
}

/** What a rotation changed: the hashes, and the hook secrets. */
export interface Rotation extends Rehashed {
  /** Hook secrets sealed again under the new secret. */
  webhookSecrets: number;
  /** Of those, the ones that did not open and got a new random secret (--reset-webhook-secrets). */
  webhookSecretsReset: number;
}

/** What rotate-secret does with hook secrets: the old secrets that may open them, and whether to
 * replace those none opens (webhooks/webhook-secrets.ts openAll). */
export interface HookSecretsRotation {
  previous: Buffer[];
  reset: boolean;
}

/** The email hash under `secret`, as signing computes it. */
export function emailHashUnder(secret: Buffer) {
  return (email: string) => emailHash(secret, email);
}

/**
 * The audit row of a later signature found to be a person already counted, by a rotation or by
 * the rehash on opening (email-rehash.ts). (The audit log knows three actors; a rehash is the
 * operator's doing, by the CLI or by starting the server, and the reason says which.)
 */
export function duplicateAudit(
  campaignId: number,
  signatureId: number,
  reason = 'rotate-secret: the same email was already counted',
): AuditRecord {
  return {
    campaignId,
    action: 'flag',
    actor: { kind: 'cli' },
    signatureId,
    flag: 'duplicate',
    reason,
  };
}
