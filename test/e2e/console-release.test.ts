/**
 * The bulk release in the console's Flagged view, end to end in Chromium against the production
 * server, on both engines: rows an older version flagged `rate_overflow` are counted all at once
 * in two clicks (POST .../flags/release), the page's total and the public counter follow, a
 * honeypot row is left for review, and the view passes axe; screenshots at 360 and 1280 px.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { axeViolations, pageTotal } from './console-page.ts';
import { FLAGGED, sign } from './console-server.ts';
import { consoleTab, format, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

/** Three signers flagged as the older limiter flagged them while its window was full. */
const OVERFLOWED = ['Ottilie', 'Odalys', 'Oswin'].map((firstName) => ({
  firstName,
  lastName: 'Overflow',
  email: `${firstName.toLowerCase()}.overflow@example.org`,
  city: 'Floodville',
}));

/** Sets the flag of the Overflow rows straight in the server's database (no API sets it). */
async function markOverflowed(): Promise<void> {
  const sql = "UPDATE signatures SET flagged = 'rate_overflow' WHERE last_name = 'Overflow'";
  const { databaseUrl } = tab.server as { databaseUrl?: string };
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
    return;
  }
  const db = new Database(tab.server.file);
  db.prepare(sql).run();
  db.close();
}

onEachEngine(tab, (sqlite) => {
  describe('counting every rate_overflow row at once', () => {
    before(async () => {
      // Signed with the honeypot filled: stored flagged and uncounted, as rate_overflow rows were.
      for (const person of OVERFLOWED) await sign(tab.server.url, person, 'http://spam.example');
      await markOverflowed();
      await tab.freshSignedIn();
    });

    it('counts them in two clicks; the total follows and a honeypot row stays to review', async () => {
      await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/flagged`);
      const list = tab.page.locator('console-flagged-list');
      await list.locator('tbody tr', { hasText: 'Ottilie' }).waitFor();
      const before = await tab.counter();
      if (sqlite) {
        for (const width of [360, 1280]) {
          await tab.page.setViewportSize({ width, height: 900 });
          await tab.page.screenshot({ path: `test/screenshots/out/console-release-${width}.png` });
        }
      }
      await list.getByRole('button', { name: 'Count all rate_overflow… rows' }).click();
      const confirm = list.getByRole('button', { name: 'Count them all' });
      if (sqlite)
        await tab.page.screenshot({ path: 'test/screenshots/out/console-release-ask.png' });
      await confirm.click();
      await list.locator('.done', { hasText: 'Counted 3; 0 already counted.' }).waitFor();
      assert.equal((await tab.counter()).signatures, before.signatures + 3);
      assert.equal(await pageTotal(tab.page), format(before.total + 3));
      await list.locator('tbody tr', { hasText: 'Ottilie' }).waitFor({ state: 'detached' });
      await list.locator('tbody tr', { hasText: FLAGGED.lastName }).waitFor();
      assert.equal(
        await list.getByRole('button', { name: 'Count all rate_overflow… rows' }).count(),
        0,
        'nothing left to count in bulk',
      );
      assert.deepEqual(await axeViolations(tab.page), []);
      await tab.assertClean();
    });
  });
});
