/**
 * A confirmed signature from end to end, on both engines, in real Chromium: the production server
 * (server/dist/main.js) sending over SMTP (STARTTLS, AUTH) to a real SMTP server in this process,
 * the built widget.js on a partner's page of another origin. The supporter signs the `verified`
 * fixture campaign; the widget says one more step and the counter stays; the mail arrives; the
 * browser opens its link (a page with one button, no script), clicks the button; the counter
 * moves by one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startPartnerServer } from '../../demo/partner-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { BROWSER_TEST_SETTINGS, spawnServer } from '../fixtures/spawn-server.ts';
import { spawnPgServer } from '../fixtures/spawn-pg-server.ts';
import { linkIn, startSmtp } from '../server/smtp-receiver.ts';
import { ENGINES } from '../server/storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { launchBrowser } from './browser.ts';

for (const { engine, skip } of ENGINES) {
  describe(`a signature confirmed by email, on ${engine}, in Chromium`, { skip }, () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let server: ServerChild;
    let partner: { url: string; close: () => void };
    let browser: Browser;

    before(async () => {
      smtp = await startSmtp();
      const env = { ...BROWSER_TEST_SETTINGS, ...smtp.settings, PETITION_MAIL_POLL_MS: '50' };
      server = engine === 'sqlite' ? await spawnServer(env) : await spawnPgServer(env);
      // Another origin than the partner page's, as on the web.
      partner = await startPartnerServer(0, server.url.replace('127.0.0.1', 'localhost'));
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      partner?.close();
      await server?.stop();
      await smtp?.close();
    });

    it('signs on the partner page, gets the mail, opens its link, clicks the button: counted once', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${partner.url}/?campaign=verified`);
      const widget = page.locator('petition-widget');
      await widget.locator('form').waitFor();
      const counter = async () =>
        Number((await widget.locator('.counter strong').first().textContent())?.replace(/\D/g, ''));
      const before = await counter();
      const email = `ada.${engine}.${process.pid}@example.org`;
      const person = { firstName: 'Ada', lastName: 'Lovelace', email, city: 'London' };
      for (const [name, value] of Object.entries(person))
        await widget.locator(`input[name="${name}"]`).fill(value);
      await widget.locator('button[type="submit"]').click();
      await widget.locator('[part="thanks"]').waitFor();
      assert.equal(await widget.locator('[part="thanks"] h2').innerText(), 'One more step');
      assert.match(await widget.locator('[part="thanks"]').innerText(), /a\*\*\*@example\.org/);
      assert.equal(await counter(), before, 'not counted before it is confirmed');

      await waitFor(() => smtp.to(email).length === 1, 'the confirmation mail', 20_000);
      const [{ mail, secure }] = smtp.to(email);
      assert.ok(secure, 'sent over STARTTLS');
      const link = linkIn(mail);

      const confirmPage = await context.newPage();
      await confirmPage.goto(link);
      assert.equal(await confirmPage.locator('h1').innerText(), 'Confirm your signature');
      assert.equal(await confirmPage.locator('script').count(), 0);
      await confirmPage.getByRole('button', { name: 'Confirm my signature' }).click();
      await confirmPage.locator('h1', { hasText: 'your signature counts' }).waitFor();

      await page.reload();
      await widget.locator('.counter strong').first().waitFor();
      assert.equal(await counter(), before + 1, 'the counter moved by one');
      // Opened again, the link says so and counts nothing more.
      const again = await confirmPage.goto(link);
      assert.equal(again?.status(), 409);
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
