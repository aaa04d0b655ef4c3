/** Playwright (playwright-core) on Debian's Chromium, for end-to-end tests and screenshots. */
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { assertVersion, CHROMIUM, versionOf } from '../browser-versions.ts';
import { chromiumArgs, findChromium } from '../chromium.ts';

/** Launches headless Chromium; fails with a clear message when there is none. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium: set CHROME_PATH or install chromium (npm test does it as root).');
  assertVersion(CHROMIUM, versionOf(executablePath));
  return chromium.launch({
    executablePath,
    args: chromiumArgs({ profile: false }),
    headless: true,
  });
}
