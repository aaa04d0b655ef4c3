/**
 * Delivery rows and their attempts on PostgreSQL: what the worker takes next and how it records
 * each try, and what the admin reads (recent deliveries with their attempts) and resends.
 *
 * A claim is one UPDATE: for each enabled hook, the head of its queue (its oldest pending
 * delivery), if due and not leased by a live claim, gets this worker's lease, earliest next
 * attempt first and a few per owner (webhook-storage.ts). Claims take turns on an advisory lock,
 * so each counts the leases the one before it took (and the row lock, with the lease re-checked
 * on the row as committed, gives each delivery one sender whatever happens).
 * A hook's next delivery is not its head until the one before is delivered or given up, so its
 * events go in order whichever node sends them. An attempt is recorded only by the lease's owner;
 * a lease not let go (the node died) expires and the next claim from any node takes it.
 */
import type pg from 'pg';
import type { DeliveryRow } from '../webhook-row.ts';
import { deliveryView } from '../webhook-row.ts';
import type { AttemptOutcome, DueDelivery } from '../webhook-storage.ts';
import { ATTEMPTS_SHOWN, HOOK_OWNER, RECENT_DELIVERIES } from '../webhook-storage.ts';
import { transaction } from './open.ts';
import { WEBHOOK_CHANNEL } from './webhook-outbox.ts';

// The head of each enabled hook's queue that is due and not leased by a live claim, earliest next
// attempt first, at most $5 of one owner's counting the leases live now (webhook-storage.ts).
const CLAIM = {
  name: 'webhook-claim',
  text: `UPDATE webhook_deliveries d SET lease_owner = $3, lease_until = $4
         FROM (
           WITH heads AS (
             SELECT head.id, head.next_at, head.lease_until > $1 AS leased, w.url, w.secret_sealed,
               w.partner, ${HOOK_OWNER} AS owner
             FROM webhooks w
             CROSS JOIN LATERAL (
               SELECT id, next_at, lease_until FROM webhook_deliveries
               WHERE webhook_id = w.id AND state = 'pending' ORDER BY id LIMIT 1) head
             WHERE w.disabled_at IS NULL),
           busy AS (SELECT owner, count(*) AS n FROM heads WHERE leased GROUP BY owner),
           ranked AS (
             SELECT heads.*, row_number() OVER (PARTITION BY owner ORDER BY next_at, id) AS place
             FROM heads WHERE leased IS NOT TRUE AND next_at <= $1)
           SELECT r.id, r.next_at, r.url, r.secret_sealed, r.partner FROM ranked r
           LEFT JOIN busy b ON b.owner = r.owner
           WHERE r.place + coalesce(b.n, 0) <= $5
           ORDER BY r.next_at, r.id LIMIT $2) picked
         WHERE d.id = picked.id AND d.state = 'pending'
           AND (d.lease_until IS NULL OR d.lease_until <= $1)
         RETURNING d.id, d.webhook_id AS "webhookId", picked.url, picked.secret_sealed AS "sealedSecret", picked.partner,
           picked.next_at AS "nextAt", d.body, d.attempts, d.first_failed_at AS "firstFailedAt"`,
};
/** Any number that names the claims' turn among the database's advisory locks. */
const CLAIM_LOCK = 7_310_014;
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
      // A revoked key's hooks stay stopped; the key row is held so a revocation waits for this.
      const key = await client.query(
        `SELECT k.revoked_at FROM webhooks w JOIN admin_keys k ON k.id = w.key_id
         WHERE w.id = $1 FOR SHARE OF k`,
        [webhookId],
      );
      if (key.rows[0] && key.rows[0].revoked_at !== null) return false;
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
    perOwner: number,
  ) {
    // One claim at a time over all nodes, so two cannot each give an owner its share of slots.
    const rows = await transaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      const claimed = await client.query<DueDelivery & { nextAt: number }>({
        ...CLAIM,
        values: [now, limit, lease.owner, lease.until, perOwner],
      });
      return claimed.rows;
    });
    return rows
      .sort((a, b) => a.nextAt - b.nextAt || a.id - b.id)
      .map(({ nextAt: _, ...delivery }) => delivery);
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
