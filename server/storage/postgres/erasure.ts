/**
 * Erasure on PostgreSQL: as on SQLite (sqlite/erasure.ts), the person's rows in the campaign,
 * their place in the counter and their idempotency records go in one transaction with an audit
 * row that never says whose; every node hears the new count. Deleted tuples are gone for readers
 * at once and their space is reclaimed by VACUUM; backups and WAL archives keep them until they
 * expire (README: "Running on PostgreSQL").
 */
import type pg from 'pg';
import type { Actor } from '../actor.ts';
import { recordAudit } from './audit.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { COUNT } from './campaigns.ts';
import { transaction } from './open.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';

export async function erasePerson(
  pool: pg.Pool,
  campaigns: PgCampaignStore,
  id: number,
  actor: Actor,
  outbox?: PgWebhookOutbox,
) {
  const erased = await transaction(pool, async (client) => {
    const found = await client.query(
      'SELECT campaign_id, email_hash FROM signatures WHERE id = $1',
      [id],
    );
    if (!found.rows[0]) return null;
    const { campaign_id: campaignId, email_hash: emailHash } = found.rows[0];
    const deleted = await client.query<{ id: number; counted: boolean }>(
      'DELETE FROM signatures WHERE campaign_id = $1 AND email_hash = $2 RETURNING id, flagged IS NULL AND pending = 0 AS counted',
      [campaignId, emailHash],
    );
    // Their mails go too, sent or not (their tokens went with the rows: ON DELETE CASCADE).
    await client.query('DELETE FROM mail_outbox WHERE signature_id = ANY($1::bigint[])', [
      deleted.rows.map((row) => row.id),
    ]);
    // Hooks that may have it hear of the erasure; what was never sent is dropped.
    await outbox?.signaturesErased(
      client,
      campaignId,
      deleted.rows.map((row) => row.id),
    );
    const counted = deleted.rows.filter((row) => row.counted).length;
    await client.query('DELETE FROM idempotency_keys WHERE campaign_id = $1 AND email_hash = $2', [
      campaignId,
      emailHash,
    ]);
    const count = await client.query({ ...COUNT, values: [campaignId, -counted] });
    const rows = deleted.rows.length;
    await recordAudit(client, { campaignId, action: 'erasure', actor, newValue: rows });
    return { campaignId: campaignId as number, rows, count: count.rows[0] };
  });
  if (!erased) return null;
  // This node shows the erasure at once; the others hear of it.
  campaigns.applyCount(erased.campaignId, erased.count.signature_count, erased.count.count_version);
  return { campaignId: erased.campaignId, rows: erased.rows };
}
