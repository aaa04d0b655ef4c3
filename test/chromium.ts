/**
 * Finding Chromium for the browser tests: CHROME_PATH, then /usr/bin/chromium. With `--ensure`
 * (as `npm test` runs it), a missing Chromium is installed from Debian's packages when we are
 * root with apt-get; otherwise it stops with a message that says how.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureVersion, versionOf } from './browser-versions.ts';
import { aptInstall } from './debian.ts';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to use, or null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}

/**
 * Flags for headless Chromium on this kind of machine (closed network, maybe root), and a fresh
 * profile folder unless the launcher makes its own (Playwright does).
 */
export function chromiumArgs(options: { profile?: boolean } = {}): string[] {
  const flags = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (options.profile ?? true)
    flags.push(`--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'petition-chromium-'))}`);
  return flags;
}

/**
 * Finds Chromium, installing Debian's when we can, and checks its version; exits with
 * instructions when we cannot.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) {
    ensureVersion(CHROMIUM, () => versionOf(found), !process.env.CHROME_PATH);
    return found;
  }
  if (process.env.CHROME_PATH) {
    console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.`);
    process.exit(1);
  }
  if (aptInstall(['chromium'])) {
    const installed = findChromium();
    if (installed) {
      ensureVersion(CHROMIUM, () => versionOf(installed), false);
      return installed;
    }
  }
  console.error(
    'The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium) ' +
      'or set CHROME_PATH to a Chrome or Chromium binary, then run npm test again.',
  );
  process.exit(1);
}

if (process.argv[1]?.endsWith('chromium.ts') && process.argv.includes('--ensure'))
  console.log(ensureChromium());
