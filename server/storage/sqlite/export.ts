/**
 * The two CSV exports, streamed in constant memory.
 *
 * `signatures.csv` holds everything the organisation holds about each signature: the person, the
 * consent receipt (notice version, language, time, opt-in), attribution (partner, page origin,
 * referrer origin, utm) and the flag. Not the email and IP hashes: they are keyed with the server
 * secret, mean nothing outside it, and a copy of them in a spreadsheet only widens what can leak.
 * `delivery.csv` keeps the promise on the form: name and city, nothing else, no flagged rows.
 *
 * Rows are read in keyset chunks, each drained synchronously by `.iterate()` inside one `pull()`.
 * An iterator must not stay open across an await: while it is, this connection refuses writes
 * and the signing path would fail. Between chunks the event loop (and signing) runs.
 */
import { ADMIN_COLUMNS } from './admin-signatures.ts';
import { BOM, csvLine } from './export-csv.ts';
import type { Db } from './open.ts';

export const EXPORT_KINDS = ['signatures', 'delivery'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Column headers, in file order. */
export const EXPORT_HEADERS: Record<ExportKind, readonly string[]> = {
  signatures: [
    'id',
    'signed_at',
    'first_name',
    'last_name',
    'email',
    'city',
    'postal_code',
    'country',
    'opt_in',
    'consent_version',
    'consent_lang',
    'partner',
    'origin',
    'referrer',
    'utm',
    'flagged',
    'partner_opt_in',
    'partner_consent_version',
    'partner_consent_lang',
  ],
  delivery: ['name', 'city'],
};

/** A row as an array, in ADMIN_COLUMNS order (or id, first, last, city for delivery). */
export type RawRow = (string | number | null)[];

// Statements run in raw mode: building a 16-key object per row costs more than reading it.
export const CELLS: Record<ExportKind, (row: RawRow) => RawRow> = {
  // By index into ADMIN_COLUMNS (id 0, names 1-2, email 3, city 4, postal 5, country 6, opt_in 7,
  // lang 8, consent 9, partner 10, origin 11, referrer 12, utm 13, flagged 14, created_at 15,
  // partner_opt_in 16, partner_consent_hash 17, partner_consent_lang 18):
  // no destructuring copies on the hot path of a million-row export.
  signatures: (r) => [
    r[0],
    new Date(r[15] as number).toISOString(),
    r[1],
    r[2],
    r[3],
    r[4],
    r[5],
    r[6],
    r[7] ? 'yes' : 'no',
    r[9],
    r[8],
    r[10],
    r[11],
    r[12],
    r[13],
    r[14],
    // No partner opt-in offered: empty, not "no" (nobody was asked).
    r[17] === null ? null : r[16] ? 'yes' : 'no',
    r[17],
    r[18],
  ],
  delivery: ([, first, last, city]) => [`${first} ${last}`, city],
};

/** Rows per chunk: big enough to amortise the query, small enough to keep signing responsive. */
export const CHUNK_ROWS = 1000;

/** Builds export streams over prepared statements. */
export class Exports {
  readonly #statements;

  constructor(db: Db) {
    this.#statements = {
      signatures: db
        .prepare<[number, number, number], RawRow>(
          `SELECT ${ADMIN_COLUMNS} FROM signatures WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?`,
        )
        .raw(),
      delivery: db
        .prepare<[number, number, number], RawRow>(
          `SELECT id, first_name, last_name, city FROM signatures
           WHERE campaign_id = ? AND id > ? AND flagged IS NULL ORDER BY id LIMIT ?`,
        )
        .raw(),
      // A partner key's export: the rows its partner brought that opted in to it, counted ones.
      partner: db
        .prepare<[number, string, number, number], RawRow>(
          `SELECT ${ADMIN_COLUMNS} FROM signatures INDEXED BY signatures_partner
           WHERE campaign_id = ? AND partner = ? AND id > ? AND partner_opt_in = 1 AND flagged IS NULL
           ORDER BY id LIMIT ?`,
        )
        .raw(),
      countAll: db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = ?',
      ),
      countDelivery: db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = ? AND flagged IS NULL',
      ),
    };
  }

  /** How many rows an export will hold (for a progress bar). */
  count(kind: ExportKind, campaignId: number): number {
    const { countAll, countDelivery } = this.#statements;
    return (kind === 'signatures' ? countAll : countDelivery).get(campaignId)!.n;
  }

  /**
   * The export as a byte stream; `onRows` hears how many rows each chunk carried. With `partner`
   * (a partner key's signatures.csv), only the rows that partner may see.
   */
  stream(
    kind: ExportKind,
    campaignId: number,
    onRows?: (rows: number) => void,
    partner?: string,
  ): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const statements = this.#statements;
    const rowsAfter = (after: number) =>
      partner === undefined
        ? statements[kind].iterate(campaignId, after, CHUNK_ROWS)
        : statements.partner.iterate(campaignId, partner, after, CHUNK_ROWS);
    const cells = CELLS[kind];
    let text = BOM + csvLine(EXPORT_HEADERS[kind]);
    let after = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        let rows = 0;
        for (const row of rowsAfter(after)) {
          text += csvLine(cells(row));
          after = row[0] as number;
          rows++;
        }
        controller.enqueue(encoder.encode(text));
        text = '';
        onRows?.(rows);
        if (rows < CHUNK_ROWS) controller.close();
      },
    });
  }
}

/** The `Content-Disposition` of an export: always an attachment, named after campaign and kind. */
export function exportFileName(slug: string, kind: ExportKind): string {
  // API-made slugs are [a-z0-9-] already; one made another way must not break the header.
  return `attachment; filename="${slug.replace(/[^a-z0-9-]/gi, '_')}-${kind}.csv"`;
}
