/**
 * Every view of the console at phone (360 px; 390 px on PostgreSQL) and desktop (1280 px) widths,
 * on each engine, in English and with the campaign's Arabic texts (typed right to left), a refused
 * form and the question before leaving unsaved changes: axe-core finds no violation, nothing is
 * wider than the screen, no error and no CSP violation. Each view's screenshot is written to test/screenshots/out/ as
 * console-<view>-<width>.png (SQLite) and console-postgres-<view>-<width>.png to be looked at.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_PARTNER } from '../fixtures/api-server.ts';
import { launchBrowser } from './browser.ts';
import { CONSOLE_ENGINES } from './console-engines.ts';
import { axeViolations, signIn, watch } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';

const OUT = path.resolve(import.meta.dirname, '../screenshots/out');
/** Widths by engine: the common phone (360 px) on SQLite, a larger one (390 px) on PostgreSQL. */
const WIDTHS = {
  sqlite: { phone: 360, desktop: 1280 },
  postgres: { phone: 390, desktop: 1280 },
} as const;

/** A view: its hash, what shows once it is drawn, and what a person does there before the shot. */
interface View {
  name: string;
  hash: string;
  ready: string;
  act?: (page: Page) => Promise<void>;
  /** The view shows a refused form on purpose (its summary is a .problem). */
  refused?: boolean;
  /** Puts things back after the shot (unsaved changes would stop the next view). */
  after?: (page: Page) => Promise<void>;
}

const ARABIC_TITLE = 'صلاحيات الطوارئ تُستخدم للتراجع عن حقوق الإنسان (2022)';

const VIEWS: View[] = [
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
    ready: 'console-campaign-partners tbody tr',
  },
  { name: 'keys', hash: '#/keys', ready: 'console-key-list tbody tr' },
  { name: 'new', hash: '#/new', ready: 'console-campaign-new form' },
  { name: 'webhooks', hash: '#/webhooks', ready: 'console-webhook-list .hooks li' },
  {
    name: 'webhooks-new-secret',
    hash: '#/webhooks',
    ready: 'console-webhook-list .hooks li',
    act: async (page) => {
      await page.getByRole('button', { name: /^New secret… / }).click();
      await page.getByRole('button', { name: 'Replace the secret' }).click();
      await page.locator('.hooks input[id^="hook-secret-"]').waitFor();
    },
  },
  { name: 'embed', hash: '#/embed/el-salvador', ready: 'console-widget-preview petition-widget' },
  {
    name: 'texts-ar',
    hash: '#/campaigns/el-salvador/texts',
    ready: 'console-widget-preview petition-widget',
    act: async (page) => {
      await page.locator('#texts-lang').selectOption('ar');
      await page.locator('console-widget-preview .root[lang="ar"]').waitFor();
    },
  },
  {
    name: 'texts-refused',
    hash: '#/campaigns/el-salvador/texts',
    ready: 'console-widget-preview petition-widget',
    refused: true,
    act: async (page) => {
      // The same address as the view before: the editor is still on the Arabic texts.
      await page.locator('#texts-lang').selectOption('en');
      await page.locator('#text-description').fill('');
      await page.locator('#text-privacyUrl').fill('ftp://example.org/privacy');
      await page.getByRole('button', { name: 'Save the English (en) texts' }).click();
      await page.locator('console-campaign-texts .form-problems').waitFor();
    },
    after: (page) => page.getByRole('button', { name: 'Discard the English (en) changes' }).click(),
  },
  {
    name: 'leave',
    hash: '#/campaigns/el-salvador/texts',
    ready: 'console-widget-preview petition-widget',
    act: async (page) => {
      await page.locator('#texts-lang').selectOption('ar');
      await page.locator('#text-title').fill(ARABIC_TITLE);
      await page.locator('header a', { hasText: 'Keys' }).click();
      await page.getByRole('dialog').waitFor();
    },
    after: async (page) => {
      await page.getByRole('dialog').getByRole('button', { name: 'Leave and discard' }).click();
      await page.locator('console-key-list h1').waitFor();
    },
  },
  {
    name: 'partners-ar',
    hash: '#/campaigns/el-salvador/partners',
    ready: 'console-campaign-partners tbody tr',
    act: async (page) => {
      await page.getByRole('button', { name: 'Edit Oxfam Canada' }).click();
      await page
        .locator('#partner-edit-opt-in-ar')
        .fill('نعم، يمكن لأوكسفام كندا مراسلتي بالبريد الإلكتروني بشأن حملاتها.');
    },
  },
  {
    name: 'new-ar',
    hash: '#/new',
    ready: 'console-campaign-new form',
    act: async (page) => {
      await page.locator('#new-lang').selectOption('ar');
      await page.locator('#text-title').fill(ARABIC_TITLE);
      await page
        .locator('#text-photoCredit')
        .fill('الصورة: Kellys Portillo/APHOTOGRAFIA/Getty Images');
    },
  },
];

let server: ConsoleServer;
let browser: Browser;

/** An admin API POST that must answer 201. */
async function post(route: string, body: object): Promise<void> {
  const response = await fetch(`${server.url}/api/admin${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.text());
}

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

for (const { engine, skip } of CONSOLE_ENGINES) {
  const prefix = engine === 'sqlite' ? '' : `${engine}-`;
  describe(`on ${engine}`, { skip }, () => {
    before(async () => {
      server = await startConsoleServer(engine);
      // A partner, its key and a webhook, so those views list rows from the engine (nothing is
      // signed afterwards, so the hook is never called).
      await post('/campaigns/el-salvador/partners', FIXTURE_PARTNER);
      await post('/keys', { label: 'Oxfam CRM', campaign: 'el-salvador', partner: 'oxfam' });
      await post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['signature.created'] });
    });
    after(async () => {
      await server?.close();
    });

    for (const [label, width] of Object.entries(WIDTHS[engine])) {
      describe(`the console at ${width} px`, () => {
        it('every view is axe-clean, fits the screen and breaks no rule of the CSP', async () => {
          const context = await browser.newContext({
            viewport: { width, height: 900 },
            deviceScaleFactor: 1,
          });
          const page = await context.newPage();
          const trouble = await watch(context, page);
          const problems: string[] = [];
          const check = async (name: string, refused = false) => {
            // The widget's own content is tested in its own suite; here it must only not break the page.
            await page.mouse.move(0, 0);
            await page.waitForTimeout(200);
            await page.screenshot({
              path: path.join(OUT, `console-${prefix}${name}-${label}.png`),
              fullPage: true,
            });
            for (const violation of await axeViolations(page))
              problems.push(`${name}: ${violation}`);
            // An answer the console could not use shows as a .problem banner: there must be none.
            const banners = refused ? '.problem:not(.form-problems)' : '.problem';
            for (const banner of await page.locator(banners).allInnerTexts())
              problems.push(`${name}: shows "${banner.trim()}"`);
            const wide = await page.evaluate('document.documentElement.scrollWidth');
            if (Number(wide) > width)
              problems.push(`${name}: ${wide} px wide on a ${width} px screen`);
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
            await view.act?.(page);
            await check(view.name, view.refused);
            await view.after?.(page);
          }
          assert.deepEqual(problems, []);
          assert.deepEqual(trouble.errors, []);
          assert.deepEqual(await trouble.violations(), []);
          await context.close();
        });
      });
    }
  });
}
