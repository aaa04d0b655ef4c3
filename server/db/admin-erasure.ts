/**
 * Erasure on request (a data subject's right): the signature's row, its place in the counter and
 * its idempotency records go in one transaction, with an audit row that says an erasure happened,
 * when and by whom, never whose. `secure_delete` (set in open.ts) zeroes the freed bytes; the WAL
 * is checkpointed after, so the old pages do not linger in the -wal file either.
 */
import type { AuditLog } from './admin-audit.ts';
import type { Actor } from './admin-keys.ts';
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';

/** Erases signatures. */
export class Erasure {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #audit: AuditLog;
  readonly #statements;

  constructor(db: Db, campaigns: CampaignStore, audit: AuditLog) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#audit = audit;
    this.#statements = {
      find: db.prepare<[number], { campaign_id: number; flagged: string | null; created_at: number }>(
        'SELECT campaign_id, flagged, created_at FROM signatures WHERE id = ?',
      ),
      delete: db.prepare('DELETE FROM signatures WHERE id = ?'),
      uncount: db.prepare('UPDATE campaigns SET signature_count = signature_count - 1 WHERE id = ?'),
      // Idempotency records keep a hash of the request body, which held the email. They carry no
      // signature id, but the writer stamps them with the signature's own created_at: every
      // record of that campaign and millisecond goes (a neighbour's retry then gets
      // `already_signed` instead of a replay, which counts nobody twice).
      forgetKeys: db.prepare('DELETE FROM idempotency_keys WHERE campaign_id = ? AND created_at = ?'),
      // Erased pages may still sit in the WAL: copy them back and truncate it.
      checkpoint: db.prepare('PRAGMA wal_checkpoint(TRUNCATE)'),
    };
  }

  /** Erases one signature; null when there is none with this id. */
  erase(id: number, actor: Actor): { campaignId: number } | null {
    const s = this.#statements;
    const erased = this.#db.transaction(() => {
      const row = s.find.get(id);
      if (!row) return null;
      s.delete.run(id);
      const counted = row.flagged === null;
      if (counted) s.uncount.run(row.campaign_id);
      s.forgetKeys.run(row.campaign_id, row.created_at);
      this.#audit.record({ campaignId: row.campaign_id, action: 'erasure', actor });
      return { campaignId: row.campaign_id, counted };
    })();
    if (!erased) return null;
    if (erased.counted) this.#campaigns.applyCommitted(erased.campaignId, -1);
    // A reader (a CLI export or backup) may pin old WAL frames. Waiting out the usual busy timeout
    // would stall signing, so try briefly; if busy, the frames stay in the -wal file until later
    // writes overwrite them or the next erasure's checkpoint truncates it.
    const patience = Number(this.#db.pragma('busy_timeout', { simple: true }));
    this.#db.pragma('busy_timeout = 50');
    try {
      s.checkpoint.get();
    } finally {
      this.#db.pragma(`busy_timeout = ${patience}`);
    }
    return { campaignId: erased.campaignId };
  }
}
