/**
 * Flag review on PostgreSQL, as on SQLite (db/admin-flags.ts): release a flagged signature into
 * the count or flag a counted one by hand, with the count and an audit row in one transaction.
 * The signature's row is locked first, so two admins (or two nodes) deciding on it take turns;
 * releasing never counts a person twice: the check finds their counted row, and the unique index
 * on counted rows refuses a release that races another.
 */
import type pg from 'pg';
import type { FlagDecision, FlagOutcome } from '../sqlite/admin-flags.ts';
import { MANUAL_FLAG } from '../sqlite/admin-flags.ts';
import type { Actor } from '../sqlite/admin-keys.ts';
import { recordAudit } from './audit.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { COUNT } from './campaigns.ts';
import { transaction } from './open.ts';

export async function decideFlag(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  id: number,
  decision: FlagDecision,
  actor: Actor,
  now = Date.now(),
): Promise<FlagOutcome> {
  let count: { signature_count: number; count_version: number } | undefined;
  const outcome = await transaction(pool, async (client): Promise<FlagOutcome> => {
    const found = await client.query(
      'SELECT campaign_id, email_hash, flagged, reviewed_at FROM signatures WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = found.rows[0];
    if (!row) return { kind: 'unknown' };
    const campaignId = row.campaign_id as number;
    const audit = { campaignId, actor, signatureId: id, reason: decision.reason ?? null };
    if (row.flagged !== null && decision.flagged) {
      // Kept flagged after review: the count stays, the decision is recorded.
      await client.query('UPDATE signatures SET reviewed_at = $2 WHERE id = $1', [id, now]);
      await recordAudit(client, { ...audit, action: 'keep', flag: row.flagged }, now);
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
      const counted = await client.query(
        'SELECT id FROM signatures WHERE campaign_id = $1 AND email_hash = $2 AND flagged IS NULL',
        [campaignId, row.email_hash],
      );
      if (counted.rows[0]) return { kind: 'duplicate', countedId: counted.rows[0].id };
    }
    const flagged = decision.flagged ? MANUAL_FLAG : null;
    await client.query('UPDATE signatures SET flagged = $2, reviewed_at = $3 WHERE id = $1', [
      id,
      flagged,
      now,
    ]);
    count = (await client.query({ ...COUNT, values: [campaignId, decision.flagged ? -1 : 1] }))
      .rows[0];
    await recordAudit(
      client,
      { ...audit, action: decision.flagged ? 'flag' : 'unflag', flag: flagged ?? row.flagged },
      now,
    );
    return { kind: 'done', campaignId, flagged, changed: true, reviewedAt: now };
  });
  if (count && outcome.kind === 'done')
    campaigns.applyCount(outcome.campaignId, count.signature_count, count.count_version);
  return outcome;
}
