/**
 * Flag review on PostgreSQL: the decision is made in storage/flag-decision.ts (shared with
 * SQLite); this module reads the signature (locked, so two admins or two nodes deciding on it take
 * turns) and its person's counted row, and writes the row, the count and an audit row in one
 * transaction.
 *
 * Two releases of two flagged rows of one person (or a release and a new signature of theirs) can
 * both find no counted row before either commits. The unique index on counted rows then refuses
 * the later one's UPDATE; the decision is read and made again after that commit, so the loser is
 * told who counts (409) instead of failing, and nobody is counted twice.
 */
import type pg from 'pg';
import type {
  BulkRelease,
  BulkReleased,
  FlagDecision,
  FlagOutcome,
  FlagPlan,
  FlagSubject,
} from '../flag-decision.ts';
import { planFlag, RELEASE_CHUNK } from '../flag-decision.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from './audit.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { COUNT } from './campaigns.ts';
import { transaction } from './open.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';

/** Attempts at a decision that a concurrent commit for the same person keeps refusing. */
const ATTEMPTS = 3;

const FIND = {
  name: 'flag-subject',
  text: `SELECT id, campaign_id AS "campaignId", flagged, reviewed_at AS "reviewedAt", pending = 1 AS pending,
           (SELECT counted.id FROM signatures counted WHERE counted.campaign_id = s.campaign_id
              AND counted.email_hash = s.email_hash AND counted.flagged IS NULL) AS "countedId"
         FROM signatures s WHERE id = $1 FOR UPDATE`,
};

/** The unique index on a person's counted row refused a write (another commit counted them). */
const isCountedTwice = (error: unknown) =>
  (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'signatures_person';

/** Applies a decision to signature `id`, as SQLite's FlagReview does. */
export async function decideFlag(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  id: number,
  decision: FlagDecision,
  actor: Actor,
  outbox?: PgWebhookOutbox,
  now = Date.now(),
): Promise<FlagOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await decideOnce(pool, campaigns, id, decision, actor, outbox, now);
    } catch (error) {
      if (!isCountedTwice(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

type Count = { signature_count: number; count_version: number };

/** Decides on `id` (locked) and writes the row, its audit and its webhook event; not the count. */
async function apply(
  client: pg.PoolClient,
  id: number,
  decision: FlagDecision,
  actor: Actor,
  outbox: PgWebhookOutbox | undefined,
  now: number,
): Promise<FlagPlan> {
  const found = await client.query<FlagSubject>({ ...FIND, values: [id] });
  const plan = planFlag(found.rows[0], decision, actor, now);
  const { write } = plan;
  if (!write) return plan;
  await client.query('UPDATE signatures SET flagged = $2, reviewed_at = $3 WHERE id = $1', [
    id,
    write.flagged,
    write.reviewedAt,
  ]);
  await recordAudit(client, write.audit, now);
  // Released into the count: hooks get it now, as they would have had it not been flagged.
  if (write.released) await outbox?.signatureReleased(client, id);
  return plan;
}

async function decideOnce(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  id: number,
  decision: FlagDecision,
  actor: Actor,
  outbox: PgWebhookOutbox | undefined,
  now: number,
): Promise<FlagOutcome> {
  let count: Count | undefined;
  const { outcome } = await transaction(pool, async (client): Promise<FlagPlan> => {
    const plan = await apply(client, id, decision, actor, outbox, now);
    const { write } = plan;
    if (write?.countDelta) {
      const values = [write.audit.campaignId, write.countDelta];
      count = (await client.query({ ...COUNT, values })).rows[0];
    }
    return plan;
  });
  if (count && outcome.kind === 'done')
    campaigns.applyCount(outcome.campaignId, count.signature_count, count.count_version);
  return outcome;
}

/**
 * Releases every unreviewed row of the campaign with `release.flag`, a chunk a transaction, each
 * row as decideFlag would. A row whose person another commit counted meanwhile (the unique index
 * refuses it) is rolled back to its savepoint and stays flagged; the rest of the chunk goes on.
 */
export async function releaseFlagged(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  campaignId: number,
  release: BulkRelease,
  actor: Actor,
  outbox?: PgWebhookOutbox,
): Promise<BulkReleased> {
  const done: BulkReleased = { released: 0, stillFlagged: 0 };
  const decision = { flagged: false, reason: release.reason };
  for (let after = 0, more = true; more; ) {
    const now = Date.now();
    let count: Count | undefined;
    await transaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM signatures WHERE campaign_id = $1 AND flagged = $2 AND reviewed_at IS NULL
         AND id > $3 ORDER BY id LIMIT $4`,
        [campaignId, release.flag, after, RELEASE_CHUNK],
      );
      more = rows.length === RELEASE_CHUNK;
      let released = 0;
      let counted = 0;
      for (const row of rows) {
        const id = Number(row.id);
        after = id;
        await client.query('SAVEPOINT one');
        try {
          const { write } = await apply(client, id, decision, actor, outbox, now);
          if (write?.flagged === null) {
            released++;
            // A row still waiting for its email confirmation counts once confirmed.
            counted += write.countDelta;
          } else done.stillFlagged++;
          await client.query('RELEASE SAVEPOINT one');
        } catch (error) {
          if (!isCountedTwice(error)) throw error;
          await client.query('ROLLBACK TO SAVEPOINT one');
          done.stillFlagged++;
        }
      }
      if (counted)
        count = (await client.query({ ...COUNT, values: [campaignId, counted] })).rows[0];
      done.released += released;
    });
    if (count) campaigns.applyCount(campaignId, count.signature_count, count.count_version);
  }
  return done;
}
