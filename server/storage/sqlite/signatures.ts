/**
 * Storing signatures durably and fast: group commit, with the commit off the event loop.
 *
 * With `synchronous=FULL` every commit waits for the disk. The commits run on a writer thread with
 * its own connection (signature-worker.ts, batch-writer.ts): while it syncs, this thread goes on
 * reading requests and queues their rows, and the next batch (everything queued, up to
 * `maxBatch`) goes as soon as the previous one has committed, so batches grow with the load
 * instead of the event loop stalling on every fsync (0.15x of a bare Hono hello world when the
 * commit ran here). Each request is answered only after the writer thread reports the commit that
 * holds its row; only then do the in-memory counters (and the counter's ETag) move, read from the
 * stored counts.
 *
 * A batch the storage refuses (faults.ts) is refused whole: every request in it gets
 * `StorageUnavailable` (a 503), nothing of it is stored, the counters stay put, and /readyz says
 * 503 until a write succeeds. Another connection's write lock (the admin CLI) is waited for in the
 * writer thread, up to `LOCK_WAIT_MS`, while this thread goes on serving.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { crashPoint } from '../../config/crash-point.ts';
import type { ConfirmationPolicy } from '../confirmation-plan.ts';
import type { CampaignStore } from './campaigns.ts';
import { StorageUnavailable } from '../faults.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import type { WriterOptions, WriterReply, WriterRequest } from './writer-messages.ts';
import { isSentError, receiveError } from './writer-messages.ts';

/** How long a batch waits for another connection's write lock before its requests get a 503. */
export const LOCK_WAIT_MS = 2000;

/** The writer thread's script: beside this module, .ts from source, .js in the bundle. */
const here = fileURLToPath(import.meta.url);
const WORKER_SCRIPT = path.join(path.dirname(here), `signature-worker${path.extname(here)}`);

/**
 * Starts the writer thread. From source, under tsx, the thread registers tsx itself: Node 20 does
 * not hand the main thread's module hooks on to workers.
 */
