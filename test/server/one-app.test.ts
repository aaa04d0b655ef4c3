/**
 * One app for both engines (server/http/app.ts over the Storage interface): health, readiness and
 * draining (and 503 while PostgreSQL refuses connections), the demo page and the console answer
 * the same on SQLite and PostgreSQL, and so does every admin part (no 501 left for an engine).
 * That the HTTP layer imports no engine, and no route the app, is layers.test.ts's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador, ORGANISATION } from '../../demo/el-salvador.ts';
import { createApp } from '../../server/http/app.ts';
import { makeAsset } from '../../server/http/assets.ts';
import { testSettings } from '../../server/config/settings.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import pg from 'pg';
import { EACH_ENGINE } from './engine-app.ts';
import { freshPgDatabase, PG_URL, pgSkip } from './storage-fixture.ts';

const page = makeAsset(Buffer.from('<!doctype html><title>console</title>'), 'text/html');

for (const { engine, open, skip } of EACH_ENGINE) {
  describe(`the one app on ${engine}`, { skip }, () => {
    it('answers /healthz and /readyz, and /readyz says 503 while draining', async () => {
      // Closed after the test by engine-app.ts, as every app it opens.
      const fixture = await open();
      const lifecycle = { draining: false };
      const app = createApp({
        storage: fixture.storage,
        settings: testSettings(),
        secret: Buffer.from('test-secret-0123456789abcdef012345'),
        assets: { console: { page, assets: new Map() } },
        demo: { slug: elSalvador.slug, organisation: ORGANISATION },
        log: () => {},
        lifecycle,
      });
      assert.equal((await app.request('/healthz')).status, 200);
      const ready = await app.request('/readyz');
      assert.equal(ready.status, 200);
      assert.equal(ready.headers.get('cache-control'), 'no-store');
      lifecycle.draining = true;
      const draining = await app.request('/readyz');
      assert.equal(draining.status, 503);
      assert.match(draining.headers.get('content-type') ?? '', /problem\+json/);
      // The demo page and the console are served whichever engine holds the campaign.
      const demo = await app.request('/');
      assert.equal(demo.status, 200);
      assert.match(await demo.text(), /data-campaign="el-salvador"/);
      const console = await app.request('/admin');
      assert.equal(console.status, 200);
      assert.match(console.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    });

    it('serves every admin part (statistics, partners, webhooks), and 404 for an unknown path', async () => {
      // Closed after the test by engine-app.ts, as every app it opens.
      const fixture = await open();
      const admin = (url: string) => fixture.admin(url);
      for (const url of [
        '/campaigns/el-salvador/stats',
        '/campaigns/el-salvador/partners',
        '/webhooks',
      ]) {
        assert.equal((await admin(url)).status, 200, url);
      }
      // An unknown admin path is still 404, on every engine.
      assert.equal((await admin('/nothing-here')).status, 404);
    });
  });
}

describe('health when PostgreSQL refuses connections', { skip: pgSkip }, () => {
  it('answers 503 on /healthz and /readyz, never a 500, and 200 again once it takes them', async (t) => {
    const url = await freshPgDatabase();
    const name = new URL(url).pathname.slice(1);
    const storage = await openPgStorage(url);
    t.after(() => storage.close());
    const app = createApp({
      storage,
      settings: testSettings(),
      secret: Buffer.from('test-secret-0123456789abcdef012345'),
      assets: {},
    });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    t.after(() => admin.end());
    assert.equal((await app.request('/readyz')).status, 200);
    // As a database being restarted or failed over: every connection cut, new ones refused.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    for (const path of ['/healthz', '/readyz']) {
      const response = await app.request(path);
      assert.equal(response.status, 503, path);
      assert.equal(response.headers.get('retry-after'), '2');
      assert.match(response.headers.get('content-type') ?? '', /problem\+json/);
    }
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    assert.equal((await app.request('/healthz')).status, 200);
    assert.equal((await app.request('/readyz')).status, 200);
  });
});
