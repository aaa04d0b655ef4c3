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
import type { SignatureRow } from './signatures.ts';

/** A signature as the admin API lists it (never its email or IP hash). */
export type AdminSignature = Pick<
  SignatureRow,
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'city'
  | 'postalCode'
  | 'country'
  | 'partner'
  | 'origin'
  | 'referrer'
  | 'flagged'
> & {
  id: number;
  optIn: boolean;
  consent: { version: string; lang: string; at: string };
  /** The partner's opt-in receipt; null when no known partner's opt-in was offered. */
  partnerConsent: { optIn: boolean; version: string; lang: string; at: string } | null;
  utm: Record<string, string> | null;
  createdAt: string;
  /** When a person last decided on it (counted, flagged by hand, kept flagged); null: never. */
  reviewedAt: string | null;
};

/** The row columns an admin may read, in export order. */
export const ADMIN_COLUMNS =
  'id, first_name, last_name, email, city, postal_code, country, opt_in, lang, consent_hash, partner, ' +
  'origin, referrer, utm, flagged, created_at, partner_opt_in, partner_consent_hash, partner_consent_lang';

/** What the admin API lists: ADMIN_COLUMNS and when a person last reviewed the row (not exported). */
export const LIST_COLUMNS = `${ADMIN_COLUMNS}, reviewed_at`;

/** One row of ADMIN_COLUMNS. */
export interface AdminRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  city: string;
  postal_code: string | null;
  country: string | null;
  opt_in: 0 | 1;
  lang: string;
  consent_hash: string;
  partner: string | null;
  origin: string | null;
  referrer: string | null;
  utm: string | null;
  flagged: string | null;
  created_at: number;
  partner_opt_in: 0 | 1;
  partner_consent_hash: string | null;
  partner_consent_lang: string | null;
  /** Listed rows only (LIST_COLUMNS); exports leave it out. */
  reviewed_at?: number | null;
}

/** A partner consent receipt, or null when no known partner's opt-in was offered. */
export function partnerConsentOf(
  optIn: number,
  version: string | null,
  lang: string | null,
  at: string,
) {
  return version === null ? null : { optIn: optIn === 1, version, lang: lang ?? '', at };
}

export function toSignature(row: AdminRow): AdminSignature {
  const at = new Date(row.created_at).toISOString();
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    city: row.city,
    postalCode: row.postal_code,
    country: row.country,
    optIn: row.opt_in === 1,
    consent: { version: row.consent_hash, lang: row.lang, at },
    partnerConsent: partnerConsentOf(
      row.partner_opt_in,
      row.partner_consent_hash,
      row.partner_consent_lang,
      at,
    ),
    partner: row.partner,
    origin: row.origin,
    referrer: row.referrer,
    utm: row.utm === null ? null : JSON.parse(row.utm),
    flagged: row.flagged,
    createdAt: at,
    reviewedAt: row.reviewed_at == null ? null : new Date(row.reviewed_at).toISOString(),
  };
}

/** One page of signatures and the cursor of the next (null on the last). */
export interface SignaturePage {
  data: AdminSignature[];
  nextCursor: string | null;
}

/** An opaque cursor: the last id of the page, versioned so its form can change. */
export function encodeCursor(id: number): string {
  return Buffer.from(`s1.${id}`).toString('base64url');
}

/** The id a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^s1\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  return match ? Number(match[1]) : null;
}

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
  query: Pick<SignaturesQuery, 'partner' | 'optIn' | 'partnerOptIn' | 'flagged' | 'reviewed'>,
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
