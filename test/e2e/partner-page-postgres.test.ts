/**
 * The partner page on a PostgreSQL node: the production server (server/dist/main.js) on a fresh
 * database of the run's cluster, the built widget.js on a page of another origin with hostile CSS
 * (demo/partner-server.ts), real Chromium. A supporter signs; the widget thanks them, its counter
 * counts them, and the row PostgreSQL holds carries the partner and the page's origin. The same
 * path on SQLite, in three browsers, is engines.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { BROWSER_TEST_SETTINGS } from '../fixtures/spawn-server.ts';
import type { PgServerChild } from '../fixtures/spawn-pg-server.ts';
import { pgSkip, spawnPgServer } from '../fixtures/spawn-pg-server.ts';
import { launchBrowser } from './browser.ts';

describe('the partner page on PostgreSQL, in Chromium', { skip: pgSkip }, () => {
  let server: PgServerChild;
  let partner: { url: string; close: () => void };
  let browser: Browser;

  before(async () => {
    server = await spawnPgServer(BROWSER_TEST_SETTINGS);
    // Another origin than the partner page's, as on the web.
    partner = await startPartnerServer(0, server.url.replace('127.0.0.1', 'localhost'));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    partner?.close();
    await server?.stop();
  });

  it('signs: the thank-you names the supporter, the counter counts them, the row is stored', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${partner.url}/`);
    const widget = page.locator('petition-widget');
    await widget.locator('form').waitFor();
    const counter = async () =>
      Number((await widget.locator('.counter strong').first().textContent())?.replace(/\D/g, ''));
    const before = await counter();
    const person = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada.postgres@example.org',
      city: 'London',
    };
    for (const [name, value] of Object.entries(person))
      await widget.locator(`input[name="${name}"]`).fill(value);
    await widget.locator('button[type="submit"]').click();
    await widget.locator('[part="thanks"]').waitFor();
    assert.match(await widget.locator('[part="thanks"] h2').innerText(), /Thank you, Ada/);
    assert.equal(await counter(), before + 1);
    const api = await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json();
    assert.equal(api.total, before + 1, 'the node counts it too');

    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT first_name, partner, origin, lang, flagged FROM signatures WHERE email = $1',
        [person.email],
      );
      assert.deepEqual(rows, [
        {
          first_name: 'Ada',
          partner: 'friends-of-rights',
          origin: partner.url,
          lang: 'en',
          flagged: null,
        },
      ]);
    } finally {
      await client.end();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
