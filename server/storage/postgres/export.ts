/**
 * The CSV exports and the delivery pack's rows on PostgreSQL, streamed through a server-side cursor in constant memory.
 *
 * One client holds a read-only REPEATABLE READ transaction with a cursor over the rows; each
 * `pull()` fetches the next chunk, so memory holds one chunk whatever the campaign's size, the
 * file is one consistent snapshot, and signing goes on through the pool's other clients. The
 * client goes back to the pool when the file ends or the reader cancels.
 *
 * Nothing is taken before the body is read (the stream's high-water mark is 0, the client taken on
 * the second `pull()`, after the header): a body nobody reads and nobody cancels, as a HEAD request's (Hono answers
 * HEAD with the GET's headers and drops its body), would otherwise hold a pooled client and its
 * transaction for good; ten such requests left a node unable to sign.
 */
import type pg from 'pg';
import { ADMIN_COLUMNS } from '../admin-signature.ts';
import type { ExportKind, RawRow } from '../export-columns.ts';
import { CELLS, CHUNK_ROWS, EXPORT_HEADERS } from '../export-columns.ts';
import { BOM, csvLine } from '../export-csv.ts';
import type { ExportStorage } from '../storage.ts';

const QUERIES: Record<ExportKind | 'partner', string> = {
  signatures: `SELECT ${ADMIN_COLUMNS} FROM signatures WHERE campaign_id = $1 ORDER BY id`,
  delivery: `SELECT id, first_name, last_name, city FROM signatures
             WHERE campaign_id = $1 AND flagged IS NULL AND pending = 0 ORDER BY id`,
  // A partner key's export: the rows its partner brought that opted in to it, counted ones (an
  // opt-in given on a campaign with email verification counts once confirmed).
  partner: `SELECT ${ADMIN_COLUMNS} FROM signatures
            WHERE campaign_id = $1 AND partner = $2 AND partner_opt_in = 1 AND flagged IS NULL AND pending = 0 ORDER BY id`,
};

export class PgExports implements ExportStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async count(kind: ExportKind, campaignId: number): Promise<number> {
    const where = kind === 'signatures' ? '' : ' AND flagged IS NULL AND pending = 0';
    const { rows } = await this.#pool.query(
      `SELECT count(*) AS n FROM signatures WHERE campaign_id = $1${where}`,
      [campaignId],
    );
    return rows[0].n;
  }

  /**
   * Rows of `query` a chunk at a time through a cursor in one REPEATABLE READ READ ONLY
   * transaction (one snapshot); the client is taken at the first `next()` and given back when the
   * rows end, or rolled back when the reader stops early (`return()`) or a query fails.
   */
  async *#chunks(query: string, values: unknown[]): AsyncGenerator<RawRow[]> {
    const client = await this.#pool.connect();
    let outcome: 'COMMIT' | 'ROLLBACK' = 'ROLLBACK';
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${query}`, values);
      for (;;) {
        const { rows } = await client.query<RawRow[]>({
          text: `FETCH ${CHUNK_ROWS} FROM export_rows`,
          rowMode: 'array',
        });
        const chunk = rows as unknown as RawRow[];
        if (chunk.length === CHUNK_ROWS) {
          yield chunk;
          continue;
        }
        outcome = 'COMMIT';
        if (chunk.length) yield chunk;
        return;
      }
    } finally {
      let broken: Error | undefined;
      await client.query(outcome).catch((error: Error) => (broken = error));
      client.release(broken);
    }
  }

  async *deliveryRows(campaignId: number): AsyncGenerator<[name: string, city: string][]> {
    for await (const chunk of this.#chunks(QUERIES.delivery, [campaignId]))
      yield chunk.map((row) => CELLS.delivery(row) as [string, string]);
  }

  stream(kind: ExportKind, campaignId: number, onRows?: (rows: number) => void, partner?: string) {
    const encoder = new TextEncoder();
    const cells = CELLS[kind];
    const query = partner === undefined ? QUERIES[kind] : QUERIES.partner;
    const values = partner === undefined ? [campaignId] : [campaignId, partner];
    const open = () => this.#chunks(query, values);
    let chunks: AsyncGenerator<RawRow[]> | null = null;
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          // Nothing is taken before the body is read: the cursor opens on the second pull.
          if (!chunks) {
            chunks = open();
            controller.enqueue(encoder.encode(BOM + csvLine(EXPORT_HEADERS[kind])));
            return;
          }
          try {
            const next = await chunks.next();
            if (next.done) {
              controller.close();
              return;
            }
            let text = '';
            for (const row of next.value) text += csvLine(cells(row));
            controller.enqueue(encoder.encode(text));
            onRows?.(next.value.length);
          } catch (error) {
            controller.error(error);
          }
        },
        cancel: () => chunks?.return(undefined).then(() => undefined),
      },
      { highWaterMark: 0 },
    );
  }
}
