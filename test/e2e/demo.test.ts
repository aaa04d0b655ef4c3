/**
 * End to end: the production server (server/dist/main.js) on a free port and a temporary database, the
 * demo page and a partner page on another origin with hostile CSS, real Chromium.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { launchBrowser } from './browser.ts';
import { waitFor } from '../wait-for.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-e2e-'));
const file = path.join(dir, 'e2e.db');
const env = {
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_PATH: file,
  PETITION_MIN_FILL_MS: '300',
  PETITION_LOG: 'on',
};
let server: ServerChild;
let browser: Browser;
let partner: { url: string; close: () => void };

function query<T>(sql: string): T {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

const counterText = (page: Page) =>
  page.locator('petition-widget .counter strong').first().textContent();

async function fill(page: Page, person: Record<string, string>) {
  for (const [name, value] of Object.entries(person))
    await page.locator(`petition-widget input[name="${name}"]`).fill(value);
}

before(async () => {
  server = await spawnServer(env);
  browser = await launchBrowser();
  partner = await startPartnerServer(0, server.url.replace('127.0.0.1', 'localhost'));
});

after(async () => {
  await browser?.close();
  partner?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything the suite submitted that must never show up in a log or in the clear on disk. */
const SUBMITTED = [
  'marta.e2e@example.org',
  'kofi.e2e@example.org',
  'noor.e2e@example.org',
  'lena.e2e@example.org',
  'Marta',
  'Kofi',
  'Noor',
  'Lena',
  'Mensah',
  'Haddad',
  'Montréal',
  'Accra',
  'Beirut',
  'Oslo',
];
const CLIENT_IPS = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
const logs: string[] = [];

describe('the demo page', () => {
  it('draws the seed page and the widget in two requests, and a supporter signs', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url + '/');
    await page.locator('petition-widget form').waitFor();
    assert.deepEqual(requests.slice(0, 3), ['/', '/widget.js', '/api/campaigns/el-salvador']);
    // Once the form is drawn, the second chunk (the thank-you), and nothing else.
    await waitFor(() => requests.includes('/widget-thanks.js'), 'the second chunk', 5000);
    assert.deepEqual(requests.slice(3), ['/widget-thanks.js']);
    assert.equal(
      await page.locator('h1').textContent(),
      'Emergency powers used to roll back human rights',
    );
    assert.match(
      await page.locator('body').innerText(),
      /Photo: Kellys Portillo\/APHOTOGRAFIA\/Getty Images/,
    );
    assert.equal(await page.locator('.letter li').count(), 4);
    assert.equal(await counterText(page), '785');
    assert.match(
      await page.locator('petition-widget [part="consent"]').innerText(),
      /only your name and city/,
    );

    await fill(page, {
      firstName: 'Marta',
      lastName: 'López',
      email: 'marta.e2e@example.org',
      city: 'Montréal',
    });
    await page.waitForTimeout(350); // a person takes longer than the minimum fill time
    await page.locator('petition-widget button[type="submit"]').click();
    await page.locator('petition-widget [part="thanks"]').waitFor();
    assert.equal(await counterText(page), '786');
    assert.deepEqual(errors, []);

    const row = query<Record<string, unknown>>(
      "SELECT * FROM signatures WHERE email = 'marta.e2e@example.org'",
    );
    assert.equal(row.first_name, 'Marta');
    assert.equal(row.city, 'Montréal');
    assert.equal(row.flagged, null, 'a person is not flagged');
    assert.equal(
      query<{ signature_count: number }>('SELECT signature_count FROM campaigns').signature_count,
      1,
    );
    await page.close();
  });

  it('keeps its place while the widget loads: nothing below it moves on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    await page.addInitScript(() => {
      const seen = window as unknown as { shifted: number };
      seen.shifted = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as {
          value: number;
          hadRecentInput: boolean;
        }[])
          if (!entry.hadRecentInput) seen.shifted += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // The campaign's answer is held until the loading state has been drawn: the slow network of a
    // real phone, without a timer.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/campaigns\/el-salvador\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.url + '/');
    await page.waitForFunction(() =>
      document.querySelector('petition-widget')?.shadowRoot?.querySelector('[aria-busy="true"]'),
    );
    const article = () =>
      page.evaluate(() => document.querySelector('article')!.getBoundingClientRect().top);
    const before = await article();
    release();
    await page.locator('petition-widget form').waitFor();
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const moved = (await article()) - before;
    const shifted = await page.evaluate(() => (window as unknown as { shifted: number }).shifted);
    console.log(JSON.stringify({ moved, shifted }));
    // The form is taller on a phone than any campaign's loading view can know; what is reserved
    // keeps the rest small (it moved 825 px, CLS 0.03-0.2, before).
    assert.ok(moved < 400, `the article moved ${moved} px`);
    assert.ok(shifted < 0.01, `layout shift ${shifted}`);
    await page.close();
  });

  it('offers its languages: the page and the widget switch together, Arabic right to left', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await page.locator('petition-widget form').waitFor();
    await page.getByRole('link', { name: 'العربية' }).click();
    await page.waitForURL(/\?lang=ar$/);
    await page.waitForFunction(() =>
      document.querySelector('petition-widget')?.shadowRoot?.querySelector('.root[lang="ar"] form'),
    );
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.match((await page.locator('h1').textContent()) ?? '', /صلاحيات الطوارئ/);
    assert.equal(
      (await page.locator('petition-widget button[type="submit"]').textContent())?.trim(),
      'توقيع العريضة',
    );
    await page.getByRole('link', { name: 'français' }).click();
    await page.waitForFunction(() =>
      document.querySelector('petition-widget')?.shadowRoot?.querySelector('.root[lang="fr"] form'),
    );
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.close();
  });

  it('keeps the signature and the count across a restart', async () => {
    const port = new URL(server.url).port;
    await server.stop();
    logs.push(server.output());
    // The same port, so the partner page (which embeds this origin) keeps working.
    server = await spawnServer({ ...env, PORT: port });
    const counter = await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json();
    assert.deepEqual(counter, {
      signatures: 1,
      offset: 785,
      total: 786,
      goal: null,
      goalMode: 'fixed',
    });
    assert.ok(!server.output().includes('marta.e2e'), 'no personal data in the log');
  });
});

