/**
 * The admin API as the console's browser tests read and change it behind the page's back: what a
 * step saved, and what a test sets up before it looks (a partner, a flag decision).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from './console-server.ts';

/** An admin API request with the admin token; fails the test unless it answers `status`. */
export async function adminCall<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  body?: object,
  status = method === 'POST' ? 201 : 200,
): Promise<T> {
  const response = await fetch(`${url}/api/admin${route}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** The languages the server speaks: one file each in server/i18n/. */
export const SERVER_LANGUAGES = fs
  .readdirSync(path.resolve(import.meta.dirname, '../../server/i18n'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length))
  .sort();

/** Is the element (its whole box) inside the window? */
export const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });

/** The id of the focused element. */
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** The text of the elements a control's aria-describedby names. */
export const description = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' | '),
  );
