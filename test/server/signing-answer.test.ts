/**
 * The answer to a signature, as both engines' writers build it (server/storage/signing-answer.ts):
 * 201 signed or 200 already_signed with the counter, the first answer again for a retry under the
 * same Idempotency-Key, key_reused for that key with another body. The engines' tests show each
 * answer over HTTP; this shows the rules themselves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerAgain, counterPlus, signedAnswer } from '../../server/storage/signing-answer.ts';

const counter = { signatures: 10, offset: 785, total: 795, goal: null, goalMode: 'fixed' as const };
const noGoal = { goal: null, goalMode: 'fixed' as const, goalSteps: null };

describe('the signing answer', () => {
  it('is 201 signed for a row that went in, 200 already_signed for a person already there', () => {
    assert.deepEqual(signedAnswer(true, counter), {
      kind: 'answer',
      status: 201,
      body: JSON.stringify({ status: 'signed', counter }),
    });
    const again = signedAnswer(false, counter);
    assert.equal(again.status, 200);
    assert.deepEqual(JSON.parse(again.body), { status: 'already_signed', counter });
  });

  it('replays the first answer for the same request, and refuses the key with another body', () => {
    const record = { request_hash: 'h1', status: 201, body: '{"status":"signed"}' };
    assert.deepEqual(answerAgain(record, 'h1'), {
      kind: 'replay',
      status: 201,
      body: '{"status":"signed"}',
    });
    assert.deepEqual(answerAgain(record, 'h2'), { kind: 'key_reused' });
  });

  it('counts on from a counter, the offset kept', () => {
    assert.deepEqual(counterPlus(counter, 2, noGoal), { ...counter, signatures: 12, total: 797 });
    assert.deepEqual(counterPlus(counter, 0, noGoal), counter);
  });

  it('moves an auto goal to the next step as the rows of a batch reach it', () => {
    const auto = { goal: null, goalMode: 'auto' as const, goalSteps: null };
    const before = { signatures: 249, offset: 0, total: 249, goal: 250, goalMode: 'auto' as const };
    assert.equal(counterPlus(before, 0, auto).goal, 250);
    assert.equal(counterPlus(before, 1, auto).goal, 500);
  });
});
