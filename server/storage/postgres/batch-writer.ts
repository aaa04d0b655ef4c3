/**
 * Writing one batch of signatures on PostgreSQL, inside the transaction signatures.ts opens and
 * commits, in named steps (writeBatch reads them in order):
 * 1. claimKeys: idempotency keys are claimed in key order (an INSERT that waits on another node's
 *    claim of the same key, then finds its record: one row and one answer across nodes);
 * 2. insertRows: the rows go in with one INSERT ... ON CONFLICT DO NOTHING over arrays, so the
 *    unique index on (campaign, email hash) of counted rows decides dedupe, whichever node took
 *    the other; whoWentIn reads which did;
 * 3. the counted rows' webhook events go to the outbox (webhook-outbox.ts), and the pending rows'
 *    confirmation tokens and mails to theirs (confirmations.ts);
 * 4. addCounts: each campaign's count is added to and the new absolute count notified to every
 *    node;
 * 5. answerWritten: each written row gets its answer (signing-answer.ts), and its claimed key too;
 *    answerSameKeys: a second submission under a key claimed earlier in the batch replays it.
 */
import type pg from 'pg';
import type { GoalSettings } from '../../campaigns/goal.ts';
import { goalAt } from '../../campaigns/goal.ts';
import type { Counter } from '../../contract/public.ts';
import { goalSettingsOf } from '../campaign-row.ts';
import type { Idempotency, Outcome, SignatureRow } from '../signature-row.ts';
import { IDEMPOTENCY_TTL_MS, SIGNATURE_COLUMN_LIST, SIGNATURE_COLUMNS } from '../signature-row.ts';
import { answerAgain, counterPlus, pendingAnswer, signedAnswer } from '../signing-answer.ts';
import type { ConfirmationPolicy } from '../confirmation-plan.ts';
import { COUNT } from './campaigns.ts';
import { writeSigningMails } from './confirmations.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';

/** One submission of a batch. */
export interface Submission {
  row: SignatureRow;
  idempotency: Idempotency | null;
}

/** A campaign's counter as the batch's answers reach it, and what its goal follows. */
interface Counting {
  counter: Counter;
  goal: GoalSettings;
}

/** A campaign's count after the batch: [campaign id, signature_count, count_version]. */
export type CountAfter = [number, number, number];

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

/**
 * Writes a batch on `client`'s open transaction; returns each submission's outcome, in order,
 * and the counts the batch left (the caller applies them once it has committed).
 */
export async function writeBatch(
  client: pg.ClientBase,
  batch: readonly Submission[],
  outbox: PgWebhookOutbox | undefined,
  /** Tokens and mails of verified campaigns' rows (none written without it). */
  confirmation?: ConfirmationPolicy,
): Promise<{ outcomes: Outcome[]; counts: CountAfter[] }> {
  const outcomes: (Outcome | undefined)[] = new Array(batch.length);
  const sameKey = await claimKeys(client, batch, outcomes);
  const writing = batch.map((_, index) => index).filter((i) => !outcomes[i] && !sameKey.has(i));
  const { inserted, hooked } = await insertRows(
    client,
    writing.map((i) => batch[i].row),
  );
  const { signed, counted, added } = whoWentIn(batch, writing, inserted);
  // Their webhook events, tokens and mails commit with them, or not at all.
  if (hooked) await outbox?.signaturesCreated(client, counted);
  const pending = writing.map((i) => batch[i].row).filter((row) => row.pending === 1);
  if (pending.length && confirmation) await writeSigningMails(client, pending, confirmation);
  const { counts, counters } = await addCounts(client, batch, writing, added);
  await answerWritten(client, batch, writing, signed, counters, outcomes);
  answerSameKeys(batch, sameKey, outcomes);
  return { outcomes: outcomes as Outcome[], counts };
}

/**
 * Claims the batch's idempotency keys; a key another request holds answers its submission
 * (replay or key_reused) in `outcomes`. Returns the submissions whose key an earlier one of the
 * batch claimed, each with that one's index.
 */
