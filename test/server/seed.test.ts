/**
 * The demo campaign reproduces the seed page's texts faithfully, and its translations say what
 * the English says: the organisation that collects the data, and the channel of the opt-in. It is
 * data the server reads (server/campaigns/seed.ts): a file that is not a valid seed stops it with
 * a line naming what is wrong, and no file means no demo.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSeed } from '../../server/campaigns/seed.ts';
import { SEED_FILE } from '../../server/config/paths.ts';
import { elSalvador, ORGANISATION } from '../../demo/el-salvador.ts';
import { typographyProblems } from '../../server/i18n/language-rules.ts';
import type { CampaignTexts } from '../../server/contract/public.ts';
import { SPAIN_ONLY } from './helpers.ts';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
// Lines of the seed that describe the page's structure, not its content.
const STRUCTURE =
  /^(Form Section Structure|Campaign Section Structure|Action Counter and Offset|Scripts Block|in El Salvador|• )/;

describe('demo campaign', () => {
  it('holds every content line of seed/petition-page.txt', () => {
    const seed = fs.readFileSync(
      new URL('../../demo/seed/petition-page.txt', import.meta.url),
      'utf8',
    );
    const en = elSalvador.texts.en!;
    const all = squash(
      [
        ORGANISATION,
        en.title,
        en.description,
        en.callToAction,
        en.letter,
        ...en.demands,
        en.deliveryNote,
        en.privacyNote,
        en.photoCredit,
        en.strings?.heading,
      ].join(' '),
    );
    const lines = seed
      .split('\n')
      .map(squash)
      .filter((line) => line && !STRUCTURE.test(line) && !/people have taken action/.test(line));
    assert.ok(lines.length >= 15, `${lines.length} content lines`);
    for (const line of lines)
      assert.ok(all.includes(line), `missing from the demo campaign: ${line}`);
    for (const bullet of seed.split('\n').filter((line) => line.startsWith('• '))) {
      assert.ok(en.demands.includes(squash(bullet.slice(2))), `missing demand: ${bullet}`);
    }
    assert.match(seed, new RegExp(`${elSalvador.offset} people have taken action`));
    assert.equal(elSalvador.target, 'Government of El Salvador');
  });

  const languages = Object.entries(elSalvador.texts) as [string, CampaignTexts][];

  it('links every language to the privacy policy of the organisation that collects the data', () => {
    for (const [lang, texts] of languages) {
      assert.equal(new URL(texts.privacyUrl).host, 'www.amnesty.ca', lang);
      // Amnistie internationale Canada francophone (amnistie.ca) is another organisation.
      assert.doesNotMatch(JSON.stringify(texts), /amnistie/i, lang);
    }
  });

  it('says in every language that the opt-in is by email', () => {
    const email: Record<string, RegExp> = {
      en: /\bemail\b/i,
      fr: /\bcourriels?\b/i,
      es: /correos? electrónicos?/i,
      de: /E-Mail/,
      ar: /البريد الإلكتروني/,
    };
    for (const [lang, texts] of languages) assert.match(texts.optInLabel, email[lang], lang);
  });

  it('writes French with no-break spaces before : ; ! ? and inside « »', () => {
    const { privacyUrl: _url, ...french } = elSalvador.texts.fr!;
    const strings = Object.values(french).flatMap((value) =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value : Object.values(value),
    );
    assert.deepEqual(
      strings.flatMap((text) => typographyProblems('fr', text, 'fr')),
      [],
    );
  });

  it('speaks neutral Latin American Spanish to El Salvador', () => {
    assert.doesNotMatch(JSON.stringify(elSalvador.texts.es), SPAIN_ONLY);
  });
});

describe('the seed file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-seed-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('is the demo campaign, read as the server reads it at start', () => {
    assert.deepEqual(readSeed(SEED_FILE), { organisation: ORGANISATION, campaign: elSalvador });
  });

  it('is no seed when there is no file', () => {
    assert.equal(readSeed(path.join(dir, 'none.json')), undefined);
  });

  it('stops with a line naming the file and what is wrong', () => {
    const seed = { organisation: ORGANISATION, campaign: elSalvador };
    const notJson = write('a.json', '{"organisation":');
    assert.throws(() => readSeed(notJson), { message: `The seed file ${notJson} is not JSON.` });
    const badSlug = write(
      'b.json',
      JSON.stringify({ ...seed, campaign: { ...elSalvador, slug: 'No Slug' } }),
    );
    assert.throws(
      () => readSeed(badSlug),
      new RegExp(`^Error: The seed file ${badSlug} is not valid: campaign\\.slug: `),
    );
    const extra = write('c.json', JSON.stringify({ ...seed, admin: 'token' }));
    assert.throws(() => readSeed(extra), /is not valid: Unrecognized key: "admin"$/);
    const noName = write('d.json', JSON.stringify({ ...seed, organisation: ' ' }));
    assert.throws(() => readSeed(noName), /is not valid: organisation: /);
  });
});
