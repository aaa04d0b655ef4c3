/**
 * The retention sweep on SQLite (see retention-storage.ts for what an erasure does): a step of
 * RETENTION_STEP rows a transaction, each checking again that the campaign is still due (an
 * admin may reopen it between steps), then one transaction that finds nothing left, marks the
 * campaign erased and writes the audit row. The caller waits for the signature writer to be idle
 * before each step (after-writer.ts) and checkpoints the WAL after, as an erasure on request does.
 */
import type { AuditLog } from './audit.ts';
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';
import { dueWhere, ERASED_COLUMNS, RETENTION_STEP, retentionAudit } from '../retention-storage.ts';

/** The rows of one step: the campaign's next unerased rows up to `last` (bound as ?, ?). */
const STEP_ROWS = 'campaign_id = ? AND erased_at IS NULL AND id <= ?';
const STEP_IDS = `SELECT id FROM signatures WHERE ${STEP_ROWS}`;

/** What one step did: rows erased, or the campaign finished (rows erased since it closed). */
type Step = { erased: number } | { finished: number } | { skipped: true };

export class SqliteRetention {
  readonly #db: Db;
  readonly #store: CampaignStore;
  readonly #audit: AuditLog;
  readonly #statements;

  constructor(db: Db, store: CampaignStore, audit: AuditLog) {
    this.#db = db;
    this.#store = store;
    this.#audit = audit;
    this.#statements = {
      dueAll: db
        .prepare<[number], number>(`SELECT id FROM campaigns WHERE ${dueWhere('?')}`)
        .pluck(),
      due: db
        .prepare<[number, number], number>(
          `SELECT closed_at FROM campaigns WHERE id = ? AND ${dueWhere('?')}`,
        )
        .pluck(),
      last: db
        .prepare<[number, number], number | null>(
          `SELECT max(id) FROM (SELECT id FROM signatures WHERE campaign_id = ? AND erased_at IS NULL
             ORDER BY id LIMIT ?)`,
        )
        .pluck(),
      places: db.prepare<[number, number]>(
        `INSERT INTO retained_places (campaign_id, country, city, signatures)
         SELECT campaign_id, country, city, count(*) FROM signatures
         WHERE ${STEP_ROWS} AND flagged IS NULL AND pending = 0 GROUP BY country, city`,
      ),
      tokens: db.prepare(`DELETE FROM confirmation_tokens WHERE signature_id IN (${STEP_IDS})`),
      mails: db.prepare(
        `DELETE FROM mail_outbox WHERE signature_id IN (${STEP_IDS}) AND state <> 'bounced'`,
      ),
      bounces: db.prepare(
        `UPDATE mail_outbox SET recipient = NULL, payload = NULL, recipient_hash = 'erased'
         WHERE signature_id IN (${STEP_IDS})`,
      ),
      hooks: db.prepare(
        `UPDATE webhook_deliveries SET body = NULL, lease_owner = NULL, lease_until = NULL,
           state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'erased' END
         WHERE signature_id IN (${STEP_IDS}) AND body IS NOT NULL`,
      ),
      rows: db.prepare(
        `UPDATE signatures SET ${ERASED_COLUMNS}, email_hash = 'erased:' || id, erased_at = ?
         WHERE ${STEP_ROWS}`,
      ),
      erasedSince: db
        .prepare<[number, number], number>(
          'SELECT count(*) FROM signatures WHERE campaign_id = ? AND erased_at >= ?',
        )
        .pluck(),
      keys: db.prepare('DELETE FROM idempotency_keys WHERE campaign_id = ?'),
      mark: db.prepare('UPDATE campaigns SET data_erased_at = ? WHERE id = ?'),
    };
  }

  /** The campaigns due at `now`. */
  due(now: number): number[] {
    return this.#statements.dueAll.all(now);
  }

  /** One step of a campaign's erasure at `now`, in one transaction. */
  step(campaignId: number, now: number): Step {
    const s = this.#statements;
    const step = this.#db.transaction((): Step => {
      const closedAt = s.due.get(campaignId, now);
      if (closedAt === undefined) return { skipped: true };
      const last = s.last.get(campaignId, RETENTION_STEP);
      if (last === null || last === undefined) {
        const rows = s.erasedSince.get(campaignId, closedAt)!;
        s.keys.run(campaignId);
        s.mark.run(now, campaignId);
        this.#audit.record(retentionAudit(campaignId, rows), now);
        return { finished: rows };
      }
      const range = [campaignId, last] as const;
      s.places.run(...range);
      for (const statement of [s.tokens, s.mails, s.bounces, s.hooks]) statement.run(...range);
      return { erased: s.rows.run(now, ...range).changes };
    })();
    if ('finished' in step) this.#store.reload(campaignId);
    return step;
  }
}
