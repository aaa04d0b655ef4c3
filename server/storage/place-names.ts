/**
 * Places as people type them, made countable: "Montréal", "montreal " and "MONTREAL" are one city,
 * and "Canada", "canadá", "Kanada" and "CA" one country.
 *
 * A city's key is its text without case, accents or extra spaces (NFKD, marks dropped, lower
 * case, spaces collapsed); it is shown in the spelling most of its signers typed. A country is
 * its ISO 3166-1 alpha-2 code when the text is one or names one in an interface language (with
 * Intl.DisplayNames), otherwise its own key; unknown text is kept, never dropped.
 */
import { LANGUAGES } from '../i18n/languages.ts';

/** A place's text without case, accents, punctuation spacing or extra spaces. */
export function placeKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.,'’-]+/gu, ' ')
    .trim();
}

/** Region codes that name groups or test data, not countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB']);

/** Every region code, and every name of it in the interface languages (English first). */
function countryNames(): Map<string, string> {
  const names = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes: string[] = [];
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const a of letters)
    for (const b of letters) {
      const code = a + b;
      // Unassigned and private-use codes have no name (fallback none: undefined); a replaced
      // code (FX, YU, UK) or a group (EU, UN) is not a country of its own.
      if (english.of(code) === undefined || NOT_COUNTRIES.has(code)) continue;
      if (Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`) codes.push(code);
    }
  for (const lang of ['en', ...LANGUAGES]) {
    const display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    for (const code of codes) {
      const name = display.of(code);
      // The first language to use a name keeps it (English first).
      if (name && !names.has(placeKey(name))) names.set(placeKey(name), code);
    }
  }
  for (const code of codes) names.set(code.toLowerCase(), code);
  names.set('uk', 'GB');
  // Names people write that the locales' own differ from.
  const more: Record<string, string> = {
    usa: 'US',
    'u s a': 'US',
    'u s': 'US',
    'united states of america': 'US',
    america: 'US',
    'great britain': 'GB',
    england: 'GB',
    scotland: 'GB',
    wales: 'GB',
    holland: 'NL',
  };
  for (const [name, code] of Object.entries(more)) names.set(name, code);
  return names;
}

let known: Map<string, string> | undefined;

/** The ISO code a typed country names, else its key; null when none was typed. */
export function countryKey(typed: string | null): string | null {
  if (typed === null) return null;
  const key = placeKey(typed);
  if (!key) return null;
  known ??= countryNames();
  return known.get(key) ?? key;
}

/** Whether a country key is an ISO 3166 code (rather than unrecognised text). */
export const isCountryCode = (key: string) => /^[A-Z]{2}$/.test(key);
