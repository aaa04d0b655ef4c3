/**
 * The answer to a signature, built once for both engines' writers (sqlite/batch-writer.ts,
 * postgres/batch-writer.ts): 201 `signed` when the row went in, 200 `already_signed` when the
 * person was already there, with the counter as that row left it. A retry under an
 * Idempotency-Key gets the first answer again, byte for byte; the same key with another body is
 * refused (key_reused). A flagged row gets the answer a person gets, so a bot learns nothing.
 *
 * On a campaign with email verification every signature gets one answer, 200 `check_email`,
 * whether the address is new, waiting for its confirmation or confirmed long ago: the answer
 * never tells a stranger whether an address has signed (the mail tells its owner).
 */
import type { GoalSettings } from '../campaigns/goal.ts';
import { goalAt } from '../campaigns/goal.ts';
import type { Counter, SignResult } from '../contract/public.ts';
import type { Outcome } from './signature-row.ts';

/** An idempotency record as both engines read it back. */
export interface IdempotencyRecord {
  request_hash: string;
  status: number;
  body: string;
}

/** A written submission's answer. */
export type Answer = Extract<Outcome, { kind: 'answer' }>;

/** The answer to a submission under a key already used: a replay if the request is the same. */
export function answerAgain(record: IdempotencyRecord, requestHash: string): Outcome {
  return record.request_hash === requestHash
    ? { kind: 'replay', status: record.status, body: record.body }
    : { kind: 'key_reused' };
}

/** The answer to a written submission; `inserted` when its row went in. */
export function signedAnswer(inserted: boolean, counter: Counter): Answer {
  const result: SignResult = { status: inserted ? 'signed' : 'already_signed', counter };
  return { kind: 'answer', status: inserted ? 201 : 200, body: JSON.stringify(result) };
}

/** The answer to a signature of a campaign with email verification, whatever the address. */
export function pendingAnswer(counter: Counter): Answer {
  const result: SignResult = { status: 'check_email', counter };
  return { kind: 'answer', status: 200, body: JSON.stringify(result) };
}

/** `base` with `added` more signatures counted, and the goal that then applies. */
export function counterPlus(base: Counter, added: number, goal: GoalSettings): Counter {
  const total = base.total + added;
  return { ...base, signatures: base.signatures + added, total, goal: goalAt(goal, total) };
}

/** A campaign the writer no longer holds: no goal. */
export const NO_GOAL: GoalSettings = { goal: null, goalMode: 'fixed', goalSteps: null };
