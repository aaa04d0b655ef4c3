/**
 * The mail outbox on PostgreSQL behind the storage interface (storage/mail-storage.ts), for any
 * number of nodes on one database. A claim is one UPDATE over the due mails it locks with SKIP
 * LOCKED: two nodes claiming at once take different mails, never the same one, and neither waits
 * for the other. An attempt is recorded only by the lease's owner; a lease not let go (the node
 * died) expires, and the next claim from any node takes the mail.
 */
import type pg from 'pg';
import type { DueMail, MailLease, MailOutcome, MailStorage } from '../mail-storage.ts';

const CLAIM = {
  name: 'mail-claim',
  text: `UPDATE mail_outbox SET lease_owner = $3, lease_until = $4
         WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'pending' AND next_at <= $1
           AND (lease_until IS NULL OR lease_until <= $1) ORDER BY next_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, recipient, campaign_id AS "campaignId", signature_id AS "signatureId",
           payload, attempts, first_failed_at AS "firstFailedAt"`,
};
// What was sent, bounced or given up keeps neither the address nor the link.
const DONE = 'recipient = NULL, payload = NULL, last_error = $3, sent_at = $4';
const attempt = (name: string, set: string) => ({
  name,
  text: `UPDATE mail_outbox SET ${set}, attempts = attempts + 1, lease_owner = NULL,
           lease_until = NULL
         WHERE id = $1 AND state = 'pending' AND lease_owner = $2`,
});
const OUTCOMES = {
  sent: attempt('mail-sent', `state = 'sent', ${DONE}`),
  bounced: attempt('mail-bounced', `state = 'bounced', ${DONE}`),
  failed: attempt('mail-failed', `state = 'failed', ${DONE}`),
  retry: attempt(
    'mail-retry',
    'last_error = $3, first_failed_at = coalesce(first_failed_at, $4), next_at = $5',
  ),
};

/** The worker's side of the outbox on one node; `notified` when any node's mails commit. */
export class PgMails implements MailStorage {
  readonly #pool: pg.Pool;
  readonly #listeners: (() => void)[] = [];

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Wakes this node's worker (a notification on MAIL_CHANNEL). */
  notified(): void {
    for (const listener of this.#listeners) listener();
  }

  onQueued(listener: () => void): void {
    this.#listeners.push(listener);
  }

  async claim(now: number, limit: number, lease: MailLease): Promise<DueMail[]> {
    const { rows } = await this.#pool.query<DueMail>({
      ...CLAIM,
      values: [now, limit, lease.owner, lease.until],
    });
    return rows;
  }

  async record(id: number, owner: string, outcome: MailOutcome, now = Date.now()): Promise<void> {
    const error = outcome.kind === 'sent' ? null : outcome.error;
    const values: unknown[] = [id, owner, error, now];
    if (outcome.kind === 'retry') values.push(outcome.nextAt);
    await this.#pool.query({ ...OUTCOMES[outcome.kind], values });
  }

  async release(owner: string): Promise<void> {
    await this.#pool.query(
      `UPDATE mail_outbox SET lease_owner = NULL, lease_until = NULL
       WHERE lease_owner = $1 AND state = 'pending'`,
      [owner],
    );
  }
}
