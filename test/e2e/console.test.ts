/**
 * The admin console end to end: the production server (server/dist/main.js) with a month of
 * signatures, real Chromium, the console as built by `npm run build`. Every step goes through
 * the page as a person would use it; the server's answers are checked over the public API.
 * Everything that touches storage runs on SQLite and on PostgreSQL (console-engines.ts).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import type { Trouble } from './console-page.ts';
import { CONSOLE_ENGINES } from './console-engines.ts';
import { axeViolations, pageTotal, signIn, tabTo, watch } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import {
  ADMIN_TOKEN,
  ERASE_ME,
  FLAGGED,
  GENERATED,
  STILL_FLAGGED,
  startConsoleServer,
} from './console-server.ts';

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let trouble: Trouble;
/** Every URL the console requested: a key or an email must never be in one. */
const requested: string[] = [];

const counter = async () =>
  (await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json()) as {
    total: number;
    signatures: number;
    offset: number;
  };
const format = (value: number) => value.toLocaleString('en');

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function freshPage(): Promise<void> {
  await context?.close();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  // The context's requests: the page's and the download worker's.
  context.on('request', (request) => requested.push(request.url()));
  trouble = await watch(context, page);
}

async function assertClean(): Promise<void> {
  assert.deepEqual(trouble.errors, [], 'no page errors');
  assert.deepEqual(await trouble.violations(), [], 'nothing blocked by the CSP');
}

/** A page on another origin (another port) holding what a partner pasted. */
function partnerPage(body: string): Promise<{ url: string; close: () => void }> {
  const page = `<!doctype html><html lang="en"><head><title>Partner</title></head><body><h1>Our campaign page</h1>\n${body}\n</body></html>`;
  const partner = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  return new Promise((resolve) => {
    partner.listen(0, '127.0.0.1', () => {
      const { port } = partner.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => partner.close() });
    });
  });
}

