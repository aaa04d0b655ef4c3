/**
 * Storing signatures on PostgreSQL: group commit, with the database deciding across nodes.
 *
 * Submissions queue while a batch's transaction is in flight (its COMMIT waits for the WAL to
 * sync, `synchronous_commit=on`), so batches grow with the load, and each request is answered
 * only once the transaction holding its row has committed. In the transaction:
 * 1. idempotency keys are claimed in key order (an INSERT that waits on another node's claim of
 *    the same key, then finds its record: one row and one answer across nodes);
 * 2. the rows go in with one INSERT ... ON CONFLICT DO NOTHING over arrays, so the unique index
 *    on (campaign, email hash) of counted rows decides dedupe, whichever node took the other;
 * 3. each campaign's count is added to and the new absolute count notified to every node;
 * 4. the counted rows' webhook events go to the outbox (webhook-outbox.ts);
 * 5. the claimed keys get their answers.
 * A batch that fails on one row (a CHECK) is written again one row a transaction, so the bad row
 * fails alone; a failed COMMIT fails the whole batch and nobody gets a success.
 */
import type pg from 'pg';
import type { Counter, SignResult } from '../../contract/public.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import { IDEMPOTENCY_TTL_MS, SIGNATURE_COLUMN_LIST, SIGNATURE_COLUMNS } from '../signature-row.ts';
import { isRowError, StorageUnavailable } from '../faults.ts';
import type { SignatureStorage } from '../storage.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { COUNT } from './campaigns.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';
import { crashPoint } from '../../config/crash-point.ts';

interface Pending {
  row: SignatureRow;
  idempotency: Idempotency | null;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

const names = SIGNATURE_COLUMN_LIST;
// One array a column, each of the column's type: a batch is one statement whatever its size.
// Whether any webhook is enabled comes back with it, so a batch with no hooks to feed pays no
// extra round trip for the outbox (the hooks themselves are read only when there are some).
const INSERT = {
  name: 'signatures-insert',
  text: `WITH inserted AS (
           INSERT INTO signatures (${names})
           SELECT ${names} FROM unnest(${SIGNATURE_COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ')})
             WITH ORDINALITY AS input (${names}, ord)
           ORDER BY ord
           ON CONFLICT DO NOTHING
           RETURNING id, campaign_id, email_hash, flagged IS NULL AS counted)
         SELECT inserted.*, EXISTS (SELECT 1 FROM webhooks WHERE disabled_at IS NULL) AS hooked
         FROM inserted`,
};
// An expired record is taken over; a live one (committed by any node) is left and read back.
const CLAIM = {
  name: 'idempotency-claim',
  text: `INSERT INTO idempotency_keys (campaign_id, key, request_hash, status, body, created_at, email_hash)
         VALUES ($1, $2, $3, 0, '', $4, $5)
         ON CONFLICT (campaign_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = 0,
           body = '', created_at = EXCLUDED.created_at, email_hash = EXCLUDED.email_hash
         WHERE idempotency_keys.created_at <= $6
         RETURNING 1`,
};
const FIND_KEY = {
  name: 'idempotency-find',
  text: 'SELECT request_hash, status, body FROM idempotency_keys WHERE campaign_id = $1 AND key = $2',
};
const ANSWER_KEY = {
  name: 'idempotency-answer',
  text: 'UPDATE idempotency_keys SET status = $3, body = $4 WHERE campaign_id = $1 AND key = $2',
};

/** Writes signatures to PostgreSQL in group-committed batches. */
export class PgSignatureWriter implements SignatureStorage {
  readonly #pool: pg.Pool;
  readonly #campaigns: PgCampaignStore;
  readonly #maxBatch: number;
  readonly #outbox: PgWebhookOutbox | undefined;
  #queue: Pending[] = [];
  #inFlight: Promise<void> | null = null;
  /** How many transactions and rows were committed: for benchmarks and tests. */
  readonly stats = { batches: 0, rows: 0 };

  constructor(
    pool: pg.Pool,
    campaigns: PgCampaignStore,
    options: { maxBatch?: number; outbox?: PgWebhookOutbox } = {},
  ) {
    this.#pool = pool;
    this.#campaigns = campaigns;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#outbox = options.outbox;
  }

