/**
 * Storing signatures durably and fast: group commit.
 *
 * With `synchronous=FULL` every commit waits for the disk, so one commit per request caps the
 * server at the disk's sync rate. Instead, signatures that arrive in the same turn of the event
 * loop are queued and written in one transaction (up to `maxBatch`); each request is answered only
 * after the transaction holding its row has committed. One bad row fails alone: a batch is first
 * written straight through; if a row throws, that attempt is rolled back and the batch is written
 * again with each row in its own savepoint (savepoints double the cost of a row, and bad rows are
 * rare, since the input was validated). The counter, the idempotency record and the consent
 * receipt are written in the same transaction as the rows they belong to.
 */
import type { Counter, SignResult } from '../contract.ts';
import type { CampaignStore } from './campaigns.ts';
import { counterOf } from './campaigns.ts';
import type { Db } from './open.ts';

/** A signature row ready to be written (already validated and normalised). */
export interface SignatureRow {
  campaignId: number;
  emailHash: string;
  firstName: string;
  lastName: string;
  email: string;
  city: string;
  postalCode: string | null;
  country: string | null;
  optIn: 0 | 1;
  lang: string;
  consentHash: string;
  partner: string | null;
  /** Opted in to the partner; the receipt's version and language are null when none was offered. */
  partnerOptIn: 0 | 1;
  partnerConsentHash: string | null;
  partnerConsentLang: string | null;
  origin: string | null;
  referrer: string | null;
  utm: string | null;
  ipHash: string | null;
  /** Why the signature is suspect, or null: a flagged row is kept but not counted. */
  flagged: string | null;
  createdAt: number;
}

/** An idempotency key and the hash of the request it came with. */
export interface Idempotency {
  key: string;
  requestHash: string;
}

/** What became of one submission. */
export type Outcome =
  | { kind: 'answer'; status: 200 | 201; body: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'key_reused' };

interface Pending {
  row: SignatureRow;
  idempotency: Idempotency | null;
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

/** Idempotency records are kept this long (24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Writes signatures in group-committed batches. */
export class SignatureWriter {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #scheduled = false;
  #statements;
  /** How many transactions and rows were committed: for benchmarks and tests. */
  readonly stats = { batches: 0, rows: 0 };

  constructor(db: Db, campaigns: CampaignStore, options: { maxBatch?: number } = {}) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#statements = {
      findKey: db.prepare<[number, string, number], { request_hash: string; status: number; body: string }>(
        'SELECT request_hash, status, body FROM idempotency_keys WHERE campaign_id = ? AND key = ? AND created_at > ?',
      ),
      insert: db.prepare(
        `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email,
           city, postal_code, country, opt_in, lang, consent_hash, partner, origin, referrer, utm,
           ip_hash, flagged, created_at, partner_opt_in, partner_consent_hash, partner_consent_lang)
         VALUES (@campaignId, @emailHash, @firstName, @lastName, @email, @city, @postalCode,
           @country, @optIn, @lang, @consentHash, @partner, @origin, @referrer, @utm, @ipHash,
           @flagged, @createdAt, @partnerOptIn, @partnerConsentHash, @partnerConsentLang)
         ON CONFLICT DO NOTHING`,
      ),
      count: db.prepare('UPDATE campaigns SET signature_count = signature_count + ? WHERE id = ?'),
      saveKey: db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys
           (campaign_id, key, request_hash, status, body, created_at, email_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      expireKeys: db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?'),
    };
  }

  /** Queues a signature; resolves once its transaction has committed. */
  submit(row: SignatureRow, idempotency: Idempotency | null): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, idempotency, resolve, reject });
      if (this.#queue.length >= this.#maxBatch) this.flush();
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
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    let written: Written;
    try {
      written = this.#writeBatch(batch, false);
      if (written.outcomes.some((outcome) => outcome instanceof Error)) written = this.#writeBatch(batch, true);
    } catch (error) {
      // The commit itself failed: nothing of the batch is on disk; nobody gets a success.
      for (const pending of batch) pending.reject(error);
      return;
    }
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

  /**
   * One transaction for the batch, with one counter UPDATE per campaign. Straight through, the
   * first error rolls the whole attempt back (and is returned, for the caller to retry); with
   * savepoints, a failing row rolls back alone and the rest commit.
   */
  #writeBatch(batch: Pending[], savepoints: boolean): Written {
    const added = new Map<number, number>();
    const outcomes: (Outcome | Error)[] = [];
    const write = savepoints ? this.#db.transaction((pending: Pending) => this.#write(pending, added)) : null;
    const run = this.#db.transaction(() => {
      for (const pending of batch) {
        let result: { outcome: Outcome; counted: boolean };
        try {
          result = write ? write(pending) : this.#write(pending, added);
        } catch (error) {
          outcomes.push(error as Error);
          if (write) continue;
          // Rolls the attempt back: the batch is written again, row by row in savepoints.
          throw new RetryRowByRow();
        }
        if (result.counted) added.set(pending.row.campaignId, (added.get(pending.row.campaignId) ?? 0) + 1);
        outcomes.push(result.outcome);
      }
      for (const [campaignId, delta] of added) this.#statements.count.run(delta, campaignId);
    });
    try {
      run();
    } catch (error) {
      if (!(error instanceof RetryRowByRow)) throw error;
    }
    return { added, outcomes };
  }

  /** Writes one submission; `added` holds the rows counted before it in its batch. */
  #write(pending: Pending, added: ReadonlyMap<number, number>): { outcome: Outcome; counted: boolean } {
    const { row, idempotency } = pending;
    const statements = this.#statements;
    const now = row.createdAt;
    if (idempotency) {
      const previous = statements.findKey.get(row.campaignId, idempotency.key, now - IDEMPOTENCY_TTL_MS);
      if (previous) {
        const outcome: Outcome =
          previous.request_hash === idempotency.requestHash
            ? { kind: 'replay', status: previous.status, body: previous.body }
            : { kind: 'key_reused' };
        return { outcome, counted: false };
      }
    }
    const { changes } = statements.insert.run(row);
    const counted = changes === 1 && row.flagged === null;
    const campaign = this.#campaigns.byId(row.campaignId);
    const base: Counter = campaign ? counterOf(campaign) : { signatures: 0, offset: 0, total: 0, goal: null };
    const extra = (added.get(row.campaignId) ?? 0) + (counted ? 1 : 0);
    const counter: Counter = { ...base, signatures: base.signatures + extra, total: base.total + extra };
    // A flagged row gets the answer a person gets, so a bot learns nothing.
    const result: SignResult = { status: changes === 1 ? 'signed' : 'already_signed', counter };
    const status = changes === 1 ? 201 : 200;
    const body = JSON.stringify(result);
    if (idempotency) {
      statements.saveKey.run(row.campaignId, idempotency.key, idempotency.requestHash, status, body, now, row.emailHash);
    }
    return { outcome: { kind: 'answer', status, body }, counted };
  }

  /** Forgets idempotency records older than the TTL. */
  expireKeys(now = Date.now()): number {
    return this.#statements.expireKeys.run(now - IDEMPOTENCY_TTL_MS).changes;
  }
}
