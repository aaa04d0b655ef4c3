/**
 * Signatures as admins read them: keyset pages with filters.
 *
 * Pages are keyset pages on `id`: each is one index range scan whatever its depth, so page 1,000
 * of a million rows costs what page 1 costs. A time range is turned into an id range first: the
 * writer stamps `created_at` in the order it inserts, so times rise with ids and a binary search
 * over the id index (some 30 seeks) finds where a time begins, with no index on time to slow
 * every signing INSERT down.
 */
import type { SignaturesQuery } from '../../contract/admin.ts';
import type Database from 'better-sqlite3';
import type { Db } from './open.ts';
import type { AdminRow, AdminSignature, SignaturePage } from '../admin-signature.ts';
import { encodeCursor, LIST_COLUMNS, toSignature } from '../admin-signature.ts';

const REVIEWED_SQL = {
  any: '',
  yes: ' AND reviewed_at IS NOT NULL',
  no: ' AND reviewed_at IS NULL',
} as const;

const FLAGGED_SQL = {
  any: '',
  yes: ' AND flagged IS NOT NULL',
  no: ' AND flagged IS NULL',
} as const;

/**
 * The SQL of one page for a combination of filters, from fixed fragments only. The index is named:
 * without statistics the planner takes signatures_campaign for a partner filter and would walk
 * every other partner's rows. Flagged rows are few, so their partial index wins over the partner's.
 */
export function pageSql(
  query: Pick<
    SignaturesQuery,
    'partner' | 'optIn' | 'partnerOptIn' | 'flagged' | 'reviewed' | 'pending'
  >,
): string {
  const flagged = query.flagged === undefined ? 'any' : query.flagged ? 'yes' : 'no';
  const reviewed = query.reviewed === undefined ? 'any' : query.reviewed ? 'yes' : 'no';
  const byPartner = query.partner !== undefined;
  const index =
    flagged === 'yes'
      ? 'signatures_flagged'
      : byPartner
        ? 'signatures_partner'
        : 'signatures_campaign';
  return (
    `SELECT ${LIST_COLUMNS} FROM signatures INDEXED BY ${index}` +
    ' WHERE campaign_id = @campaignId AND id > @after AND id <= @until' +
    ' AND created_at >= @from AND created_at < @to' +
    (query.partner !== undefined ? ' AND partner = @partner' : '') +
    (query.optIn !== undefined ? ' AND opt_in = @optIn' : '') +
    (query.partnerOptIn !== undefined ? ' AND partner_opt_in = @partnerOptIn' : '') +
    FLAGGED_SQL[flagged] +
    REVIEWED_SQL[reviewed] +
    (query.pending !== undefined ? ` AND pending = ${query.pending ? 1 : 0}` : '') +
    ' ORDER BY id LIMIT @limit'
  );
}

/** Reads signatures for the admin API. */
export class AdminSignatures {
  readonly #db: Db;
  /** Page statements, one per combination of filters (at most 72), prepared on first use. */
  readonly #pages = new Map<string, Database.Statement<Record<string, unknown>, AdminRow>>();
  readonly #statements;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      // The campaign's first row at or after an id: one seek in signatures_campaign.
      atOrAfter: db.prepare<[number, number], { id: number; created_at: number }>(
        'SELECT id, created_at FROM signatures WHERE campaign_id = ? AND id >= ? ORDER BY id LIMIT 1',
      ),
      lastId: db
        .prepare<[number], number>(
          'SELECT id FROM signatures WHERE campaign_id = ? ORDER BY id DESC LIMIT 1',
        )
        .pluck(),
      // A person's rows: two queries, so each uses its partial index.
      countedOf: db.prepare<[number, string], AdminRow>(
        `SELECT ${LIST_COLUMNS} FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NULL`,
      ),
      flaggedOf: db.prepare<[number, string], AdminRow>(
        `SELECT ${LIST_COLUMNS} FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NOT NULL`,
      ),
    };
  }

  #pageStatement(query: SignaturesQuery) {
    const sql = pageSql(query);
    let statement = this.#pages.get(sql);
    if (!statement) {
      statement = this.#db.prepare<Record<string, unknown>, AdminRow>(sql);
      this.#pages.set(sql, statement);
    }
    return statement;
  }

  /** The campaign's smallest id signed at or after `time`, or null: a binary search over ids. */
  #firstIdFrom(campaignId: number, time: number): number | null {
    let low = 0;
    let high = this.#statements.lastId.get(campaignId) ?? -1;
    let found: number | null = null;
    while (low <= high) {
      const row = this.#statements.atOrAfter.get(campaignId, Math.floor((low + high) / 2));
      if (!row || row.id > high) high = Math.floor((low + high) / 2) - 1;
      else if (row.created_at >= time) {
        found = row.id;
        high = row.id - 1;
      } else low = row.id + 1;
    }
    return found;
  }

  /** One page after `after` (an id from a cursor, 0 for the first page). */
  page(campaignId: number, query: SignaturesQuery, after: number): SignaturePage {
    const END = Number.MAX_SAFE_INTEGER;
    const from = query.from ?? 0;
    const to = query.to ?? END;
    let until = END;
    if (query.from !== undefined)
      after = Math.max(after, (this.#firstIdFrom(campaignId, from) ?? END) - 1);
    if (query.to !== undefined) until = (this.#firstIdFrom(campaignId, to) ?? END) - 1;
    const rows = this.#pageStatement(query).all({
      campaignId,
      after,
      until,
      from,
      to,
      partner: query.partner,
      optIn: query.optIn === undefined ? undefined : query.optIn ? 1 : 0,
      partnerOptIn: query.partnerOptIn === undefined ? undefined : query.partnerOptIn ? 1 : 0,
      limit: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit).map(toSignature);
    return { data, nextCursor: more ? encodeCursor(data[data.length - 1].id) : null };
  }

  /** Every row of one person (by email hash) in a campaign, counted or flagged, in id order. */
  ofPerson(campaignId: number, emailHash: string): AdminSignature[] {
    const rows = [
      ...this.#statements.countedOf.all(campaignId, emailHash),
      ...this.#statements.flaggedOf.all(campaignId, emailHash),
    ];
    return rows.sort((a, b) => a.id - b.id).map(toSignature);
  }
}
