/**
 * The browser versions the tests need, read from the browsers themselves, checked where `npm test`
 * makes sure of its browsers (engines.ts, chromium.ts) and again where a test launches one. An
 * older browser fails in ways that do not say why (Firefox ESR 140 answers puppeteer's
 * `emulation.setScreenOrientationOverride` with "unknown command", and the engine tests are
 * cancelled with a protocol error); this says which version is needed and how to get it.
 */
import { execFileSync } from 'node:child_process';
import { aptInstall, findCommand } from './debian.ts';

/** A browser, the oldest version the tests need, the Debian package that brings it, and why. */
export interface NeededBrowser {
  name: string;
  oldest: readonly [major: number, minor: number];
  debianPackage: string;
}

/** 140 fails (above); 153 is the ESR after it, and passes. */
export const FIREFOX: NeededBrowser = {
  name: 'Firefox ESR',
  oldest: [153, 0],
  debianPackage: 'firefox-esr',
};
/** The oldest the tests have passed on (Playwright 1.65 and puppeteer-core 24); older not tried. */
export const CHROMIUM: NeededBrowser = {
  name: 'Chromium',
  oldest: [156, 0],
  debianPackage: 'chromium',
};
/** The oldest the tests have passed on (test/README.md says where 2.50 differs); older not tried. */
export const WEBKITGTK: NeededBrowser = {
  name: 'WebKitGTK',
  oldest: [2, 50],
  debianPackage: 'webkit2gtk-driver',
};

/** The first `major.minor` in a version line ("Mozilla Firefox 140.12.0esr" -> [140, 12]). */
export function parseVersion(line: string): [number, number] | null {
  const found = /(\d+)\.(\d+)/.exec(line);
  return found ? [Number(found[1]), Number(found[2])] : null;
}

/** Null when `line` names a version new enough; else one line saying what is needed and how. */
export function versionProblem(needed: NeededBrowser, line: string): string | null {
  const version = parseVersion(line);
  const [major, minor] = needed.oldest;
  if (version && (version[0] > major || (version[0] === major && version[1] >= minor))) return null;
  const oldest = minor ? `${major}.${minor}` : `${major}`;
  const found = version
    ? `this machine has ${version.join('.')}`
    : `no version in "${line.trim()}"`;
  return (
    `${needed.name} ${oldest} or newer is needed: apt-get update && apt-get install ` +
    `${needed.debianPackage} (${found}).`
  );
}

/** What `binary --version` prints (Chromium and Firefox), or '' when it does not run. */
export function versionOf(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
  } catch {
    return '';
  }
}

/**
 * The version of the Debian package that holds `file` (WebKitGTK's MiniBrowser, which prints no
 * version of its own): '' when dpkg does not know the file, null without dpkg (not Debian: we
 * cannot tell, and do not guess).
 */
export function packageVersionOf(file: string): string | null {
  if (!findCommand('dpkg-query')) return null;
  try {
    const owner = execFileSync('dpkg-query', ['-S', file], { encoding: 'utf8' }).split(':')[0];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template.
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', owner], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/**
 * Stops `npm test` with one line when `read()` shows an older version than needed; first, when
 * `install` allows and we are root with apt-get, updates the package lists and installs the
 * package again (lists that were never refreshed give Firefox ESR 140 and Chromium 150).
 */
export function ensureVersion(needed: NeededBrowser, read: () => string, install: boolean): void {
  let problem = versionProblem(needed, read());
  if (problem && install && aptInstall([needed.debianPackage]))
    problem = versionProblem(needed, read());
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}

/** For a test about to launch a browser: throws the same line when the browser is too old. */
export function assertVersion(needed: NeededBrowser, line: string): void {
  const problem = versionProblem(needed, line);
  if (problem) throw new Error(problem);
}
