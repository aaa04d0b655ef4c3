/**
 * The retention sweep on PostgreSQL (see retention-storage.ts for what an erasure does), as on
 * SQLite: a step of RETENTION_STEP rows a transaction, then one that finds nothing left, marks the
 * campaign erased, writes the audit row and tells every node (NOTIFY).
 *
 * Every node sweeps. Each step locks the campaign's row with SKIP LOCKED: while one node erases a
 * step, another skips the campaign, and each step reads the rows still unerased under that lock,
 * so no row's place is kept twice and only one node writes the audit row.
 */
import type pg from 'pg';
import { recordAudit } from './audit.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { notifyCampaign } from './campaigns.ts';
import { transaction } from './open.ts';
import type { RetentionResult } from '../retention-storage.ts';
import { dueWhere, ERASED_COLUMNS, RETENTION_STEP, retentionAudit } from '../retention-storage.ts';

const DUE_ALL = { name: 'retention-due', text: `SELECT id FROM campaigns WHERE ${dueWhere('$1')}` };
const LOCK = {
  name: 'retention-lock',
  text: `SELECT closed_at FROM campaigns WHERE id = $1 AND ${dueWhere('$2')} FOR UPDATE SKIP LOCKED`,
};
const NEXT = {
  name: 'retention-next',
  text: `SELECT id FROM signatures WHERE campaign_id = $1 AND erased_at IS NULL ORDER BY id LIMIT $2`,
};
/** Each of these takes the step's ids as $1. */
const STEP = [
  `INSERT INTO retained_places (campaign_id, country, city, signatures)
   SELECT campaign_id, country, city, count(*) FROM signatures
   WHERE id = ANY($1::bigint[]) AND flagged IS NULL AND pending = 0 GROUP BY campaign_id, country, city`,
  'DELETE FROM confirmation_tokens WHERE signature_id = ANY($1::bigint[])',
  `DELETE FROM mail_outbox WHERE signature_id = ANY($1::bigint[]) AND state <> 'bounced'`,
  `UPDATE mail_outbox SET recipient = NULL, payload = NULL, recipient_hash = 'erased'
   WHERE signature_id = ANY($1::bigint[])`,
  `UPDATE webhook_deliveries SET body = NULL, lease_owner = NULL, lease_until = NULL,
     state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'erased' END
   WHERE signature_id = ANY($1::bigint[]) AND body IS NOT NULL`,
];
const ROWS = `UPDATE signatures SET ${ERASED_COLUMNS}, email_hash = 'erased:' || id, erased_at = $2
  WHERE id = ANY($1::bigint[])`;

type Step = { erased: number } | { finished: number } | { skipped: true };

async function step(pool: pg.Pool, campaignId: number, now: number): Promise<Step> {
  return transaction(pool, async (client): Promise<Step> => {
    const due = await client.query<{ closed_at: number }>({ ...LOCK, values: [campaignId, now] });
    if (!due.rows[0]) return { skipped: true };
    const next = await client.query<{ id: number }>({
      ...NEXT,
      values: [campaignId, RETENTION_STEP],
    });
    const ids = next.rows.map((row) => row.id);
    if (!ids.length) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM signatures WHERE campaign_id = $1 AND erased_at >= $2',
        [campaignId, due.rows[0].closed_at],
      );
      await client.query('DELETE FROM idempotency_keys WHERE campaign_id = $1', [campaignId]);
      await client.query('UPDATE campaigns SET data_erased_at = $2 WHERE id = $1', [
        campaignId,
        now,
      ]);
      await recordAudit(client, retentionAudit(campaignId, rows[0].n), now);
      await notifyCampaign(client, campaignId);
      return { finished: rows[0].n };
    }
    for (const text of STEP) await client.query(text, [ids]);
    const erased = await client.query(ROWS, [ids, now]);
    return { erased: erased.rowCount ?? 0 };
  });
}

/** Erases the personal data of every campaign due at `now`; this node's memory knows at once. */
export async function sweepRetention(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  now: number,
): Promise<RetentionResult> {
  const result: RetentionResult = new Map();
  const { rows } = await pool.query<{ id: number }>({ ...DUE_ALL, values: [now] });
  for (const { id } of rows) {
    for (;;) {
      const done = await step(pool, id, now);
      if ('erased' in done) continue;
      if ('finished' in done) {
        result.set(id, done.finished);
        await campaigns.reload(id);
      }
      break;
    }
  }
  return result;
}
