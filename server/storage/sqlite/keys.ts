/**
 * Admin API keys: random, shown once, stored only as a SHA-256, revocable.
 *
 * A key carries 256 random bits, so a plain SHA-256 is as strong as a keyed or slow hash here and
 * does not tie the keys to PETITION_SECRET (the CLI can check and make keys without it). The
 * lookup goes by hash through the unique index; the final comparison is constant-time anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../../secrets/crypto.ts';
import type { Actor, AdminKeyInfo, PartnerScope } from '../actor.ts';
import type { Db } from './open.ts';

export type { Actor, AdminKeyInfo, PartnerScope } from '../actor.ts';

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

/** The admin keys table. */
export class AdminKeyStore {
  readonly #statements;

  constructor(db: Db) {
    this.#statements = {
      insert: db.prepare(
        'INSERT INTO admin_keys (label, key_hash, created_at, campaign_id, partner) VALUES (?, ?, ?, ?, ?)',
      ),
      list: db.prepare<[], KeyRow>('SELECT * FROM admin_keys ORDER BY id'),
      byHash: db.prepare<[string], KeyRow>('SELECT * FROM admin_keys WHERE key_hash = ?'),
      revoke: db.prepare(
        'UPDATE admin_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      exists: db.prepare<[number], { id: number }>('SELECT id FROM admin_keys WHERE id = ?'),
      touch: db.prepare(
        'UPDATE admin_keys SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, 0) < ?',
      ),
    };
  }

  /**
   * Makes a key (a partner key when `scope` is given); the only time the key itself exists is in
   * this return value.
   */
  create(
    label: string,
    scope: PartnerScope | null = null,
    now = Date.now(),
  ): { id: number; key: string } {
    const key = newKey();
    const { lastInsertRowid } = this.#statements.insert.run(
      label,
      hashKey(key),
      now,
      scope?.campaignId ?? null,
      scope?.partner ?? null,
    );
    return { id: Number(lastInsertRowid), key };
  }

  /** Every key, oldest first, without secrets. */
  list(): AdminKeyInfo[] {
    return this.#statements.list.all().map(keyInfo);
  }

  /** Revokes a key: 'revoked', 'already' (was revoked before) or 'unknown'. */
  revoke(id: number, now = Date.now()): 'revoked' | 'already' | 'unknown' {
    if (this.#statements.revoke.run(now, id).changes === 1) return 'revoked';
    return this.#statements.exists.get(id) ? 'already' : 'unknown';
  }

  /**
   * The actor a bearer key stands for, or null. `adminToken` is PETITION_ADMIN_TOKEN when set.
   */
  verify(key: string, adminToken: string | undefined, now = Date.now()): Actor | null {
    if (adminToken !== undefined && safeEqual(key, adminToken)) return { kind: 'token' };
    if (!key.startsWith(KEY_PREFIX)) return null;
    const hash = hashKey(key);
    const row = this.#statements.byHash.get(hash);
    if (!isLive(row, hash)) return null;
    this.#statements.touch.run(now, row.id, now - LAST_USED_PRECISION_MS);
    return actorOf(row);
  }
}
