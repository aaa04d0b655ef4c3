/**
 * Writing one batch of signatures in one transaction, on the writer thread's own connection
 * (signature-worker.ts); the main thread's SignatureWriter (signatures.ts) gathers the batches.
 *
 * With `synchronous=FULL` every commit waits for the disk, so one commit per request caps the
 * server at the disk's sync rate: a batch is one `BEGIN IMMEDIATE` transaction. One bad row (a
 * constraint error) fails alone: a batch is first written straight through; if a row breaks a
 * constraint, that attempt is rolled back and the batch is written again with each row in its own
 * savepoint (savepoints double the cost of a row, and bad rows are rare, since the input was
 * validated). The counter, the idempotency record, the consent receipt and the webhook outbox rows
 * are written in the same transaction as the rows they belong to.
 *
 * Any other error is the storage's (faults.ts): it is thrown, nothing of the batch has committed,
 * and the caller refuses the whole batch.
 */
import type { Counter } from '../../contract/public.ts';
import { counterOf } from '../../campaigns/campaign.ts';
import { isRowError } from '../faults.ts';
import {
  answerAgain,
  counterPlus,
  NO_GOAL,
  pendingAnswer,
  signedAnswer,
} from '../signing-answer.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import { IDEMPOTENCY_TTL_MS, SIGNATURE_COLUMN_LIST, SIGNATURE_COLUMNS } from '../signature-row.ts';
import type { CampaignStore } from './campaigns.ts';
import type { ConfirmationWriter } from './confirmations.ts';
import type { Db } from './open.ts';

/** One submission of a batch. */
export interface Submission {
  row: SignatureRow;
  idempotency: Idempotency | null;
}

/** A batch's outcomes, in order (an Error for a row that broke a constraint). */
export type BatchOutcomes = (Outcome | Error)[];

/** Writes a counted signature's webhook events; called inside the batch's transaction. */
export type SignatureOutbox = (row: SignatureRow, id: number) => void;

/** Thrown inside a batch's transaction to roll it back and write the batch row by row. */
class RetryRowByRow extends Error {}

/** Writes batches on one connection. */
export class BatchWriter {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #outbox: SignatureOutbox | undefined;
  readonly #confirmations: ConfirmationWriter | undefined;
  readonly #beforeBatch: () => void;
  readonly #statements;
  readonly #probe;

