/**
 * Background timers (server/runtime/timers.ts): a task that throws, or returns a promise that
 * rejects (the storage interface is asynchronous), is logged by its kind and the timer goes on;
 * the process does not end with an unhandled rejection.
 */
import assert from 'node:assert/strict';

import { describe, it } from 'node:test';
import { every } from '../../server/runtime/timers.ts';
import { waitFor } from '../wait-for.ts';

const failure = () =>
  Object.assign(new Error('personal data may be here'), { code: 'SQLITE_FULL' });

describe('every', () => {
  it('logs a thrown error and a rejected promise by kind, and keeps running', async () => {
    const lines: Record<string, unknown>[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let runs = 0;
    const stop = every(
      5,
      'expire-keys',
      () => {
        runs++;
        if (runs % 2) throw failure();
        return Promise.reject(failure());
      },
      (line) => lines.push(line),
    );
    // Waits for four runs rather than a fixed time: a loaded machine may run a 5 ms timer late.
    await waitFor(() => runs >= 4, 'four runs');
    stop();
    // A rejection of the last run is reported on the next turns of the loop: let them pass.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    assert.ok(runs >= 4, `ran ${runs} times`);
    assert.deepEqual(unhandled, []);
    assert.ok(lines.length >= 4);
    for (const line of lines) {
      assert.equal(line.timer, 'expire-keys');
      assert.equal(line.code, 'SQLITE_FULL');
      assert.ok(!JSON.stringify(line).includes('personal'));
    }
  });
});
