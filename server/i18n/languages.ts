/**
 * The widget's interface texts: one JSON file a language in this folder (`en.json`, `ar.json`),
 * read once at start and sent with the campaign (`GET /api/campaigns/{slug}?lang=`), so a
 * reader downloads one language, not all of them. Adding a language is adding a file.
 *
 * English is the reference. A file whose keys differ from English's, whose plural forms are not
 * the ones `Intl.PluralRules` knows for its locale, or whose strings break language-rules.ts
 * (placeholders, {count} in a form that stands for several counts, example addresses, French
 * spacing) stops the server at start with a message naming the file: a wrong file never reaches a
 * reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InterfaceStrings } from './interface-strings.ts';
import { ROOT } from '../config/paths.ts';
import { pluralProblems, stringProblems, typographyProblems } from './language-rules.ts';

/** Where the language files are (from source and from server/dist/ alike). */
export const LANGUAGE_DIR = path.join(ROOT, 'server', 'i18n');

/** A language tag as a file name may carry it: `fr`, `pt-BR`, `zh-Hant`. */
const TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** What is wrong with a language file, compared with English (empty when nothing is). */
export function languageProblems(
  strings: Record<string, unknown>,
  english: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const keys = Object.keys(english);
  for (const key of keys) if (!(key in strings)) problems.push(`missing "${key}"`);
  for (const key of Object.keys(strings)) if (!(key in english)) problems.push(`extra "${key}"`);
  let categories: string[] = [];
  try {
    categories = new Intl.PluralRules(String(strings.locale)).resolvedOptions().pluralCategories;
  } catch {
    problems.push(`"locale" is not a locale Intl knows`);
  }
  const locale = String(strings.locale);
  for (const key of keys.filter((key) => key in strings)) {
    const value = strings[key];
    const reference = english[key];
    if (typeof reference === 'string') {
      if (typeof value !== 'string' || !value) problems.push(`"${key}" must be a string`);
      else
        problems.push(
          ...stringProblems(key, value, reference),
          ...typographyProblems(key, value, locale),
        );
      continue;
    }
    // A plural: exactly the forms this locale's plural rules select, and maybe an exact zero.
    const forms = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const categoryForms = Object.keys(forms).filter((form) => form !== '=0');
    if (categoryForms.sort().join() !== [...categories].sort().join()) {
      problems.push(`"${key}" needs the plural forms ${categories.join(', ')}`);
    } else if (Object.values(forms).some((form) => typeof form !== 'string' || !form)) {
      problems.push(`"${key}" must have a string in each form`);
    } else {
      const texts = forms as Record<string, string>;
      problems.push(...pluralProblems(key, texts, reference as Record<string, string>, locale));
      for (const text of Object.values(texts))
        problems.push(...typographyProblems(key, text, locale));
    }
  }
  if (strings.dir !== 'ltr' && strings.dir !== 'rtl') problems.push('"dir" must be "ltr" or "rtl"');
  return problems;
}

function readLanguages(): Map<string, InterfaceStrings> {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(LANGUAGE_DIR, file), 'utf8'));
  const english = read('en.json');
  const languages = new Map<string, InterfaceStrings>();
  for (const file of fs
    .readdirSync(LANGUAGE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const tag = file.slice(0, -'.json'.length);
    if (!TAG.test(tag))
      throw new Error(`server/i18n/${file}: the name must be a language tag (fr.json, pt-BR.json)`);
    const strings = read(file);
    const problems = languageProblems(strings, english);
    if (problems.length) throw new Error(`server/i18n/${file}: ${problems.join('; ')}`);
    languages.set(tag, strings);
  }
  return languages;
}

const INTERFACE = readLanguages();

/** Every language the widget speaks, by tag. */
export const LANGUAGES = [...INTERFACE.keys()] as [string, ...string[]];

/**
 * The interface texts for a language: its own file, else the one chooseLanguage falls back to
 * (`pt` -> pt-BR.json, `fr-CA` -> fr.json; a campaign stored with plain `pt` texts), else English.
 */
export function interfaceStrings(lang: string): InterfaceStrings {
  return INTERFACE.get(lang) ?? INTERFACE.get(chooseLanguage(lang, LANGUAGES, 'en'))!;
}

/**
 * Where a tag without a file of its own goes before any other region of its language: plain `pt`
 * is Brazilian (CLDR's `pt`, and the larger readership), every other Portuguese-speaking region
 * follows the European norm (CLDR's parent locales: pt-AO, pt-MZ... -> pt-PT). Lower case.
 */
function regionalFallback(tag: string): string | undefined {
  const [base, region] = tag.split('-');
  if (base === 'pt') return region && region !== 'br' ? 'pt-pt' : 'pt-br';
  return undefined;
}

/**
 * The first of the reader's languages (`fr-CA,fr,en-US`: the widget's attribute, the page's,
 * the browser's, in that order) that is among `available`: exactly, else by its regional fallback
 * (`pt` -> `pt-BR`, `pt-AO` -> `pt-PT`), else by its base language (`fr-CA` -> `fr`), else in
 * another region of it (`pt-BR` -> `pt-PT`); else `fallback`.
 */
export function chooseLanguage(
  wanted: string | undefined,
  available: readonly string[],
  fallback: string,
): string {
  const byLower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  const baseOf = (tag: string) => tag.split('-')[0];
  for (const candidate of (wanted ?? '').slice(0, 200).split(',').slice(0, 10)) {
    const tag = candidate.trim().toLowerCase();
    if (!tag) continue;
    const regional = regionalFallback(tag);
    const found =
      byLower.get(tag) ??
      (regional && byLower.get(regional)) ??
      byLower.get(baseOf(tag)) ??
      [...byLower].find(([other]) => baseOf(other) === baseOf(tag))?.[1];
    if (found) return found;
  }
  return fallback;
}