  /**
   * `campaigns` is this connection's own mirror (the answer's counter is read from it);
   * `beforeBatch` runs first inside each transaction, holding the write lock, to bring it (and the
   * hooks) up to what other connections committed; `confirmations` writes the tokens and mails of
   * a verified campaign's rows.
   */
  constructor(
    db: Db,
    campaigns: CampaignStore,
    options: {
      outbox?: SignatureOutbox;
      confirmations?: ConfirmationWriter;
      beforeBatch?: () => void;
    } = {},
  ) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#outbox = options.outbox;
    this.#confirmations = options.confirmations;
    this.#beforeBatch = options.beforeBatch ?? (() => {});
    this.#statements = {
      findKey: db.prepare<
        [number, string, number],
        { request_hash: string; status: number; body: string }
      >(
        'SELECT request_hash, status, body FROM idempotency_keys WHERE campaign_id = ? AND key = ? AND created_at > ?',
      ),
      insert: db.prepare<[SignatureRow]>(
        `INSERT INTO signatures (${SIGNATURE_COLUMN_LIST})
         VALUES (${SIGNATURE_COLUMNS.map(([field]) => `@${field}`).join(', ')})
         ON CONFLICT DO NOTHING`,
      ),
      count: db.prepare('UPDATE campaigns SET signature_count = signature_count + ? WHERE id = ?'),
      saveKey: db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys
           (campaign_id, key, request_hash, status, body, created_at, email_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      expireKeys: db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?'),
      probeWrite: db.prepare(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('probe', hex(zeroblob(32768)))",
      ),
      probeUndo: db.prepare("DELETE FROM settings WHERE key = 'probe'"),
    };
    // A real 64 KB write, undone in the same transaction: it needs the lock and room to grow.
    this.#probe = db.transaction(() => {
      this.#statements.probeWrite.run();
      this.#statements.probeUndo.run();
    });
  }

  /**
   * Writes a batch and commits it; returns each submission's outcome and the rows it counted per
   * campaign. Throws (with nothing committed) when the storage refuses it.
   */
  write(batch: readonly Submission[]): { outcomes: BatchOutcomes; added: Map<number, number> } {
    let written = this.#writeBatch(batch, false);
    if (written.outcomes.some((outcome) => outcome instanceof Error))
      written = this.#writeBatch(batch, true);
    for (const [campaignId, delta] of written.added)
      this.#campaigns.applyCommitted(campaignId, delta);
    return written;
  }

  /** A small real write, undone: throws while the storage still refuses writes. */
  probe(): void {
    this.#probe.immediate();
  }

  /** Forgets idempotency records older than the TTL. */
  expireKeys(now = Date.now()): number {
    return this.#statements.expireKeys.run(now - IDEMPOTENCY_TTL_MS).changes;
  }

  /**
   * One transaction for the batch, with one counter UPDATE per campaign. Straight through, the
   * first error rolls the whole attempt back (and is returned, for the caller to retry); with
   * savepoints, a failing row rolls back alone and the rest commit.
   */
  #writeBatch(
    batch: readonly Submission[],
    savepoints: boolean,
  ): { outcomes: BatchOutcomes; added: Map<number, number> } {
    const added = new Map<number, number>();
    const outcomes: BatchOutcomes = [];
    const write = savepoints
      ? this.#db.transaction((submission: Submission) => this.#write(submission, added))
      : null;
    const run = this.#db.transaction(() => {
      this.#beforeBatch();
      for (const submission of batch) {
        let result: { outcome: Outcome; counted: boolean };
        try {
          result = write ? write(submission) : this.#write(submission, added);
        } catch (error) {
          // A storage fault may have rolled the whole transaction back already: after it, a later
          // "savepoint" would run in autocommit and commit alone. Abandon the batch instead.
          if (!isRowError(error) || !this.#db.inTransaction) throw error;
          outcomes.push(error as Error);
          if (write) continue;
          // Rolls the attempt back: the batch is written again, row by row in savepoints.
          throw new RetryRowByRow();
        }
        const { campaignId } = submission.row;
        if (result.counted) added.set(campaignId, (added.get(campaignId) ?? 0) + 1);
        outcomes.push(result.outcome);
      }
      for (const [campaignId, delta] of added) this.#statements.count.run(delta, campaignId);
    });
    try {
      // IMMEDIATE takes the write lock at BEGIN: a busy lock fails here, before any row is written.
      run.immediate();
    } catch (error) {
      if (!(error instanceof RetryRowByRow)) throw error;
    }
    return { added, outcomes };
  }

  /** Writes one submission; `added` holds the rows counted before it in its batch. */
  #write(
    submission: Submission,
    added: ReadonlyMap<number, number>,
  ): { outcome: Outcome; counted: boolean } {
    const { row, idempotency } = submission;
    const statements = this.#statements;
    const now = row.createdAt;
    if (idempotency) {
      const previous = statements.findKey.get(
        row.campaignId,
        idempotency.key,
        now - IDEMPOTENCY_TTL_MS,
      );
      if (previous)
        return { outcome: answerAgain(previous, idempotency.requestHash), counted: false };
    }
    const { changes, lastInsertRowid } = statements.insert.run(row);
    // A pending row counts once confirmed; its webhook events go then (confirmations.ts).
    const pending = row.pending === 1;
    const counted = changes === 1 && row.flagged === null && !pending;
    // Its webhook events, token and mail go in the same transaction: committed together or not.
    if (counted) this.#outbox?.(row, Number(lastInsertRowid));
    if (pending) this.#confirmations?.signed(row);
    const campaign = this.#campaigns.byId(row.campaignId);
    const base: Counter = campaign
      ? counterOf(campaign)
      : { signatures: 0, offset: 0, total: 0, goal: null, goalMode: 'fixed' };
    const extra = (added.get(row.campaignId) ?? 0) + (counted ? 1 : 0);
    const counter = counterPlus(base, extra, campaign ?? NO_GOAL);
    // A pending row gets the answer every address gets, so a stranger learns nothing.
    const answer = pending ? pendingAnswer(counter) : signedAnswer(changes === 1, counter);
    if (idempotency) {
      statements.saveKey.run(
        row.campaignId,
        idempotency.key,
        idempotency.requestHash,
        answer.status,
        answer.body,
        now,
        row.emailHash,
      );
    }
    return { outcome: answer, counted };
  }
}
