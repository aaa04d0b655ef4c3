/**
 * `rotate-secret` on each engine, against the production server: refused while a server has the
 * database open (nothing changed), then, with the server stopped, every email hash and idempotency
 * record rehashed under the new secret and the IP hashes cleared, so a server started with the new
 * secret still knows who signed, and one started with the old secret refuses to start.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { keyedHash } from '../../server/secrets/crypto.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { Database as Where } from './cli-fixture.ts';
import { cli } from './cli-fixture.ts';
import { tempDir } from './helpers.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

const OLD = 'rotate-old-secret-0123456789abcdef';
const NEW = 'rotate-new-secret-0123456789abcdef';

/** Runs `sql` on either engine; answers each statement's rows. */
async function run(where: Where, sql: string[]): Promise<Record<string, unknown>[][]> {
  if ('DATABASE_PATH' in where) {
    const db = new Database(where.DATABASE_PATH);
    try {
      return sql.map((text) => {
        const statement = db.prepare(text);
        if (statement.reader) return statement.all() as Record<string, unknown>[];
        statement.run();
        return [];
      });
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: where.DATABASE_URL });
  await client.connect();
  try {
    const results = [];
    for (const text of sql) results.push((await client.query(text)).rows);
    // BIGINT comes back as text from pg: numbers, as from SQLite.
    return JSON.parse(JSON.stringify(results), (_key, value) =>
      typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
    );
  } finally {
    await client.end();
  }
}

/** Every row of the tables a rotation may touch. */
function snapshot(where: Where) {
  return run(where, [
    'SELECT id, email, email_hash, ip_hash, flagged FROM signatures ORDER BY id',
    'SELECT campaign_id, key, email_hash FROM idempotency_keys ORDER BY key',
    "SELECT value FROM settings WHERE key = 'secret_fingerprint'",
    'SELECT signature_count FROM campaigns ORDER BY id',
  ]);
}

const ENGINES = [
  {
    engine: 'sqlite',
    skip: false,
    where: async (): Promise<Where> => ({ DATABASE_PATH: path.join(tempDir(), 'rotate.db') }),
  },
  {
    engine: 'postgres',
    skip: pgSkip,
    where: async (): Promise<Where> => ({ DATABASE_URL: await freshPgDatabase() }),
  },
] as const;

for (const { engine, skip, where: make } of ENGINES) {
  describe(`rotate-secret on ${engine}`, { skip }, () => {
    it('refuses while a server runs, then rehashes everything so dedupe holds under the new secret', async () => {
      const where = await make();
      const server = (secret: string) =>
        spawnServer(
          {
            ...where,
            PETITION_SECRET: secret,
            PORT: '0',
            PETITION_BOT_CHECKS: 'off',
            PETITION_LOG: 'off',
          },
          { fixtures: false },
        );
      const sign = (url: string, email: string, key?: string) =>
        fetch(`${url}/api/campaigns/el-salvador/signatures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }) },
          body: JSON.stringify({
            firstName: 'Ada',
            lastName: 'L',
            email,
            city: 'Oslo',
            optIn: false,
          }),
        });
      const before = await server(OLD);
      let signed;
      let busy;
      try {
        for (const n of [1, 2, 3]) {
          const key = n === 2 ? 'retry-key-0123456789' : undefined;
          assert.equal((await sign(before.url, `Person${n}@Example.org`, key)).status, 201);
        }
        signed = await snapshot(where);
        assert.ok(signed[0].every((row) => row.ip_hash !== null));
        busy = await cli({ ...where, PETITION_SECRET: NEW }, 'rotate-secret');
      } finally {
        await before.stop();
      }
      assert.equal(busy.code, 1, busy.stderr);
      assert.match(busy.stderr, /^rotate-secret failed: .*in use.*stop/);
      assert.deepEqual(await snapshot(where), signed, 'nothing changed while the server ran');
      // A person counted twice, under a hash an older version made inconsistently: the later row
      // is found when both are rehashed alike.
      await run(where, [
        `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in,
           lang, consent_hash, created_at)
         SELECT campaign_id, 'inconsistent', first_name, last_name, 'person1@example.org', city,
           opt_in, lang, consent_hash, created_at + 1 FROM signatures WHERE id = 1`,
        'UPDATE campaigns SET signature_count = signature_count + 1',
      ]);
      if (engine === 'postgres') {
        const fresh = await cli({ ...where, PETITION_SECRET: NEW }, 'rotate-secret', '--new');
        assert.equal(fresh.code, 2, 'no secret file on PostgreSQL');
        assert.match(fresh.stderr, /PETITION_SECRET on every node/);
      }

      const rotated = await cli({ ...where, PETITION_SECRET: NEW }, 'rotate-secret');
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(
        rotated.stdout,
        /^Now under PETITION_SECRET: 4 email hashes and 1 idempotency records rehashed, 0 records without a signature dropped, 3 IP hashes cleared, 1 double-counted/,
      );
      const [rows, records, , [campaign]] = await snapshot(where);
      assert.deepEqual(
        rows.map((row) => row.flagged),
        [null, null, null, 'duplicate'],
      );
      assert.equal(campaign.signature_count, 3, 'the duplicate left the count');
      for (const row of rows as { email: string; email_hash: string; ip_hash: null }[]) {
        assert.equal(row.email_hash, keyedHash(Buffer.from(NEW), 'email', row.email.toLowerCase()));
        assert.equal(row.ip_hash, null);
      }
      assert.equal(records[0].email_hash, rows[1].email_hash, "the record has its person's hash");
      const again = await cli({ ...where, PETITION_SECRET: NEW }, 'rotate-secret');
      assert.match(again.stdout, /already under this secret: nothing to do/);

      await assert.rejects(server(OLD), /secret/, 'the old secret no longer starts a server');
      const after = await server(NEW);
      try {
        const twice = await sign(after.url, 'person1@example.org');
        assert.equal(twice.status, 200, 'the same person is known under the new secret');
        assert.equal((await twice.json()).status, 'already_signed');
      } finally {
        await after.stop();
      }
    });
  });
}