  submit(row: SignatureRow, idempotency: Idempotency | null): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, idempotency, resolve, reject });
      // One batch in flight: what arrives meanwhile waits, and goes in the next one.
      if (!this.#inFlight)
        this.#inFlight = new Promise((done) => setImmediate(done)).then(() => this.#drain());
    });
  }

  /** Resolves once everything queued so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#writeBatch(batch);
      } catch (error) {
        if (!isRowError(error)) {
          // The database is out of reach, or the COMMIT failed: nothing of the batch is known to
          // be stored, nobody gets a success, and each is asked to retry (503 + Retry-After).
          const refused = new StorageUnavailable(error);
          for (const pending of batch) pending.reject(refused);
          continue;
        }
        // One bad row must not fail the others: each row again in its own transaction.
        await Promise.all(
          batch.map((pending) => this.#writeBatch([pending]).catch(pending.reject)),
        );
      }
    }
    this.#inFlight = null;
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const counts: [number, number, number][] = [];
      const outcomes = await this.#write(client, batch, counts);
      await client.query('COMMIT');
      crashPoint('signatures-committed');
      // This node answers with its own commit's count at once (read your writes); the others hear it.
      for (const [id, count, version] of counts) this.#campaigns.applyCount(id, count, version);
      this.stats.batches++;
      this.stats.rows += batch.length;
      for (const [index, pending] of batch.entries()) pending.resolve(outcomes[index]);
    } catch (error) {
      await client.query('ROLLBACK').catch((lost: Error) => (broken = lost));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async #write(
    client: pg.PoolClient,
    batch: Pending[],
    counts: [number, number, number][],
  ): Promise<Outcome[]> {
    const outcomes: (Outcome | undefined)[] = new Array(batch.length);
    const claimed = new Map<string, number>();
    const now = Date.now();
    // Sorted claims: two nodes' batches never wait on each other's keys in opposite orders.
    const keyed = batch
      .map((pending, index) => ({
        pending,
        index,
        id: `${pending.row.campaignId}:${pending.idempotency?.key}`,
      }))
      .filter(({ pending }) => pending.idempotency)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const sameKey = new Map<number, number>();
    for (const { pending, index, id } of keyed) {
      const { row } = pending;
      const { key, requestHash } = pending.idempotency!;
      const first = claimed.get(id);
      if (first !== undefined) {
        sameKey.set(index, first);
        continue;
      }
      const claim = await client.query({
        ...CLAIM,
        values: [row.campaignId, key, requestHash, now, row.emailHash, now - IDEMPOTENCY_TTL_MS],
      });
      if (claim.rowCount === 1) {
        claimed.set(id, index);
        continue;
      }
      const found = await client.query({ ...FIND_KEY, values: [row.campaignId, key] });
      const previous = found.rows[0];
      // Expired and deleted between the two statements: fail the attempt, the retry claims it.
      if (!previous) throw new Error('idempotency record vanished');
      outcomes[index] =
        previous.request_hash === requestHash
          ? { kind: 'replay', status: previous.status, body: previous.body }
          : { kind: 'key_reused' };
    }
    const writing = batch.map((_, index) => index).filter((i) => !outcomes[i] && !sameKey.has(i));
    const { inserted, hooked } = await this.#insert(
      client,
      writing.map((i) => batch[i].row),
    );
    // Which rows went in: flagged rows always do; of the counted ones, the first of each person.
    const added = new Map<number, number>();
    const signed = new Map<number, boolean>();
    const counted: { row: SignatureRow; id: number }[] = [];
    for (const index of writing) {
      const { row } = batch[index];
      let isNew = row.flagged !== null;
      if (!isNew) {
        const person = `${row.campaignId}:${row.emailHash}`;
        const id = inserted.get(person);
        isNew = inserted.delete(person);
        if (isNew) {
          added.set(row.campaignId, (added.get(row.campaignId) ?? 0) + 1);
          counted.push({ row, id: id! });
        }
      }
      signed.set(index, isNew);
    }
    // Their webhook events commit with them, or not at all.
    if (hooked) await this.#outbox?.signaturesCreated(client, counted);
    const counters = new Map<number, Counter>();
    for (const campaignId of new Set(writing.map((i) => batch[i].row.campaignId))) {
      const delta = added.get(campaignId) ?? 0;
      const { rows } = await client.query({ ...COUNT, values: [campaignId, delta] });
      const {
        signature_count: total,
        counter_offset: offset,
        goal,
        count_version: version,
      } = rows[0];
      counts.push([campaignId, total, version]);
      // The count before this batch: each answer adds the batch's rows up to its own.
      counters.set(campaignId, {
        signatures: total - delta,
        offset,
        total: total - delta + offset,
        goal,
      });
    }
    for (const index of writing) {
      const { row, idempotency } = batch[index];
      const base = counters.get(row.campaignId)!;
      const counted = signed.get(index)! && row.flagged === null;
      if (counted) {
        base.signatures++;
        base.total++;
      }
      // A flagged row gets the answer a person gets, so a bot learns nothing.
      const result: SignResult = {
        status: signed.get(index) ? 'signed' : 'already_signed',
        counter: { ...base },
      };
      const status = signed.get(index) ? 201 : 200;
      const body = JSON.stringify(result);
      outcomes[index] = { kind: 'answer', status, body };
      if (idempotency)
        await client.query({
          ...ANSWER_KEY,
          values: [row.campaignId, idempotency.key, status, body],
        });
    }
    for (const [index, first] of sameKey) {
      const previous = outcomes[first]!;
      const same = batch[index].idempotency!.requestHash === batch[first].idempotency!.requestHash;
      outcomes[index] =
        same && previous.kind === 'answer'
          ? { kind: 'replay', status: previous.status, body: previous.body }
          : { kind: 'key_reused' };
    }
    return outcomes as Outcome[];
  }

  /**
   * Inserts rows in one statement; returns the people (campaign:email hash) of counted rows added,
   * with their ids, and whether any webhook is enabled.
   */
  async #insert(
    client: pg.PoolClient,
    rows: SignatureRow[],
  ): Promise<{ inserted: Map<string, number>; hooked: boolean }> {
    if (!rows.length) return { inserted: new Map(), hooked: false };
    const values = SIGNATURE_COLUMNS.map(([field]) => rows.map((row) => row[field]));
    const result = await client.query<{
      id: number;
      campaign_id: number;
      email_hash: string;
      counted: boolean;
      hooked: boolean;
    }>({
      ...INSERT,
      values,
    });
    const inserted = new Map(
      result.rows
        .filter((row) => row.counted)
        .map((row) => [`${row.campaign_id}:${row.email_hash}`, row.id]),
    );
    return { inserted, hooked: result.rows[0]?.hooked ?? false };
  }

  async expireKeys(now = Date.now()): Promise<number> {
    const result = await this.#pool.query('DELETE FROM idempotency_keys WHERE created_at <= $1', [
      now - IDEMPOTENCY_TTL_MS,
    ]);
    return result.rowCount ?? 0;
  }
}
