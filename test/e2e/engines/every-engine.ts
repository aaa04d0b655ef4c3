/**
 * What a partner-page test runs over and reads back: the three engines (Chromium and Firefox
 * through puppeteer, WebKit through its WebDriver), the real server and the partner page on
 * another origin, the server's request log, and a stored row.
 */
import fs from 'node:fs';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { startPartnerServer } from '../../../demo/partner-server.ts';
import { spawnServer } from '../../fixtures/spawn-server.ts';
import type { ServerChild } from '../../fixtures/spawn-server.ts';
import type { Engine } from './driver.ts';
import { ERROR_HOOK } from './driver.ts';
import { launchPuppeteer } from './puppeteer.ts';
import { launchWebKit } from './webkit.ts';

/** Each engine by name, with how to start it. */
export const ENGINES: [Engine['name'], () => Promise<Engine>][] = [
  ['chromium', () => launchPuppeteer('chromium')],
  ['firefox', () => launchPuppeteer('firefox')],
  ['webkit', launchWebKit],
];

/** A test file's real server (its request log on) and the partner page, on another origin. */
export interface PartnerSite {
  server: ServerChild;
  /** The API origin the page's tag names: localhost, where the page is on 127.0.0.1. */
  api: string;
  partner: { url: string; close: () => void };
}

/** Starts both before the file's tests (and makes `shots`), stops them after. */
export function partnerSite(shots: string): PartnerSite {
  const site = {} as PartnerSite;
  before(async () => {
    site.server = await spawnServer({ PETITION_LOG: 'on' });
    // Another origin than the partner page's, as on the web.
    site.api = site.server.url.replace('127.0.0.1', 'localhost');
    site.partner = await startPartnerServer(0, site.api, { inline: ERROR_HOOK });
    fs.mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    site.partner?.close();
    await site.server?.stop();
  });
  return site;
}

/** The server's request log so far (PETITION_LOG=on): one `METHOD route` a request. */
export function served(server: ServerChild): string[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{"time"') && line.includes('"method"'))
    .map((line) => JSON.parse(line) as { method: string; route: string })
    .map(({ method, route }) => `${method} ${route}`);
}

/** `columns` of the signature stored for `email`, read from the server's database file. */
export function storedRow(
  server: ServerChild,
  columns: string,
  email: string,
): Record<string, unknown> | undefined {
  const db = new Database(server.file, { readonly: true });
  try {
    return db.prepare(`SELECT ${columns} FROM signatures WHERE email = ?`).get(email) as
      | Record<string, unknown>
      | undefined;
  } finally {
    db.close();
  }
}
