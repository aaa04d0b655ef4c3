/**
 * A campaign's partners in the console, end to end in Chromium against the production server, on
 * both engines: a partner is edited in place (name, privacy link, its opt-in in every language,
 * Arabic right to left); the embed builder and the keys view choose a partner from the campaign's
 * partners, never a typed slug; partners are shown by name, a slug no partner has is marked; a new
 * key is copied with one click.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FIXTURE_PARTNER } from '../fixtures/api-server.ts';
import { adminCall } from './console-admin.ts';
import { axeViolations } from './console-page.ts';
import { consoleTab, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

interface Partner {
  slug: string;
  name: string;
  privacyUrl: string;
  optInText: Record<string, string>;
}

const optionsOf = (selector: string) =>
  tab.page
    .locator(`${selector} option`)
    .evaluateAll((options) =>
      options.map((option) => [
        (option as HTMLOptionElement).value,
        option.textContent?.trim() ?? '',
      ]),
    );

onEachEngine(tab, () => {
  before(async () => {
    await tab.freshSignedIn();
    await adminCall(tab.server.url, 'POST', '/campaigns/el-salvador/partners', FIXTURE_PARTNER);
    await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: tab.server.url,
    });
  });

  it('edits a partner: its name, its privacy link and its opt-in in every language', async () => {
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/partners`);
    await tab.page.getByRole('button', { name: 'Edit Oxfam Canada' }).click();
    const form = tab.page.locator('console-campaign-partners form.partner-edit');
    await form.waitFor();
    assert.equal(await form.getByLabel('Name').inputValue(), FIXTURE_PARTNER.name);
    assert.equal(
      await form.getByLabel('Opt-in text in French (fr)').inputValue(),
      FIXTURE_PARTNER.optInText.fr,
    );
    const arabic = form.getByLabel('Opt-in text in Arabic (ar)');
    assert.equal(await arabic.inputValue(), '', 'a language the partner has no text in yet');
    assert.equal(await arabic.getAttribute('dir'), 'rtl');
    await form.getByLabel('Name').fill('Oxfam Québec');
    await form.getByLabel('Privacy policy URL').fill('https://oxfam.qc.ca/confidentialite/');
    await form
      .getByLabel('Opt-in text in English (en)')
      .fill('Yes, Oxfam Québec may email me about its campaigns.');
    await arabic.fill('نعم، يمكن لأوكسفام كيبيك مراسلتي بالبريد الإلكتروني.');
    assert.deepEqual(await axeViolations(tab.page), []);
    await form.getByRole('button', { name: 'Save the partner' }).click();
    await tab.page
      .locator('console-campaign-partners tbody th', { hasText: 'Oxfam Québec' })
      .waitFor();
    const saved = await adminCall<Partner>(
      tab.server.url,
      'GET',
      '/campaigns/el-salvador/partners/oxfam',
    );
    assert.deepEqual(
      { name: saved.name, privacyUrl: saved.privacyUrl, optInText: saved.optInText },
      {
        name: 'Oxfam Québec',
        privacyUrl: 'https://oxfam.qc.ca/confidentialite/',
        optInText: {
          en: 'Yes, Oxfam Québec may email me about its campaigns.',
          fr: FIXTURE_PARTNER.optInText.fr,
          ar: 'نعم، يمكن لأوكسفام كيبيك مراسلتي بالبريد الإلكتروني.',
        },
      },
    );
    const shown = tab.page.locator('console-campaign-partners td [lang="ar"]');
    assert.equal(await shown.getAttribute('dir'), 'rtl', 'the Arabic text is shown right to left');
    // A refused change is marked on its field.
    await tab.page.getByRole('button', { name: 'Edit Oxfam Québec' }).click();
    await form.getByLabel('Privacy policy URL').fill('ftp://oxfam.qc.ca/');
    await form.getByRole('button', { name: 'Save the partner' }).click();
    await form.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(
      await tab.page.evaluate(() => document.activeElement?.getAttribute('name')),
      'privacyUrl',
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(
      (await adminCall<Partner>(tab.server.url, 'GET', '/campaigns/el-salvador/partners/oxfam'))
        .privacyUrl,
      'https://oxfam.qc.ca/confidentialite/',
    );
  });

  it('shows partners by name; a slug that is no partner of the campaign is marked', async () => {
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/overview`);
    const table = tab.page.locator('console-bar-table', { hasText: 'By partner' });
    await table.locator('tbody tr').first().waitFor();
    const rows = await table.locator('tbody th').allInnerTexts();
    assert.ok(rows.includes('Oxfam Québec'), `named: ${rows.join(' / ')}`);
    assert.ok(!rows.includes('oxfam'), 'not its slug');
    // The generated signatures carry amnesty-ca, which no partner of this campaign is.
    assert.ok(
      rows.some((row) => /amnesty-ca/.test(row) && /unknown partner/i.test(row)),
      `marked: ${rows.join(' / ')}`,
    );
  });

  it('the embed builder and the keys view choose from the campaign’s partners; a new key copies with one click', async () => {
    await tab.page.goto(`${tab.server.url}/admin#/embed/el-salvador`);
    await tab.page
      .locator('#embed-campaign option[value="el-salvador"]')
      .waitFor({ state: 'attached' });
    await tab.page.locator('#embed-partner option[value="oxfam"]').waitFor({ state: 'attached' });
    assert.deepEqual(await optionsOf('#embed-partner'), [
      ['', 'None (your own page)'],
      ['oxfam', 'Oxfam Québec'],
    ]);
    await tab.page.locator('#embed-partner').selectOption('oxfam');
    assert.match(await tab.page.locator('#embed-tag').inputValue(), / data-partner="oxfam" /);
    const preview = tab.page.locator('console-widget-preview petition-widget');
    await preview.locator('[name="partnerOptIn"]').waitFor();

    await tab.page.locator('header a', { hasText: 'Keys' }).click();
    await tab.page.locator('#key-label').fill('Oxfam CRM');
    await tab.page.getByLabel('one partner of one campaign').check();
    await tab.page.locator('#key-campaign').selectOption('el-salvador');
    await tab.page.locator('#key-partner option[value="oxfam"]').waitFor({ state: 'attached' });
    assert.deepEqual(await optionsOf('#key-partner'), [['oxfam', 'Oxfam Québec']]);
    await tab.page.getByRole('button', { name: 'Make the key' }).click();
    const made = tab.page.locator('#made-key');
    await made.waitFor();
    await tab.page.getByRole('button', { name: 'Copy the key' }).click();
    await tab.page.locator('console-key-list [role="status"]', { hasText: 'Copied' }).waitFor();
    assert.equal(
      await tab.page.evaluate('navigator.clipboard.readText()'),
      await made.inputValue(),
    );
    const row = tab.page.locator('console-key-list tbody tr', { hasText: 'Oxfam CRM' });
    assert.match(await row.innerText(), /Oxfam Québec/, 'the partner by its name');
    assert.deepEqual(await axeViolations(tab.page), []);
    assert.deepEqual(tab.trouble.errors, []);
    assert.deepEqual(await tab.trouble.violations(), []);
  });
});
