/**
 * Email confirmation in the console, against the production server in Chromium, on loopback with
 * no SMTP server (as `npm start` runs): the campaign's verification and sender set in Counter and
 * status; a signature then waits, and the overview says so; the development outbox lists its mail
 * with the link, which opens the confirmation page, whose button confirms; the overview counts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../wait-for.ts';
import { launchBrowser } from './browser.ts';
import { axeViolations, signIn } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';

let server: ConsoleServer;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startConsoleServer('sqlite');
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, server.url, ADMIN_TOKEN);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const campaign = async () =>
  (
    await fetch(`${server.url}/api/admin/campaigns/el-salvador`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
  ).json();

describe('email confirmation in the console', () => {
  it('sets the campaign to count only confirmed signatures, from a named sender', async () => {
    await page.goto(`${server.url}/admin#/campaigns/el-salvador/counter`);
    await page.locator('#verification').waitFor();
    assert.equal(await page.locator('#verification').inputValue(), 'none');
    await page.locator('#verification').selectOption('email');
    await page.locator('#sender-name').fill('Amnesty International Canada');
    await page.locator('form[name="verification"] button').click();
    await page.locator('form[name="verification"]', { hasText: 'Saved.' }).waitFor();
    const saved = await campaign();
    assert.equal(saved.verification, 'email');
    assert.equal(saved.senderName, 'Amnesty International Canada');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('shows a waiting signature, lists its mail in the development outbox, and confirms it in two clicks', async () => {
    const before = (await campaign()).counter.signatures;
    const email = `console.${process.pid}@example.org`;
    // With the form token the campaign answer carries, as the widget sends it (bot checks are on).
    const { formToken } = await (await fetch(`${server.url}/api/campaigns/el-salvador`)).json();
    const signed = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: 'L', email, city: 'Oslo', formToken }),
    });
    assert.equal(signed.status, 200);
    await page.goto(`${server.url}/admin#/campaigns/el-salvador/overview`);
    await page.locator('.figures', { hasText: 'waiting for email confirmation' }).waitFor();
    assert.match(await page.locator('.figures').innerText(), /1\s+waiting for email confirmation/);
    // The worker writes the mail a moment after the signature: the outbox lists it once there.
    const link = page.locator('.dev-outbox li', { hasText: email }).locator('a');
    await waitFor(
      async () => {
        if (await link.count()) return true;
        await page.reload();
        await page.locator('console-campaign-overview .figures').waitFor();
        return false;
      },
      'the mail in the development outbox',
      { every: 200 },
    );
    assert.deepEqual(await axeViolations(page), []);

    const [confirmPage] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await confirmPage.getByRole('button', { name: 'Confirm my signature' }).click();
    await confirmPage.locator('h1', { hasText: 'your signature counts' }).waitFor();
    assert.equal((await campaign()).counter.signatures, before + 1);
    await page.reload();
    await page.locator('.figures', { hasText: '0 waiting' }).waitFor();
  });
});
