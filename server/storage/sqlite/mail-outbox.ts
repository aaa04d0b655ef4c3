/**
 * The mail outbox on SQLite, written: a change's mails go in as rows inside its transaction, on
 * whatever connection writes the change (the signature writer's thread has its own), so they
 * commit with it or not at all. Nothing here sends anything: the mail worker does, later
 * (server/mail/mail-worker.ts over mails.ts).
 */
import type { QueuedMail } from '../../mail/mail.ts';
import type { RecentMail } from '../confirmation-plan.ts';
import { MAIL_DAY_MS, SIGNING_KINDS_SQL } from '../confirmation-plan.ts';
import type { Db } from './open.ts';

/** Writes mails to the outbox. */
export class MailOutbox {
  readonly #statements;
  /** Called after mails were queued (the worker wakes); may run before their commit. */
  onQueued: () => void = () => {};

  constructor(db: Db) {
    this.#statements = {
      insert: db.prepare<[QueuedMail]>(
        `INSERT INTO mail_outbox (kind, recipient, recipient_hash, campaign_id, signature_id, payload,
           state, next_at, created_at)
         VALUES (@kind, @recipient, @recipientHash, @campaignId, @signatureId, @payload, 'pending',
           @at, @at)`,
      ),
      recent: db.prepare<
        [number, number, string],
        { mails: number | null; bounced: number | null }
      >(
        `SELECT sum(kind IN (${SIGNING_KINDS_SQL}) AND created_at > ?) AS mails,
           max(state = 'bounced' AND created_at > ?) AS bounced
         FROM mail_outbox WHERE recipient_hash = ?`,
      ),
    };
  }

  /** Queues a mail (inside the caller's transaction). */
  write(mail: QueuedMail): void {
    this.#statements.insert.run(mail);
    this.onQueued();
  }

  /** What the outbox sent an address lately (the rate limit, bounces). */
  recent(recipientHash: string, now: number, keepMs: number): RecentMail {
    const row = this.#statements.recent.get(now - MAIL_DAY_MS, now - keepMs, recipientHash);
    return { mails: row?.mails ?? 0, bounced: (row?.bounced ?? 0) === 1 };
  }
}
