/** The browser version check npm test runs before the browser tests (test/browser-versions.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertVersion,
  CHROMIUM,
  FIREFOX,
  parseVersion,
  versionProblem,
  WEBKITGTK,
} from '../browser-versions.ts';

describe('browser versions', () => {
  it('reads the version each browser prints', () => {
    assert.deepEqual(parseVersion('Mozilla Firefox 153.8.0esr'), [153, 8]);
    assert.deepEqual(
      parseVersion('Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)'),
      [156, 0],
    );
    assert.deepEqual(parseVersion('2.50.6-1~deb12u2'), [2, 50]);
    assert.equal(parseVersion('command not found'), null);
  });

  it('stops a Firefox ESR 140 with the line that says what is needed and how', () => {
    assert.equal(
      versionProblem(FIREFOX, 'Mozilla Firefox 140.12.0esr'),
      'Firefox ESR 153 or newer is needed: apt-get update && apt-get install firefox-esr ' +
        '(this machine has 140.12).',
    );
    assert.throws(
      () => assertVersion(FIREFOX, 'Mozilla Firefox 140.12.0esr'),
      /^Error: Firefox ESR 153 or newer is needed: apt-get update && apt-get install firefox-esr/,
    );
  });

  it('lets the versions the tests pass on through, and newer ones', () => {
    assert.equal(versionProblem(FIREFOX, 'Mozilla Firefox 153.8.0esr'), null);
    assert.equal(versionProblem(FIREFOX, 'Mozilla Firefox 160.0esr'), null);
    assert.equal(versionProblem(CHROMIUM, 'Chromium 156.0.8078.129 built on Debian'), null);
    assert.equal(versionProblem(WEBKITGTK, '2.50.6-1~deb12u2'), null);
    assert.equal(versionProblem(WEBKITGTK, '3.0.1-1'), null);
  });

  it('stops an older Chromium or WebKitGTK, and a browser whose version cannot be read', () => {
    assert.match(
      versionProblem(CHROMIUM, 'Chromium 150.0.7000.1 built on Debian') ?? '',
      /^Chromium 156 or newer is needed: apt-get update && apt-get install chromium \(this machine has 150\.0\)\.$/,
    );
    assert.match(
      versionProblem(WEBKITGTK, '2.48.3-1') ?? '',
      /^WebKitGTK 2\.50 or newer is needed: apt-get update && apt-get install webkit2gtk-driver/,
    );
    assert.match(
      versionProblem(FIREFOX, '') ?? '',
      /^Firefox ESR 153 or newer is needed: .*no version/,
    );
  });
});
