/**
 * The mail outbox on SQLite behind the storage interface (storage/mail-storage.ts): what the mail
 * worker claims, and how each attempt ended. One process sends from a SQLite file, but the claim
 * still leases, as PostgreSQL's does: a mail on its way is not claimed again by the next poll,
 * and a lease a crash left behind expires and the mail goes again.
 */
import type { DueMail, MailLease, MailOutcome, MailStorage } from '../mail-storage.ts';
import type { Db } from './open.ts';

const DUE_COLUMNS = `id, kind, recipient, campaign_id AS campaignId, signature_id AS signatureId,
  payload, attempts, first_failed_at AS firstFailedAt`;

/** The worker's side of the outbox. */
export class SqliteMails implements MailStorage {
  readonly #statements;
  readonly #listeners: (() => void)[] = [];

  constructor(db: Db) {
    const attempt = (set: string) =>
      db.prepare(
        `UPDATE mail_outbox SET ${set}, attempts = attempts + 1, lease_owner = NULL,
           lease_until = NULL
         WHERE id = @id AND state = 'pending' AND lease_owner = @owner`,
      );
    // What was sent, bounced or given up keeps neither the address nor the link.
    const done = 'recipient = NULL, payload = NULL, last_error = @error, sent_at = @now';
    this.#statements = {
      claim: db.prepare<[{ owner: string; until: number; now: number; limit: number }], DueMail>(
        `UPDATE mail_outbox SET lease_owner = @owner, lease_until = @until
         WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'pending' AND next_at <= @now
           AND (lease_until IS NULL OR lease_until <= @now) ORDER BY next_at, id LIMIT @limit)
         RETURNING ${DUE_COLUMNS}`,
      ),
      sent: attempt(`state = 'sent', ${done}`),
      bounced: attempt(`state = 'bounced', ${done}`),
      failed: attempt(`state = 'failed', ${done}`),
      retry: attempt(
        'next_at = @nextAt, last_error = @error, first_failed_at = coalesce(first_failed_at, @now)',
      ),
      release: db.prepare(
        `UPDATE mail_outbox SET lease_owner = NULL, lease_until = NULL
         WHERE lease_owner = ? AND state = 'pending'`,
      ),
    };
  }

  /** Wakes this process's worker (the writers queued mails). */
  notified(): void {
    for (const listener of this.#listeners) listener();
  }

  onQueued(listener: () => void): void {
    this.#listeners.push(listener);
  }

  async claim(now: number, limit: number, lease: MailLease): Promise<DueMail[]> {
    return this.#statements.claim.all({ owner: lease.owner, until: lease.until, now, limit });
  }

  async record(id: number, owner: string, outcome: MailOutcome, now = Date.now()): Promise<void> {
    const error = outcome.kind === 'sent' ? null : outcome.error;
    const values = { id, owner, now, error };
    if (outcome.kind === 'retry') this.#statements.retry.run({ ...values, nextAt: outcome.nextAt });
    else this.#statements[outcome.kind].run(values);
  }

  async release(owner: string): Promise<void> {
    this.#statements.release.run(owner);
  }
}
