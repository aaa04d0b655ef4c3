/**
 * Editing a campaign's words in the console, end to end in Chromium against the production
 * server: each language keeps its draft until it is saved or discarded, and leaving with unsaved
 * changes asks first (another view, signing out, closing the tab); a refused field is marked
 * where it is, in the console's words, with a summary in view; a right-to-left language is edited
 * right to left; only the languages the server speaks are offered, and one just added previews in
 * its own words. What is saved runs on both engines; what stays in the page, on SQLite.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { adminCall, description, focused, inView, SERVER_LANGUAGES } from './console-admin.ts';
import { axeViolations } from './console-page.ts';
import { consoleTab, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

type Texts = Record<string, string | string[]>;
const stored = async (lang: string) =>
  (
    await adminCall<{ texts: Record<string, Texts> }>(
      tab.server.url,
      'GET',
      '/campaigns/el-salvador',
    )
  ).texts[lang];

async function openTexts(): Promise<void> {
  await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/texts`);
  await tab.page.locator('#text-title').waitFor();
}

const dialog = () => tab.page.getByRole('dialog');

onEachEngine(tab, (sqlite) => {
  before(async () => {
    await tab.freshSignedIn();
  });

  if (sqlite)
    it("keeps each language's draft while another is edited, until saved or discarded", async () => {
      await openTexts();
      const french = await stored('fr');
      await tab.page.locator('#text-callToAction').fill('English draft, not saved yet.');
      await tab.page.locator('#texts-lang').selectOption('fr');
      await tab.page.locator('#text-title').waitFor();
      assert.equal(await tab.page.locator('#text-title').inputValue(), french.title);
      await tab.page.locator('#text-title').fill('Titre en brouillon');
      await tab.page.locator('#texts-lang').selectOption('en');
      assert.equal(
        await tab.page.locator('#text-callToAction').inputValue(),
        'English draft, not saved yet.',
        'the English draft came back',
      );
      assert.match(
        await tab.page.locator('#texts-lang option[value="fr"]').innerText(),
        /unsaved/,
        'the language list says which languages hold a draft',
      );
      await tab.page.locator('#texts-lang').selectOption('fr');
      assert.equal(await tab.page.locator('#text-title').inputValue(), 'Titre en brouillon');
      await tab.page.getByRole('button', { name: 'Discard the French (fr) changes' }).click();
      assert.equal(await tab.page.locator('#text-title').inputValue(), french.title);
      assert.doesNotMatch(
        await tab.page.locator('#texts-lang option[value="fr"]').innerText(),
        /unsaved/,
      );
      await tab.page.locator('#texts-lang').selectOption('en');
      await tab.page.getByRole('button', { name: 'Save the English (en) texts' }).click();
      await tab.page.locator('console-campaign-texts .done', { hasText: 'Saved' }).waitFor();
      assert.equal((await stored('en')).callToAction, 'English draft, not saved yet.');
      assert.equal((await stored('fr')).title, french.title, 'the discarded draft was not sent');
      assert.doesNotMatch(
        await tab.page.locator('#texts-lang option[value="en"]').innerText(),
        /unsaved/,
      );
    });

  if (sqlite)
    it('asks before leaving unsaved changes: for another view, for signing out, for closing the tab', async () => {
      await openTexts();
      const saved = (await stored('en')).callToAction;
      await tab.page.locator('#text-callToAction').click();
      await tab.page.locator('#text-callToAction').fill('Words I have not saved.');
      await tab.page.locator('header a', { hasText: 'Keys' }).click();
      await dialog().waitFor({ timeout: 5000 });
      assert.match(await dialog().innerText(), /unsaved/i);
      assert.match(await dialog().innerText(), /English \(en\)/, 'it names what is unsaved');
      assert.equal(new URL(tab.page.url()).hash, '#/campaigns/el-salvador/texts', 'still here');
      assert.deepEqual(await axeViolations(tab.page), []);
      await dialog().getByRole('button', { name: 'Stay' }).click();
      await dialog().waitFor({ state: 'hidden' });
      assert.equal(
        await tab.page.locator('#text-callToAction').inputValue(),
        'Words I have not saved.',
      );

      await tab.page.getByRole('button', { name: 'Sign out' }).click();
      await dialog().waitFor();
      await dialog().getByRole('button', { name: 'Stay' }).click();
      assert.equal(
        await tab.page.locator('#text-callToAction').inputValue(),
        'Words I have not saved.',
      );

      // Closing the tab (or reloading it): the browser's own question.
      const asked = new Promise<string>((resolve) =>
        tab.page.once('dialog', (question) => {
          resolve(question.type());
          void question.dismiss();
        }),
      );
      await tab.page.close({ runBeforeUnload: true });
      assert.equal(await asked, 'beforeunload');
      assert.equal(tab.page.isClosed(), false, 'the tab stayed open');

      await tab.page.locator('header a', { hasText: 'Keys' }).click();
      await dialog().getByRole('button', { name: 'Leave and discard' }).click();
      await tab.page.locator('console-key-list h1').waitFor();
      await openTexts();
      assert.equal(await tab.page.locator('#text-callToAction').inputValue(), saved, 'discarded');
      assert.equal((await stored('en')).callToAction, saved, 'nothing was sent');
      assert.deepEqual(tab.trouble.errors, []);
    });

  it('marks a refused text on its field, in the words of the form, focuses it and keeps a summary in view', async () => {
    await openTexts();
    const before = await stored('en');
    await tab.page.locator('#text-description').fill('');
    await tab.page.getByRole('button', { name: 'Save the English (en) texts' }).click();
    const summary = 'console-campaign-texts [role="alert"]';
    await tab.page.locator(summary).waitFor();
    assert.equal(await tab.page.locator('#text-description').getAttribute('aria-invalid'), 'true');
    assert.equal(await focused(tab.page), 'text-description', 'focus moved to the field');
    assert.match(await description(tab.page, '#text-description'), /required/i);
    assert.ok(await inView(tab.page, summary), 'the summary is on the screen with the field');
    const said = await tab.page.locator(summary).innerText();
    assert.match(said, /Campaign text/, "the field's label, as the form names it");
    assert.doesNotMatch(said, /description is required|Texts \(en\)/, "not the API's names");
    assert.equal((await stored('en')).description, before.description, 'nothing changed');
    assert.deepEqual(await axeViolations(tab.page), []);
    // Its link goes back to the field.
    await tab.page.locator('#text-title').focus();
    await tab.page
      .locator(summary)
      .getByRole('link', { name: /Campaign text/ })
      .click();
    assert.equal(await focused(tab.page), 'text-description');
    await tab.page.locator('#text-description').fill(String(before.description));
    await tab.page.getByRole('button', { name: 'Save the English (en) texts' }).click();
    await tab.page.locator('console-campaign-texts .done', { hasText: 'Saved' }).waitFor();
    assert.equal(await tab.page.locator('#text-description').getAttribute('aria-invalid'), null);
    assert.equal(await tab.page.locator(summary).count(), 0, 'the summary is gone once saved');
  });

  it('edits Arabic right to left: the address left to right, the credit line by its content', async () => {
    await openTexts();
    await tab.page.locator('#texts-lang').selectOption('ar');
    await tab.page.locator('#text-title').waitFor();
    const dirs = await tab.page
      .locator('console-campaign-texts form.texts')
      .evaluate((form) =>
        Object.fromEntries(
          [...form.querySelectorAll('input, textarea')].map((field) => [
            field.id,
            `${(field as HTMLElement).dir}:${(field as HTMLElement).closest('[lang]')?.getAttribute('lang')}`,
          ]),
        ),
      );
    for (const id of [
      'text-title',
      'text-description',
      'text-callToAction',
      'text-letter',
      'text-deliveryNote',
      'text-privacyNote',
      'text-optInLabel',
      'text-demands',
    ])
      assert.equal(dirs[id], 'rtl:ar', `${id} is right to left, in Arabic`);
    assert.equal(dirs['text-privacyUrl'], 'ltr:ar', 'an address reads left to right');
    assert.equal(dirs['text-photoCredit'], 'auto:ar', 'a credit line mixes scripts');
    const credit = 'الصورة: Kellys Portillo/APHOTOGRAFIA/Getty Images';
    await tab.page.locator('#text-photoCredit').fill(credit);
    await tab.page.getByRole('button', { name: 'Save the Arabic (ar) texts' }).click();
    await tab.page.locator('console-campaign-texts .done', { hasText: 'Saved' }).waitFor();
    assert.equal((await stored('ar')).photoCredit, credit);
    await tab.page.locator('#texts-lang').selectOption('en');
    assert.equal(await tab.page.locator('#text-title').getAttribute('dir'), 'ltr');
  });

  if (sqlite)
    it('offers only the languages the server speaks; one just added previews in its own words', async () => {
      await openTexts();
      const campaign = Object.keys(
        await adminCall<{ texts: object }>(tab.server.url, 'GET', '/campaigns/el-salvador').then(
          (c) => c.texts,
        ),
      );
      const offered = await tab.page
        .locator('#texts-new-lang option')
        .evaluateAll((options) =>
          options.map((option) => (option as HTMLOptionElement).value).filter(Boolean),
        );
      assert.deepEqual(
        offered.sort(),
        SERVER_LANGUAGES.filter((tag) => !campaign.includes(tag)),
        "the server's languages the campaign has no texts in yet",
      );
      assert.ok(offered.includes('it'));
      await tab.page.locator('#texts-new-lang').selectOption('it');
      await tab.page.getByRole('button', { name: 'Add', exact: true }).click();
      assert.equal(await tab.page.locator('#texts-lang').inputValue(), 'it');
      const preview = tab.page.locator('console-widget-preview petition-widget');
      await preview.locator('button[type="submit"]', { hasText: 'Firma la petizione' }).waitFor();
      assert.equal(
        await preview.locator('.root').getAttribute('lang'),
        'it',
        'the widget speaks Italian around the texts to translate',
      );
    });

  describe('a new campaign', () => {
    it("marks a missing text before sending, then puts the API's slug errors on the slug field", async () => {
      await tab.page.goto(`${tab.server.url}/admin#/new`);
      await tab.page.locator('#new-slug').waitFor();
      const requests: string[] = [];
      tab.page.on('request', (request) => {
        if (request.method() === 'POST') requests.push(new URL(request.url()).pathname);
      });
      await tab.page.locator('#new-slug').fill('Clean Water');
      await tab.page.locator('#new-target').fill('Ministry of Water');
      const texts: Record<string, string> = {
        description: 'Every school needs a tap that works.',
        callToAction: 'Ask the minister to fund school taps.',
        letter: 'Dear Minister, please fund a tap in every school.',
        deliveryNote: 'Your name and city go to the ministry.',
        privacyNote: 'We keep your email to tell you how it went.',
        privacyUrl: 'https://example.org/privacy',
        optInLabel: 'Email me about this campaign.',
      };
      for (const [name, value] of Object.entries(texts))
        await tab.page.locator(`#text-${name}`).fill(value);
      const create = tab.page.getByRole('button', { name: 'Create the campaign (as a draft)' });
      await create.click();
      await tab.page.locator('console-campaign-new [role="alert"]').waitFor();
      assert.equal(await tab.page.locator('#text-title').getAttribute('aria-invalid'), 'true');
      assert.equal(await focused(tab.page), 'text-title');
      assert.deepEqual(requests, [], 'nothing was sent with a text missing');

      await tab.page.locator('#text-title').fill('Clean water for every school');
      await create.click();
      await tab.page.locator('#new-slug[aria-invalid="true"]').waitFor();
      assert.equal(await focused(tab.page), 'new-slug');
      assert.match(await description(tab.page, '#new-slug'), /lower-case letters/);
      assert.equal(await tab.page.locator('#text-title').getAttribute('aria-invalid'), null);
      assert.ok(await inView(tab.page, 'console-campaign-new [role="alert"]'));

      await tab.page.locator('#new-slug').fill('el-salvador');
      await create.click();
      await tab.page.locator('#new-slug[aria-invalid="true"]').waitFor();
      assert.match(await description(tab.page, '#new-slug'), /exists/);
      assert.equal(await focused(tab.page), 'new-slug');
      assert.deepEqual(await axeViolations(tab.page), []);
    });

    it('in Arabic, is written right to left', async () => {
      await tab.page.goto(`${tab.server.url}/admin#/new`);
      await tab.page.locator('#new-lang').selectOption('ar');
      assert.equal(await tab.page.locator('#text-title').getAttribute('dir'), 'rtl');
      assert.equal(await tab.page.locator('#text-privacyUrl').getAttribute('dir'), 'ltr');
      await tab.page.locator('#new-lang').selectOption('en');
      assert.equal(await tab.page.locator('#text-title').getAttribute('dir'), 'ltr');
      assert.deepEqual(tab.trouble.errors, []);
      assert.deepEqual(await tab.trouble.violations(), []);
    });
  });
});
