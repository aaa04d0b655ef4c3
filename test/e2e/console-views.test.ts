/**
 * Every view of the console at phone (360 px) and desktop (1280 px) widths: axe-core finds no
 * violation, nothing is wider than the screen, no error and no CSP violation. Each view's
 * screenshot is written to test/screenshots/out/console-<view>-<width>.png to be looked at.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { axeViolations, signIn, watch } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';

const OUT = path.resolve(import.meta.dirname, '../screenshots/out');
const WIDTHS = { phone: 360, desktop: 1280 } as const;

/** The views: their hash and what shows once they are drawn. */
const VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'campaigns', hash: '#/', ready: 'console-campaign-list table' },
  { name: 'overview', hash: '#/campaigns/el-salvador/overview', ready: 'console-day-chart svg' },
  {
    name: 'counter',
    hash: '#/campaigns/el-salvador/counter',
    ready: 'console-campaign-counter form[name="offset"]',
  },
  {
    name: 'texts',
    hash: '#/campaigns/el-salvador/texts',
    ready: 'console-widget-preview petition-widget',
  },
  {
    name: 'flagged',
    hash: '#/campaigns/el-salvador/flagged',
    ready: 'console-flagged-list tbody tr',
  },
  { name: 'data', hash: '#/campaigns/el-salvador/data', ready: 'console-erasure-search form' },
  {
    name: 'partners',
    hash: '#/campaigns/el-salvador/partners',
    ready: 'console-campaign-partners form',
  },
  { name: 'keys', hash: '#/keys', ready: 'console-key-list form' },
  { name: 'new', hash: '#/new', ready: 'console-campaign-new form' },
  { name: 'webhooks', hash: '#/webhooks', ready: 'console-webhook-list form' },
  { name: 'embed', hash: '#/embed/el-salvador', ready: 'console-widget-preview petition-widget' },
];

let server: ConsoleServer;
let browser: Browser;

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await startConsoleServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [label, width] of Object.entries(WIDTHS)) {
  describe(`the console at ${width} px`, () => {
    it('every view is axe-clean, fits the screen and breaks no rule of the CSP', async () => {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const trouble = await watch(context, page);
      const problems: string[] = [];
      const check = async (name: string) => {
        // The widget's own content is tested in its own suite; here it must only not break the page.
        await page.mouse.move(0, 0);
        await page.waitForTimeout(200);
        await page.screenshot({
          path: path.join(OUT, `console-${name}-${label}.png`),
          fullPage: true,
        });
        for (const violation of await axeViolations(page)) problems.push(`${name}: ${violation}`);
        const wide = await page.evaluate('document.documentElement.scrollWidth');
        if (Number(wide) > width) problems.push(`${name}: ${wide} px wide on a ${width} px screen`);
      };
      await page.goto(`${server.url}/admin`);
      await page.locator('#key').waitFor();
      await check('sign-in');
      await signIn(page, server.url, ADMIN_TOKEN);
      for (const view of VIEWS) {
        await page.goto(`${server.url}/admin${view.hash}`);
        await page.locator(view.ready).first().waitFor();
        if (view.ready.includes('petition-widget'))
          await page.locator(`${view.ready} form`).waitFor();
        await check(view.name);
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(trouble.errors, []);
      assert.deepEqual(await trouble.violations(), []);
      await context.close();
    });
  });
}
