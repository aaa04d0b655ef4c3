/** How the console writes numbers, dates and sizes: one place, so every view agrees. */

const numbers = new Intl.NumberFormat('en');

/** 12,345. */
export const count = (value: number) => numbers.format(value);

/** 2026-11-29 10:28 (UTC, as the API and the CSV export write times). */
export const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** 1.2 MB. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 / 1024).toFixed(1)} MB`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** French (fr): a language tag as its English name, from the browser's own data. */
export const languageName = (tag: string) => `${languageNames.of(tag) ?? tag} (${tag})`;
