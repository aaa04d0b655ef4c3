/**
 * The console's embed builder, end to end in Chromium against the production server: the tag
 * copied with one click and pasted on a page of another origin, where the widget draws in the
 * chosen language, theme and colour. The page alone: SQLite only (console-engines.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signIn } from './console-page.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';
import { consoleTab, partnerPage } from './console-tab.ts';

const tab = consoleTab();

before(async () => {
  tab.server = await startConsoleServer('sqlite');
});
after(async () => {
  await tab.server?.close();
});

describe('the embed builder', () => {
  before(tab.fresh);

  it('copies the tag with one click; pasted on a page of another origin, the widget draws as chosen', async () => {
    await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: tab.server.url,
    });
    await signIn(tab.page, tab.server.url, ADMIN_TOKEN);
    await tab.page.locator('header a', { hasText: 'Embed builder' }).click();
    await tab.page
      .locator('#embed-campaign option[value="el-salvador"]')
      .waitFor({ state: 'attached' });
    await tab.page.locator('#embed-lang').selectOption('fr');
    await tab.page.locator('#embed-partner').fill('oxfam');
    await tab.page.getByLabel('dark').check();
    await tab.page.getByLabel('Own accent colour').check();
    await tab.page.locator('#embed-accent').fill('#aa3300');
    // The live preview follows the choices.
    const preview = tab.page.locator('console-widget-preview petition-widget');
    await preview.locator('form').waitFor();
    assert.equal(await preview.getAttribute('theme'), 'dark');
    assert.equal(
      await preview.evaluate((element) => element.style.getPropertyValue('--petition-accent')),
      '#aa3300',
    );

    await tab.page.getByRole('button', { name: 'Copy the tag' }).click();
    await tab.page.locator('.embed [role="status"]', { hasText: 'Copied' }).waitFor();
    const tag = String(await tab.page.evaluate('navigator.clipboard.readText()'));
    assert.equal(
      tag,
      `<style>petition-widget { --petition-accent: #aa3300; }</style>\n` +
        `<script src="${tab.server.url}/widget.js" data-campaign="el-salvador" data-lang="fr" data-partner="oxfam" data-theme="dark" async></script>`,
    );

    const partner = await partnerPage(tag);
    try {
      const other = await tab.context.newPage();
      const errors: string[] = [];
      other.on('pageerror', (error) => errors.push(error.message));
      await other.goto(partner.url);
      const widget = other.locator('petition-widget');
      await widget.locator('form').waitFor();
      const box = await widget.boundingBox();
      assert.ok(
        box && box.width > 280 && box.height > 300,
        `the widget is drawn (${JSON.stringify(box)})`,
      );
      assert.equal(await widget.getAttribute('theme'), 'dark');
      assert.match(await widget.locator('button[type="submit"]').innerText(), /Signer/);
      const accent = await widget.evaluate((element) =>
        getComputedStyle(element).getPropertyValue('--petition-accent').trim(),
      );
      assert.equal(accent, '#aa3300');
      const shown = await widget.locator('.counter strong').first().textContent();
      assert.equal(
        shown?.replace(/\D/g, ''),
        String((await tab.counter()).total),
        'the count, in French digits grouping',
      );
      assert.deepEqual(errors, []);
    } finally {
      partner.close();
    }
    await tab.assertClean();
  });
});
