/** The real server process: SIGTERM finishes in-flight requests and closes the database cleanly. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from './helpers.ts';

describe('server/main.ts', () => {
  it('answers what it accepted, exits 0 on SIGTERM, and leaves a checkpointed database', async () => {
    const file = path.join(tempDir(), 'shutdown.db');
    const server = await spawnServer(
      { PORT: '0', DATABASE_PATH: file, PETITION_BOT_CHECKS: 'off', PETITION_RATE_LIMIT: 'off' },
      'server/main.ts',
    );
    const sign = (n: number) =>
      fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'S', lastName: 'T', email: `stop${n}@example.org`, city: 'C', optIn: false }),
      }).then(
        (response) => response.status,
        () => 0,
      );
    assert.equal(await sign(0), 201);
    const inFlight = Array.from({ length: 20 }, (_, n) => sign(n + 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    const statuses = await Promise.all(inFlight);
    assert.equal(await exited, 0);
    assert.match(server.output(), /SIGTERM: finishing in-flight requests/);
    const answered = statuses.filter((status) => status === 201).length;
    assert.ok(statuses.every((status) => status === 201 || status === 0), `statuses ${statuses}`);
    // A clean close checkpoints and removes the WAL.
    assert.ok(!fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size === 0);
    const db = new Database(file, { readonly: true });
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM signatures').get() as { n: number }).n;
    const counted = (db.prepare('SELECT signature_count AS n FROM campaigns').get() as { n: number }).n;
    db.close();
    assert.ok(rows >= 1 + answered, `every acknowledged signature is stored (${rows} rows, ${answered} answered)`);
    assert.equal(counted, rows);
  });
});
