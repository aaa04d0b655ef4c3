/**
 * Erasure on request (a data subject's right): the person's rows in the campaign (the one named
 * and any other with the same email: flagged repeats), their place in the counter and their
 * idempotency records go in one transaction, with an audit row that says an erasure happened,
 * when, by whom and how many rows, never whose. `secure_delete` (set in open.ts) zeroes the freed
 * bytes; the WAL is checkpointed after, so the old pages do not linger in the -wal file either.
 */
import type { AuditLog } from './audit.ts';
import type { Actor } from '../actor.ts';
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';

interface PersonRow {
  id: number;
  pending: number;
}

/** Erases signatures. */
export class Erasure {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #audit: AuditLog;
  readonly #statements;
  readonly #onErase: ((campaignId: number, ids: number[]) => void) | undefined;

  /** `onErase` runs inside the erasure's transaction with the erased ids (webhook events). */
  constructor(
    db: Db,
    campaigns: CampaignStore,
    audit: AuditLog,
    onErase?: (campaignId: number, ids: number[]) => void,
  ) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#audit = audit;
    this.#onErase = onErase;
    this.#statements = {
      find: db.prepare<[number], { campaign_id: number; email_hash: string }>(
        'SELECT campaign_id, email_hash FROM signatures WHERE id = ?',
      ),
      // Two queries, so each uses its partial index (signatures_person, signatures_flagged_person).
      counted: db.prepare<[number, string], PersonRow>(
        'SELECT id, pending FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NULL',
      ),
      flagged: db.prepare<[number, string], PersonRow>(
        'SELECT id, pending FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NOT NULL',
      ),
      delete: db.prepare('DELETE FROM signatures WHERE id = ?'),
      // Their mails go too, sent or not (their tokens go with the rows: ON DELETE CASCADE).
      dropMails: db.prepare('DELETE FROM mail_outbox WHERE signature_id = ?'),
      uncount: db.prepare(
        'UPDATE campaigns SET signature_count = signature_count - 1 WHERE id = ?',
      ),
      // Idempotency records keep a hash of the request body, which held the email, and the
      // person's email hash (migration 003): all of theirs go, a retry's included.
      forgetKeys: db.prepare(
        'DELETE FROM idempotency_keys WHERE campaign_id = ? AND email_hash = ?',
      ),
    };
  }

  /** Erases the person a signature belongs to, in its campaign; null when the id is unknown. */
  erase(id: number, actor: Actor): { campaignId: number; rows: number } | null {
    const s = this.#statements;
    const erased = this.#db.transaction(() => {
      const row = s.find.get(id);
      if (!row) return null;
      // A pending row (not yet confirmed) was never counted.
      const counted = s.counted.all(row.campaign_id, row.email_hash).filter((r) => !r.pending);
      const rows = [
        ...s.counted.all(row.campaign_id, row.email_hash),
        ...s.flagged.all(row.campaign_id, row.email_hash),
      ];
      for (const person of rows) {
        s.dropMails.run(person.id);
        s.delete.run(person.id);
      }
      this.#onErase?.(
        row.campaign_id,
        rows.map((person) => person.id),
      );
      s.forgetKeys.run(row.campaign_id, row.email_hash);
      // The unique index allows one counted row a person; the loop keeps it right regardless.
      for (let n = 0; n < counted.length; n++) s.uncount.run(row.campaign_id);
      const campaignId = row.campaign_id;
      this.#audit.record({ campaignId, action: 'erasure', actor, newValue: rows.length });
      return { campaignId: row.campaign_id, counted: counted.length, rows: rows.length };
    })();
    if (!erased) return null;
    if (erased.counted) this.#campaigns.applyCommitted(erased.campaignId, -erased.counted);
    truncateWal(this.#db);
    return { campaignId: erased.campaignId, rows: erased.rows };
  }
}

/**
 * Erased pages may still sit in the WAL: copies them back and truncates it. A reader (a CLI export
 * or backup) may pin old WAL frames; waiting out the usual busy timeout would stall signing, so
 * this tries briefly; if busy, the frames stay in the -wal file until later writes overwrite them
 * or the next erasure's checkpoint truncates it.
 */
export function truncateWal(db: Db): void {
  const patience = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 50');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${patience}`);
  }
}
