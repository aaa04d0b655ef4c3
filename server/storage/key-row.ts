/**
 * Admin API keys, the same on both engines: random, shown once, stored only as a SHA-256,
 * revocable; a row of admin_keys and what may be listed of it, the actor it stands for.
 *
 * A key carries 256 random bits, so a plain SHA-256 is as strong as a keyed or slow hash here and
 * does not tie the keys to PETITION_SECRET (the CLI can check and make keys without it). The
 * lookup goes by hash through the unique index; the final comparison is constant-time anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../secrets/crypto.ts';
import type { Actor, AdminKeyInfo, PartnerScope } from './actor.ts';

/** A row of admin_keys, as both engines return it. */
export interface KeyRow {
  id: number;
  label: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  campaign_id: number | null;
  partner: string | null;
}

export const KEY_PREFIX = 'pk_';
/** Recording every use would be a write per admin request; a minute's precision is enough. */
export const LAST_USED_PRECISION_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const scopeOf = (row: KeyRow): PartnerScope | null =>
  row.campaign_id !== null && row.partner !== null
    ? { campaignId: row.campaign_id, partner: row.partner }
    : null;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** What may be listed of a key row. */
export function keyInfo(row: KeyRow): AdminKeyInfo {
  return {
    id: row.id,
    label: row.label,
    createdAt: iso(row.created_at)!,
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    scope: scopeOf(row),
  };
}

/** Is this row the unrevoked key with this hash (compared in constant time)? */
export function isLive(row: KeyRow | undefined, hash: string): row is KeyRow {
  return !!row && safeEqual(row.key_hash, hash) && row.revoked_at === null;
}

/** The actor a live key row stands for. */
export function actorOf(row: KeyRow): Actor {
  const scope = scopeOf(row);
  return scope ? { kind: 'key', keyId: row.id, scope } : { kind: 'key', keyId: row.id };
}

/** A new key: the prefix and 256 random bits. */
export function newKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}
