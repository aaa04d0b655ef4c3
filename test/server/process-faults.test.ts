/**
 * Faults met by the production server process (server/dist/main.js): a timer's database error
 * does not end it, and a real filesystem that fills up gets 503s, a /readyz that says so, and
 * a counter that stays equal to the rows; once there is room, the same keys are stored once.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { waitFor } from '../wait-for.ts';
import { tempDir, validBody } from './helpers.ts';

function signer(url: string) {
  return (body: object, key: string) =>
    fetch(`${url}/api/campaigns/el-salvador/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
}

/** Mounts a small tmpfs (root only); null when this machine does not allow it. */
function smallFilesystem(dir: string, size: string): (() => void) | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return null;
  }
  return () => execFileSync('umount', ['-l', dir]);
}

describe('a timer meeting a database error', () => {
  it('logs it by kind and the process goes on serving', { timeout: 30_000 }, async () => {
    const file = path.join(tempDir(), 'timers.db');
    const server = await spawnServer({ PORT: '0', DATABASE_PATH: file, PETITION_LOG: 'on' });
    try {
      const other = new Database(file);
      // The campaign sync timer sees another connection's commit and reads a table that is gone.
      other.exec('ALTER TABLE campaigns RENAME TO campaigns_away');
      const logged =
        /"level":"error","timer":"sync-campaigns","error":"SqliteError","code":"SQLITE_ERROR"/;
      await waitFor(() => logged.test(server.output()), 'the timer to log its error', 10_000);
      assert.equal(server.child.exitCode, null, `the process is alive:\n${server.output()}`);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      other.exec('ALTER TABLE campaigns_away RENAME TO campaigns');
      other.close();
      const counter = async () =>
        (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).status === 200;
      await waitFor(counter, 'the counter served again', { timeout: 10_000, every: 100 });
    } finally {
      await server.stop();
    }
  });
});

describe('a real filesystem that fills up', () => {
  it('answers 503, keeps the counter equal to the rows, and takes the same keys once there is room', {
    timeout: 120_000,
  }, async (t) => {
    const dir = tempDir();
    const unmount = smallFilesystem(dir, '1m');
    if (!unmount)
      return t.skip(
        'cannot mount a small tmpfs here (needs root); the in-process full-database test covers SQLITE_FULL',
      );
    const file = path.join(dir, 'full.db');
    const server = await spawnServer({
      PORT: '0',
      DATABASE_PATH: file,
      PETITION_BOT_CHECKS: 'off',
      PETITION_RATE_LIMIT: 'off',
    });
    const sign = signer(server.url);
    const rows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          rows: (
            db.prepare('SELECT COUNT(*) AS n FROM signatures WHERE flagged IS NULL').get() as {
              n: number;
            }
          ).n,
          stored: (
            db
              .prepare("SELECT signature_count AS n FROM campaigns WHERE slug = 'el-salvador'")
              .get() as { n: number }
          ).n,
        };
      } finally {
        db.close();
      }
    };
    const served = async () =>
      (await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json()).signatures;
    try {
      let accepted = 0;
      const refused: { key: string; body: object }[] = [];
      for (let round = 0; round < 400 && refused.length === 0; round++) {
        const batch = Array.from({ length: 20 }, (_, n) => ({
          key: `full-${round}-${n}`,
          body: validBody({ city: 'x'.repeat(100) }),
        }));
        const answers = await Promise.all(batch.map(({ key, body }) => sign(body, key)));
        for (const [n, answer] of answers.entries()) {
          if (answer.status === 201) accepted++;
          else {
            assert.equal(answer.status, 503);
            assert.equal(answer.headers.get('content-type'), 'application/problem+json');
            assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/);
            refused.push(batch[n]);
          }
        }
      }
      assert.ok(refused.length > 0, 'the filesystem filled up');
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
      assert.deepEqual(rows(), { rows: accepted, stored: accepted });
      assert.equal(await served(), accepted);

      execFileSync('mount', ['-o', 'remount,size=64m', dir]);
      for (const { key, body } of refused) assert.equal((await sign(body, key)).status, 201);
      for (const { key, body } of refused)
        assert.equal((await sign(body, key)).status, 201, 'a replay');
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.deepEqual(rows(), {
        rows: accepted + refused.length,
        stored: accepted + refused.length,
      });
      assert.equal(await served(), accepted + refused.length);
    } finally {
      await server.stop();
      unmount();
    }
  });
});
