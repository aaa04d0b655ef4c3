/**
 * The pages that may collect a campaign's signatures (its allowedOrigins), set in the console's
 * Counter and status view against the production server in Chromium: empty says any page may; a
 * list saved there refuses another page's signature (403) and takes a listed one's; a bad line is
 * refused with the API's words and nothing changes; emptied again, any page may.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { signIn } from './console-page.ts';
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
  await page.goto(`${server.url}/admin#/campaigns/el-salvador/counter`);
  await page.locator('#origins').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the server holds. */
async function stored(): Promise<string[]> {
  const response = await fetch(`${server.url}/api/admin/campaigns/el-salvador`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return (await response.json()).allowedOrigins;
}

/** A signature from a widget on `origin`: the status only. */
async function signFrom(origin: string, n: number): Promise<number> {
  const response = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ firstName: 'O', lastName: 'P', email: `o${n}@example.org`, city: 'Q' }),
  });
  return response.status;
}

async function save(origins: string): Promise<void> {
  await page.locator('#origins').fill(origins);
  await page.locator('form[name="origins"] button').click();
}

describe('pages that may collect signatures, in the console', () => {
  it('says that empty means any page', async () => {
    assert.equal(await page.locator('#origins').inputValue(), '');
    assert.match(await page.locator('#origins-help').innerText(), /any page/i);
    assert.equal(await signFrom('https://anywhere.example', 1), 201);
  });

  it('saves a list: another page is refused, a listed one signs', async () => {
    await save('https://www.example.org\nhttps://partner.example.org');
    await page.locator('form[name="origins"]', { hasText: 'Saved.' }).waitFor();
    assert.deepEqual(await stored(), ['https://www.example.org', 'https://partner.example.org']);
    assert.equal(await signFrom('https://anywhere.example', 2), 403);
    assert.equal(await signFrom('https://partner.example.org', 3), 201);
    assert.match(await page.locator('#origins-help').innerText(), /only/i);
  });

  it('refuses a line that is not an origin, in the API’s words, and keeps the list', async () => {
    await save('https://www.example.org/petition');
    await page.locator('form[name="origins"] [role="alert"]').waitFor();
    assert.deepEqual(await stored(), ['https://www.example.org', 'https://partner.example.org']);
  });

  it('emptied, lets any page collect signatures again', async () => {
    await save('');
    await page.locator('form[name="origins"]', { hasText: 'Saved.' }).waitFor();
    assert.deepEqual(await stored(), []);
    assert.equal(await signFrom('https://anywhere.example', 4), 201);
  });
});
