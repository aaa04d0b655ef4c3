/** A running server sees what the admin CLI changed through its own connection. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from './helpers.ts';

describe('server and CLI side by side', () => {
  it('serves an offset the CLI set, within a couple of seconds, without a restart', async () => {
    const file = path.join(tempDir(), 'sync.db');
    const server = await spawnServer({ PORT: '0', DATABASE_PATH: file });
    try {
      const counter = async () =>
        (await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json()).offset;
      assert.equal(await counter(), 785);
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/cli/admin.ts',
          'set-offset',
          'el-salvador',
          '1000',
          '--reason',
          'paper signatures',
        ],
        {
          env: { ...process.env, DATABASE_PATH: file },
          stdio: 'pipe',
        },
      );
      let offset = 785;
      for (let tries = 0; tries < 50 && offset !== 1000; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        offset = await counter();
      }
      assert.equal(offset, 1000);
    } finally {
      await server.stop();
    }
  });
});
