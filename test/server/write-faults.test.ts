/**
 * Faults in the write path, on a real SQLite file: a full database and a second connection that
 * holds the write lock. Every refused request gets a 503 problem with Retry-After, nothing of its
 * batch is stored, the counter stays equal to the rows, /readyz says 503 until a write succeeds,
 * and the same Idempotency-Key retried afterwards is stored once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as holdFor } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { LOCK_WAIT_MS } from '../../server/storage/sqlite/signatures.ts';
import { waitFor } from '../wait-for.ts';
import { makeAdminApp } from './admin-helpers.ts';
import { makeApp, rowCount, sign, validBody } from './helpers.ts';

type Harness = ReturnType<typeof makeApp>;

/** The three counts that must agree: in memory, the stored counter, the unflagged rows. */
function counts({ db, campaigns }: Harness) {
  const stored = (
    db.prepare('SELECT signature_count AS n FROM campaigns WHERE slug = ?').get('el-salvador') as {
      n: number;
    }
  ).n;
  return {
    memory: campaigns.get('el-salvador')!.signatures,
    stored,
    rows: rowCount(db, 'flagged IS NULL'),
  };
}

function assertInStep(harness: Harness, rows: number) {
  assert.deepEqual(counts(harness), { memory: rows, stored: rows, rows });
}

/** Signs each body with its key, all at once, from a partner's page; resolves with the responses. */
function signAll(harness: Harness, items: { key: string; body: object }[]) {
  const headers = (key: string) => ({ 'idempotency-key': key, origin: 'https://partner.example' });
  return Promise.all(items.map(({ key, body }) => sign(harness.app, body, headers(key))));
}

async function assertUnavailable(response: Response) {
  assert.equal(response.status, 503);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
  // The widget on the partner's page can read the answer and its Retry-After.
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://partner.example');
  assert.match(response.headers.get('access-control-expose-headers') ?? '', /Retry-After/i);
  const body = await response.json();
  assert.equal(body.status, 503);
  assert.doesNotMatch(JSON.stringify(body), /@example\.org/);
}

const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, index) => ({
    key: `${prefix}-key-${index}-${Date.now()}`,
    body: validBody(),
  }));

describe('a full database', () => {
  it('answers whole batches 503, stores nothing of them, and takes the same keys once it has room', async () => {
    const harness = makeApp();
    const { app, db } = harness;
    const accepted = await signAll(harness, items('before', 5));
    assert.deepEqual(
      accepted.map((response) => response.status),
      [201, 201, 201, 201, 201],
    );
    // No room left: SQLite's own limit on the file's pages, on the writer thread's connection.
    await harness.writer.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);

    // Signatures fill the last free space in the pages, then the database is full.
    const refused: { key: string; body: object }[] = [];
    let stored = 5;
    for (let round = 0; round < 50 && refused.length === 0; round++) {
      const batch = items(`full-${round}`, 20);
      const responses = await signAll(harness, batch);
      for (const [index, response] of responses.entries()) {
        if (response.status === 201) stored++;
        else {
          await assertUnavailable(response);
          refused.push(batch[index]);
        }
      }
      assertInStep(harness, stored);
    }
    assert.ok(refused.length > 0, 'the database filled up');
    const ready = await app.request('/readyz');
    assert.equal(ready.status, 503);
    assert.match(ready.headers.get('retry-after') ?? '', /^\d+$/);
    // Still full: the same batch retried is refused again, and still nothing moves.
    for (const response of await signAll(harness, refused)) await assertUnavailable(response);
    assertInStep(harness, stored);

    await harness.writer.pragma('max_page_count = 1000000');
    // The readiness probe writes for itself (at most once a second), so a balancer sees recovery.
    await waitFor(async () => (await app.request('/readyz')).status === 200, '/readyz 200', {
      timeout: 5000,
      every: 50,
    });
    const retried = await signAll(harness, refused);
    assert.ok(retried.every((response) => response.status === 201));
    assertInStep(harness, stored + refused.length);
    // A second retry is the replay of the first answer, not a second row.
    const again = await signAll(harness, refused);
    assert.ok(again.every((response) => response.status === 201));
    assertInStep(harness, stored + refused.length);
  });
});

describe('another connection holding the write lock', () => {
  it('waits for it off the event loop, then answers 503; the same keys succeed once it is free', async () => {
    const harness = makeApp();
    const { app, file } = harness;
    assert.equal((await sign(app, validBody())).status, 201);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const batch = items('locked', 10);
      const started = performance.now();
      const answers = signAll(harness, batch);
      // While the batch waits, the event loop runs: timers fire on time, reads are answered.
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      assert.equal((await app.request('/healthz')).status, 200);
      const responses = await answers;
      const waited = performance.now() - started;
      lag.disable();
      // Sleeping in SQLite's busy handler would stall it for the whole wait (2 s and more).
      const most = Math.round(lag.max / 1e6);
      assert.ok(most < 1000, `event loop lag up to ${most} ms while the batch waited`);
      for (const response of responses) await assertUnavailable(response);
      assert.ok(
        waited >= LOCK_WAIT_MS - 50 && waited < LOCK_WAIT_MS + 4000,
        `answered after ${Math.round(waited)} ms`,
      );
      assertInStep(harness, 1);
      assert.equal((await app.request('/readyz')).status, 503);

      // A lock held only briefly is waited for: the requests are stored, not refused.
      const brief = items('brief', 5);
      const pending = signAll(harness, brief);
      await waitFor(() => harness.writer.busy, 'the batch in the writer thread');
      // The subject is a lock held for a while, so it is held on purpose: 300 ms of LOCK_WAIT_MS.
      await holdFor(300);
      other.exec('COMMIT');
      assert.ok((await pending).every((response) => response.status === 201));
      assertInStep(harness, 6);
      assert.equal((await app.request('/readyz')).status, 200);

      const retried = await signAll(harness, batch);
      assert.ok(retried.every((response) => response.status === 201));
      assertInStep(harness, 16);
      const again = await signAll(harness, batch);
      assert.ok(again.every((response) => response.status === 201));
      assertInStep(harness, 16);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('an admin change while another program holds the write lock', () => {
  it('answers 503 with Retry-After at once and changes nothing', async () => {
    const { admin, file, campaigns } = makeAdminApp();
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const response = await admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { goal: 5000 },
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
      assert.ok(performance.now() - started < 1000, 'not held in the busy handler');
      assert.equal(campaigns.get('el-salvador')!.goal, null);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal(
      (await admin('/campaigns/el-salvador', { method: 'PATCH', json: { goal: 5000 } })).status,
      200,
    );
    assert.equal(campaigns.get('el-salvador')!.goal, 5000);
  });
});

describe('an admin change while signatures commit on the writer thread', () => {
  it('is made between two batches, never refused for the writer thread’s lock', async () => {
    const harness = makeAdminApp();
    const { admin } = harness;
    const statuses: number[] = [];
    let signed = 0;
    for (let round = 0; round < 15; round++) {
      // A batch goes to the writer thread; the change arrives while it commits.
      const signing = signAll(harness, items(`load-${round}`, 40));
      while (!harness.writer.busy) await new Promise((resolve) => setImmediate(resolve));
      const changed = await admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { goal: 1000 + round },
      });
      statuses.push(changed.status);
      signed += (await signing).filter((response) => response.status === 201).length;
    }
    assert.deepEqual(statuses, Array(15).fill(200));
    assert.equal(signed, 15 * 40);
    assert.equal(harness.campaigns.get('el-salvador')!.goal, 1014);
    assertInStep(harness, 15 * 40);
  });
});
