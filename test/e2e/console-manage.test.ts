/**
 * Managing with the console, end to end in Chromium against the production server: an admin
 * creates a campaign and opens it; adds a partner and makes a key for it (shown once); the
 * partner signs in with that key and sees only its own campaign and its own counts; the admin
 * revokes the key and the partner's console signs out saying why. Totals stay live.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../wait-for.ts';
import { launchBrowser } from './browser.ts';
import type { Trouble } from './console-page.ts';
import { CONSOLE_ENGINES } from './console-engines.ts';
import { axeViolations, signIn, watch } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import { ADMIN_TOKEN, sign, startConsoleServer } from './console-server.ts';

let server: ConsoleServer;
let browser: Browser;
let admin: Page;
let adminTrouble: Trouble;
let partnerKey = '';

const api = async (path: string) => {
  const response = await fetch(`${server.url}/api/admin${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return response.json();
};

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

for (const { engine, skip } of CONSOLE_ENGINES) {
  const sqlite = engine === 'sqlite';
  describe(`on ${engine}`, { skip }, () => {
    before(async () => {
      server = await startConsoleServer(engine);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      admin = await context.newPage();
      adminTrouble = await watch(context, admin);
      await signIn(admin, server.url, ADMIN_TOKEN);
    });
    after(async () => {
      await admin?.context().close();
      await server?.close();
    });

    describe('a new campaign', () => {
      it('is created as a draft from the console, then opened', async () => {
        await admin.locator('console-campaign-list a', { hasText: 'New campaign' }).click();
        await admin.locator('#new-slug').fill('clean-water');
        await admin.locator('#new-target').fill('Ministry of Water');
        const texts: Record<string, string> = {
          title: 'Clean water for every school',
          description: 'Every school needs a tap that works.',
          callToAction: 'Ask the minister to fund school taps.',
          letter: 'Dear Minister, please fund a tap in every school.',
          deliveryNote: 'Your name and city go to the ministry.',
          privacyNote: 'We keep your email to tell you how it went.',
          privacyUrl: 'https://example.org/privacy',
          optInLabel: 'Email me about this campaign.',
          demands: 'Fund a tap in every school.\nTest the water every year.',
        };
        for (const [name, value] of Object.entries(texts))
          await admin.locator(`#text-${name}`).fill(value);
        await admin.getByRole('button', { name: 'Create the campaign (as a draft)' }).click();
        await admin.locator('console-campaign-counter #status').waitFor();
        assert.match(
          await admin.locator('console-campaign-page h1').innerText(),
          /^Clean water for every school/,
        );
        assert.equal(
          (await fetch(`${server.url}/api/campaigns/clean-water`)).status,
          404,
          'a draft is hidden',
        );
        await admin.locator('#status').selectOption('open');
        await admin.getByRole('button', { name: 'Save status' }).click();
        await admin.locator('form[name="status"] .done').waitFor();
        const opened = await (await fetch(`${server.url}/api/campaigns/clean-water`)).json();
        assert.equal(opened.texts.title, 'Clean water for every school');
        assert.deepEqual(opened.texts.demands, [
          'Fund a tap in every school.',
          'Test the water every year.',
        ]);
        assert.deepEqual(await axeViolations(admin), []);
      });
    });

    describe('partners and keys in the console', () => {
      it("adds a partner; a bad slug gets the API's rule in words", async () => {
        await admin.goto(`${server.url}/admin#/campaigns/el-salvador/partners`);
        await admin.locator('#partner-slug').fill('Oxfam Canada');
        await admin.locator('#partner-name').fill('Oxfam Canada');
        await admin.locator('#partner-privacy').fill('https://www.oxfam.ca/privacy/');
        await admin.locator('#partner-opt-in-en').fill('Yes, Oxfam Canada may email me.');
        await admin.getByRole('button', { name: 'Add the partner' }).click();
        const problem = admin.locator('console-campaign-partners .problem');
        await problem.waitFor();
        assert.match(
          await problem.innerText(),
          /Slug may hold only lower-case letters a-z, digits and dashes/,
        );
        await admin.locator('#partner-slug').fill('oxfam');
        await admin.getByRole('button', { name: 'Add the partner' }).click();
        await admin
          .locator('console-campaign-partners tbody th', { hasText: 'Oxfam Canada' })
          .waitFor();
        const partners = await api('/campaigns/el-salvador/partners');
        assert.deepEqual(
          partners.data.map((partner: { slug: string }) => partner.slug),
          ['oxfam'],
        );
        assert.deepEqual(await axeViolations(admin), []);
      });

      it('makes a partner key, shown once', async () => {
        await admin.locator('header a', { hasText: 'Keys' }).click();
        await admin.locator('#key-label').fill('Oxfam CRM');
        await admin.getByLabel('one partner of one campaign').check();
        await admin.locator('#key-campaign').selectOption('el-salvador');
        await admin.locator('#key-partner option[value="oxfam"]').waitFor({ state: 'attached' });
        await admin.locator('#key-partner').selectOption('oxfam');
        await admin.getByRole('button', { name: 'Make the key' }).click();
        const made = admin.locator('#made-key');
        await made.waitFor();
        partnerKey = await made.inputValue();
        assert.ok(partnerKey.length >= 40, 'a long random key');
        await admin
          .locator('console-key-list tbody td', {
            hasText: 'Oxfam Canada (oxfam), a partner of el-salvador',
          })
          .waitFor();
        assert.deepEqual(await axeViolations(admin), []);
        assert.deepEqual(adminTrouble.errors, []);
        assert.deepEqual(await adminTrouble.violations(), []);
      });

      it('a partner key sees only its own campaign, its own counts and its own supporters', async () => {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          acceptDownloads: true,
        });
        const page = await context.newPage();
        const trouble = await watch(context, page);
        const forbidden: string[] = [];
        page.on('response', (response) => {
          if (response.status() === 403) forbidden.push(new URL(response.url()).pathname);
        });
        await signIn(page, server.url, partnerKey);
        assert.equal(await page.locator('console-campaign-list tbody tr').count(), 1);
        assert.equal(
          await page.locator('header a', { hasText: 'Keys' }).count(),
          0,
          'no keys view',
        );
        await page.locator('console-campaign-list a').click();
        // The tabs appear once the campaign is loaded: read them then, not before (flaky under load).
        await page.locator('nav.tabs a').first().waitFor();
        const tabs = await page.locator('nav.tabs a').allInnerTexts();
        assert.deepEqual(
          tabs.map((tab) => tab.trim()),
          ['Overview', 'Your supporters', 'Embed'],
        );
        const stats = await api('/campaigns/el-salvador/stats');
        const oxfam = stats.byPartner.find(
          (row: { partner: string }) => row.partner === 'oxfam',
        ).signatures;
        const figure = page.locator('console-campaign-overview .figures li').first();
        await figure.waitFor();
        assert.match(
          await figure.innerText(),
          new RegExp(`^${oxfam.toLocaleString('en')} counted signatures through your tag`),
        );
        assert.equal(
          await page.locator('console-bar-table').count(),
          0,
          "no other partner's numbers",
        );
        // A tab the key may not open shows the overview instead.
        await page.goto(`${server.url}/admin#/campaigns/el-salvador/flagged`);
        await page.locator('console-campaign-overview').waitFor();
        await page.locator('nav.tabs a', { hasText: 'Your supporters' }).click();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download your supporters (CSV)' }).click(),
        ]);
        const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString(
          'utf8',
        );
        assert.ok(!/amnesty-ca/.test(csv), "no other partner's supporters");
        await page.locator('nav.tabs a', { hasText: 'Embed' }).click();
        await page
          .locator('#embed-campaign option[value="el-salvador"]')
          .waitFor({ state: 'attached' });
        // Its own partner, and no other to choose.
        assert.equal(await page.locator('#embed-partner').inputValue(), 'oxfam');
        assert.equal(await page.locator('#embed-partner option').count(), 1);
        assert.equal(await page.locator('#embed-partner').getAttribute('disabled'), '');
        await page.locator('header a', { hasText: 'Webhooks' }).click();
        await page.getByText('No webhooks yet.').waitFor();
        assert.deepEqual(forbidden, [], 'the console asked for nothing the key may not read');
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(trouble.errors, []);

        // Revoked: its webhook stops with it (the admin reads which), and the partner's console
        // signs out and says why.
        const hook = await fetch(`${server.url}/api/admin/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            url: 'https://crm.oxfam.example/hook',
            events: ['signature.created'],
          }),
        });
        assert.equal(hook.status, 201);
        await admin.getByRole('button', { name: 'Revoke… Oxfam CRM' }).click();
        await admin.getByRole('button', { name: 'Revoke for good' }).click();
        await admin.locator('console-key-list td', { hasText: 'revoked' }).waitFor();
        assert.match(
          await admin.locator('console-key-list .task-status .done').innerText(),
          /Its webhooks stopped with it \(reason: key revoked\): #\d+ https:\/\/crm\.oxfam\.example\/hook\./,
        );
        // Gone again, so the webhooks test below starts with the list it expects.
        const { id } = await hook.json();
        const removed = await fetch(`${server.url}/api/admin/webhooks/${id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        assert.equal(removed.status, 200);
        await page.locator('header a', { hasText: 'Campaigns' }).click();
        const notice = page.locator('console-sign-in .problem');
        await notice.waitFor();
        assert.match(await notice.innerText(), /Signed out: the server no longer accepts this key/);
        assert.equal(await page.evaluate('sessionStorage.length'), 0);
        await context.close();
      });
    });

    describe('webhooks', () => {
      it('adds a hook, shows its secret once, and lists its signed delivery', async () => {
        const received: { signature: string; body: string }[] = [];
        const receiver = http.createServer((request, response) => {
          let body = '';
          request.on('data', (chunk) => (body += chunk));
          request.on('end', () => {
            received.push({ signature: String(request.headers['petition-signature']), body });
            response.writeHead(200).end('ok');
          });
        });
        await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
        try {
          const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
          await admin.locator('header a', { hasText: 'Webhooks' }).click();
          await admin.locator('#hook-url').fill(url);
          await admin.getByRole('button', { name: 'Add the webhook' }).click();
          const secret = await admin.locator('#hook-secret').inputValue();
          assert.ok(secret.length >= 32, 'the secret is shown');
          await admin.locator('.hooks h2', { hasText: url }).waitFor();
          await sign(server.url, {
            firstName: 'Hook',
            lastName: 'Check',
            email: 'hook.console@example.org',
            city: 'Oslo',
          });
          await waitFor(() => received.length > 0, 'the delivery', { timeout: 10_000, every: 100 });
          assert.equal(received.length, 1, 'one delivery');
          const [, time, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received[0].signature) ?? [];
          const expected = createHmac('sha256', secret)
            .update(`${time}.${received[0].body}`)
            .digest('hex');
          assert.equal(mac, expected, 'signed with the secret the console showed');
          await admin.getByRole('button', { name: 'Deliveries' }).click();
          const row = admin.locator('console-webhook-deliveries tbody tr').first();
          await row.waitFor();
          assert.match(await row.innerText(), /signature\.created[\s\S]*delivered[\s\S]*HTTP 200/);
          assert.deepEqual(await axeViolations(admin), []);

          // A new secret, in two clicks: shown once, and the next delivery is signed with it.
          await admin.getByRole('button', { name: `New secret… ${url}` }).click();
          await admin.getByRole('button', { name: 'Replace the secret' }).click();
          const renewed = await admin.locator('.hooks input[id^="hook-secret-"]').inputValue();
          assert.ok(renewed.length >= 32 && renewed !== secret, 'a new secret is shown');
          await sign(server.url, {
            firstName: 'Hook',
            lastName: 'Again',
            email: 'hook.again.console@example.org',
            city: 'Oslo',
          });
          for (let waited = 0; received.length < 2 && waited < 100; waited++)
            await new Promise((done) => setTimeout(done, 100));
          const [, time2, mac2] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received[1].signature) ?? [];
          assert.equal(
            mac2,
            createHmac('sha256', renewed).update(`${time2}.${received[1].body}`).digest('hex'),
            'signed with the new secret',
          );
          assert.deepEqual(await axeViolations(admin), []);
        } finally {
          receiver.close();
        }
      });
    });

    // Waits for the page's 15 s refresh, twice: SQLite only. PostgreSQL's counter, fed by every
    // node's commits, is checked over HTTP in test/server/two-nodes.test.ts.
    if (sqlite)
      describe('live totals', () => {
        it('the campaign list and a campaign page follow new signatures without a reload', async () => {
          await admin.goto(`${server.url}/admin#/`);
          const listed = admin.locator('[data-total="el-salvador"]');
          await listed.waitFor();
          const before = (
            await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json()
          ).total;
          // One more person signs; the page shows the new total within a refresh (every 15 s).
          let signed = 0;
          const signAndSee = async (selector: string) => {
            signed++;
            const person = { firstName: 'Live', lastName: `Reader${signed}`, city: 'Oslo' };
            await sign(server.url, { ...person, email: `live${signed}.console@example.org` });
            const total = (before + signed).toLocaleString('en');
            await admin.locator(selector, { hasText: total }).waitFor({ timeout: 20_000 });
          };
          await signAndSee('[data-total="el-salvador"]');
          await admin.locator('console-campaign-list a', { hasText: 'Emergency powers' }).click();
          await signAndSee('console-campaign-page .total');
        });
      });
  });
}
