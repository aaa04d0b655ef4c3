/**
 * The widget: widget.js's raw, gzip and brotli bytes as the server serves them, and the time from navigation start to the
 * frame that draws the form and the counter, in headless Chromium on the demo page of the
 * production server, each load in a fresh browser context (a cold cache), median of `loads`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { servedSizes } from '../../widget/vite.config.ts';
import { chromiumArgs, findChromium } from '../chromium.ts';
import { ROOT, spawnProduction } from './processes.ts';
import { repeated } from './stats.ts';
import type { Repeated } from './stats.ts';

/** What the widget measured; `ready` is null when there is no Chromium. */
export interface WidgetResult {
  raw: number;
  gzip: number;
  brotli: number;
  ready: Repeated | null;
  /** Requests the page made until the widget was drawn (page, widget.js, campaign). */
  requests: number[];
}

// Runs in the page before anything else: on every frame, look for the drawn form and a counter
// with a number in the widget's (open) shadow root; note the time of the first frame that has both.
const WATCH = `(() => {
  const look = () => {
    const root = document.querySelector('petition-widget')?.shadowRoot;
    const counter = root?.querySelector('.counter strong');
    if (root?.querySelector('form') && counter && /\\d/.test(counter.textContent)) {
      window.__petitionReady = performance.now();
    } else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

/** Measures the built widget.js and `loads` page loads; `dir` holds the server's database. */
export async function measureWidget(
  dir: string,
  loads: number,
  log: (line: string) => void,
): Promise<WidgetResult> {
  const file = path.join(ROOT, 'server/public/widget.js');
  const sizes = servedSizes(fs.readFileSync(file));
  const executablePath = findChromium();
  if (!executablePath) {
    log('no Chromium (set CHROME_PATH): skipping the load times');
    return { ...sizes, ready: null, requests: [] };
  }
  const server = await spawnProduction(path.join(dir, 'widget.db'));
  const browser = await chromium.launch({
    executablePath,
    args: chromiumArgs({ profile: false }),
    headless: true,
  });
  try {
    const times: number[] = [];
    const requests: number[] = [];
    // One load first, unmeasured: Chromium's own start-up is not the widget's.
    for (let load = 0; load <= loads; load++) {
      const context = await browser.newContext();
      await context.addInitScript(WATCH);
      const page = await context.newPage();
      let seen = 0;
      page.on('request', () => seen++);
      await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/`);
      await page.waitForFunction(
        () => (window as { __petitionReady?: number }).__petitionReady,
        null,
        { timeout: 10_000 },
      );
      const ms = await page.evaluate(
        () => (window as unknown as { __petitionReady: number }).__petitionReady,
      );
      if (load > 0) {
        times.push(ms);
        requests.push(seen);
      }
      await context.close();
    }
    return { ...sizes, ready: repeated(times), requests };
  } finally {
    await browser.close();
    await server.stop();
  }
}
