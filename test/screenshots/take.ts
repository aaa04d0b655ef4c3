/**
 * Screenshots of the built widget.js in every state, on the demo page and on the hostile partner
 * page, and in frame mode on that page (`frame-*`: the states its frame can be in), at phone
 * (360 px) and desktop (1280 px) widths, into test/screenshots/out/.
 *
 *   npm run screenshots                 (builds first)
 *   node --import tsx test/screenshots/take.ts [filter]   (only shots whose name has `filter`)
 *
 * Also the whole page, for each site and width, in the empty state, and axe-core's verdict on the
 * widget in each shot (with the page's own theme: the demo's colours are the partner's choice,
 * which the widget tests cannot see); a violation makes the exit code 1. The states are in
 * shots.ts; each shot is one fresh browser context, so a state never leaks into the next
 * (localStorage, routes, offline).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { Shot } from './shots.ts';
import { SHOTS, alreadySigned } from './shots.ts';

const OUT = path.join(import.meta.dirname, 'out');
const WIDTHS = { phone: 360, desktop: 1280 } as const;
const filter = process.argv[2] ?? '';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations inside the widget, as the page shows it now (the partner's colours
 * included). Evaluated as strings: tsx would wrap a function's inner functions in a helper the
 * page does not have, and the page's CSP does not apply to DevTools evaluation.
 */
async function axeViolations(page: Page | Frame): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(`axe.run(document.querySelector('petition-widget')).then((result) =>
    result.violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`);
}

/**
 * Adds `data-*` attributes to the page's script tag as the parser inserts it (before the async
 * script runs), as a partner would write them, so the widget's very first load uses them.
 * (Rewriting the page through page.route would make Chromium treat it as a public page and
 * block its requests to the loopback API.)
 */
async function tagAttributes(
  context: BrowserContext,
  attributes: Record<string, string>,
): Promise<void> {
  await context.addInitScript((preset: Record<string, string>) => {
    new MutationObserver((_records, observer) => {
      const script = document.querySelector<HTMLScriptElement>('script[data-campaign]');
      if (!script) return;
      observer.disconnect();
      Object.assign(script.dataset, preset);
    }).observe(document, { childList: true, subtree: true });
  }, attributes);
}

/**
 * What frame mode cannot show: the campaign is carried by the frame page (no load to hold back or
 * refuse), the host page's CSS and text size stay outside the frame, and the frame's storage is a
 * third party's to this Chromium (the partner page and the API are on different sites), which it
 * refuses: nothing remembered or saved from an earlier visit to show.
 */
const NOT_IN_A_FRAME = [
  'loading',
  'load-failed',
  'large-text',
  'yellow-accent',
  'remembered',
  'resuming',
];

/**
 * The page as a shot's steps use it; in frame mode its locators look inside the frame (Playwright
 * does not pierce an iframe), and everything else is the page's.
 */
function inFrame(page: Page): Page {
  const frame = page.frameLocator('iframe');
  return new Proxy(page, {
    get(target, key) {
      if (key === 'locator') return (selector: string) => frame.locator(selector);
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function take(
  browser: Browser,
  site: 'demo' | 'partner' | 'frame',
  url: string,
  width: number,
  label: string,
  name: string,
  shot: Shot,
) {
  const file = `${site}-${label}-${name}`;
  if ((filter && !file.includes(filter)) || (site === 'frame' && NOT_IN_A_FRAME.includes(name)))
    return;
  const context = await browser.newContext({
    viewport: { width, height: 1600 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    if (shot.attributes) await tagAttributes(context, shot.attributes);
    await shot.before?.(context, page);
    await page.goto(url);
    const view = site === 'frame' ? inFrame(page) : page;
    const widget = view.locator('petition-widget');
    await widget.locator(shot.ready ?? '.counter').waitFor({ timeout: 10_000 });
    await shot.act?.(view);
    // No hover effect where the last click left the mouse; let transitions settle.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(250);
    // The widget's own box (at most 640 px wide), not the host element's full row; in frame mode
    // the iframe as the page shows it (sized by the frame's messages).
    await (site === 'frame' ? page.locator('iframe') : widget.locator('[part="base"]')).screenshot({
      path: path.join(OUT, `${file}.png`),
      animations: 'disabled',
    });
    if (name === 'empty') {
      await page.screenshot({ path: path.join(OUT, `${site}-${label}-page.png`), fullPage: true });
    }
    const frame = site === 'frame' ? page.frames().find((one) => one !== page.mainFrame()) : null;
    const violations = await axeViolations(frame ?? page);
    if (frame && !(await page.locator('iframe').getAttribute('title')))
      violations.push('the frame has no title');
    if (violations.length) process.exitCode = 1;
    const notes = [
      ...errors.map((error) => `page error: ${error}`),
      ...violations.map((violation) => `axe: ${violation}`),
    ];
    console.log(`${file}.png${notes.length ? `\n  ${notes.join('\n  ')}` : ''}`);
  } catch (error) {
    console.error(`${file}: ${(error as Error).message.split('\n')[0]}`);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}

/** One contact sheet per site and width: every state side by side, captioned, for review. */
async function contactSheet(browser: Browser, prefix: string, columns: number): Promise<void> {
  const files = Object.keys(SHOTS)
    .map((name) => `${prefix}-${name}.png`)
    .filter((file) => fs.existsSync(path.join(OUT, file)));
  if (!files.length) return;
  const figures = files.map((file) => {
    const data = fs.readFileSync(path.join(OUT, file)).toString('base64');
    return `<figure><figcaption>${file}</figcaption><img src="data:image/png;base64,${data}"></figure>`;
  });
  const page = await browser.newPage({ viewport: { width: 400 * columns, height: 800 } });
  await page.setContent(
    `<style>body{margin:0;padding:12px;display:grid;grid-template-columns:repeat(${columns},1fr);gap:12px;align-items:start;background:#ddd;font:14px sans-serif}
    figure{margin:0}img{max-width:100%}</style>${figures.join('')}`,
  );
  await page.screenshot({ path: path.join(OUT, `sheet-${prefix}.png`), fullPage: true });
  await page.close();
}

fs.mkdirSync(OUT, { recursive: true });
const server = await spawnServer();
const partner = await startPartnerServer(0, server.url.replace('127.0.0.1', 'localhost'));
const browser = await launchBrowser();
try {
  // The email of the "already signed" state signs once, through the API, before any shot.
  const response = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...alreadySigned, optIn: false }),
  });
  if (response.status !== 201) throw new Error(`could not sign in advance: ${response.status}`);
  const sites = {
    demo: `${server.url}/`,
    partner: `${partner.url}/`,
    frame: `${partner.url}/?isolation=frame`,
  } as const;
  for (const [site, url] of Object.entries(sites) as ['demo' | 'partner' | 'frame', string][]) {
    for (const [label, width] of Object.entries(WIDTHS)) {
      for (const [name, shot] of Object.entries(SHOTS))
        await take(browser, site, url, width, label, name, shot);
    }
  }
  for (const site of Object.keys(sites)) {
    for (const label of Object.keys(WIDTHS))
      await contactSheet(browser, `${site}-${label}`, label === 'phone' ? 6 : 4);
  }
  console.log(`Screenshots in ${path.relative(process.cwd(), OUT)}/`);
} finally {
  await browser.close();
  partner.close();
  await server.stop();
}
