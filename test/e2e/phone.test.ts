/**
 * The supporter's path on a 360 px phone, end to end: the built widget.js on the partner page
 * (another origin, hostile CSS, strict CSP) in Chromium, against the real server and its file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { launchBrowser } from './browser.ts';
import { contrast } from './contrast.ts';

let server: ServerChild;
let browser: Browser;
let partner: { url: string; close: () => void };
let serial = 0;
const email = () => `phone.${Date.now().toString(36)}.${serial++}@example.org`;

before(async () => {
  server = await spawnServer();
  browser = await launchBrowser();
  partner = await startPartnerServer(0, server.url.replace('127.0.0.1', 'localhost'));
});

after(async () => {
  await browser?.close();
  partner?.close();
  await server?.stop();
});

/**
 * The partner page at 360 x 740 with `setup` run in the page first (CSSOM only: the page's CSP
 * allows no inline styles), and the widget drawn.
 */
async function phonePage(setup = ''): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (setup) await context.addInitScript({ content: setup });
  const page = await context.newPage();
  await page.goto(`${partner.url}/`);
  await page.locator('petition-widget form').waitFor();
  return { context, page };
}

async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values))
    await page.locator(`petition-widget input[name="${name}"]`).fill(value);
}

const inWidget = <T>(page: Page, body: string): Promise<T> =>
  page.evaluate(
    `(() => { const root = document.querySelector('petition-widget').shadowRoot; ${body} })()`,
  );

function storedFirstName(address: string): string | undefined {
  const db = new Database(server.file, { readonly: true });
  try {
    return (
      db.prepare('SELECT first_name FROM signatures WHERE email = ?').get(address) as
        | { first_name: string }
        | undefined
    )?.first_name;
  } finally {
    db.close();
  }
}

// A long page: an article after the widget, added through the CSSOM as a partner's layout would.
const LONG_PAGE = `document.addEventListener('DOMContentLoaded', () => {
  const article = document.createElement('div');
  article.style.height = '3000px';
  document.body.append(article);
});`;

describe('the supporter on a 360 px phone', () => {
  it('sees the thank-you on screen after signing on a long page, with focus on it', async () => {
    const { context, page } = await phonePage(LONG_PAGE);
    await fill(page, { firstName: 'Ana', lastName: 'Martínez', email: email(), city: 'Toronto' });
    await page.locator('petition-widget button[type="submit"]').click();
    await page.locator('petition-widget [part="thanks"] h2').waitFor();
    await page.waitForTimeout(800); // a smooth scroll settles
    const box = await page.locator('petition-widget [part="thanks"] h2').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 740, `heading at ${JSON.stringify(box)}`);
    assert.equal(
      await inWidget(page, 'return root.activeElement?.textContent.trim()'),
      'Thank you, Ana!',
    );
    await context.close();
  });

  it('never stores a value the supporter could not see: offline, the fields are read-only', async () => {
    const { context, page } = await phonePage();
    const address = email();
    await fill(page, { firstName: 'Tia', lastName: 'Martínez', email: address, city: 'Toronto' });
    await context.setOffline(true);
    await page.locator('petition-widget button[type="submit"]').click();
    await page.locator('petition-widget #locked').waitFor();
    await page.locator('petition-widget input[name="firstName"]').click();
    await page.keyboard.press('End');
    await page.keyboard.type('na');
    assert.equal(
      await page.locator('petition-widget input[name="firstName"]').inputValue(),
      'Tia',
      'read-only',
    );
    assert.equal(await inWidget(page, 'return root.querySelector("#firstName").readOnly'), true);
    await context.setOffline(false);
    await page.locator('petition-widget [part="thanks"] h2').waitFor({ timeout: 10_000 });
    assert.equal(
      (await page.locator('petition-widget [part="thanks"] h2').textContent())?.trim(),
      'Thank you, Tia!',
    );
    assert.equal(storedFirstName(address), 'Tia', 'what was shown is what was stored');
    await context.close();
  });

  it('gives a yellow-accent button text of at least 4.5:1 when the page sets only the accent', async () => {
    const { context, page } = await phonePage(`new MutationObserver((_, observer) => {
      const widget = document.querySelector('petition-widget');
      if (widget) { widget.style.setProperty('--petition-accent', '#ffff00'); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`);
    const [color, background] = await inWidget<[string, string]>(
      page,
      'const style = getComputedStyle(root.querySelector("button[type=submit]")); return [style.color, style.backgroundColor];',
    );
    assert.equal(background, 'rgb(255, 255, 0)');
    assert.ok(
      contrast(color, background) >= 4.5,
      `${color} on ${background}: ${contrast(color, background).toFixed(2)}:1`,
    );
    await context.close();
  });

  it("follows the reader's 24 px text size", async () => {
    const { context, page } = await phonePage(
      `document.addEventListener('DOMContentLoaded', () => document.documentElement.style.setProperty('font-size', '24px'));`,
    );
    const size = await inWidget<string>(
      page,
      'return getComputedStyle(root.querySelector("#firstName")).fontSize',
    );
    assert.ok(parseFloat(size) >= 24, size);
    await context.close();
  });

  it('takes an error away once its field is fixed, without a submit; the counter is not live', async () => {
    const { context, page } = await phonePage();
    await page.locator('petition-widget button[type="submit"]').click();
    await page.locator('petition-widget #firstName-error').waitFor();
    await page.locator('petition-widget input[name="firstName"]').fill('Maria');
    await page.locator('petition-widget #firstName-error').waitFor({ state: 'detached' });
    assert.equal(await inWidget(page, 'return root.querySelectorAll("[aria-live]").length'), 0);
    assert.equal(
      await inWidget(
        page,
        'return !!root.querySelector(".counter").closest("[role=status],[role=alert]")',
      ),
      false,
    );
    await context.close();
  });
});
