/**
 * PostgreSQL's own fault: the database goes away (a restart, a failover) under a node. SQLite's
 * faults (a full disk, a held lock, a failed fsync) are in write-faults.test.ts; this is the one a
 * database over the network adds. While it is down, whatever needs it answers 503 with
 * Retry-After and a problem, never a 500 and never a success; nothing is half-written; the counter
 * goes on answering from memory; once the database is back, a retry with the same Idempotency-Key
 * is stored once and the counter equals the rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { TestApp } from './engine-app.ts';
import { openApp } from './engine-app.ts';
import { validBody } from './helpers.ts';
import { PG_URL, pgSkip } from './storage-fixture.ts';

describe('PostgreSQL down under a node', { skip: pgSkip }, () => {
  let app: TestApp;
  let cluster: pg.Client;
  let name: string;

  /** As a database being restarted or failed over: every connection cut, new ones refused. */
  const down = async () => {
    await cluster.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await cluster.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
  };
  const up = () => cluster.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);

  before(async () => {
    app = await openApp('postgres', { shared: true });
    name = new URL(app.location).pathname.slice(1);
    cluster = new pg.Client({ connectionString: PG_URL });
    cluster.on('error', () => {});
    await cluster.connect();
  });
  after(async () => {
    await up();
    await cluster.end();
    await app.close();
  });

  async function unavailable(response: Response, what: string) {
    assert.equal(response.status, 503, `${what}: ${await response.clone().text()}`);
    assert.ok(Number(response.headers.get('retry-after')) > 0, `${what}: Retry-After`);
    assert.equal(response.headers.get('content-type'), 'application/problem+json', what);
  }

  it('answers 503 with Retry-After to signing and admin writes, stores nothing, and takes the same key once it is back', async () => {
    const body = validBody();
    const key = { 'idempotency-key': 'down-key-000001' };
    await down();
    try {
      await unavailable(await app.sign(body, key), 'a signature');
      await unavailable(await app.sign(validBody()), 'a signature without a key');
      await unavailable(
        await app.admin('/campaigns/el-salvador', {
          method: 'PATCH',
          json: { offset: 5000, offsetReason: 'while down' },
        }),
        'an offset change',
      );
      await unavailable(await app.admin('/keys'), 'an admin read');
      // The counter is served from memory: readers keep their number while the database is away.
      const counter = await app.request('/api/campaigns/el-salvador/counter');
      assert.equal(counter.status, 200);
    } finally {
      await up();
    }
    assert.equal(await app.count(), 0, 'nothing stored');
    const offset = await app.query<{ counter_offset: number }>(
      'SELECT counter_offset FROM campaigns',
    );
    assert.deepEqual(offset, [{ counter_offset: 785 }], 'the offset unchanged');
    assert.deepEqual(await app.query('SELECT * FROM audit_log'), [], 'no audit row');

    // Back: the pool reconnects on its own; the retry with the same key is stored once.
    const retried = await app.sign(body, key);
    assert.equal(retried.status, 201);
    assert.equal((await app.sign(body, key)).status, 201, 'replayed');
    assert.equal(await app.count(), 1);
    const [stored] = await app.query<{ n: number }>('SELECT signature_count AS n FROM campaigns');
    assert.equal(stored.n, 1);
    assert.equal(app.campaigns.get('el-salvador')!.signatures, 1);
  });
});
