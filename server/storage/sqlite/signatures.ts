/**
 * Storing signatures durably and fast: group commit.
 *
 * With `synchronous=FULL` every commit waits for the disk, so one commit per request caps the
 * server at the disk's sync rate. Instead, signatures that arrive in the same turn of the event
 * loop are queued and written in one `BEGIN IMMEDIATE` transaction (up to `maxBatch`); each request
 * is answered only after the transaction holding its row has committed. One bad row (a constraint
 * error) fails alone: a batch is first written straight through; if a row breaks a constraint, that
 * attempt is rolled back and the batch is written again with each row in its own savepoint
 * (savepoints double the cost of a row, and bad rows are rare, since the input was validated). The
 * counter, the idempotency record and the consent receipt are written in the same transaction as
 * the rows they belong to.
 *
 * Any other error is the storage's (faults.ts): the whole batch is rolled back and every
 * request in it is refused with `StorageUnavailable` (a 503), and the in-memory counter does not
 * move. Another connection's write lock (the admin CLI) is waited for off the event loop: the
 * connection does not sleep in SQLite's busy handler; the batch is tried again every few
 * milliseconds, for up to `LOCK_WAIT_MS`, while counter reads go on being served.
 */
import type { Counter, SignResult } from '../../contract/public.ts';
import type { CampaignStore } from './campaigns.ts';
import { counterOf } from '../../campaigns/campaign.ts';
import { isLockBusy, isRowError, StorageUnavailable } from '../faults.ts';
import type { Db } from './open.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import { IDEMPOTENCY_TTL_MS, SIGNATURE_COLUMN_LIST, SIGNATURE_COLUMNS } from '../signature-row.ts';
import type { WebhookOutbox } from './webhook-outbox.ts';
import { crashPoint } from '../../runtime/crash-point.ts';

interface Pending {
  row: SignatureRow;
  idempotency: Idempotency | null;
  /** When it was queued (performance.now()): how long it has waited for the lock. */
  since: number;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** A batch's outcomes, in order, and the rows it counted per campaign. */
interface Written {
  added: Map<number, number>;
  outcomes: (Outcome | Error)[];
}

/** Thrown inside a batch's transaction to roll it back and write the batch row by row. */
class RetryRowByRow extends Error {}

/** How long a batch waits for another connection's write lock before its requests get a 503. */
export const LOCK_WAIT_MS = 2000;
/** How often a batch tries the lock again while it waits. */
const LOCK_RETRY_MS = 15;

/** Writes signatures in group-committed batches. */
export class SignatureWriter {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #maxBatch: number;
  readonly #outbox: WebhookOutbox | undefined;
  #queue: Pending[] = [];
  #scheduled = false;
  /** A batch is waiting for another connection's lock on a timer. */
  #lockWait = false;
  /** Since the last batch the storage refused, until a write succeeds: /readyz says 503. */
  #failing = false;
  #probedAt = -Infinity;
  #statements;
  readonly #probe;
  /** How many transactions and rows were committed: for benchmarks and tests. */
  readonly stats = { batches: 0, rows: 0 };

  constructor(
    db: Db,
    campaigns: CampaignStore,
    options: { maxBatch?: number; outbox?: WebhookOutbox } = {},
  ) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#outbox = options.outbox;
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

  /** True from a batch the storage refused until a write succeeds. */
  get failing(): boolean {
    return this.#failing;
  }

