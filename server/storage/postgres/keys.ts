/**
 * Admin keys on PostgreSQL: the same rules as SQLite's (key-row.ts): random, shown once,
 * stored as a SHA-256, revocable, last use kept to the minute.
 */
import type pg from 'pg';
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
import { safeEqual } from '../../secrets/crypto.ts';
import type { KeyStorage, Revocation } from '../storage.ts';
import { KEY_REVOKED } from '../webhook-storage.ts';
import { transaction } from './open.ts';

export class PgKeyStore implements KeyStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(label: string, scope: PartnerScope | null = null, now = Date.now()) {
    const key = newKey();
    const { rows } = await this.#pool.query({
      name: 'key-insert',
      text: 'INSERT INTO admin_keys (label, key_hash, created_at, campaign_id, partner) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      values: [label, hashKey(key), now, scope?.campaignId ?? null, scope?.partner ?? null],
    });
    return { id: rows[0].id as number, key };
  }

  async list(): Promise<AdminKeyInfo[]> {
    const { rows } = await this.#pool.query<KeyRow>({
      name: 'key-list',
      text: 'SELECT * FROM admin_keys ORDER BY id',
    });
    return rows.map(keyInfo);
  }

  async revoke(id: number, now = Date.now()): Promise<Revocation> {
    return transaction(this.#pool, async (client) => {
      const { rows } = await client.query({
        name: 'key-revoke',
        text: `WITH revoked AS (UPDATE admin_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
               SELECT (SELECT count(*) FROM revoked) AS revoked, (SELECT count(*) FROM admin_keys WHERE id = $1) AS known`,
        values: [id, now],
      });
      const outcome = rows[0].revoked ? 'revoked' : rows[0].known ? 'already' : 'unknown';
      // Its own statement, after the key row is held: a resend that enabled one of its hooks
      // meanwhile has committed (webhooks.ts holds the key row too) and is seen here.
      const stopped = await client.query<{ id: number; url: string }>({
        name: 'key-revoke-hooks',
        text: `UPDATE webhooks SET disabled_at = $2, disabled_reason = $3
               WHERE key_id = $1 AND disabled_at IS NULL RETURNING id, url`,
        values: [id, now, KEY_REVOKED],
      });
      return { outcome, disabledWebhooks: stopped.rows.sort((a, b) => a.id - b.id) };
    });
  }

  async verify(
    key: string,
    adminToken: string | undefined,
    now = Date.now(),
  ): Promise<Actor | null> {
    if (adminToken !== undefined && safeEqual(key, adminToken)) return { kind: 'token' };
    if (!key.startsWith(KEY_PREFIX)) return null;
    const hash = hashKey(key);
    const { rows } = await this.#pool.query<KeyRow>({
      name: 'key-by-hash',
      text: 'SELECT * FROM admin_keys WHERE key_hash = $1',
      values: [hash],
    });
    const row = rows[0];
    if (!isLive(row, hash)) return null;
    await this.#pool.query({
      name: 'key-touch',
      text: 'UPDATE admin_keys SET last_used_at = $1 WHERE id = $2 AND coalesce(last_used_at, 0) < $3',
      values: [now, row.id, now - LAST_USED_PRECISION_MS],
    });
    return actorOf(row);
  }
}
