/**
 * Chromium (DevTools protocol) and Firefox (WebDriver BiDi) through puppeteer-core: one adapter
 * for two engines. Debian's binaries; puppeteer's own browser download does not work here.
 */
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Frame, Page } from 'puppeteer-core';
import { assertVersion, CHROMIUM, FIREFOX, versionOf } from '../../browser-versions.ts';
import { chromiumArgs, findChromium } from '../../chromium.ts';
import { findFirefox } from '../../engines.ts';
import type { Engine, Tab } from './driver.ts';
import { READ_ERRORS, SHADOW, waitInPage } from './driver.ts';

const HEIGHT = 2000;

/** Starts headless Chromium or Firefox; fails with a clear message when it is not installed. */
export async function launchPuppeteer(name: 'chromium' | 'firefox'): Promise<Engine> {
  const executablePath = name === 'chromium' ? findChromium() : findFirefox();
  if (!executablePath)
    throw new Error(`No ${name}: npm test installs it as root (see test/engines.ts).`);
  // An older one fails in ways that do not say why (a protocol error): say what is needed.
  assertVersion(name === 'chromium' ? CHROMIUM : FIREFOX, versionOf(executablePath));
  const browser: Browser =
    name === 'chromium'
      ? await puppeteer.launch({
          browser: 'chrome',
          executablePath,
          args: chromiumArgs({ profile: false }),
          headless: true,
        })
      : await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    name,
    async open(width = 1280) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height: HEIGHT });
      return puppeteerTab(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

function puppeteerTab(page: Page, close: () => Promise<void>): Tab {
  const requests: string[] = [];
  page.on('request', (request) => void requests.push(request.url()));
  // What the protocol reports besides the page's hook: a cross-origin script's rejected promise
  // never reaches the page's own `unhandledrejection` listener in Chromium and Firefox.
  let thrown: string[] = [];
  page.on(
    'pageerror',
    (error) => void thrown.push(`uncaught: ${(error as Error).message ?? error}`),
  );
  let current: Frame = page.mainFrame();
  const runIn = <T>(frame: Frame, body: string, ...args: unknown[]) =>
    frame.evaluate(
      `(async function () { ${body} }).apply(null, ${JSON.stringify(args)})`,
    ) as Promise<T>;
  const run = <T>(body: string, ...args: unknown[]) => runIn<T>(current, body, ...args);
  const element = async (selector: string) => {
    const handle = await current.evaluateHandle(
      `${SHADOW}?.querySelector(${JSON.stringify(selector)})`,
    );
    const found = handle.asElement() as ElementHandle<Element> | null;
    if (!found) throw new Error(`nothing matches ${selector} in the widget`);
    return found;
  };
  return {
    async goto(url) {
      thrown = [];
      current = page.mainFrame();
      await page.goto(url);
    },
    async frame(selector) {
      if (selector === null) return void (current = page.mainFrame());
      const handle = await page.mainFrame().waitForSelector(selector);
      const frame = await handle?.contentFrame();
      if (!frame) throw new Error(`no frame matches ${selector}`);
      current = frame;
    },
    run,
    text: (selector) =>
      run(`return ${SHADOW}?.querySelector(arguments[0])?.textContent ?? null`, selector),
    type: async (selector, text) => (await element(selector)).type(text),
    click: async (selector) => (await element(selector)).click(),
    waitFor: waitInPage(run),
    screenshot: async (file) => void (await page.screenshot({ path: file as `${string}.png` })),
    errors: async () => [...(await runIn<string[]>(page.mainFrame(), READ_ERRORS)), ...thrown],
    requests: () => requests,
    close,
  };
}
