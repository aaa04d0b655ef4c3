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
  interfaceStrings,
  LANGUAGE_DIR,
  languageProblems,
  LANGUAGES,
} from '../../server/i18n/languages.ts';
import { ROOT } from '../../server/config/paths.ts';
import { plural } from '../../widget/strings.ts';
import { SPAIN_ONLY } from './helpers.ts';

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
  it('are at least the eight languages, Arabic among them, Portuguese in both its norms', () => {
    for (const tag of ['en', 'fr', 'es', 'de', 'pt-BR', 'pt-PT', 'it', 'nl', 'ar'])
      assert.ok(LANGUAGES.includes(tag), tag);
    assert.equal(read('ar.json').dir, 'rtl');
    // Plain `pt` is served as Brazilian (below), not as a third file that would drift.
    assert.ok(!LANGUAGES.includes('pt'));
  });

  it('speaks Brazilian Portuguese to Brazil: "Sobrenome" ("Apelido" is a nickname there)', () => {
    assert.equal(read('pt-BR.json').lastName, 'Sobrenome');
    assert.equal(read('pt-PT.json').lastName, 'Apelido');
  });

  it('never writes "0 pessoa": Brazil\'s plural rule puts 0 with 1, so zero has its own form', () => {
    assert.equal(new Intl.PluralRules('pt-BR').select(0), 'one');
    for (const file of ['pt-BR.json', 'pt-PT.json']) {
      const { counter, locale } = read(file);
      for (const count of [0, 1, 2, 785]) {
        const text = plural(counter, count, locale).replace('{count}', String(count));
        assert.doesNotMatch(text, /\b0 pessoa\b/, `${file} at ${count}`);
        if (count !== 1) assert.doesNotMatch(text, /\bpessoa\b/, `${file} at ${count}`);
      }
    }
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
            Object.keys(value as object)
              .filter((form) => form !== '=0')
              .sort(),
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

  it('refuses a string that drops a placeholder English places', () => {
    assert.match(
      languageProblems({ ...english, required: 'This field is required.' }, english).join(),
      /"required" drops \{field\}/,
    );
    assert.match(
      languageProblems({ ...english, counter: { one: 'One', other: 'Many' } }, english).join(),
      /"counter" form "other" stands for 0, 2, 3 and drops \{count\}/,
    );
  });

  it('lets a plural form leave the number out only when it stands for one number', () => {
    // Arabic's zero, one and two each stand for one count: the sentence may say it in words.
    assert.deepEqual(languageProblems(read('ar.json'), english), []);
    // French "one" is 0 and 1: without {count} a reader could not tell which.
    const french = read('fr.json');
    const problems = languageProblems(
      { ...french, counter: { ...french.counter, one: 'Une personne s’est mobilisée' } },
      english,
    );
    assert.match(problems.join(), /"counter" form "one" stands for 0, 1 and drops \{count\}/);
    // An exact zero takes 0 away from Brazil's "one", which then stands for 1 alone.
    const brazil = read('pt-BR.json');
    const one = { ...brazil, counter: { ...brazil.counter, one: 'Uma pessoa já assinou' } };
    assert.deepEqual(languageProblems(one, english), []);
  });

  it('refuses an example address outside the reserved example.org', () => {
    const wrong = { ...english, invalidEmail: 'Enter an address like name@exemplo.org.' };
    assert.match(languageProblems(wrong, english).join(), /"invalidEmail".*example\.org/);
  });

  it('refuses French without a no-break space before : ; ! ?', () => {
    const french = read('fr.json');
    for (const goal of ['Objectif : {goal}', 'Objectif: {goal}'])
      assert.match(
        languageProblems({ ...french, goal }, english).join(),
        /"goal" needs a no-break space/,
      );
    const nbsp = { ...french, goal: 'Objectif\u00a0: {goal}', thanks: 'Merci, {name}\u202f!' };
    assert.deepEqual(languageProblems(nbsp, english), []);
  });

  it('names the field before a colon in its errors, so no word agrees with its gender', () => {
    // "Ville est trop long": the adjective took the masculine of a feminine field. English, the
    // reference, has no such agreement.
    for (const file of files.filter((file) => file !== 'en.json')) {
      const strings = read(file);
      for (const key of ['required', 'invalid', 'tooLong'])
        assert.match(strings[key], /^\{field\}[\u00a0\u202f]?:/, `${key} in ${file}`);
    }
  });

  it('speaks to El Salvador in neutral Latin American Spanish', () => {
    assert.doesNotMatch(JSON.stringify(read('es.json')), SPAIN_ONLY);
  });

  it('gives Arabic buttons verbal nouns, not masculine imperatives', () => {
    const arabic = read('ar.json');
    const buttons = ['submit', 'readLetter', 'signAnother', 'share'];
    assert.deepEqual(
      buttons.filter((key) => /^(وقّع|اقرأ|شارك|أضف)\s/.test(arabic[key])),
      [],
    );
  });
});

describe('chooseLanguage', () => {
  const available = ['en', 'fr', 'pt-BR', 'pt-PT', 'ar'];
  it("takes the first of the reader's languages the campaign has, by region then base", () => {
    assert.equal(chooseLanguage('fr-CA', available, 'en'), 'fr');
    assert.equal(chooseLanguage('pt-PT,en', available, 'en'), 'pt-PT');
    assert.equal(chooseLanguage('sv,ar-EG,fr', available, 'en'), 'ar');
    assert.equal(chooseLanguage('FR', available, 'en'), 'fr');
  });
  it('serves plain pt as Brazilian, and the other Portuguese-speaking regions as European', () => {
    assert.equal(chooseLanguage('pt', available, 'en'), 'pt-BR');
    assert.equal(chooseLanguage('pt-br', available, 'en'), 'pt-BR');
    // CLDR: every Portuguese region but Brazil follows the European norm.
    assert.equal(chooseLanguage('pt-AO,en', available, 'en'), 'pt-PT');
    assert.equal(chooseLanguage('pt-MZ', available, 'en'), 'pt-PT');
  });
  it('prefers the other norm of the same language to the default', () => {
    assert.equal(chooseLanguage('pt-BR', ['en', 'pt-PT'], 'en'), 'pt-PT');
    assert.equal(chooseLanguage('pt', ['en', 'pt-PT'], 'en'), 'pt-PT');
    assert.equal(chooseLanguage('pt-PT', ['en', 'pt-BR'], 'en'), 'pt-BR');
    // A campaign stored with texts under plain `pt` before the split still serves them.
    assert.equal(chooseLanguage('pt-BR', ['en', 'pt'], 'en'), 'pt');
  });
  it("falls back to the campaign's default last", () => {
    assert.equal(chooseLanguage('de-AT,sv', available, 'fr'), 'fr');
    assert.equal(chooseLanguage(undefined, available, 'pt-BR'), 'pt-BR');
    assert.equal(chooseLanguage(',,,' + 'x'.repeat(5000), available, 'en'), 'en');
  });
});

describe('interfaceStrings', () => {
  it('gives a tag without its own file the interface its regional fallback has', () => {
    assert.equal(interfaceStrings('pt').locale, 'pt-BR');
    assert.equal(interfaceStrings('pt-AO').locale, 'pt-PT');
    assert.equal(interfaceStrings('fr-CA').locale, 'fr');
    assert.equal(interfaceStrings('sv').locale, 'en');
  });
});
