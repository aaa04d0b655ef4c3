/**
 * The two CSV exports on SQLite (their columns: ../export-columns.ts), streamed in constant memory.
 *
 * Rows are read in keyset chunks, each drained synchronously by `.iterate()` inside one `pull()`.
 * An iterator must not stay open across an await: while it is, this connection refuses writes
 * and the signing path would fail. Between chunks the event loop (and signing) runs.
 */
import { ADMIN_COLUMNS } from '../admin-signature.ts';
import type { ExportKind, RawRow } from '../export-columns.ts';
import { CELLS, CHUNK_ROWS, EXPORT_HEADERS } from '../export-columns.ts';
import { BOM, csvLine } from '../export-csv.ts';
import type { Db } from './open.ts';

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
           WHERE campaign_id = ? AND id > ? AND flagged IS NULL AND pending = 0 ORDER BY id LIMIT ?`,
        )
        .raw(),
      // A partner key's export: the rows its partner brought that opted in to it, counted ones (an
      // opt-in given on a campaign with email verification counts once confirmed).
      partner: db
        .prepare<[number, string, number, number], RawRow>(
          `SELECT ${ADMIN_COLUMNS} FROM signatures INDEXED BY signatures_partner
           WHERE campaign_id = ? AND partner = ? AND id > ? AND partner_opt_in = 1 AND flagged IS NULL AND pending = 0
           ORDER BY id LIMIT ?`,
        )
        .raw(),
      countAll: db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = ?',
      ),
      countDelivery: db.prepare<[number], { n: number }>(
        'SELECT COUNT(*) AS n FROM signatures WHERE campaign_id = ? AND flagged IS NULL AND pending = 0',
      ),
    };
  }

  /** How many rows an export will hold (for a progress bar). */
  count(kind: ExportKind, campaignId: number): number {
    const { countAll, countDelivery } = this.#statements;
    return (kind === 'signatures' ? countAll : countDelivery).get(campaignId)!.n;
  }

  /** Counted rows' names and cities, a chunk at a time in id order (the delivery pack). */
  async *deliveryRows(campaignId: number): AsyncGenerator<[name: string, city: string][]> {
    let after = 0;
    for (;;) {
      // Each chunk is read whole (`all`, no iterator left open while the reader awaits).
      const rows = this.#statements.delivery.all(campaignId, after, CHUNK_ROWS);
      if (rows.length) {
        after = rows[rows.length - 1][0] as number;
        yield rows.map((row) => CELLS.delivery(row) as [string, string]);
      }
      if (rows.length < CHUNK_ROWS) return;
    }
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
