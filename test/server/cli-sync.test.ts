/**
 * A running server (the production bundle) sees what the admin CLI changed through its own
 * connection, on either engine: on SQLite it reads the commit from the file, on PostgreSQL it
 * hears of it by NOTIFY, as of another node's change.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { eventually } from '../wait-for.ts';
import { cli } from './cli-fixture.ts';
import { tempDir } from './helpers.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

const ENGINES = [
  {
    engine: 'sqlite',
    skip: false,
    database: async () => ({ DATABASE_PATH: path.join(tempDir(), 'sync.db') }),
  },
  {
    engine: 'postgres',
    skip: pgSkip,
    database: async () => ({ DATABASE_URL: await freshPgDatabase() }),
  },
] as const;

for (const { engine, skip, database } of ENGINES) {
  describe(`server and CLI side by side on ${engine}`, { skip }, () => {
    it('serves an offset the CLI set (admins at once on SQLite), within a second or two, without a restart', async () => {
      // The CLI runs with the server's settings, as an operator runs it.
      const settings = {
        PETITION_SECRET: 'cli-sync-secret-0123456789abcdef',
        ...(await database()),
      };
      const token = 'cli-sync-admin-token-0123456789';
      const server = await spawnServer(
        { PORT: '0', PETITION_ADMIN_TOKEN: token, ...settings },
        { fixtures: false },
      );
      try {
        const counter = async () =>
          (await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json()).offset;
        assert.equal(await counter(), 785);
        const admin = async () =>
          (
            await (
              await fetch(`${server.url}/api/admin/campaigns/el-salvador`, {
                headers: { authorization: `Bearer ${token}` },
              })
            ).json()
          ).counter.offset;
        const set = await cli(settings, 'set-offset', 'el-salvador', '1000', '--reason', 'paper');
        assert.equal(set.code, 0, set.stderr);
        // On SQLite an admin request reads the file's new commits first: admins see it at once.
        if (engine === 'sqlite') assert.equal(await admin(), 1000, 'the admin API, at once');
        const offset = await eventually(counter, 1000, { timeout: 5000, every: 100 });
        assert.equal(offset, 1000, 'the public counter');
        assert.equal(await admin(), 1000);
      } finally {
        await server.stop();
      }
    });
  });
}
