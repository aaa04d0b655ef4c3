/**
 * Delivery rows and their attempts on PostgreSQL: what the worker takes next and how it records
 * each try, and what the admin reads (recent deliveries with their attempts) and resends.
 *
 * A claim is one UPDATE: for each enabled hook, the head of its queue (its oldest pending
 * delivery), if due and not leased by a live claim, gets this worker's lease. Two nodes claiming
 * at once both find the head, but the row lock makes the second wait for the first's UPDATE and
 * then re-check the lease on the row as committed, so it skips it: each delivery has one sender.
 * A hook's next delivery is not its head until the one before is delivered or given up, so its
 * events go in order whichever node sends them. An attempt is recorded only by the lease's owner;
 * a lease not let go (the node died) expires and the next claim from any node takes it.
 */
import type pg from 'pg';
import type { DeliveryRow } from '../webhook-row.ts';
import { deliveryView } from '../webhook-row.ts';
import type { AttemptOutcome, DueDelivery } from '../webhook-storage.ts';
import { ATTEMPTS_SHOWN, RECENT_DELIVERIES } from '../webhook-storage.ts';
import { transaction } from './open.ts';
import { WEBHOOK_CHANNEL } from './webhook-outbox.ts';

const CLAIM = {
  name: 'webhook-claim',
  text: `UPDATE webhook_deliveries d SET lease_owner = $3, lease_until = $4
         FROM (
           SELECT head.id, w.url, w.secret, w.partner FROM webhooks w
           CROSS JOIN LATERAL (
             SELECT id, next_at, lease_until FROM webhook_deliveries
             WHERE webhook_id = w.id AND state = 'pending' ORDER BY id LIMIT 1) head
           WHERE w.disabled_at IS NULL AND w.id <> ALL($5::bigint[]) AND head.next_at <= $1
             AND (head.lease_until IS NULL OR head.lease_until <= $1)
           ORDER BY head.id LIMIT $2) picked
         WHERE d.id = picked.id AND d.state = 'pending'
           AND (d.lease_until IS NULL OR d.lease_until <= $1)
         RETURNING d.id, d.webhook_id AS "webhookId", picked.url, picked.secret, picked.partner, d.body, d.attempts,
           d.first_failed_at AS "firstFailedAt"`,
};
// Each outcome updates the row only for the lease's owner, and logs the attempt with it.
const attempt = (set: string) =>
  `WITH done AS (
     UPDATE webhook_deliveries SET ${set}, attempts = attempts + 1, last_status = $3,
       lease_owner = NULL, lease_until = NULL
     WHERE id = $1 AND state = 'pending' AND lease_owner = $2 RETURNING id)
   INSERT INTO webhook_attempts (delivery_id, at, status, error, ms)
   SELECT id, $4, $3, $5, $6 FROM done`;
const DELIVERED = {
  name: 'webhook-delivered',
  text: attempt(`state = 'delivered', body = NULL, last_error = $5, delivered_at = $4`),
};
const RETRY = {
  name: 'webhook-retry',
  text: attempt(`next_at = $7, last_error = $5, first_failed_at = coalesce(first_failed_at, $4)`),
};
const FAILED = {
  name: 'webhook-failed',
  text: attempt(`state = 'failed', last_error = $5`),
};
const RECENT = {
  name: 'webhook-recent',
  text: `SELECT d.id, d.event_id, d.event, d.state, d.next_at, d.created_at, d.delivered_at,
           coalesce(a.list, '[]') AS attempts
         FROM (SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2) d
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('at', at, 'status', status, 'error', error, 'ms', ms)
             ORDER BY id DESC) AS list
           FROM (SELECT * FROM webhook_attempts WHERE delivery_id = d.id ORDER BY id DESC LIMIT $3) x
         ) a ON true
         ORDER BY d.id DESC`,
};

/** The outbox rows, from any node. */
export class PgWebhookDeliveries {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async recent(webhookId: number) {
    const { rows } = await this.#pool.query<DeliveryRow & { attempts: never[] }>({
      ...RECENT,
      values: [webhookId, RECENT_DELIVERIES, ATTEMPTS_SHOWN],
    });
    return rows.map((row) => deliveryView(row, row.attempts));
  }

  async resend(webhookId: number, deliveryId: number, now = Date.now()) {
    return transaction(this.#pool, async (client) => {
      const resent = await client.query(
        `UPDATE webhook_deliveries SET state = 'pending', next_at = $1, first_failed_at = NULL
         WHERE id = $2 AND webhook_id = $3 AND state IN ('pending', 'failed') AND body IS NOT NULL`,
        [now, deliveryId, webhookId],
      );
      if (resent.rowCount !== 1) return false;
      await client.query(
        'UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL WHERE id = $1',
        [webhookId],
      );
      await client.query('SELECT pg_notify($1, $2)', [WEBHOOK_CHANNEL, 'resent']);
      return true;
    });
  }

  async claim(
    now: number,
    limit: number,
    lease: { owner: string; until: number },
    exclude: readonly number[],
  ) {
    const { rows } = await this.#pool.query<DueDelivery>({
      ...CLAIM,
      values: [now, limit, lease.owner, lease.until, exclude],
    });
    return rows.sort((a, b) => a.id - b.id);
  }

  async record(id: number, owner: string, outcome: AttemptOutcome, now = Date.now()) {
    const values: unknown[] = [id, owner, outcome.status, now];
    if (outcome.ok) {
      await this.#pool.query({ ...DELIVERED, values: [...values, null, outcome.ms] });
      return;
    }
    values.push(outcome.error, outcome.ms);
    if (outcome.nextAt === null) await this.#pool.query({ ...FAILED, values });
    else await this.#pool.query({ ...RETRY, values: [...values, outcome.nextAt] });
  }

  async release(owner: string) {
    await this.#pool.query(
      `UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL
       WHERE lease_owner = $1 AND state = 'pending'`,
      [owner],
    );
  }
}
