/**
 * The texts of the confirmation path: the mails (confirm, reminder, already signed) and the page
 * behind their link, one JSON file a language in server/i18n/confirmation/, beside the widget's
 * interface texts (server/i18n/*.json). Kept apart from those because the widget never needs
 * them: the campaign answer carries the interface texts to every reader, and these stay here.
 *
 * Checked at start as the interface files are (languages.ts): English is the reference, and a
 * file with a missing or extra key or a placeholder English does not use stops the server with a
 * message naming it. Every interface language has its confirmation file, so a supporter who
 * signed in a language reads the mail and the page in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chooseLanguage, LANGUAGE_DIR, LANGUAGES, languageProblems } from '../i18n/languages.ts';

/** Where the confirmation texts are. */
export const CONFIRMATION_DIR = path.join(LANGUAGE_DIR, 'confirmation');

type English = typeof import('../i18n/confirmation/en.json');
/** The confirmation texts of one language, keyed as English's. */
export type ConfirmationTexts = { [K in keyof English]: string };

function readTexts(): Map<string, ConfirmationTexts> {
  const read = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(CONFIRMATION_DIR, file), 'utf8'));
  const english = read('en.json');
  const texts = new Map<string, ConfirmationTexts>();
  for (const file of fs.readdirSync(CONFIRMATION_DIR).filter((name) => name.endsWith('.json'))) {
    const strings = read(file);
    const problems = languageProblems(strings, english);
    if (problems.length)
      throw new Error(`server/i18n/confirmation/${file}: ${problems.join('; ')}`);
    texts.set(file.slice(0, -'.json'.length), strings);
  }
  const missing = LANGUAGES.filter((tag) => !texts.has(tag));
  if (missing.length) {
    throw new Error(
      `server/i18n/confirmation/: no texts for ${missing.join(', ')} (each interface language needs its confirmation mail and page)`,
    );
  }
  return texts;
}

const TEXTS = readTexts();

/** The languages the confirmation texts are in (the interface's, checked at start). */
export const CONFIRMATION_LANGUAGES = [...TEXTS.keys()];

/** The texts in the first of the reader's languages this server has (English otherwise). */
export function confirmationTexts(wanted: string | undefined): ConfirmationTexts {
  return TEXTS.get(chooseLanguage(wanted, CONFIRMATION_LANGUAGES, 'en'))!;
}

/** A text with its `{placeholders}` filled (a missing value leaves the placeholder). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
