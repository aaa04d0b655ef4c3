/**
 * One server start for both engines (server/runtime/server.ts, open-storage.ts): DATABASE_PATH
 * opens SQLite with its secret in a file beside the database; DATABASE_URL opens PostgreSQL, where
 * PETITION_SECRET is required and must be the secret the database was first started with. Either
 * way the same app answers over HTTP: the seeded demo, the counter, readiness, an admin route.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Settings } from '../../server/config/settings.ts';
import { testSettings } from '../../server/config/settings.ts';
import { startServer } from '../../server/runtime/server.ts';
import { secretFilePath } from '../../server/secrets/secret-file.ts';
import { TOKEN } from './admin-helpers.ts';
import { tempDir } from './helpers.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

const SECRET = 'server-start-secret-0123456789abcdef';

const settingsFor = (database: Partial<Settings>) =>
  testSettings({
    PORT: 0,
    HOST: '127.0.0.1',
    PETITION_SEED: 'on',
    PETITION_ADMIN_TOKEN: TOKEN,
    PETITION_SHUTDOWN_MS: 400,
    ...database,
  });

/** Starts, checks the answers every engine gives, stops. */
async function startAndCheck(settings: Settings) {
  const running = await startServer(settings);
  try {
    assert.equal((await fetch(`${running.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${running.url}/healthz`)).status, 200);
    const demo = await fetch(`${running.url}/`);
    assert.equal(demo.status, 200);
    assert.match(await demo.text(), /data-campaign="el-salvador"/);
    const counter = await fetch(`${running.url}/api/campaigns/el-salvador/counter`);
    assert.equal(counter.status, 200);
    const campaigns = await fetch(`${running.url}/api/admin/campaigns`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(campaigns.status, 200);
    const { data } = (await campaigns.json()) as { data: { slug: string }[] };
    assert.deepEqual(
      data.map((campaign) => campaign.slug),
      ['el-salvador'],
    );
  } finally {
    await running.stop();
  }
}

describe('starting the server', () => {
  it('on SQLite (DATABASE_PATH): the secret in a file beside the database', async () => {
    const file = path.join(tempDir(), 'start.db');
    await startAndCheck(settingsFor({ DATABASE_PATH: file }));
    assert.ok(fs.existsSync(secretFilePath(file)));
    // Started again on the same file: the same demo campaign, not a second one.
    await startAndCheck(settingsFor({ DATABASE_PATH: file }));
  });

  it('on PostgreSQL (DATABASE_URL): PETITION_SECRET required, and the same one each time', {
    skip: pgSkip,
  }, async () => {
    const url = await freshPgDatabase();
    await assert.rejects(
      startServer(settingsFor({ DATABASE_URL: url })),
      /PETITION_SECRET is required with DATABASE_URL/,
    );
    await startAndCheck(settingsFor({ DATABASE_URL: url, PETITION_SECRET: SECRET }));
    await assert.rejects(
      startServer(settingsFor({ DATABASE_URL: url, PETITION_SECRET: `${SECRET}-other` })),
      /PETITION_SECRET is not the secret this database was made with/,
    );
    await startAndCheck(settingsFor({ DATABASE_URL: url, PETITION_SECRET: SECRET }));
  });
});