describe('a partner page on another origin with hostile CSS', () => {
  it('embeds the built widget.js by its classic tag; a supporter signs; both pages count it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(partner.url + '/');
    const widget = page.locator('petition-widget');
    await widget.locator('form').waitFor();
    const box = await widget.boundingBox();
    assert.ok(
      box && box.width > 280 && box.height > 300,
      `the widget is drawn (${JSON.stringify(box)})`,
    );
    const input = widget.locator('input[name="firstName"]');
    assert.ok(await input.isVisible(), 'host CSS cannot hide the inputs');
    const fontSize = await input.evaluate((element) => getComputedStyle(element).fontSize);
    assert.equal(fontSize, '16px', 'host font sizes do not leak in');
    assert.equal(
      await page.locator('h1').evaluate((element) => getComputedStyle(element).fontSize),
      '64px',
      'our CSS does not leak out',
    );

    const demo = await (await browser.newContext()).newPage();
    await demo.goto(server.url + '/');
    await demo.locator('petition-widget form').waitFor();
    const before = Number(await counterText(demo));

    await fill(page, {
      firstName: 'Kofi',
      lastName: 'Mensah',
      email: 'kofi.e2e@example.org',
      city: 'Accra',
    });
    await page.waitForTimeout(350);
    await widget.locator('button[type="submit"]').click();
    await widget.locator('[part="thanks"]').waitFor();
    assert.equal(Number(await counterText(page)), before + 1);
    // The demo page's live counter catches up on its own (it polls every 15 s).
    await demo.waitForFunction(
      (expected) =>
        document.querySelector('petition-widget')?.shadowRoot?.querySelector('.counter strong')
          ?.textContent === String(expected),
      before + 1,
      { timeout: 20_000 },
    );
    const row = query<Record<string, unknown>>(
      "SELECT partner, origin, flagged FROM signatures WHERE email = 'kofi.e2e@example.org'",
    );
    assert.deepEqual(row, { partner: 'friends-of-rights', origin: partner.url, flagged: null });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('signs offline, then counts exactly once when back online', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(partner.url + '/');
    const widget = page.locator('petition-widget');
    await widget.locator('form').waitFor();
    const before = query<{ n: number }>('SELECT COUNT(*) AS n FROM signatures').n;
    await fill(page, {
      firstName: 'Noor',
      lastName: 'Haddad',
      email: 'noor.e2e@example.org',
      city: 'Beirut',
    });
    await page.waitForTimeout(350);
    await context.setOffline(true);
    await widget.locator('button[type="submit"]').click();
    await widget.getByText('You are offline').waitFor();
    assert.equal(query<{ n: number }>('SELECT COUNT(*) AS n FROM signatures').n, before);
    await context.setOffline(false);
    await widget.locator('[part="thanks"]').waitFor({ timeout: 10_000 });
    assert.equal(
      query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM signatures WHERE email = 'noor.e2e@example.org'",
      ).n,
      1,
    );
    await context.close();
  });

  it('retries a lost answer with the same key and counts once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let dropped = 0;
    // The first POST reaches the server, but its answer is lost on the way back.
    await page.route('**/signatures', async (route) => {
      if (dropped++ === 0) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.goto(partner.url + '/');
    const widget = page.locator('petition-widget');
    await widget.locator('form').waitFor();
    await fill(page, {
      firstName: 'Lena',
      lastName: 'Berg',
      email: 'lena.e2e@example.org',
      city: 'Oslo',
    });
    await page.waitForTimeout(350);
    await widget.locator('button[type="submit"]').click();
    await widget.locator('[part="thanks"]').waitFor({ timeout: 10_000 });
    assert.ok(dropped >= 2, 'the widget retried');
    assert.equal(
      query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM signatures WHERE email = 'lena.e2e@example.org'",
      ).n,
      1,
    );
    assert.match(await widget.locator('[part="thanks"]').innerText(), /Thank you, Lena/);
    await context.close();
  });
});

describe('privacy', () => {
  it('logs no name, email or IP, and stores no IP in the clear', async () => {
    await server.stop();
    logs.push(server.output());
    const requestLines = logs
      .join('\n')
      .split('\n')
      .filter((line) => line.startsWith('{'));
    assert.ok(requestLines.length > 10, 'the server logged its requests');
    for (const line of requestLines) {
      for (const secret of [...SUBMITTED, ...CLIENT_IPS])
        assert.ok(!line.includes(secret), `log line holds ${secret}`);
    }
    const bytes = Buffer.concat([
      fs.readFileSync(file),
      fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
    ]);
    assert.ok(
      bytes.includes(Buffer.from('kofi.e2e@example.org')),
      'the check can see what is stored',
    );
    // Page origins (http://127.0.0.1:port) are stored by design; a client IP would stand alone.
    for (const ip of CLIENT_IPS) {
      for (let at = bytes.indexOf(ip); at >= 0; at = bytes.indexOf(ip, at + 1)) {
        assert.equal(
          bytes.subarray(at - 2, at).toString(),
          '//',
          `the database holds ${ip} outside a URL`,
        );
      }
    }
    server = await spawnServer(env);
  });
});
