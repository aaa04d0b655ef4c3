/**
 * Signature pages and a person's rows for the admin API on PostgreSQL, as on SQLite
 * (sqlite/admin-signatures.ts): keyset pages by id with the same cursor and filters, and every row of
 * one email hash. The filters are fixed fragments; values are bound parameters. PostgreSQL keeps
 * statistics, so its planner picks the partner or flagged index itself, and a time range is a
 * plain condition on `created_at` (no binary search over ids needed).
 */
import type pg from 'pg';
import type { SignaturesQuery } from '../../contract/admin.ts';
import type { AdminRow, SignaturePage } from '../admin-signature.ts';
import { encodeCursor, LIST_COLUMNS, toSignature } from '../admin-signature.ts';

/** One page after `after` (an id from a cursor, 0 for the first page). */
export async function signaturePage(
  pool: pg.Pool,
  campaignId: number,
  query: SignaturesQuery,
  after: number,
): Promise<SignaturePage> {
  const values: unknown[] = [
    campaignId,
    after,
    query.from ?? 0,
    query.to ?? Number.MAX_SAFE_INTEGER,
  ];
  let where = 'campaign_id = $1 AND id > $2 AND created_at >= $3 AND created_at < $4';
  const add = (condition: string, value: unknown) => {
    values.push(value);
    where += ` AND ${condition} $${values.length}`;
  };
  if (query.partner !== undefined) add('partner =', query.partner);
  if (query.optIn !== undefined) add('opt_in =', query.optIn ? 1 : 0);
  if (query.partnerOptIn !== undefined) add('partner_opt_in =', query.partnerOptIn ? 1 : 0);
  if (query.flagged !== undefined)
    where += query.flagged ? ' AND flagged IS NOT NULL' : ' AND flagged IS NULL';
  if (query.pending !== undefined) where += ` AND pending = ${query.pending ? 1 : 0}`;
  if (query.reviewed !== undefined)
    where += query.reviewed ? ' AND reviewed_at IS NOT NULL' : ' AND reviewed_at IS NULL';
  values.push(query.limit + 1);
  const { rows } = await pool.query<AdminRow>(
    `SELECT ${LIST_COLUMNS} FROM signatures WHERE ${where} ORDER BY id LIMIT $${values.length}`,
    values,
  );
  const more = rows.length > query.limit;
  const data = rows.slice(0, query.limit).map(toSignature);
  return { data, nextCursor: more ? encodeCursor(data[data.length - 1].id) : null };
}

/** Every row of one person (by email hash) in a campaign, counted or flagged, in id order. */
export async function signaturesOfPerson(pool: pg.Pool, campaignId: number, emailHash: string) {
  const { rows } = await pool.query<AdminRow>({
    name: 'signatures-of-person',
    text: `SELECT ${LIST_COLUMNS} FROM signatures WHERE campaign_id = $1 AND email_hash = $2 ORDER BY id`,
    values: [campaignId, emailHash],
  });
  return rows.map(toSignature);
}
