/**
 * Storing signatures on PostgreSQL: group commit, with the database deciding across nodes.
 *
 * Submissions queue while a batch's transaction is in flight (its COMMIT waits for the WAL to
 * sync, `synchronous_commit=on`), so batches grow with the load, and each request is answered
 * only once the transaction holding its row has committed. What the transaction writes, and in
 * which order, is batch-writer.ts.
 *
 * A batch that fails on one row (a CHECK) is written again one row a transaction, so the bad row
 * fails alone; a failed COMMIT fails the whole batch and nobody gets a success.
 */
import type pg from 'pg';
import { crashPoint } from '../../config/crash-point.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import { IDEMPOTENCY_TTL_MS } from '../signature-row.ts';
import { isRowError, StorageUnavailable } from '../faults.ts';
import type { SignatureStorage } from '../storage.ts';
import type { Submission } from './batch-writer.ts';
import { writeBatch } from './batch-writer.ts';
import type { PgCampaignStore } from './campaigns.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';
import type { ConfirmationPolicy } from '../confirmation-plan.ts';

interface Pending extends Submission {
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** Writes signatures to PostgreSQL in group-committed batches. */
export class PgSignatureWriter implements SignatureStorage {
  readonly #pool: pg.Pool;
  readonly #campaigns: PgCampaignStore;
  readonly #maxBatch: number;
  readonly #outbox: PgWebhookOutbox | undefined;
  readonly #confirmation: ConfirmationPolicy | undefined;
  #queue: Pending[] = [];
  #inFlight: Promise<void> | null = null;
  /** How many transactions and rows were committed: for benchmarks and tests. */
  readonly stats = { batches: 0, rows: 0 };

  constructor(
    pool: pg.Pool,
    campaigns: PgCampaignStore,
    options: {
      maxBatch?: number;
      outbox?: PgWebhookOutbox;
      /** Tokens and mails of verified campaigns' rows (none written without it). */
      confirmation?: ConfirmationPolicy;
    } = {},
  ) {
    this.#pool = pool;
    this.#campaigns = campaigns;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#outbox = options.outbox;
    this.#confirmation = options.confirmation;
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
      const { outcomes, counts } = await writeBatch(
        client,
        batch,
        this.#outbox,
        this.#confirmation,
      );
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

  async expireKeys(now = Date.now()): Promise<number> {
    const result = await this.#pool.query('DELETE FROM idempotency_keys WHERE created_at <= $1', [
      now - IDEMPOTENCY_TTL_MS,
    ]);
    return result.rowCount ?? 0;
  }
}
