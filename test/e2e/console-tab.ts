/**
 * One Chromium for a console test file, and the tab its tests share: `fresh()` opens a new
 * context (1280 x 900, downloads accepted) that records every URL it requests (a key or an
 * email must never be in one), page errors and CSP violations; the console server under test and
 * its demo campaign's public counter. Also a number as the console writes it, and a partner page
 * on another origin.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { CONSOLE_ENGINES } from './console-engines.ts';
import type { Trouble } from './console-page.ts';
import { signIn, watch } from './console-page.ts';
import type { ConsoleServer } from './console-server.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';

/** The browser and the current tab of a console test file. */
export interface ConsoleTab {
  /** The console server of the engine being tested (set by `onEachEngine`). */
  server: ConsoleServer;
  /** The demo campaign's public counter on that server. */
  counter: () => Promise<{ total: number; signatures: number; offset: number }>;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  trouble: Trouble;
  /** Every URL any context of this file requested: the page's and the download worker's. */
  requested: string[];
  /** Closes the current context and opens a new one with one page. */
  fresh: () => Promise<void>;
  /** `fresh()`, then signs in with the admin token. */
  freshSignedIn: () => Promise<void>;
  /** No page error and nothing blocked by the CSP so far in this tab. */
  assertClean: () => Promise<void>;
}

/** Launches Chromium before the file's tests and closes it after; returns the shared tab. */
export function consoleTab(): ConsoleTab {
  const tab = { requested: [] as string[] } as ConsoleTab;
  tab.counter = async () =>
    (await fetch(`${tab.server.url}/api/campaigns/el-salvador/counter`)).json();
  tab.fresh = async () => {
    await tab.context?.close();
    tab.context = await tab.browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    tab.page = await tab.context.newPage();
    tab.context.on('request', (request) => tab.requested.push(request.url()));
    tab.trouble = await watch(tab.context, tab.page);
  };
  tab.freshSignedIn = async () => {
    await tab.fresh();
    await signIn(tab.page, tab.server.url, ADMIN_TOKEN);
  };
  tab.assertClean = async () => {
    assert.deepEqual(tab.trouble.errors, [], 'no page errors');
    assert.deepEqual(await tab.trouble.violations(), [], 'nothing blocked by the CSP');
  };
  before(async () => {
    tab.browser = await launchBrowser();
  });
  after(async () => {
    await tab.browser?.close();
  });
  return tab;
}

/**
 * For each engine the console's tests run on (console-engines.ts): a `describe` with its own
 * console server as `tab.server`, started before its tests and closed after them.
 */
export function onEachEngine(tab: ConsoleTab, tests: (sqlite: boolean) => void): void {
  for (const { engine, skip } of CONSOLE_ENGINES) {
    describe(`on ${engine}`, { skip }, () => {
      before(async () => {
        tab.server = await startConsoleServer(engine);
      });
      after(async () => {
        await tab.server?.close();
      });
      tests(engine === 'sqlite');
    });
  }
}

/** A number as the console writes it in English. */
export const format = (value: number) => value.toLocaleString('en');

/** A page on another origin (another port) holding what a partner pasted. */
export function partnerPage(body: string): Promise<{ url: string; close: () => void }> {
  const html = `<!doctype html><html lang="en"><head><title>Partner</title></head><body><h1>Our campaign page</h1>\n${body}\n</body></html>`;
  const partner = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((resolve) => {
    partner.listen(0, '127.0.0.1', () => {
      const { port } = partner.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => partner.close() });
    });
  });
}
