/**
 * The interface languages (server/i18n/): each file has exactly English's keys and its locale's
 * plural forms, every key is used by the code, and the reader's languages pick one whole language.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  chooseLanguage,
  LANGUAGE_DIR,
  languageProblems,
  LANGUAGES,
} from '../../server/i18n/languages.ts';
import { ROOT } from '../../server/runtime/paths.ts';

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(LANGUAGE_DIR, file), 'utf8'));
const files = fs.readdirSync(LANGUAGE_DIR).filter((file) => file.endsWith('.json'));
const english = read('en.json');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
}

describe('interface language files', () => {
  it('are at least the eight languages, Arabic among them', () => {
    for (const tag of ['en', 'fr', 'es', 'de', 'pt', 'it', 'nl', 'ar'])
      assert.ok(LANGUAGES.includes(tag), tag);
    assert.equal(read('ar.json').dir, 'rtl');
  });

  for (const file of files) {
    it(`${file} has exactly the keys of English, and its locale's plural forms`, () => {
      const strings = read(file);
      assert.deepEqual(Object.keys(strings).sort(), Object.keys(english).sort());
      const categories = new Intl.PluralRules(strings.locale).resolvedOptions().pluralCategories;
      for (const [key, value] of Object.entries(strings)) {
        if (typeof english[key] === 'string') assert.equal(typeof value, 'string', key);
        else
          assert.deepEqual(
            Object.keys(value as object).sort(),
            [...categories].sort(),
            `${key} in ${file}`,
          );
      }
      assert.deepEqual(languageProblems(strings, english), []);
    });
  }

  it('uses every key: each is read by the widget or the server', () => {
    const code = [
      ...sources(path.join(ROOT, 'widget')),
      ...sources(path.join(ROOT, 'server')),
    ].join('\n');
    const unused = Object.keys(english).filter((key) => !new RegExp(`\\b${key}\\b`).test(code));
    assert.deepEqual(unused, []);
  });

  it('refuses a file with a missing or extra key, a wrong plural or a stray placeholder', () => {
    const { heading: _gone, ...missing } = english;
    assert.deepEqual(languageProblems(missing, english), ['missing "heading"']);
    assert.deepEqual(languageProblems({ ...english, colour: 'red' }, english), ['extra "colour"']);
    const arabic = read('ar.json');
    assert.match(
      languageProblems({ ...arabic, counter: english.counter }, english).join(),
      /"counter" needs the plural forms few, many, one, two, zero, other/,
    );
    assert.match(
      languageProblems({ ...english, goal: 'Goal: {target}' }, english).join(),
      /"goal" uses a placeholder/,
    );
  });
});

describe('chooseLanguage', () => {
  const available = ['en', 'fr', 'pt', 'ar'];
  it("takes the first of the reader's languages the campaign has, by region then base", () => {
    assert.equal(chooseLanguage('fr-CA', available, 'en'), 'fr');
    assert.equal(chooseLanguage('pt-BR,en', available, 'en'), 'pt');
    assert.equal(chooseLanguage('sv,ar-EG,fr', available, 'en'), 'ar');
    assert.equal(chooseLanguage('FR', available, 'en'), 'fr');
  });
  it("falls back to the campaign's default last", () => {
    assert.equal(chooseLanguage('de-AT,sv', available, 'fr'), 'fr');
    assert.equal(chooseLanguage(undefined, available, 'pt'), 'pt');
    assert.equal(chooseLanguage(',,,' + 'x'.repeat(5000), available, 'en'), 'en');
  });
});
