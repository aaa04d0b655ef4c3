/**
 * The CSV exports on PostgreSQL, streamed through a server-side cursor in constant memory.
 *
 * One client holds a read-only REPEATABLE READ transaction with a cursor over the rows; each
 * `pull()` fetches the next chunk, so memory holds one chunk whatever the campaign's size, the
 * file is one consistent snapshot, and signing goes on through the pool's other clients. The
 * client goes back to the pool when the file ends or the reader cancels.
 *
 * Nothing is taken before the body is read (the stream's high-water mark is 0, the client taken on
 * the first `pull()`): a body nobody reads and nobody cancels, as a HEAD request's (Hono answers
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

  stream(kind: ExportKind, campaignId: number, onRows?: (rows: number) => void, partner?: string) {
    const pool = this.#pool;
    const encoder = new TextEncoder();
    const cells = CELLS[kind];
    let client: pg.PoolClient | null = null;
    const done = async (outcome: 'COMMIT' | 'ROLLBACK') => {
      const held = client;
      client = null;
      if (!held) return;
      let broken: Error | undefined;
      await held.query(outcome).catch((error: Error) => (broken = error));
      held.release(broken);
    };
    let opened = false;
    const open = async () => {
      opened = true;
      client = await pool.connect();
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const query = partner === undefined ? QUERIES[kind] : QUERIES.partner;
      const values = partner === undefined ? [campaignId] : [campaignId, partner];
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${query}`, values);
    };
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            if (!opened) {
              await open();
              controller.enqueue(encoder.encode(BOM + csvLine(EXPORT_HEADERS[kind])));
              return;
            }
            const { rows } = await client!.query<RawRow[]>({
              text: `FETCH ${CHUNK_ROWS} FROM export_rows`,
              rowMode: 'array',
            });
            let text = '';
            for (const row of rows as unknown as RawRow[]) text += csvLine(cells(row));
            if (text) controller.enqueue(encoder.encode(text));
            onRows?.(rows.length);
            if (rows.length < CHUNK_ROWS) {
              await done('COMMIT');
              controller.close();
            }
          } catch (error) {
            await done('ROLLBACK');
            controller.error(error);
          }
        },
        cancel: () => done('ROLLBACK'),
      },
      { highWaterMark: 0 },
    );
  }
}
