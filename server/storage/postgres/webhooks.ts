/**
 * Webhooks on PostgreSQL behind the storage interface (storage/webhook-storage.ts), for any number
 * of nodes on one database: the hooks table here, the delivery rows the worker claims and records
 * in webhook-deliveries.ts, the outbox the writers fill inside their transactions in
 * webhook-outbox.ts (as on SQLite).
 */
import type pg from 'pg';
import { webhookFromRow } from '../webhook-row.ts';
import type { AttemptOutcome, NewWebhook, WebhookStorage } from '../webhook-storage.ts';
import { WebhookLimitReached } from '../../webhooks/webhook-limits.ts';
import { transaction } from './open.ts';
import { PgWebhookDeliveries } from './webhook-deliveries.ts';

/** Any number that names a key's hook count among the database's advisory locks. */
const HOOK_COUNT_LOCK = 7_310_015;

/** Webhooks of one node; `notified` is called when any node's deliveries commit. */
export class PgWebhooks implements WebhookStorage {
  readonly #pool: pg.Pool;
  readonly #deliveries: PgWebhookDeliveries;
  readonly #listeners: (() => void)[] = [];

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#deliveries = new PgWebhookDeliveries(pool);
  }

  /** Wakes this node's worker (a notification on WEBHOOK_CHANNEL). */
  notified(): void {
    for (const listener of this.#listeners) listener();
  }

  onQueued(listener: () => void): void {
    this.#listeners.push(listener);
  }

  async list() {
    const { rows } = await this.#pool.query('SELECT * FROM webhooks ORDER BY id');
    return rows.map(webhookFromRow);
  }

  async get(id: number) {
    const { rows } = await this.#pool.query('SELECT * FROM webhooks WHERE id = $1', [id]);
    return rows[0] && webhookFromRow(rows[0]);
  }

  async create(hook: NewWebhook, max = Number.POSITIVE_INFINITY, now = Date.now()) {
    const { body, scope, keyId } = hook;
    return transaction(this.#pool, async (client) => {
      // Two requests of one key at once: the second counts after the first's insert.
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [HOOK_COUNT_LOCK, keyId ?? 0]);
      const { rows: counted } = await client.query(
        'SELECT count(*) AS n FROM webhooks WHERE key_id IS NOT DISTINCT FROM $1',
        [keyId],
      );
      if (Number(counted[0].n) >= max) throw new WebhookLimitReached(max);
      const { rows } = await client.query(
        `INSERT INTO webhooks (url, events, secret_sealed, campaign_id, partner, key_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          body.url,
          JSON.stringify(body.events),
          hook.sealedSecret,
          scope?.campaignId ?? null,
          scope?.partner ?? null,
          keyId,
          now,
        ],
      );
      return webhookFromRow(rows[0]);
    });
  }

  async setSecret(id: number, sealedSecret: string) {
    const updated = await this.#pool.query('UPDATE webhooks SET secret_sealed = $2 WHERE id = $1', [
      id,
      sealedSecret,
    ]);
    return updated.rowCount === 1;
  }

  async remove(id: number) {
    await this.#pool.query('DELETE FROM webhooks WHERE id = $1', [id]);
  }

  deliveries(webhookId: number) {
    return this.#deliveries.recent(webhookId);
  }

  resend(webhookId: number, deliveryId: number, now?: number) {
    return this.#deliveries.resend(webhookId, deliveryId, now);
  }

  claim(now: number, limit: number, lease: { owner: string; until: number }, perOwner: number) {
    return this.#deliveries.claim(now, limit, lease, perOwner);
  }

  record(id: number, owner: string, outcome: AttemptOutcome, now?: number) {
    return this.#deliveries.record(id, owner, outcome, now);
  }

  async disable(webhookId: number, reason: string, now = Date.now()) {
    await this.#pool.query(
      'UPDATE webhooks SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 AND disabled_at IS NULL',
      [webhookId, now, reason],
    );
  }

  release(owner: string) {
    return this.#deliveries.release(owner);
  }
}

/** Deletes a removed partner's hooks, on the caller's transaction (the partner's removal). */
export function removePartnerHooks(client: pg.ClientBase, campaignId: number, partner: string) {
  return client.query('DELETE FROM webhooks WHERE campaign_id = $1 AND partner = $2', [
    campaignId,
    partner,
  ]);
}
