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

/**
 * A partner, as the console names it: by its name; a slug no partner of the campaign has (a typo
 * in a tag, a partner removed) as it is, marked; none (signed on the campaign's own page).
 */
export function partnerName(
  slug: string | null,
  partners: readonly { slug: string; name: string }[],
) {
  if (slug === null) return 'No partner (own page)';
  return partners.find((partner) => partner.slug === slug)?.name ?? `${slug} (unknown partner)`;
}

/** Why the bot checks flagged a signature, in words (the API's codes: see signing and rate limits). */
const REASONS: Record<string, string> = {
  honeypot: 'filled in the hidden field',
  too_fast: 'sent too fast',
  token_missing: 'sent without the form',
  token_forged: 'sent with a forged form',
  token_expired: 'sent from a form left open too long',
  rate_burst: 'too many from one network in a minute',
  rate_sustained: 'too many from one network in an hour',
  rate_overflow: 'too many networks at once to tell apart',
  manual: 'flagged by hand',
};

/** A flag reason in words; a code the console does not know, as it is. */
export const reasonWords = (code: string) => REASONS[code] ?? code;
