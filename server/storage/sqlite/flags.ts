/**
 * Flag review on SQLite: the decision is made in storage/flag-decision.ts (shared with
 * PostgreSQL); this module reads the signature and its person's counted row, and writes the row,
 * the campaign's counter and the audit row in one transaction. The in-memory counter (and so its
 * ETag) follows after the commit. SQLite has one writer, so two decisions never interleave. A bulk
 * release makes the same decision row by row, a chunk of rows a transaction.
 */
import type {
  BulkRelease,
  BulkReleased,
  FlagDecision,
  FlagOutcome,
  FlagPlan,
  FlagSubject,
} from '../flag-decision.ts';
import { planFlag, RELEASE_CHUNK } from '../flag-decision.ts';
import type { AuditLog } from './audit.ts';
import type { Actor } from '../actor.ts';
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';

/** Changes whether signatures are counted. */
export class FlagReview {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #audit: AuditLog;
  readonly #statements;
  readonly #onRelease: ((id: number) => void) | undefined;

  /** `onRelease` runs inside the transaction that counts a flagged signature (webhook events). */
  constructor(db: Db, campaigns: CampaignStore, audit: AuditLog, onRelease?: (id: number) => void) {
    this.#onRelease = onRelease;
    this.#db = db;
    this.#campaigns = campaigns;
    this.#audit = audit;
    this.#statements = {
      // The person's counted row through signatures_person: a person has at most one.
      find: db.prepare<[number], Omit<FlagSubject, 'pending'> & { pending: number }>(
        `SELECT id, campaign_id AS campaignId, flagged, reviewed_at AS reviewedAt, pending,
           (SELECT counted.id FROM signatures counted WHERE counted.campaign_id = s.campaign_id
              AND counted.email_hash = s.email_hash AND counted.flagged IS NULL) AS countedId
         FROM signatures s WHERE id = ?`,
      ),
      set: db.prepare('UPDATE signatures SET flagged = ?, reviewed_at = ? WHERE id = ?'),
      count: db.prepare('UPDATE campaigns SET signature_count = signature_count + ? WHERE id = ?'),
      unreviewed: db
        .prepare<[number, string, number, number], number>(
          `SELECT id FROM signatures WHERE campaign_id = ? AND flagged = ? AND reviewed_at IS NULL
           AND id > ? ORDER BY id LIMIT ?`,
        )
        .pluck(),
    };
  }

  /** Decides on `id` and writes the plan, inside the caller's transaction. */
  #apply(id: number, decision: FlagDecision, actor: Actor, now: number): FlagPlan {
    const s = this.#statements;
    const found = s.find.get(id);
    // SQLite answers 0 or 1.
    const plan = planFlag(
      found && { ...found, pending: found.pending === 1 },
      decision,
      actor,
      now,
    );
    const { write } = plan;
    if (!write) return plan;
    s.set.run(write.flagged, write.reviewedAt, id);
    if (write.countDelta) s.count.run(write.countDelta, write.audit.campaignId);
    if (write.released) this.#onRelease?.(id);
    this.#audit.record(write.audit, now);
    return plan;
  }

  /** Applies a decision to signature `id`; already in the state asked for, nothing changes. */
  decide(id: number, decision: FlagDecision, actor: Actor, now = Date.now()): FlagOutcome {
    const { outcome, write } = this.#db.transaction(() => this.#apply(id, decision, actor, now))();
    if (write?.countDelta) this.#campaigns.applyCommitted(write.audit.campaignId, write.countDelta);
    return outcome;
  }

  /**
   * Releases every unreviewed row of the campaign with `release.flag`, a chunk a transaction;
   * `between` runs before each (the caller waits there for the writer thread to be idle).
   */
  async release(
    campaignId: number,
    release: BulkRelease,
    actor: Actor,
    between: () => Promise<void>,
  ): Promise<BulkReleased> {
    const done: BulkReleased = { released: 0, stillFlagged: 0 };
    const decision = { flagged: false, reason: release.reason };
    for (let after = 0, more = true; more; ) {
      await between();
      const now = Date.now();
      const { released, counted } = this.#db.transaction(() => {
        const ids = this.#statements.unreviewed.all(campaignId, release.flag, after, RELEASE_CHUNK);
        more = ids.length === RELEASE_CHUNK;
        let released = 0;
        let counted = 0;
        for (const id of ids) {
          after = id;
          const { write } = this.#apply(id, decision, actor, now);
          if (write?.flagged !== null) {
            done.stillFlagged++;
            continue;
          }
          released++;
          // A row still waiting for its email confirmation counts once confirmed.
          counted += write.countDelta;
        }
        return { released, counted };
      })();
      if (counted) this.#campaigns.applyCommitted(campaignId, counted);
      done.released += released;
    }
    return done;
  }
}
