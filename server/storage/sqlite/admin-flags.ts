/**
 * Flag review: a rally on one Wi-Fi, a school or a carrier NAT gets real people flagged by the rate
 * limits, so an admin can release a flagged signature into the count, or flag a counted one by
 * hand. The row, the campaign's counter and an audit row (who, which signature, the flag set or
 * lifted, why) change in one transaction; the in-memory counter (and so its ETag) follows after
 * the commit. Releasing a row never counts a person twice: when the same email already has a
 * counted signature in the campaign, the release is refused and nothing changes.
 *
 * Keeping a flagged row flagged is a decision too: it changes no count, but it is audited (`keep`,
 * with the flag kept and why) and stamps the row's `reviewed_at`, as every decision does, so the
 * flagged list can leave out what a person has already looked at.
 */
import type { AuditLog } from './admin-audit.ts';
import type { Actor } from './admin-keys.ts';
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';

/** The flag reason of a signature flagged by hand (the admin's words go to the audit log). */
export const MANUAL_FLAG = 'manual';

/** What an admin asks: count it (`flagged: false`) or flag it, and why. */
export interface FlagDecision {
  flagged: boolean;
  reason?: string;
}

/** What became of a decision. */
export type FlagOutcome =
  | { kind: 'unknown' }
  | { kind: 'duplicate'; countedId: number }
  | {
      kind: 'done';
      campaignId: number;
      flagged: string | null;
      changed: boolean;
      reviewedAt: number | null;
    };

interface Found {
  campaign_id: number;
  email_hash: string;
  flagged: string | null;
  reviewed_at: number | null;
}

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
      find: db.prepare<[number], Found>(
        'SELECT campaign_id, email_hash, flagged, reviewed_at FROM signatures WHERE id = ?',
      ),
      // Through signatures_person: the one counted row a person may have.
      counted: db
        .prepare<[number, string], number>(
          'SELECT id FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NULL',
        )
        .pluck(),
      set: db.prepare('UPDATE signatures SET flagged = ?, reviewed_at = ? WHERE id = ?'),
      count: db.prepare('UPDATE campaigns SET signature_count = signature_count + ? WHERE id = ?'),
    };
  }

  /** Applies a decision to signature `id`; already in the state asked for, nothing changes. */
  decide(id: number, decision: FlagDecision, actor: Actor, now = Date.now()): FlagOutcome {
    const s = this.#statements;
    const outcome = this.#db.transaction((): FlagOutcome => {
      const row = s.find.get(id);
      if (!row) return { kind: 'unknown' };
      const campaignId = row.campaign_id;
      if (row.flagged !== null && decision.flagged) {
        // Kept flagged after review: the count stays, the decision is recorded.
        s.set.run(row.flagged, now, id);
        this.#audit.record(
          {
            campaignId,
            action: 'keep',
            actor,
            signatureId: id,
            flag: row.flagged,
            reason: decision.reason ?? null,
          },
          now,
        );
        return { kind: 'done', campaignId, flagged: row.flagged, changed: false, reviewedAt: now };
      }
      if (row.flagged === null && !decision.flagged) {
        return {
          kind: 'done',
          campaignId,
          flagged: null,
          changed: false,
          reviewedAt: row.reviewed_at,
        };
      }
      if (!decision.flagged) {
        const countedId = s.counted.get(campaignId, row.email_hash);
        if (countedId !== undefined) return { kind: 'duplicate', countedId };
      }
      const flagged = decision.flagged ? MANUAL_FLAG : null;
      s.set.run(flagged, now, id);
      s.count.run(decision.flagged ? -1 : 1, campaignId);
      if (!decision.flagged) this.#onRelease?.(id);
      this.#audit.record(
        {
          campaignId,
          action: decision.flagged ? 'flag' : 'unflag',
          actor,
          signatureId: id,
          flag: decision.flagged ? MANUAL_FLAG : row.flagged,
          reason: decision.reason ?? null,
        },
        now,
      );
      return { kind: 'done', campaignId, flagged, changed: true, reviewedAt: now };
    })();
    if (outcome.kind === 'done' && outcome.changed) {
      this.#campaigns.applyCommitted(outcome.campaignId, outcome.flagged === null ? 1 : -1);
    }
    return outcome;
  }
}
