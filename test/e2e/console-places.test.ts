/**
 * The console's Places tab in Chromium against the production server, on both engines: the world
 * map (its module fetched only when the tab opens, not with the console) shaded by signatures per
 * country, the tables beside it naming countries and merged cities, no page error and nothing the
 * CSP blocks; screenshots at 1280 and 360 px wide for a person to look at (PLACES_SHOTS=<dir>).
 * And the delivery pack's button on the exports tab, streamed through the download worker.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ensurePackFonts } from '../server/pdf-reader.ts';
import { sign } from './console-server.ts';
import { consoleTab, onEachEngine } from './console-tab.ts';

const tab = consoleTab();
// The pack the Exports button downloads needs the Noto fonts: installed here too, not only by the
// server layer's pack tests, so this file passes when it runs alone on a fresh machine.
before(ensurePackFonts);
const PEOPLE = [
  ['Montréal', 'Canada'],
  ['Montréal', 'Canada'],
  ['montreal ', 'canadá'],
  ['MONTREAL', 'CA'],
  ['San Salvador', 'El Salvador'],
  ['Santa Ana', 'El Salvador'],
  ['São Paulo', 'Brasil'],
];

onEachEngine(tab, (sqlite) => {
  describe('places', () => {
    before(async () => {
      for (const [index, [city, country]] of PEOPLE.entries())
        await sign(tab.server.url, {
          firstName: 'Place',
          lastName: `Person${index}`,
          email: `place.${index}.${sqlite}@example.org`,
          city,
          country,
        });
      await tab.freshSignedIn();
    });

    it('draws the map when the tab opens, with the tables beside it', async () => {
      const fetched: string[] = [];
      tab.page.on('request', (request) => fetched.push(request.url()));
      await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/overview`);
      await tab.page.locator('console-campaign-overview console-bar-table').first().waitFor();
      assert.ok(
        !fetched.some((url) => url.endsWith('/places-map.js')),
        'not loaded with the console',
      );
      await tab.page.getByRole('link', { name: 'Places' }).click();
      const map = tab.page.getByRole('img', { name: /World map of signatures by country/ });
      await map.waitFor();
      assert.ok(fetched.some((url) => url.endsWith('/admin/assets/places-map.js')));
      assert.ok((await map.locator('path').count()) > 170, 'every country drawn');
      const shaded = await map.locator('path:not([fill="#eef0f2"])').count();
      assert.equal(shaded, 3, 'Canada, El Salvador and Brazil shaded');
      const canada = map.locator('path', {
        has: tab.page.locator('title', { hasText: /^Canada: 4$/ }),
      });
      assert.equal(await canada.count(), 1);
      const countries = tab.page.locator('console-bar-table').first();
      await countries.getByRole('row', { name: /Canada 4/ }).waitFor();
      await countries.getByRole('row', { name: /El Salvador 2/ }).waitFor();
      // Typed three ways, counted as one and named as most typed it.
      const cities = tab.page.locator('console-bar-table').nth(1);
      await cities.getByRole('row', { name: /Montréal \(Canada\) 4/ }).waitFor();
      const shots = process.env.PLACES_SHOTS;
      if (shots) {
        const engine = sqlite ? 'sqlite' : 'postgres';
        await tab.page.screenshot({
          path: path.join(shots, `places-1280-${engine}.png`),
          fullPage: true,
        });
        await tab.page.setViewportSize({ width: 360, height: 800 });
        await map.waitFor();
        await tab.page.screenshot({
          path: path.join(shots, `places-360-${engine}.png`),
          fullPage: true,
        });
      }
      await tab.assertClean();
    });

    it('downloads the delivery pack as PDF from the exports tab', async () => {
      await tab.freshSignedIn();
      await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/data`);
      const pack = tab.page.locator('console-export-download', {
        has: tab.page.getByRole('button', { name: 'Download the delivery pack (PDF)' }),
      });
      const [download] = await Promise.all([
        tab.page.waitForEvent('download'),
        pack.getByRole('button').first().click(),
      ]);
      assert.equal(download.suggestedFilename(), 'el-salvador-delivery.pdf');
      const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      await pack.locator('.done', { hasText: 'Downloaded el-salvador-delivery.pdf' }).waitFor();
      await tab.assertClean();
    });
  });
});
