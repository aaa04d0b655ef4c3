/**
 * Helpers for the console's browser tests: sign in, wait for a view, run axe-core on the page,
 * collect CSP violations and page errors, move by keyboard.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What went wrong in a page: errors thrown, CSP violations (recorded from the page itself). */
export interface Trouble {
  errors: string[];
  violations: () => Promise<string[]>;
}

/** Records page errors and securitypolicyviolation events from the first script on. */
export async function watch(context: BrowserContext, page: Page): Promise<Trouble> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    errors,
    violations: () => page.evaluate('window.cspViolations') as Promise<string[]>,
  };
}

/** Signs in by pasting a key into the form. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.locator('#key').fill(key);
  await page.locator('#key').press('Enter');
  await page.locator('console-campaign-list table').waitFor();
}

/**
 * axe-core's violations on the whole page. Evaluated as strings: tsx would wrap a function's inner
 * functions in a helper the page does not have (and DevTools evaluation is not bound by the CSP).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE);
  return page.evaluate(`axe.run(document).then((result) =>
    result.violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`);
}

/** Presses Tab until the focused element matches `selector` (at most `limit` times). */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let pressed = 0; pressed < limit; pressed++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector))
      return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The text of the campaign page's total. */
export const pageTotal = async (page: Page) =>
  (await page.locator('console-campaign-page .total').textContent())?.trim();