function spawnWriter(workerData: WriterOptions): Worker {
  if (path.extname(WORKER_SCRIPT) === '.js') return new Worker(WORKER_SCRIPT, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(pathToFileURL(WORKER_SCRIPT).href);
  const code = `import(${tsx}).then(({ register }) => { register(); return import(${script}); });`;
  return new Worker(code, { eval: true, workerData });
}

interface Pending {
  row: SignatureRow;
  idempotency: Idempotency | null;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

type Request = WriterRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** Writes signatures in group-committed batches, on a writer thread. */
export class SignatureWriter {
  readonly #campaigns: CampaignStore;
  readonly #maxBatch: number;
  readonly #options: WriterOptions;
  readonly #onWebhooks: () => void;
  readonly #onMails: () => void;
  /** The writer thread; started on first use, and again after one that died. */
  #worker: Worker | null;
  #queue: Pending[] = [];
  #scheduled = false;
  /** A batch is with the writer thread. */
  #inFlight: Promise<void> | null = null;
  /** Main-thread writes waiting for the writer thread to be idle (see idle()). */
  #idleWaiters: (() => void)[] = [];
  /** Waiters were let through: the next batch goes on the next turn, after their writes. */
  #yield = false;
  /** Since the last batch the storage refused, until a write succeeds: /readyz says 503. */
  #failing = false;
  #probedAt = -Infinity;
  #nextId = 1;
  readonly #replies = new Map<number, (reply: WriterReply) => void>();
  #closing: Promise<void> | null = null;
  /** How many transactions and rows were committed: for benchmarks and tests. */
  readonly stats = { batches: 0, rows: 0 };

  /**
   * `file` is the (migrated) database; `onWebhooks` and `onMails` are told when a commit queued
   * webhook events or mails. `synchronous: 'NORMAL'` is for the one test that shows the fsync
   * check catches it.
   */
  constructor(
    file: string,
    campaigns: CampaignStore,
    options: {
      /** Tokens and mails of verified campaigns' rows (none written without it). */
      confirmation?: ConfirmationPolicy;
      maxBatch?: number;
      synchronous?: 'FULL' | 'NORMAL';
      onWebhooks?: () => void;
      onMails?: () => void;
    } = {},
  ) {
    if (file === ':memory:')
      throw new Error('The signature writer needs a database file: its thread opens its own.');
    this.#campaigns = campaigns;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#onWebhooks = options.onWebhooks ?? (() => {});
    this.#onMails = options.onMails ?? (() => {});
    this.#options = {
      file,
      synchronous: options.synchronous ?? 'FULL',
      lockWaitMs: LOCK_WAIT_MS,
      confirmation: options.confirmation && {
        ...options.confirmation,
        secret: new Uint8Array(options.confirmation.secret),
      },
    };
    // Started by the first request: a CLI command that signs nothing never starts it.
    this.#worker = null;
  }

  /** Starts the writer thread now (a server does), so that the first signature does not wait. */
  start(): void {
    this.#worker ??= this.#start();
  }

  #start(): Worker {
    const worker = spawnWriter(this.#options);
    worker.on('message', (reply: WriterReply) => {
      const settle = this.#replies.get(reply.id);
      this.#replies.delete(reply.id);
      if (this.#replies.size === 0) {
        worker.unref();
        // Woken before the batch's own continuation runs, so they write before the next batch.
        this.#wakeIdle();
      }
      settle?.(reply);
    });
    worker.on('error', () => {});
    worker.on('exit', () => {
      // A thread that died took its open transaction with it: nothing of those batches committed.
      // (Ended by close(), it has answered everything.)
      for (const [id, settle] of this.#replies)
        settle({
          id,
          ok: false,
          error: { name: 'Error', message: 'writer exited', code: undefined },
        });
      this.#replies.clear();
      this.#worker = null;
      this.#wakeIdle();
    });
    // Idle, the thread does not keep the process alive; while a request waits on it, it does.
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return worker;
  }

  #request(request: Request): Promise<WriterReply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#replies.set(id, resolve);
      this.#worker ??= this.#start();
      this.#worker.ref();
      this.#worker.postMessage({ ...request, id });
    });
  }

  /** True while the writer thread has work of ours (a batch, a probe) in hand. */
  get busy(): boolean {
    return this.#replies.size > 0;
  }

  /** True from a batch the storage refused until a write succeeds. */
  get failing(): boolean {
    return this.#failing;
  }

  /** Queues a signature; resolves once the transaction holding it has committed. */
  submit(row: SignatureRow, idempotency: Idempotency | null): Promise<Outcome> {
    if (this.#closing) return Promise.reject(new StorageUnavailable(new Error('closing')));
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, idempotency, resolve, reject });
      // setImmediate runs after the current I/O phase: every request parsed in it joins.
      if (!this.#inFlight && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#send());
      }
    });
  }

  /** Sends what is queued (up to maxBatch) as one batch, unless one is already being written. */
  #send(): void {
    this.#scheduled = false;
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#inFlight = this.#write(batch).then(() => {
      this.#inFlight = null;
      // The next batch: what arrived while this one synced; after the writes idle() let through.
      if (this.#yield) {
        this.#yield = false;
        this.#scheduled = true;
        setImmediate(() => this.#send());
      } else this.#send();
    });
  }

  async #write(batch: Pending[]): Promise<void> {
    const reply = await this.#request({
      type: 'batch',
      batch: batch.map(({ row, idempotency }) => ({ row, idempotency })),
    });
    if (!reply.ok) {
      // Nobody in the batch gets a success, and the counters stay put.
      this.#failing = true;
      const refused = new StorageUnavailable(receiveError(reply.error));
      for (const pending of batch) pending.reject(refused);
      return;
    }
    // Committed on the writer thread; nothing answered, counted or sent yet.
    crashPoint('signatures-committed');
    this.#failing = false;
    this.stats.batches++;
    this.stats.rows += batch.length;
    this.#campaigns.refreshCounts(reply.campaigns ?? []);
    if (reply.webhooks) this.#onWebhooks();
    if (reply.mails) this.#onMails();
    const outcomes = reply.outcomes ?? [];
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (isSentError(outcome)) pending.reject(receiveError(outcome));
      else pending.resolve(outcome);
    });
  }

  /**
   * Resolves when the writer thread holds no transaction, before the next batch is sent: a write
   * on this thread's connection (an admin change, a delivery's record) made synchronously right
   * then does not meet the writer's lock, which would answer it 503 (SQLITE_BUSY) under load.
   */
  idle(): Promise<void> {
    if (this.#replies.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #wakeIdle(): void {
    const waiters = this.#idleWaiters;
    if (waiters.length === 0) return;
    this.#idleWaiters = [];
    this.#yield = true;
    for (const wake of waiters) wake();
  }

  /**
   * While failing, tries a small real write on the writer's connection (at most once a second);
   * resolves true once one commits.
   */
  async probe(): Promise<boolean> {
    const now = performance.now();
    if (!this.#failing || now - this.#probedAt < 1000) return !this.#failing;
    this.#probedAt = now;
    if ((await this.#request({ type: 'probe' })).ok) this.#failing = false;
    return !this.#failing;
  }

  /** Forgets idempotency records older than the TTL; resolves with how many. */
  async expireKeys(now = Date.now()): Promise<number> {
    const reply = await this.#request({ type: 'expire', now });
    if (!reply.ok) throw receiveError(reply.error);
    return reply.value as number;
  }

  /** Runs a pragma on the writer's own connection (tests reach SQLite's limits through it). */
  async pragma(pragma: string): Promise<unknown> {
    const reply = await this.#request({ type: 'pragma', pragma });
    if (!reply.ok) throw receiveError(reply.error);
    return reply.value;
  }

  /** Writes everything queued, then closes the writer's connection and ends its thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#inFlight || this.#queue.length) {
        this.#send();
        await this.#inFlight;
      }
      if (!this.#worker) return;
      await this.#request({ type: 'close' });
      await this.#worker?.terminate();
    })();
    return this.#closing;
  }
}
