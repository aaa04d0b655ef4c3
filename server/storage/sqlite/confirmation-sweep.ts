/**
 * The confirmation sweep on SQLite (run by the server every few minutes, with the clock it is
 * given): one reminder for each unflagged signature of an open campaign still unconfirmed after
 * `remindAfterMs`, with a new link; then every signature still unconfirmed after `keepMs` is
 * deleted with its tokens and mails, and each campaign's number of them goes to the audit log
 * (the server as its actor). A bounced address gets no reminder. Sent mails older than the
 * retention go too; bounced ones stay, for the statistics, without address or payload.
 *
 * Each step is a few hundred rows a transaction (each deletion step writes its own audit rows, so
 * the count in the log always matches what that transaction deleted), so signing never waits long
 * behind it.
 */
import type { AuditLog } from './audit.ts';
import type { ConfirmationWriter } from './confirmations.ts';
import type { MailOutbox } from './mail-outbox.ts';
import type { Db } from './open.ts';
import type { ConfirmationPolicy } from '../confirmation-plan.ts';
import { linkMail } from '../confirmation-plan.ts';
import type { DueReminder as Due, SweepResult, SweepTimes } from '../confirmation-storage.ts';

/** Rows a transaction. */
const STEP = 500;

/** The sweep's statements on the main connection. */
export class ConfirmationSweep {
  readonly #db: Db;
  readonly #writer: ConfirmationWriter;
  readonly #outbox: MailOutbox;
  readonly #audit: AuditLog;
  readonly #policy: ConfirmationPolicy;
  readonly #statements;

  constructor(
    db: Db,
    writer: ConfirmationWriter,
    outbox: MailOutbox,
    audit: AuditLog,
    policy: ConfirmationPolicy,
  ) {
    this.#db = db;
    this.#writer = writer;
    this.#outbox = outbox;
    this.#audit = audit;
    this.#policy = policy;
    this.#statements = {
      // Through signatures_pending: only pending rows are in it.
      due: db.prepare<[number, number, number], Due>(
        `SELECT s.id, s.campaign_id AS campaignId, s.email, s.email_hash AS emailHash, s.lang,
           s.first_name AS firstName, s.city
         FROM signatures s INDEXED BY signatures_pending
         JOIN campaigns c ON c.id = s.campaign_id AND c.status = 'open'
         WHERE s.pending = 1 AND s.created_at <= ? AND s.created_at > ? AND s.reminded_at IS NULL
           AND s.flagged IS NULL
         ORDER BY s.created_at LIMIT ?`,
      ),
      reminded: db.prepare('UPDATE signatures SET reminded_at = ? WHERE id = ?'),
      expired: db.prepare<[number, number], { id: number; campaignId: number }>(
        `SELECT id, campaign_id AS campaignId FROM signatures INDEXED BY signatures_pending
         WHERE pending = 1 AND created_at <= ? ORDER BY created_at LIMIT ?`,
      ),
      dropMails: db.prepare('DELETE FROM mail_outbox WHERE signature_id = ?'),
      delete: db.prepare('DELETE FROM signatures WHERE id = ?'),
      oldMails: db.prepare(
        `DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox
           WHERE state IN ('sent', 'failed') AND created_at <= ? LIMIT ?)`,
      ),
    };
  }

  /** One sweep at `now`. Pending rows were never counted: no count changes. */
  sweep(times: SweepTimes, now: number): SweepResult {
    const s = this.#statements;
    const result: SweepResult = { reminded: 0, deleted: new Map() };
    const keepFrom = now - times.keepMs;
    for (let more = true; more; ) {
      more = this.#db.transaction(() => {
        const due = s.due.all(now - times.remindAfterMs, keepFrom, STEP);
        for (const row of due) {
          s.reminded.run(now, row.id);
          if (this.#outbox.recent(row.emailHash, now, this.#policy.keepMs).bounced) continue;
          this.#writer.write(linkMail('reminder', row, row, this.#policy, now));
          result.reminded++;
        }
        return due.length === STEP;
      })();
    }
    for (let more = true; more; ) {
      more = this.#db.transaction(() => {
        const expired = s.expired.all(keepFrom, STEP);
        const byCampaign = new Map<number, number>();
        for (const { id, campaignId } of expired) {
          // Their tokens go with them (ON DELETE CASCADE); an unsent mail would carry a dead link.
          s.dropMails.run(id);
          s.delete.run(id);
          byCampaign.set(campaignId, (byCampaign.get(campaignId) ?? 0) + 1);
        }
        const actor = { kind: 'server' as const };
        for (const [campaignId, rows] of byCampaign) {
          this.#audit.record(
            { campaignId, action: 'unconfirmed_deleted', actor, newValue: rows },
            now,
          );
          result.deleted.set(campaignId, (result.deleted.get(campaignId) ?? 0) + rows);
        }
        return expired.length === STEP;
      })();
    }
    // Sent mails keep nothing but their address's hash; past the retention, not even that.
    while (s.oldMails.run(keepFrom, STEP).changes === STEP);
    return result;
  }
}