for (const { engine, skip } of CONSOLE_ENGINES) {
  const sqlite = engine === 'sqlite';
  describe(`on ${engine}`, { skip }, () => {
    before(async () => {
      server = await startConsoleServer(engine);
    });
    after(async () => {
      await server?.close();
    });

    describe('the admin console', () => {
      before(freshPage);

      if (sqlite)
        it('is served with a strict CSP: scripts, styles and requests from its own origin only', async () => {
          const response = await fetch(`${server.url}/admin`);
          assert.equal(response.status, 200);
          const csp = response.headers.get('content-security-policy') ?? '';
          assert.match(csp, /script-src 'self'/);
          assert.match(csp, /style-src 'self'/);
          assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
          const html = await response.text();
          assert.doesNotMatch(html, /<script>|<style>| style=/, 'no inline script or style');
          assert.doesNotMatch(html, /widget\.js/, 'the widget is not part of the console bundle');
        });

      if (sqlite)
        it('says clearly that a wrong key was not accepted, and keeps nothing', async () => {
          await page.goto(`${server.url}/admin`);
          await page.locator('#key').fill('not-a-real-key-000000');
          await page.locator('#key').press('Enter');
          const alert = page.locator('console-sign-in [role="alert"]');
          await alert.waitFor();
          assert.match(
            await alert.innerText(),
            /This key was not accepted.*\n*.*The server said: Send a valid admin key/s,
          );
          assert.equal(await page.evaluate('sessionStorage.length'), 0);
          assert.equal(await page.locator('#key').getAttribute('aria-invalid'), 'true');
        });

      it('signs in with a key and shows el-salvador with its live total', async () => {
        await signIn(page, server.url, ADMIN_TOKEN);
        const total = (await counter()).total;
        assert.equal(
          total,
          GENERATED + 1 + 785,
          'the generated rows, one person, the offset; the flagged one not counted',
        );
        assert.equal(
          (await page.locator('[data-total="el-salvador"]').textContent())?.trim(),
          format(total),
        );
        assert.equal(
          await page.evaluate('Object.keys(sessionStorage).length'),
          1,
          'the key is kept for this tab',
        );
        await assertClean();
      });

      it("opens a campaign on its overview: the engine's stats agree with its counter", async () => {
        await page.locator('a', { hasText: 'Emergency powers' }).click();
        const figures = page.locator('console-campaign-overview .figures li');
        await figures.first().waitFor();
        const { signatures } = await counter();
        assert.match(
          await figures.nth(0).innerText(),
          new RegExp(`^${format(signatures)} counted`),
        );
        assert.match(await figures.nth(2).innerText(), /^2 flagged, not counted \(honeypot 2\)/);
        // Each breakdown adds up to the counted signatures: none left out, no flagged one in.
        const sums = await page
          .locator('console-campaign-overview table')
          .evaluateAll((tables) =>
            tables.map((table) =>
              [...table.querySelectorAll('tbody tr')]
                .map((row) =>
                  Number(row.querySelector('td.number')?.textContent?.replace(/\D/g, '')),
                )
                .reduce((sum, value) => sum + value, 0),
            ),
          );
        assert.deepEqual(sums, [signatures, signatures, signatures], 'by day, partner, city');
        await page.locator('console-campaign-page a', { hasText: 'Campaigns' }).click();
        await page.locator('console-campaign-list table').waitFor();
      });

      it('changes the offset only with a reason, and the counter moves', async () => {
        await page.locator('a', { hasText: 'Emergency powers' }).click();
        await page.locator('console-campaign-page a', { hasText: 'Counter and status' }).click();
        const before = await counter();
        await page.locator('#offset').fill('1000');
        await page.locator('form[name="offset"] button').click();
        // The browser asks for the reason first: nothing was sent.
        assert.equal(
          await page
            .locator('#offset-reason')
            .evaluate((input: HTMLInputElement) => input.validity.valueMissing),
          true,
        );
        assert.equal((await counter()).offset, before.offset);
        await page.locator('#offset-reason').fill('Paper petition from the Toronto vigil');
        await page.locator('form[name="offset"] button').click();
        await page.locator('form[name="offset"] .done').waitFor();
        const after = await counter();
        assert.equal(after.offset, 1000);
        assert.equal(after.total, before.total - before.offset + 1000);
        assert.equal(await pageTotal(page), format(after.total), 'the page total moved');
        const trail = page.locator('console-campaign-counter tbody tr').first();
        await trail.locator('td', { hasText: 'Paper petition from the Toronto vigil' }).waitFor();
        assert.match(await trail.innerText(), /offset changed[\s\S]*785[\s\S]*1,000/);
        await assertClean();
      });

      if (sqlite)
        it("shows the API's problem as it is when the API refuses", async () => {
          await page
            .locator('#offset')
            .evaluate((input: HTMLInputElement) => input.removeAttribute('min'));
          await page.locator('#offset').fill('-5');
          await page.locator('#offset-reason').fill('a test of the error');
          await page.locator('form[name="offset"] button').click();
          const problem = page.locator('form[name="offset"] .problem');
          await problem.waitFor();
          assert.match(
            await problem.innerText(),
            /Some fields need attention\.\s*Offset is a whole number from 0 to 1000000000\./,
          );
          assert.equal((await counter()).offset, 1000, 'nothing changed');
        });

      it('releases a flagged signature with one click, when the API has the route', async (t) => {
        const probe = await fetch(`${server.url}/api/admin/signatures/999999999`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ flagged: false }),
        });
        await page.locator('console-campaign-page a', { hasText: 'Flagged' }).click();
        const row = page.locator('console-flagged-list tbody tr', { hasText: FLAGGED.lastName });
        await row.waitFor();
        assert.match(await row.innerText(), /honeypot/);
        if (
          probe.status === 405 ||
          (probe.status === 404 && (await probe.json()).detail === 'No such resource.')
        ) {
          return t.skip('PATCH /api/admin/signatures/{id} is not on this branch yet');
        }
        const before = await counter();
        await row.getByRole('button', { name: `Count ${FLAGGED.firstName}` }).click();
        await row.locator('.done', { hasText: 'Counted' }).waitFor();
        assert.equal((await counter()).signatures, before.signatures + 1);
        assert.equal(await pageTotal(page), format(before.total + 1));

        // Keeping the other flagged is a decision too: audited, and it leaves the unreviewed list.
        const other = page.locator('console-flagged-list tbody tr', {
          hasText: STILL_FLAGGED.lastName,
        });
        await other
          .getByRole('button', { name: `Keep flagged: ${STILL_FLAGGED.firstName}` })
          .click();
        await other.locator('.done', { hasText: 'Kept flagged' }).waitFor();
        assert.equal((await counter()).signatures, before.signatures + 1, 'nothing more counted');
        const trail = await fetch(`${server.url}/api/admin/campaigns/el-salvador/audit`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const audit = (await trail.json()).data.at(-1);
        assert.deepEqual([audit.action, audit.flag], ['keep', 'honeypot']);
        await page.reload();
        await page.getByText('Nothing left to review.').waitFor();
        await page.getByLabel('Show rows already reviewed').check();
        await other.locator('.slug', { hasText: /^reviewed / }).waitFor();
        assert.deepEqual(await axeViolations(page), []);
      });
    });

    if (sqlite)
      describe('the embed builder', () => {
        before(freshPage);

        it('copies the tag with one click; pasted on a page of another origin, the widget draws as chosen', async () => {
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
            origin: server.url,
          });
          await signIn(page, server.url, ADMIN_TOKEN);
          await page.locator('header a', { hasText: 'Embed builder' }).click();
          await page
            .locator('#embed-campaign option[value="el-salvador"]')
            .waitFor({ state: 'attached' });
          await page.locator('#embed-lang').selectOption('fr');
          await page.locator('#embed-partner').fill('oxfam');
          await page.getByLabel('dark').check();
          await page.getByLabel('Own accent colour').check();
          await page.locator('#embed-accent').fill('#aa3300');
          // The live preview follows the choices.
          const preview = page.locator('console-widget-preview petition-widget');
          await preview.locator('form').waitFor();
          assert.equal(await preview.getAttribute('theme'), 'dark');
          assert.equal(
            await preview.evaluate((element) =>
              element.style.getPropertyValue('--petition-accent'),
            ),
            '#aa3300',
          );

          await page.getByRole('button', { name: 'Copy the tag' }).click();
          await page.locator('.embed [role="status"]', { hasText: 'Copied' }).waitFor();
          const tag = String(await page.evaluate('navigator.clipboard.readText()'));
          assert.equal(
            tag,
            `<style>petition-widget { --petition-accent: #aa3300; }</style>\n` +
              `<script src="${server.url}/widget.js" data-campaign="el-salvador" data-lang="fr" data-partner="oxfam" data-theme="dark" async></script>`,
          );

          const partner = await partnerPage(tag);
          try {
            const other = await context.newPage();
            const errors: string[] = [];
            other.on('pageerror', (error) => errors.push(error.message));
            await other.goto(partner.url);
            const widget = other.locator('petition-widget');
            await widget.locator('form').waitFor();
            const box = await widget.boundingBox();
            assert.ok(
              box && box.width > 280 && box.height > 300,
              `the widget is drawn (${JSON.stringify(box)})`,
            );
            assert.equal(await widget.getAttribute('theme'), 'dark');
            assert.match(await widget.locator('button[type="submit"]').innerText(), /Signer/);
            const accent = await widget.evaluate((element) =>
              getComputedStyle(element).getPropertyValue('--petition-accent').trim(),
            );
            assert.equal(accent, '#aa3300');
            const shown = await widget.locator('.counter strong').first().textContent();
            assert.equal(
              shown?.replace(/\D/g, ''),
              String((await counter()).total),
              'the count, in French digits grouping',
            );
            assert.deepEqual(errors, []);
          } finally {
            partner.close();
          }
          await assertClean();
        });
      });

    describe('texts, exports and erasure', () => {
      before(async () => {
        await freshPage();
        await signIn(page, server.url, ADMIN_TOKEN);
      });

      it('previews unsaved texts in the real widget as they are typed, then saves them', async () => {
        await page.goto(`${server.url}/admin#/campaigns/el-salvador/texts`);
        const field = page.locator('#text-callToAction');
        await field.waitFor();
        const preview = page.locator('console-widget-preview petition-widget');
        await preview.locator('form').waitFor();
        await field.fill('Tell the President: free the detained now.');
        await preview.getByText('Tell the President: free the detained now.').waitFor();
        assert.equal(await page.locator('.preview .badge').textContent(), 'unsaved');
        // An empty text is refused, and the API names which one.
        const description = await page.locator('#text-description').inputValue();
        await page.locator('#text-description').fill('');
        await page.getByRole('button', { name: 'Save the English (en) texts' }).click();
        const refused = page.locator('console-campaign-texts .problem');
        await refused.waitFor();
        assert.match(await refused.innerText(), /Texts \(en\): description is required\./);
        await page.locator('#text-description').fill(description);
        await page.getByRole('button', { name: 'Save the English (en) texts' }).click();
        const outcome = page.locator(
          'console-campaign-texts .done, console-campaign-texts .problem',
        );
        await outcome.waitFor();
        assert.match(await outcome.innerText(), /Saved/);
        const saved = await (await fetch(`${server.url}/api/campaigns/el-salvador?lang=en`)).json();
        assert.equal(saved.texts.callToAction, 'Tell the President: free the detained now.');
        assert.equal(saved.texts.demands.length, 4, 'the demands, one a line, kept as they were');
        await assertClean();
      });

      it('downloads both exports as streamed files, with their progress', async () => {
        await page.goto(`${server.url}/admin#/campaigns/el-salvador/data`);
        const rows = GENERATED + 3; // the generated rows, the person, the two flagged ones
        const full = page.locator('console-export-download').first();
        const fetched: Request[] = [];
        context.on('request', (request) => fetched.push(request));
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          full.getByRole('button').first().click(),
        ]);
        assert.equal(download.suggestedFilename(), 'el-salvador-signatures.csv');
        // Streamed to disk by the download manager from the worker's answer, not a blob of the tab.
        assert.match(download.url(), new RegExp(`^${server.url}/admin/download/[\\w-]{20,}$`));
        const exported = fetched.find((request) =>
          request.url().endsWith('/el-salvador/signatures.csv'),
        );
        assert.ok(exported?.serviceWorker(), 'the download worker fetched the export');
        assert.equal((await exported!.allHeaders()).authorization, `Bearer ${ADMIN_TOKEN}`);
        assert.equal(
          await page.locator('console-export-download .help').count(),
          0,
          'no fallback note',
        );
        // The one-time URL is spent: opened again (in a tab the worker answers), no file comes.
        const again = await context.newPage();
        const refetched = again.waitForEvent('download', { timeout: 1500 }).then(
          () => true,
          () => false,
        );
        await again.goto(download.url()).catch(() => {});
        assert.equal(await refetched, false, 'a download URL works once');
        await again.close();
        // The worker fetches exports only: an order for another admin route is refused.
        const refused = await page.evaluate(`(async () => {
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

        const delivery = page.locator('console-export-download').nth(1);
        const [second] = await Promise.all([
          page.waitForEvent('download'),
          delivery.getByRole('button').first().click(),
        ]);
        const lines = Buffer.concat(await (await second.createReadStream()).toArray())
          .toString('utf8')
          .trim()
          .split(/\r?\n/);
        assert.equal(lines[0].replace(/^\uFEFF/, ''), '"name","city"');
        assert.equal(
          lines.length - 1,
          (await counter()).signatures,
          'every counted signature, no other',
        );
        assert.deepEqual(
          lines.filter((line) => line.includes(STILL_FLAGGED.lastName)),
          [],
          'no flagged row is delivered',
        );
        assert.ok(!requested.some((url) => url.includes(ADMIN_TOKEN)), 'no URL held the key');
      });

      if (sqlite)
        it('without service workers, still downloads the export (held in memory) and says so', async () => {
          const blocked = await browser.newContext({
            serviceWorkers: 'block',
            acceptDownloads: true,
          });
          const tab = await blocked.newPage();
          await signIn(tab, server.url, ADMIN_TOKEN);
          await tab.goto(`${server.url}/admin#/campaigns/el-salvador/data`);
          const full = tab.locator('console-export-download').first();
          await full.getByText('the file is held in memory until it is complete').waitFor();
          const [download] = await Promise.all([
            tab.waitForEvent('download'),
            full.getByRole('button').first().click(),
          ]);
          assert.match(download.url(), /^blob:/);
          const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString(
            'utf8',
          );
          assert.equal(
            csv.trim().split(/\r?\n/).length,
            GENERATED + 3 + 1,
            'a header and every row',
          );
          await blocked.close();
        });

      it('finds a person by email (in the body, never a URL) and erases them', async () => {
        const before = await counter();
        await page.locator('#erasure-email').fill(ERASE_ME.email);
        await page.getByRole('button', { name: 'Find their signatures' }).click();
        const row = page.locator('console-erasure-search tbody tr', { hasText: ERASE_ME.lastName });
        await row.waitFor();
        await row.getByRole('button', { name: 'Erase…' }).click();
        await row.getByRole('button', { name: 'Erase for good' }).click();
        await row.locator('.done', { hasText: 'Erased' }).waitFor();
        assert.equal((await counter()).signatures, before.signatures - 1);
        assert.equal(await pageTotal(page), format(before.total - 1));
        assert.ok(
          !requested.some((url) => url.includes('quintessa')),
          'the email was never in a URL',
        );
        await assertClean();
      });

      if (sqlite)
        it('signs out: the key is forgotten and was never in a URL', async () => {
          await page.getByRole('button', { name: 'Sign out' }).click();
          await page.locator('#key').waitFor();
          assert.equal(await page.evaluate('sessionStorage.length'), 0);
          await page.reload();
          await page.locator('#key').waitFor();
          assert.ok(!requested.some((url) => url.includes(ADMIN_TOKEN)), 'no URL held the key');
        });
    });

    if (sqlite)
      describe('keyboard only', () => {
        before(freshPage);

        it('signs in, opens a campaign, changes its offset and copies a tag without a mouse', async () => {
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
            origin: server.url,
          });
          await page.goto(`${server.url}/admin`);
          await tabTo(page, '#key');
          await page.keyboard.type(ADMIN_TOKEN);
          await page.keyboard.press('Enter');
          await page.locator('console-campaign-list table').waitFor();
          await tabTo(page, 'console-campaign-list tbody a');
          await page.keyboard.press('Enter');
          await tabTo(page, 'nav.tabs a[href$="/counter"]');
          await page.keyboard.press('Enter');
          await tabTo(page, '#offset');
          await page.keyboard.press('Control+A');
          await page.keyboard.type('1200');
          await page.keyboard.press('Tab');
          await page.keyboard.type('Keyboard-only check');
          await page.keyboard.press('Enter');
          await page.locator('form[name="offset"] .done').waitFor();
          assert.equal((await counter()).offset, 1200);
          await tabTo(page, 'nav.tabs a[href^="#/embed/"]');
          await page.keyboard.press('Enter');
          await tabTo(page, 'console-embed-builder button');
          await page.keyboard.press('Enter');
          await page.locator('.embed [role="status"]', { hasText: 'Copied' }).waitFor();
          assert.match(
            String(await page.evaluate('navigator.clipboard.readText()')),
            /data-campaign="el-salvador"/,
          );
        });
      });
  });
}
