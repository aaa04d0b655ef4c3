/** Picking a language and filling in a string's `{placeholders}`. */
import type { Language } from '../../server/contract.ts';
import { LANGUAGES } from '../../server/contract.ts';
import type { Strings } from './en.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export type { Strings };
export const STRINGS: Record<Language, Strings> = { en, fr, es };

/** The first of the candidates (`fr-CA`, `es`...) that we speak, else English. */
export function pickLanguage(...candidates: (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    const base = candidate?.slice(0, 2).toLowerCase() as Language;
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
