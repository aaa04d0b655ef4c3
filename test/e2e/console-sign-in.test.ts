/**
 * The console's door, end to end in Chromium against the production server: served with a strict
 * CSP, a wrong key refused and nothing kept, a key accepted and el-salvador shown with its live
 * total, sign-out forgetting the key, and the whole path with the keyboard alone. The page alone
 * (CSP, wrong key, sign-out, keyboard) is tested on SQLite only; signing in on both engines.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signIn, tabTo } from './console-page.ts';
import { ADMIN_TOKEN, GENERATED } from './console-server.ts';
import { consoleTab, format, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

onEachEngine(tab, (sqlite) => {
  describe('signing in and out', () => {
    before(tab.fresh);

    if (sqlite)
      it('is served with a strict CSP: scripts, styles and requests from its own origin only', async () => {
        const response = await fetch(`${tab.server.url}/admin`);
        assert.equal(response.status, 200);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'/);
        assert.match(csp, /style-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
        const html = await response.text();
        assert.doesNotMatch(html, /<script>|<style>| style=/, 'no inline script or style');
        assert.doesNotMatch(html, /widget\.js/, 'the widget is not part of the console bundle');
      });

    if (sqlite)
      it('says clearly that a wrong key was not accepted, and keeps nothing', async () => {
        await tab.page.goto(`${tab.server.url}/admin`);
        await tab.page.locator('#key').fill('not-a-real-key-000000');
        await tab.page.locator('#key').press('Enter');
        const alert = tab.page.locator('console-sign-in [role="alert"]');
        await alert.waitFor();
        assert.match(
          await alert.innerText(),
          /This key was not accepted.*\n*.*The server said: Send a valid admin key/s,
        );
        assert.equal(await tab.page.evaluate('sessionStorage.length'), 0);
        assert.equal(await tab.page.locator('#key').getAttribute('aria-invalid'), 'true');
      });

    it('signs in with a key and shows el-salvador with its live total', async () => {
      await signIn(tab.page, tab.server.url, ADMIN_TOKEN);
      const total = (await tab.counter()).total;
      assert.equal(
        total,
        GENERATED + 1 + 785,
        'the generated rows, one person, the offset; the flagged one not counted',
      );
      assert.equal(
        (await tab.page.locator('[data-total="el-salvador"]').textContent())?.trim(),
        format(total),
      );
      assert.equal(
        await tab.page.evaluate('Object.keys(sessionStorage).length'),
        1,
        'the key is kept for this tab',
      );
      await tab.assertClean();
    });

    if (sqlite)
      it('signs out: the key is forgotten and was never in a URL', async () => {
        await tab.page.getByRole('button', { name: 'Sign out' }).click();
        await tab.page.locator('#key').waitFor();
        assert.equal(await tab.page.evaluate('sessionStorage.length'), 0);
        await tab.page.reload();
        await tab.page.locator('#key').waitFor();
        assert.ok(!tab.requested.some((url) => url.includes(ADMIN_TOKEN)), 'no URL held the key');
      });
  });

  if (sqlite)
    describe('keyboard only', () => {
      before(tab.fresh);

      it('signs in, opens a campaign, changes its offset and copies a tag without a mouse', async () => {
        await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: tab.server.url,
        });
        await tab.page.goto(`${tab.server.url}/admin`);
        await tabTo(tab.page, '#key');
        await tab.page.keyboard.type(ADMIN_TOKEN);
        await tab.page.keyboard.press('Enter');
        await tab.page.locator('console-campaign-list table').waitFor();
        await tabTo(tab.page, 'console-campaign-list tbody a');
        await tab.page.keyboard.press('Enter');
        await tabTo(tab.page, 'nav.tabs a[href$="/counter"]');
        await tab.page.keyboard.press('Enter');
        await tabTo(tab.page, '#offset');
        await tab.page.keyboard.press('Control+A');
        await tab.page.keyboard.type('1200');
        await tab.page.keyboard.press('Tab');
        await tab.page.keyboard.type('Keyboard-only check');
        await tab.page.keyboard.press('Enter');
        await tab.page.locator('form[name="offset"] .done').waitFor();
        assert.equal((await tab.counter()).offset, 1200);
        await tabTo(tab.page, 'nav.tabs a[href^="#/embed/"]');
        await tab.page.keyboard.press('Enter');
        await tabTo(tab.page, 'console-embed-builder button');
        await tab.page.keyboard.press('Enter');
        await tab.page.locator('.embed [role="status"]', { hasText: 'Copied' }).waitFor();
        assert.match(
          String(await tab.page.evaluate('navigator.clipboard.readText()')),
          /data-campaign="el-salvador"/,
        );
      });
    });
});
