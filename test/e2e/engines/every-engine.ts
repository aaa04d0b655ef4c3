/**
 * What a partner-page test runs over and reads back: the three engines (Chromium and Firefox
 * through puppeteer, WebKit through its WebDriver), the server's request log, and a stored row.
 */
import Database from 'better-sqlite3';
import type { ServerChild } from '../../fixtures/spawn-server.ts';
import type { Engine } from './driver.ts';
import { launchPuppeteer } from './puppeteer.ts';
import { launchWebKit } from './webkit.ts';

/** Each engine by name, with how to start it. */
export const ENGINES: [Engine['name'], () => Promise<Engine>][] = [
  ['chromium', () => launchPuppeteer('chromium')],
  ['firefox', () => launchPuppeteer('firefox')],
  ['webkit', launchWebKit],
];

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