async function claimKeys(
  client: pg.ClientBase,
  batch: readonly Submission[],
  outcomes: (Outcome | undefined)[],
): Promise<Map<number, number>> {
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
    outcomes[index] = answerAgain(previous, requestHash);
  }
  return sameKey;
}

/**
 * Inserts rows in one statement; returns the people (campaign:email hash) of counted rows added,
 * with their ids, and whether any webhook is enabled.
 */
async function insertRows(
  client: pg.ClientBase,
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

/**
 * Which rows went in: flagged rows always do; of the counted ones, the first of each person.
 * Returns, by submission, whether its row went in; the counted rows with their ids; and how many
 * each campaign counted.
 */
function whoWentIn(
  batch: readonly Submission[],
  writing: readonly number[],
  inserted: Map<string, number>,
) {
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
      // A pending row counts once confirmed (confirmations.ts), its webhook events then too.
      if (isNew && row.pending === 0) {
        added.set(row.campaignId, (added.get(row.campaignId) ?? 0) + 1);
        counted.push({ row, id: id! });
      }
    }
    signed.set(index, isNew);
  }
  return { signed, counted, added };
}

/**
 * Adds each written campaign's new rows to its count (notifying every node); returns the counts
 * the batch left, and each campaign's counter before the batch.
 */
async function addCounts(
  client: pg.ClientBase,
  batch: readonly Submission[],
  writing: readonly number[],
  added: ReadonlyMap<number, number>,
): Promise<{ counts: CountAfter[]; counters: Map<number, Counting> }> {
  const counts: CountAfter[] = [];
  const counters = new Map<number, Counting>();
  for (const campaignId of new Set(writing.map((i) => batch[i].row.campaignId))) {
    const delta = added.get(campaignId) ?? 0;
    const { rows } = await client.query({ ...COUNT, values: [campaignId, delta] });
    const { signature_count: total, counter_offset: offset, count_version: version } = rows[0];
    counts.push([campaignId, total, version]);
    // The count before this batch: each answer adds the batch's rows up to its own.
    const goal = goalSettingsOf(rows[0]);
    const before = { signatures: total - delta, offset, total: total - delta + offset };
    counters.set(campaignId, {
      counter: { ...before, goal: goalAt(goal, before.total), goalMode: goal.goalMode },
      goal,
    });
  }
  return { counts, counters };
}

/** Answers each written submission, in batch order, and records the answer under its key. */
async function answerWritten(
  client: pg.ClientBase,
  batch: readonly Submission[],
  writing: readonly number[],
  signed: ReadonlyMap<number, boolean>,
  counters: Map<number, Counting>,
  outcomes: (Outcome | undefined)[],
): Promise<void> {
  for (const index of writing) {
    const { row, idempotency } = batch[index];
    const inserted = signed.get(index)!;
    const counted = inserted && row.flagged === null && row.pending === 0;
    const counting = counters.get(row.campaignId)!;
    const counter = counterPlus(counting.counter, counted ? 1 : 0, counting.goal);
    counting.counter = counter;
    const answer = row.pending ? pendingAnswer(counter) : signedAnswer(inserted, counter);
    outcomes[index] = answer;
    if (idempotency)
      await client.query({
        ...ANSWER_KEY,
        values: [row.campaignId, idempotency.key, answer.status, answer.body],
      });
  }
}

/** A submission under a key claimed earlier in the batch gets that one's answer again. */
function answerSameKeys(
  batch: readonly Submission[],
  sameKey: ReadonlyMap<number, number>,
  outcomes: (Outcome | undefined)[],
): void {
  for (const [index, first] of sameKey) {
    const previous = outcomes[first]!;
    const requestHash = batch[index].idempotency!.requestHash;
    outcomes[index] =
      previous.kind === 'answer'
        ? answerAgain(
            {
              request_hash: batch[first].idempotency!.requestHash,
              status: previous.status,
              body: previous.body,
            },
            requestHash,
          )
        : { kind: 'key_reused' };
  }
}
