/**
 * The mail outbox on PostgreSQL, written: a change's mails go in as rows on the client of its own
 * transaction, so they commit with it or not at all, whichever node made the change. The write
 * notifies every node (MAIL_CHANNEL), delivered once it commits: their workers wake and one of
 * them claims each mail (mails.ts).
 */
import type pg from 'pg';
import type { QueuedMail } from '../../mail/mail.ts';
import type { RecentMail } from '../confirmation-plan.ts';
import { MAIL_DAY_MS, SIGNING_KINDS_SQL } from '../confirmation-plan.ts';

/** The channel that wakes every node's mail worker when mails commit. */
export const MAIL_CHANNEL = 'petition_mail';

// All of a change's mails in one statement, and the wake-up with them.
const INSERT = {
  name: 'mail-outbox-insert',
  text: `WITH queued AS (
           INSERT INTO mail_outbox (kind, recipient, recipient_hash, campaign_id, signature_id, payload,
             state, next_at, created_at)
           SELECT kind, recipient, recipient_hash, campaign_id, signature_id, payload, 'pending', at, at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],
             $7::bigint[]) AS m (kind, recipient, recipient_hash, campaign_id, signature_id, payload, at)
           RETURNING 1)
         SELECT pg_notify('${MAIL_CHANNEL}', 'queued') FROM (SELECT count(*) AS n FROM queued) q WHERE n > 0`,
};

// Each address's signing mails of the last day, and whether one bounced lately.
const RECENT = {
  name: 'mail-outbox-recent',
  text: `SELECT recipient_hash AS hash,
           count(*) FILTER (WHERE kind IN (${SIGNING_KINDS_SQL}) AND created_at > $2) AS mails,
           bool_or(state = 'bounced' AND created_at > $3) AS bounced
         FROM mail_outbox WHERE recipient_hash = ANY($1::text[]) GROUP BY recipient_hash`,
};

/** Queues mails on the caller's transaction. */
export async function writeMails(
  client: pg.ClientBase,
  mails: readonly QueuedMail[],
): Promise<void> {
  if (!mails.length) return;
  const column = <K extends keyof QueuedMail>(key: K) => mails.map((mail) => mail[key]);
  await client.query({
    ...INSERT,
    values: [
      column('kind'),
      column('recipient'),
      column('recipientHash'),
      column('campaignId'),
      column('signatureId'),
      column('payload'),
      column('at'),
    ],
  });
}

/** What the outbox sent these addresses lately, by address hash (absent: nothing). */
export async function recentMail(
  client: pg.ClientBase,
  hashes: readonly string[],
  now: number,
  keepMs: number,
): Promise<Map<string, RecentMail>> {
  const { rows } = await client.query<{ hash: string; mails: number; bounced: boolean }>({
    ...RECENT,
    values: [[...new Set(hashes)], now - MAIL_DAY_MS, now - keepMs],
  });
  return new Map(rows.map((row) => [row.hash, { mails: row.mails, bounced: row.bounced }]));
}
