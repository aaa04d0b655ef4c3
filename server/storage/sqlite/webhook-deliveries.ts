/**
 * Delivery rows and their attempts on SQLite: what the worker takes next and how it records each
 * try, and what the admin reads (recent deliveries with their attempts) and resends. One process
 * sends from a SQLite file, so a claim waits only on this worker's own leases: it never takes a
 * hook it is already sending to, and after a crash the restarted process (a new lease owner) sends
 * at once what was in flight. A claim marks its deliveries (lease_owner, migration 008), so an
 * erasure knows what is on its way, and the next claim which hooks and owners are busy.
 */
import type { Db } from './open.ts';
import type { AttemptOutcome, DeliveryView, DueDelivery, Lease } from '../webhook-storage.ts';
import { ATTEMPTS_SHOWN, HOOK_OWNER, RECENT_DELIVERIES } from '../webhook-storage.ts';
import type { DeliveryRow } from '../webhook-row.ts';
import { deliveryView } from '../webhook-row.ts';

/** The outbox rows. */
export class WebhookDeliveries {
  readonly #db: Db;
  readonly #statements;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      // The head of each enabled hook's queue (in order per hook) that is due and not on its way,
      // earliest next attempt first, at most `perOwner` of one owner's counting those on their
      // way (webhook-storage.ts says why).
      due: db.prepare<{ now: number; me: string; limit: number; perOwner: number }, DueDelivery>(
        `WITH heads AS (
           SELECT d.id, d.next_at, ${HOOK_OWNER} AS owner,
             (d.lease_owner IS @me AND d.lease_until > @now) AS sending
           FROM webhooks w JOIN webhook_deliveries d ON d.id = (
             SELECT id FROM webhook_deliveries WHERE webhook_id = w.id AND state = 'pending' ORDER BY id LIMIT 1)
           WHERE w.disabled_at IS NULL),
         busy AS (SELECT owner, count(*) AS n FROM heads WHERE sending GROUP BY owner),
         ranked AS (
           SELECT id, next_at, owner,
             row_number() OVER (PARTITION BY owner ORDER BY next_at, id) AS place
           FROM heads WHERE NOT sending AND next_at <= @now)
         SELECT d.id, d.webhook_id AS webhookId, w.url, w.secret_sealed AS sealedSecret, w.partner, d.body, d.attempts,
           d.first_failed_at AS firstFailedAt
         FROM ranked r LEFT JOIN busy b ON b.owner = r.owner
           JOIN webhook_deliveries d ON d.id = r.id JOIN webhooks w ON w.id = d.webhook_id
         WHERE r.place + coalesce(b.n, 0) <= @perOwner
         ORDER BY r.next_at, r.id LIMIT @limit`,
      ),
      attempt: db.prepare(
        'INSERT INTO webhook_attempts (delivery_id, at, status, error, ms) VALUES (?, ?, ?, ?, ?)',
      ),
      lease: db.prepare(
        'UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?',
      ),
      delivered: db.prepare(
        `UPDATE webhook_deliveries SET state = 'delivered', body = NULL, attempts = attempts + 1,
           last_status = ?, last_error = NULL, delivered_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending'`,
      ),
      retry: db.prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?, last_status = ?, last_error = ?,
           first_failed_at = coalesce(first_failed_at, ?), lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending'`,
      ),
      failed: db.prepare(
        `UPDATE webhook_deliveries SET state = 'failed', attempts = attempts + 1, last_status = ?, last_error = ?,
           lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending'`,
      ),
      release: db.prepare(
        `UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL
         WHERE lease_owner = ? AND state = 'pending'`,
      ),
      recent: db.prepare<[number, number], DeliveryRow>(
        'SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?',
      ),
      attempts: db.prepare<
        [number, number],
        { at: number; status: number | null; error: string | null; ms: number }
      >(
        'SELECT at, status, error, ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id DESC LIMIT ?',
      ),
      resend: db.prepare(
        `UPDATE webhook_deliveries SET state = 'pending', next_at = ?, first_failed_at = NULL,
           lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND webhook_id = ? AND state IN ('pending', 'failed') AND body IS NOT NULL`,
      ),
      enable: db.prepare(
        'UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL WHERE id = ?',
      ),
      keyRevoked: db.prepare<[number], number>(
        `SELECT 1 FROM webhooks w JOIN admin_keys k ON k.id = w.key_id
         WHERE w.id = ? AND k.revoked_at IS NOT NULL`,
      ),
    };
  }

  /** Claims up to `limit` due deliveries, fairly (webhook-storage.ts), marked as on their way. */
  claim(now: number, limit: number, lease: Lease, perOwner: number): DueDelivery[] {
    return this.#db.transaction(() => {
      const due = this.#statements.due.all({ now, me: lease.owner, limit, perOwner });
      for (const delivery of due) this.#statements.lease.run(lease.owner, lease.until, delivery.id);
      return due;
    })();
  }

  /** Unmarks what this owner had on its way (a clean stop). */
  release(owner: string): void {
    this.#statements.release.run(owner);
  }

  /** Records an attempt: a 2xx is delivered; a failure is retried at `nextAt`, or given up. */
  record(id: number, outcome: AttemptOutcome, now = Date.now()): void {
    const s = this.#statements;
    this.#db.transaction(() => {
      if (outcome.ok) {
        s.attempt.run(id, now, outcome.status, null, outcome.ms);
        s.delivered.run(outcome.status, now, id);
        return;
      }
      s.attempt.run(id, now, outcome.status, outcome.error, outcome.ms);
      if (outcome.nextAt === null) s.failed.run(outcome.status, outcome.error, id);
      else s.retry.run(outcome.nextAt, outcome.status, outcome.error, now, id);
    })();
  }

  /** A hook's recent deliveries, newest first, with their latest attempts. */
  recent(webhookId: number): DeliveryView[] {
    return this.#statements.recent
      .all(webhookId, RECENT_DELIVERIES)
      .map((row) => deliveryView(row, this.#statements.attempts.all(row.id, ATTEMPTS_SHOWN)));
  }

  /**
   * Puts a failed (or waiting) delivery back at once and enables its hook; false when none, or
   * when the key that made the hook was revoked (its hooks stay stopped).
   */
  resend(webhookId: number, deliveryId: number, now = Date.now()): boolean {
    return this.#db.transaction(() => {
      if (this.#statements.keyRevoked.get(webhookId)) return false;
      if (this.#statements.resend.run(now, deliveryId, webhookId).changes !== 1) return false;
      this.#statements.enable.run(webhookId);
      return true;
    })();
  }
}
