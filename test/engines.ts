/**
 * Finding the browser engines the end-to-end tests run in besides Chromium: Firefox (Debian's
 * `firefox-esr`, or FIREFOX_PATH) and WebKit (WebKitGTK's `WebKitWebDriver` and `MiniBrowser`,
 * which has no headless mode, so also `Xvfb`). With `--ensure` (as `npm test` runs it), whatever
 * is missing, Chromium included, is installed in one apt-get run when we are root; otherwise it
 * stops with a message that says how.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from './chromium.ts';
import {
  ensureVersion,
  FIREFOX,
  packageVersionOf,
  versionOf,
  WEBKITGTK,
} from './browser-versions.ts';
import { aptInstall } from './debian.ts';

/** WebKitGTK's WebDriver, its browser and the virtual display it draws on. */
export interface WebKitPaths {
  driver: string;
  browser: string;
  xvfb: string;
}

function onPath(command: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(folder, command);
    if (folder && fs.existsSync(file)) return file;
  }
  return null;
}

/** The Firefox to use, or null when there is none. */
export function findFirefox(): string | null {
  const file = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  return fs.existsSync(file) ? file : null;
}

/** WebKitGTK's MiniBrowser, under the multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu...). */
export function findMiniBrowser(): string | null {
  const lib = '/usr/lib';
  const arch = fs.existsSync(lib)
    ? fs.readdirSync(lib).filter((name) => name.endsWith('-linux-gnu'))
    : [];
  const files = arch.map((name) => path.join(lib, name, 'webkit2gtk-4.1/MiniBrowser'));
  return files.find((file) => fs.existsSync(file)) ?? null;
}

/** WebKitGTK's pieces, or null when one is missing. */
export function findWebKit(): WebKitPaths | null {
  const [browser, driver, xvfb] = [findMiniBrowser(), onPath('WebKitWebDriver'), onPath('Xvfb')];
  return browser && driver && xvfb ? { driver, browser, xvfb } : null;
}

/** The Debian packages still missing for the three engines. */
function missingPackages(): string[] {
  const missing: string[] = [];
  if (!process.env.CHROME_PATH && !findChromium()) missing.push('chromium');
  if (!process.env.FIREFOX_PATH && !findFirefox()) missing.push('firefox-esr');
  if (!onPath('WebKitWebDriver') || !findMiniBrowser()) missing.push('webkit2gtk-driver');
  if (!onPath('Xvfb')) missing.push('xvfb');
  return missing;
}

/** Installs what is missing when we can; exits with instructions when something still is. */
export function ensureEngines(): void {
  if (process.env.FIREFOX_PATH && !findFirefox()) {
    console.error(`FIREFOX_PATH is set to ${process.env.FIREFOX_PATH}, which does not exist.`);
    process.exit(1);
  }
  let missing = missingPackages();
  if (missing.length && aptInstall(missing)) missing = missingPackages();
  if (missing.length) {
    console.error(
      `The end-to-end tests run in Chromium, Firefox and WebKit, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} ` +
        `missing. Install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}), then run npm test again.`,
    );
    process.exit(1);
  }
  // There, but new enough? (Chromium's version is checked by chromium.ts.)
  const firefox = findFirefox()!;
  ensureVersion(FIREFOX, () => versionOf(firefox), !process.env.FIREFOX_PATH);
  const miniBrowser = findMiniBrowser()!;
  if (packageVersionOf(miniBrowser) === null)
    console.log(
      'WebKitGTK: no dpkg-query here, so its version is not checked (2.50 or newer is needed).',
    );
  else ensureVersion(WEBKITGTK, () => packageVersionOf(miniBrowser) ?? '', true);
  console.log(
    `Firefox: ${versionOf(firefox).trim()}; WebKitGTK: ${packageVersionOf(miniBrowser) ?? 'unknown'}`,
  );
}

if (process.argv[1]?.endsWith('engines.ts') && process.argv.includes('--ensure')) ensureEngines();
