/**
 * A folder of texts with one JSON file a language, beside the widget's interface files: the
 * confirmation mails and page (confirmation/), the delivery pack and weekly report (delivery/).
 * Kept apart from the interface files because the widget never needs them.
 *
 * Checked when read, as the interface files are (languages.ts): English is the reference, and a
 * file with a missing or extra key or a placeholder English does not use stops the server with a
 * message naming it. Every interface language must have its file, so whoever reads in a language
 * reads these texts in it too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chooseLanguage, LANGUAGE_DIR, LANGUAGES, languageProblems } from './languages.ts';

/** A folder's texts by language tag, and how to pick one for a reader. */
export interface TextFolder<Texts> {
  /** The languages the folder has (the interface's, checked when read). */
  languages: string[];
  /** The texts in the first of the reader's languages the folder has (English otherwise). */
  get(wanted: string | undefined): Texts;
}

/** Reads and checks `server/i18n/<folder>/*.json`; `purpose` says what a language needs them for. */
export function readTextFolder<Texts>(folder: string, purpose: string): TextFolder<Texts> {
  const dir = path.join(LANGUAGE_DIR, folder);
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const english = read('en.json');
  const texts = new Map<string, Texts>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const strings = read(file);
    const problems = languageProblems(strings, english);
    if (problems.length) throw new Error(`server/i18n/${folder}/${file}: ${problems.join('; ')}`);
    texts.set(file.slice(0, -'.json'.length), strings);
  }
  const missing = LANGUAGES.filter((tag) => !texts.has(tag));
  if (missing.length) {
    throw new Error(
      `server/i18n/${folder}/: no texts for ${missing.join(', ')} (each interface language needs ${purpose})`,
    );
  }
  const languages = [...texts.keys()];
  return {
    languages,
    get: (wanted) => texts.get(chooseLanguage(wanted, languages, 'en'))!,
  };
}

/** A text with its `{placeholders}` filled (a missing value leaves the placeholder). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
