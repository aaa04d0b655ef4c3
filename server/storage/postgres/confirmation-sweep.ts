/**
 * The confirmation sweep on PostgreSQL, as on SQLite (sqlite/confirmation-sweep.ts): one reminder
 * for each unflagged signature of an open campaign still unconfirmed after `remindAfterMs`, then
 * every signature still unconfirmed after `keepMs` deleted with its tokens and mails, each
 * campaign's number audited with the server as its actor.
 *
 * Every node sweeps; the rows each step takes are locked with SKIP LOCKED, so two nodes sweeping at
 * once share the work and never remind or count a row twice.
 */
import type pg from 'pg';
import type { ConfirmationPolicy, SigningMail } from '../confirmation-plan.ts';
import { linkMail } from '../confirmation-plan.ts';
import type { DueReminder as Due, SweepResult, SweepTimes } from '../confirmation-storage.ts';
import { recordAudit } from './audit.ts';
import { writePlanned } from './confirmations.ts';
import { recentMail } from './mail-outbox.ts';
import { transaction } from './open.ts';

/** Rows a transaction. */
const STEP = 500;

const DUE = {
  name: 'sweep-due',
  text: `UPDATE signatures s SET reminded_at = $3
         WHERE s.id IN (SELECT p.id FROM signatures p JOIN campaigns c ON c.id = p.campaign_id
           WHERE p.pending = 1 AND p.created_at <= $1 AND p.created_at > $2 AND p.reminded_at IS NULL
             AND p.flagged IS NULL AND c.status = 'open'
           ORDER BY p.created_at LIMIT $4 FOR UPDATE OF p SKIP LOCKED)
         RETURNING s.id, s.campaign_id AS "campaignId", s.email, s.email_hash AS "emailHash", s.lang,
           s.first_name AS "firstName", s.city`,
};
const EXPIRED = {
  name: 'sweep-expired',
  text: `SELECT id, campaign_id AS "campaignId" FROM signatures
         WHERE pending = 1 AND created_at <= $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
};

/** One sweep at `now`. Pending rows were never counted: no count changes. */
export async function sweepConfirmations(
  pool: pg.Pool,
  times: SweepTimes,
  policy: ConfirmationPolicy,
  now: number,
): Promise<SweepResult> {
  const result: SweepResult = { reminded: 0, deleted: new Map() };
  const keepFrom = now - times.keepMs;
  for (let more = true; more; ) {
    more = await transaction(pool, async (client) => {
      const { rows } = await client.query<Due>({
        ...DUE,
        values: [now - times.remindAfterMs, keepFrom, now, STEP],
      });
      const recent = await recentMail(
        client,
        rows.map((row) => row.emailHash),
        now,
        policy.keepMs,
      );
      const planned: SigningMail[] = rows
        .filter((row) => !recent.get(row.emailHash)?.bounced)
        .map((row) => linkMail('reminder', row, row, policy, now));
      await writePlanned(client, planned);
      result.reminded += planned.length;
      return rows.length === STEP;
    });
  }
  for (let more = true; more; ) {
    more = await transaction(pool, async (client) => {
      const { rows } = await client.query<{ id: number; campaignId: number }>({
        ...EXPIRED,
        values: [keepFrom, STEP],
      });
      const ids = rows.map((row) => row.id);
      // Their tokens go with them (ON DELETE CASCADE); an unsent mail would carry a dead link.
      await client.query('DELETE FROM mail_outbox WHERE signature_id = ANY($1::bigint[])', [ids]);
      await client.query('DELETE FROM signatures WHERE id = ANY($1::bigint[])', [ids]);
      const byCampaign = new Map<number, number>();
      for (const { campaignId } of rows)
        byCampaign.set(campaignId, (byCampaign.get(campaignId) ?? 0) + 1);
      for (const [campaignId, deleted] of byCampaign) {
        const actor = { kind: 'server' as const };
        await recordAudit(
          client,
          { campaignId, action: 'unconfirmed_deleted', actor, newValue: deleted },
          now,
        );
        result.deleted.set(campaignId, (result.deleted.get(campaignId) ?? 0) + deleted);
      }
      return rows.length === STEP;
    });
  }
  // Sent mails keep nothing but their address's hash; past the retention, not even that.
  await pool.query(
    `DELETE FROM mail_outbox WHERE state IN ('sent', 'failed') AND created_at <= $1`,
    [keepFrom],
  );
  return result;
}
