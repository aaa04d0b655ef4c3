/**
 * The console's exports and erasure, end to end in Chromium against the production server, on
 * both engines: both CSV exports streamed to disk through the download worker (the key in its
 * header, never in a URL; a download URL works once), the fallback held in memory when service
 * workers are blocked, and a person found by email (in a POST body) and erased.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Request } from 'playwright-core';
import { pageTotal, signIn } from './console-page.ts';
import { ADMIN_TOKEN, ERASE_ME, GENERATED, STILL_FLAGGED } from './console-server.ts';
import { consoleTab, format, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

onEachEngine(tab, (sqlite) => {
  describe('exports and erasure', () => {
    before(() => tab.freshSignedIn());

    it('downloads both exports as streamed files, with their progress', async () => {
      await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/data`);
      const rows = GENERATED + 3; // the generated rows, the person, the two flagged ones
      const full = tab.page.locator('console-export-download').first();
      const fetched: Request[] = [];
      tab.context.on('request', (request) => fetched.push(request));
      const [download] = await Promise.all([
        tab.page.waitForEvent('download'),
        full.getByRole('button').first().click(),
      ]);
      assert.equal(download.suggestedFilename(), 'el-salvador-signatures.csv');
      // Streamed to disk by the download manager from the worker's answer, not a blob of the tab.
      assert.match(download.url(), new RegExp(`^${tab.server.url}/admin/download/[\\w-]{20,}$`));
      const exported = fetched.find((request) =>
        request.url().endsWith('/el-salvador/signatures.csv'),
      );
      assert.ok(exported?.serviceWorker(), 'the download worker fetched the export');
      assert.equal((await exported!.allHeaders()).authorization, `Bearer ${ADMIN_TOKEN}`);
      assert.equal(
        await tab.page.locator('console-export-download .help').count(),
        0,
        'no fallback note',
      );
      // The one-time URL is spent: opened again (in a tab the worker answers), no file comes.
      const again = await tab.context.newPage();
      const refetched = again.waitForEvent('download', { timeout: 1500 }).then(
        () => true,
        () => false,
      );
      await again.goto(download.url()).catch(() => {});
      assert.equal(await refetched, false, 'a download URL works once');
      await again.close();
      // The worker fetches exports only: an order for another admin route is refused.
      const refused = await tab.page.evaluate(`(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/admin/');
      const channel = new MessageChannel();
      const answer = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
      const order = { type: 'download', id: crypto.randomUUID(), path: '/keys', authorization: 'Bearer x' };
      registration.active.postMessage(order, [channel.port2]);
      return answer;
    })()`);
      assert.deepEqual(refused, {
        type: 'failed',
        status: 0,
        detail: 'Only exports download here.',
        errors: [],
      });
      const text = await (await download.createReadStream()).toArray();
      const csv = Buffer.concat(text).toString('utf8');
      assert.equal(csv.trim().split(/\r?\n/).length, rows + 1, 'a header and every row');
      await full.locator('.done', { hasText: `${rows.toLocaleString('en')} rows` }).waitFor();

      const delivery = tab.page.locator('console-export-download').nth(1);
      const [second] = await Promise.all([
        tab.page.waitForEvent('download'),
        delivery.getByRole('button').first().click(),
      ]);
      const lines = Buffer.concat(await (await second.createReadStream()).toArray())
        .toString('utf8')
        .trim()
        .split(/\r?\n/);
      assert.equal(lines[0].replace(/^\uFEFF/, ''), '"name","city"');
      assert.equal(
        lines.length - 1,
        (await tab.counter()).signatures,
        'every counted signature, no other',
      );
      assert.deepEqual(
        lines.filter((line) => line.includes(STILL_FLAGGED.lastName)),
        [],
        'no flagged row is delivered',
      );
      assert.ok(!tab.requested.some((url) => url.includes(ADMIN_TOKEN)), 'no URL held the key');
    });

    if (sqlite)
      it('without service workers, still downloads the export (held in memory) and says so', async () => {
        const blocked = await tab.browser.newContext({
          serviceWorkers: 'block',
          acceptDownloads: true,
        });
        const blockedPage = await blocked.newPage();
        await signIn(blockedPage, tab.server.url, ADMIN_TOKEN);
        await blockedPage.goto(`${tab.server.url}/admin#/campaigns/el-salvador/data`);
        const full = blockedPage.locator('console-export-download').first();
        await full.getByText('the file is held in memory until it is complete').waitFor();
        const [download] = await Promise.all([
          blockedPage.waitForEvent('download'),
          full.getByRole('button').first().click(),
        ]);
        assert.match(download.url(), /^blob:/);
        const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString(
          'utf8',
        );
        assert.equal(csv.trim().split(/\r?\n/).length, GENERATED + 3 + 1, 'a header and every row');
        await blocked.close();
      });

    it('finds a person by email (in the body, never a URL) and erases them', async () => {
      const before = await tab.counter();
      await tab.page.locator('#erasure-email').fill(ERASE_ME.email);
      await tab.page.getByRole('button', { name: 'Find their signatures' }).click();
      const row = tab.page.locator('console-erasure-search tbody tr', {
        hasText: ERASE_ME.lastName,
      });
      await row.waitFor();
      await row.getByRole('button', { name: 'Erase…' }).click();
      await row.getByRole('button', { name: 'Erase for good' }).click();
      await row.locator('.done', { hasText: 'Erased' }).waitFor();
      assert.equal((await tab.counter()).signatures, before.signatures - 1);
      assert.equal(await pageTotal(tab.page), format(before.total - 1));
      assert.ok(
        !tab.requested.some((url) => url.includes('quintessa')),
        'the email was never in a URL',
      );
      await tab.assertClean();
    });
  });
});