  /** Queues a signature; resolves once its transaction has committed. */
  submit(row: SignatureRow, idempotency: Idempotency | null): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, idempotency, since: performance.now(), resolve, reject });
      // While a batch waits for the lock, the queue only grows: the retry timer writes it all.
      if (this.#queue.length >= this.#maxBatch && !this.#lockWait) this.flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after the current I/O phase: every request parsed in it joins.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes everything queued, in one transaction. */
  flush(): void {
    this.#scheduled = false;
    this.#lockWait = false;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    let written: Written;
    try {
      written = this.#writeBatch(batch, false);
      if (written.outcomes.some((outcome) => outcome instanceof Error))
        written = this.#writeBatch(batch, true);
    } catch (error) {
      // Nothing of the batch is on disk. The lock is waited for a little, off the event loop.
      if (isLockBusy(error) && performance.now() - batch[0].since < LOCK_WAIT_MS) {
        this.#queue = batch.concat(this.#queue);
        this.#scheduled = this.#lockWait = true;
        setTimeout(() => this.flush(), LOCK_RETRY_MS);
        return;
      }
      this.#refuse(batch, error);
      return;
    }
    crashPoint('signatures-committed');
    this.#failing = false;
    const { added, outcomes } = written;
    this.stats.batches++;
    this.stats.rows += batch.length;
    for (const [campaignId, delta] of added) this.#campaigns.applyCommitted(campaignId, delta);
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof Error) pending.reject(outcome);
      else pending.resolve(outcome);
    });
  }

  /** The storage refused the batch: nobody in it gets a success, and the counter stays put. */
  #refuse(batch: Pending[], error: unknown): void {
    this.#failing = true;
    const refused = new StorageUnavailable(error);
    for (const pending of batch) pending.reject(refused);
  }

  /** Tries a small real write while failing (at most once a second); true once one commits. */
  probe(): boolean {
    const now = performance.now();
    if (!this.#failing || now - this.#probedAt < 1000) return !this.#failing;
    this.#probedAt = now;
    try {
      this.#probe.immediate();
      this.#failing = false;
    } catch {
      // Still refused: stays failing.
    }
    return !this.#failing;
  }

  /**
   * One transaction for the batch, with one counter UPDATE per campaign. Straight through, the
   * first error rolls the whole attempt back (and is returned, for the caller to retry); with
   * savepoints, a failing row rolls back alone and the rest commit.
   */
  #writeBatch(batch: Pending[], savepoints: boolean): Written {
    const added = new Map<number, number>();
    const outcomes: (Outcome | Error)[] = [];
    const write = savepoints
      ? this.#db.transaction((pending: Pending) => this.#write(pending, added))
      : null;
    const run = this.#db.transaction(() => {
      for (const pending of batch) {
        let result: { outcome: Outcome; counted: boolean };
        try {
          result = write ? write(pending) : this.#write(pending, added);
        } catch (error) {
          // A storage fault may have rolled the whole transaction back already: after it, a later
          // "savepoint" would run in autocommit and commit alone. Abandon the batch instead.
          if (!isRowError(error) || !this.#db.inTransaction) throw error;
          outcomes.push(error as Error);
          if (write) continue;
          // Rolls the attempt back: the batch is written again, row by row in savepoints.
          throw new RetryRowByRow();
        }
        if (result.counted)
          added.set(pending.row.campaignId, (added.get(pending.row.campaignId) ?? 0) + 1);
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
    pending: Pending,
    added: ReadonlyMap<number, number>,
  ): { outcome: Outcome; counted: boolean } {
    const { row, idempotency } = pending;
    const statements = this.#statements;
    const now = row.createdAt;
    if (idempotency) {
      const previous = statements.findKey.get(
        row.campaignId,
        idempotency.key,
        now - IDEMPOTENCY_TTL_MS,
      );
      if (previous) {
        const outcome: Outcome =
          previous.request_hash === idempotency.requestHash
            ? { kind: 'replay', status: previous.status, body: previous.body }
            : { kind: 'key_reused' };
        return { outcome, counted: false };
      }
    }
    const { changes, lastInsertRowid } = statements.insert.run(row);
    const counted = changes === 1 && row.flagged === null;
    // Its webhook events go in the same transaction: committed together or not at all.
    if (counted) this.#outbox?.signatureCreated(row, Number(lastInsertRowid));
    const campaign = this.#campaigns.byId(row.campaignId);
    const base: Counter = campaign
      ? counterOf(campaign)
      : { signatures: 0, offset: 0, total: 0, goal: null };
    const extra = (added.get(row.campaignId) ?? 0) + (counted ? 1 : 0);
    const counter: Counter = {
      ...base,
      signatures: base.signatures + extra,
      total: base.total + extra,
    };
    // A flagged row gets the answer a person gets, so a bot learns nothing.
    const result: SignResult = { status: changes === 1 ? 'signed' : 'already_signed', counter };
    const status = changes === 1 ? 201 : 200;
    const body = JSON.stringify(result);
    if (idempotency) {
      statements.saveKey.run(
        row.campaignId,
        idempotency.key,
        idempotency.requestHash,
        status,
        body,
        now,
        row.emailHash,
      );
    }
    return { outcome: { kind: 'answer', status, body }, counted };
  }

  /** Forgets idempotency records older than the TTL. */
  expireKeys(now = Date.now()): number {
    return this.#statements.expireKeys.run(now - IDEMPOTENCY_TTL_MS).changes;
  }
}
