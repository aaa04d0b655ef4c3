/**
 * The admin keys table on SQLite (what a key is and how it is checked: ../key-row.ts).
 */
import { safeEqual } from '../../secrets/crypto.ts';
import type { Actor, AdminKeyInfo, PartnerScope } from '../actor.ts';
import type { KeyRow } from '../key-row.ts';
import {
  actorOf,
  hashKey,
  isLive,
  KEY_PREFIX,
  keyInfo,
  LAST_USED_PRECISION_MS,
  newKey,
} from '../key-row.ts';
import type { Revocation } from '../storage.ts';
import type { Db } from './open.ts';

/** The admin keys table. */
export class AdminKeyStore {
  readonly #db: Db;
  readonly #statements;
  /** Stops a revoked key's hooks, inside the revocation's transaction (wired by index.ts). */
  #onRevoke: (id: number, now: number) => Revocation['disabledWebhooks'] = () => [];

  constructor(db: Db) {
    this.#db = db;
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

  /** Calls `stop` inside each revocation's transaction; what it returns is in the answer. */
  onRevoke(stop: (id: number, now: number) => Revocation['disabledWebhooks']): void {
    this.#onRevoke = stop;
  }

  /** Revokes a key ('revoked', 'already' revoked before, or 'unknown') and stops its hooks. */
  revoke(id: number, now = Date.now()): Revocation {
    return this.#db.transaction((): Revocation => {
      const revoked = this.#statements.revoke.run(now, id).changes === 1;
      const outcome = revoked ? 'revoked' : this.#statements.exists.get(id) ? 'already' : 'unknown';
      return { outcome, disabledWebhooks: outcome === 'unknown' ? [] : this.#onRevoke(id, now) };
    })();
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
