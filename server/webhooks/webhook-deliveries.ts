/**
 * Delivery rows and their attempts: what the worker takes next and how it records each try, and
 * what the admin reads (recent deliveries with their attempts) and resends.
 */
import type { Db } from '../storage/sqlite/open.ts';

/** The oldest pending delivery of one enabled hook, due now: what the worker sends next. */
export interface DueDelivery {
  id: number;
  webhookId: number;
  url: string;
  secret: string;
  body: string;
  attempts: number;
  firstFailedAt: number | null;
}

/** One attempt as the admin reads it. */
export interface AttemptView {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

/** One delivery as the admin reads it. */
export interface DeliveryView {
  id: number;
  eventId: string;
  event: string;
  state: 'pending' | 'delivered' | 'failed' | 'erased';
  attempts: AttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface DeliveryRow {
  id: number;
  event_id: string;
  event: string;
  state: DeliveryView['state'];
  next_at: number;
  created_at: number;
  delivered_at: number | null;
}

/** How many deliveries the admin list shows, newest first, and attempts each. */
const RECENT = 100;
const ATTEMPTS_SHOWN = 10;

const iso = (ms: number) => new Date(ms).toISOString();

/** The outbox rows. */
export class WebhookDeliveries {
  readonly #db: Db;
  readonly #statements;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      // One row per enabled hook: the head of its queue (in order per hook), if due.
      due: db.prepare<[number, number], DueDelivery>(
        `SELECT d.id, d.webhook_id AS webhookId, w.url, w.secret, d.body, d.attempts,
           d.first_failed_at AS firstFailedAt
         FROM webhooks w JOIN webhook_deliveries d ON d.id = (
           SELECT id FROM webhook_deliveries WHERE webhook_id = w.id AND state = 'pending' ORDER BY id LIMIT 1)
         WHERE w.disabled_at IS NULL AND d.next_at <= ? LIMIT ?`,
      ),
      attempt: db.prepare(
        'INSERT INTO webhook_attempts (delivery_id, at, status, error, ms) VALUES (?, ?, ?, ?, ?)',
      ),
      delivered: db.prepare(
        `UPDATE webhook_deliveries SET state = 'delivered', body = NULL, attempts = attempts + 1,
           last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ? AND state = 'pending'`,
      ),
      retry: db.prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?, last_status = ?, last_error = ?,
           first_failed_at = coalesce(first_failed_at, ?) WHERE id = ? AND state = 'pending'`,
      ),
      failed: db.prepare(
        `UPDATE webhook_deliveries SET state = 'failed', attempts = attempts + 1, last_status = ?, last_error = ?
         WHERE id = ? AND state = 'pending'`,
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
        `UPDATE webhook_deliveries SET state = 'pending', next_at = ?, first_failed_at = NULL
         WHERE id = ? AND webhook_id = ? AND state IN ('pending', 'failed') AND body IS NOT NULL`,
      ),
    };
  }

  /** Up to `limit` due deliveries, each the head of its hook's queue. */
  due(now: number, limit: number): DueDelivery[] {
    return this.#statements.due.all(now, limit);
  }

  /** Records a 2xx. */
  markDelivered(id: number, status: number, ms: number, now = Date.now()): void {
    this.#db.transaction(() => {
      this.#statements.attempt.run(id, now, status, null, ms);
      this.#statements.delivered.run(status, now, id);
    })();
  }

  /** Records a failed try: retried at `nextAt`, or, with `nextAt` null, given up. */
  markFailed(
    id: number,
    status: number | null,
    error: string,
    ms: number,
    nextAt: number | null,
    now = Date.now(),
  ): void {
    this.#db.transaction(() => {
      this.#statements.attempt.run(id, now, status, error, ms);
      if (nextAt === null) this.#statements.failed.run(status, error, id);
      else this.#statements.retry.run(nextAt, status, error, now, id);
    })();
  }

  /** A hook's recent deliveries, newest first, with their latest attempts. */
  recent(webhookId: number): DeliveryView[] {
    return this.#statements.recent.all(webhookId, RECENT).map((row) => ({
      id: row.id,
      eventId: row.event_id,
      event: row.event,
      state: row.state,
      attempts: this.#statements.attempts
        .all(row.id, ATTEMPTS_SHOWN)
        .map((attempt) => ({ ...attempt, at: iso(attempt.at) })),
      nextAttemptAt: row.state === 'pending' ? iso(row.next_at) : null,
      createdAt: iso(row.created_at),
      deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    }));
  }

  /** Puts a failed (or waiting) delivery back at once; false when there is none to resend. */
  resend(webhookId: number, deliveryId: number, now = Date.now()): boolean {
    return this.#statements.resend.run(now, deliveryId, webhookId).changes === 1;
  }
}
