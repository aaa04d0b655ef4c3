/**
 * The console's embed builder, end to end in Chromium against the production server: the tag
 * copied with one click and pasted on a page of another origin, where the widget draws in the
 * chosen language, theme and colour; the partner is one of the campaign's, and the colour travels
 * as an attribute of the tag (`data-accent`), so the tag works on the strict-CSP partner page
 * (demo/partner-server.ts: no inline styles). The page alone: SQLite only (console-engines.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { FIXTURE_PARTNER } from '../fixtures/api-server.ts';
import { adminCall } from './console-admin.ts';
import { signIn, watch } from './console-page.ts';
import { ADMIN_TOKEN, startConsoleServer } from './console-server.ts';
import { consoleTab, partnerPage } from './console-tab.ts';

const tab = consoleTab();

before(async () => {
  tab.server = await startConsoleServer('sqlite');
  await adminCall(tab.server.url, 'POST', '/campaigns/el-salvador/partners', FIXTURE_PARTNER);
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
    await tab.page.locator('#embed-partner option[value="oxfam"]').waitFor({ state: 'attached' });
    await tab.page.locator('#embed-partner').selectOption('oxfam');
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
      `<script src="${tab.server.url}/widget.js" data-campaign="el-salvador" data-lang="fr" data-partner="oxfam" data-theme="dark" data-accent="#aa3300" async></script>`,
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

  it('themes the tag by attribute: on the strict-CSP partner page the widget draws in the accent, nothing blocked', async () => {
    // Same tab, signed in, clipboard allowed (the test above).
    const { context, page, server } = tab;
    // A new page: the builder's choices start afresh.
    await page.goto(`${server.url}/admin#/embed/el-salvador`);
    await page.reload();
    await page.locator('#embed-partner option[value="oxfam"]').waitFor({ state: 'attached' });
    await page.locator('#embed-partner').selectOption('oxfam');
    await page.getByLabel('Own accent colour').check();
    await page.locator('#embed-accent').fill('#aa3300');
    const preview = page.locator('console-widget-preview petition-widget');
    await preview.locator('form').waitFor();
    assert.equal(await preview.getAttribute('accent'), '#aa3300', 'the preview is themed alike');
    await page.getByRole('button', { name: 'Copy the tag' }).click();
    await page.locator('.embed [role="status"]', { hasText: 'Copied' }).waitFor();
    const tag = String(await page.evaluate('navigator.clipboard.readText()'));
    assert.equal(
      tag,
      `<script src="${server.url}/widget.js" data-campaign="el-salvador" data-partner="oxfam" data-accent="#aa3300" async></script>`,
    );

    const partner = await startPartnerServer(0, server.url, { tag });
    try {
      const other = await context.newPage();
      const trouble = await watch(context, other);
      const response = await other.goto(partner.url);
      assert.match(response?.headers()['content-security-policy'] ?? '', /style-src 'self'/);
      const widget = other.locator('petition-widget');
      const button = widget.locator('button[type="submit"]');
      await button.waitFor();
      assert.equal(
        await button.evaluate((element) => getComputedStyle(element).backgroundColor),
        'rgb(170, 51, 0)',
        'the button is drawn in the accent',
      );
      await widget.locator('[name="partnerOptIn"]').waitFor();
      assert.deepEqual(await trouble.violations(), [], 'nothing blocked by the partner page');
      assert.deepEqual(trouble.errors, []);
    } finally {
      partner.close();
    }
  });
});
