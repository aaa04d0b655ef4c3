/**
 * Flag review, decided once for both engines: a rally on one Wi-Fi, a school or a carrier NAT gets
 * real people flagged by the rate limits, so an admin can release a flagged signature into the
 * count, flag a counted one by hand, or keep a flagged one flagged after looking at it.
 *
 * This module only decides. Each engine reads the signature and its person's counted row, hands
 * them here, and writes what the plan says (the row, the campaign's count, the audit row) in one
 * transaction. Releasing never counts a person twice: when the same email already has a counted
 * signature in the campaign, the plan is a refusal and nothing changes. Keeping a flagged row is a
 * decision too: no count changes, but it is audited (`keep`) and stamps `reviewed_at`, so the
 * flagged list can leave out what a person has already looked at. A decision that asks for the
 * state a counted row is already in, or to keep a row that is counted, changes nothing and is not
 * audited.
 */
import type { AuditRecord } from './audit-record.ts';
import type { Actor } from './actor.ts';

/** The flag reason of a signature flagged by hand (the admin's words go to the audit log). */
export const MANUAL_FLAG = 'manual';

/** What an admin asks: count it (`flagged: false`) or flag it, and why. */
export interface FlagDecision {
  flagged: boolean;
  reason?: string;
  /** With `flagged: true`: only keep a flagged row flagged; a counted one is left as it is. */
  keep?: boolean;
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

/**
 * A bulk release: every flagged row of a campaign with one flag that nobody has reviewed yet is
 * decided as `{flagged: false}`, one by one in id order, each as the single decision would be (so
 * audited alike): a person already counted, or counted by an earlier row of the same release,
 * stays flagged, and a row an admin has already kept flagged is left as decided.
 */
export interface BulkRelease {
  flag: string;
  reason?: string;
}

/** What a bulk release did. */
export interface BulkReleased {
  released: number;
  /** Rows left flagged because their person is counted already. */
  stillFlagged: number;
}

/** Rows a bulk release decides in one transaction: short enough that signing never waits long. */
export const RELEASE_CHUNK = 500;

/** What an engine reads before deciding, in the decision's transaction. */
export interface FlagSubject {
  id: number;
  campaignId: number;
  flagged: string | null;
  reviewedAt: number | null;
  /** Waiting for its email confirmation: not counted whatever its flag, until confirmed. */
  pending: boolean;
  /**
   * The person's unflagged signature in the campaign (at most one, by the unique index), if any:
   * counted, or pending its confirmation (releasing another would make the person two rows).
   */
  countedId: number | null;
}

/** What the engine writes, all in one transaction. */
export interface FlagWrite {
  /** The signature's new flag (null: counted) and review time. */
  flagged: string | null;
  reviewedAt: number;
  /** Added to the campaign's stored count. */
  countDelta: -1 | 0 | 1;
  /** A flagged signature becomes counted (webhooks announce it then, never before). */
  released: boolean;
  audit: AuditRecord;
}

/** The decision: the answer, and what to write for it (nothing when `write` is absent). */
export interface FlagPlan {
  outcome: FlagOutcome;
  write?: FlagWrite;
}

/** Decides what `decision` does to `subject` (undefined: no such signature). */
export function planFlag(
  subject: FlagSubject | undefined,
  decision: FlagDecision,
  actor: Actor,
  now: number,
): FlagPlan {
  if (!subject) return { outcome: { kind: 'unknown' } };
  const { id, campaignId } = subject;
  const audit = { campaignId, actor, signatureId: id, reason: decision.reason ?? null };
  if (subject.flagged !== null && decision.flagged) {
    // Kept flagged after review: the count stays, the decision is recorded.
    const flagged = subject.flagged;
    return {
      outcome: { kind: 'done', campaignId, flagged, changed: false, reviewedAt: now },
      write: {
        flagged,
        reviewedAt: now,
        countDelta: 0,
        released: false,
        audit: { ...audit, action: 'keep', flag: flagged },
      },
    };
  }
  if (subject.flagged === null && (!decision.flagged || decision.keep)) {
    const reviewedAt = subject.reviewedAt;
    return { outcome: { kind: 'done', campaignId, flagged: null, changed: false, reviewedAt } };
  }
  if (!decision.flagged && subject.countedId !== null) {
    return { outcome: { kind: 'duplicate', countedId: subject.countedId } };
  }
  const flagged = decision.flagged ? MANUAL_FLAG : null;
  // A pending row is counted, and announced to webhooks, when it is confirmed, not before.
  const counts = !subject.pending;
  return {
    outcome: { kind: 'done', campaignId, flagged, changed: true, reviewedAt: now },
    write: {
      flagged,
      reviewedAt: now,
      countDelta: counts ? (decision.flagged ? -1 : 1) : 0,
      released: counts && !decision.flagged,
      audit: {
        ...audit,
        action: decision.flagged ? 'flag' : 'unflag',
        flag: flagged ?? subject.flagged,
      },
    },
  };
}
