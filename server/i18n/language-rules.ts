/**
 * What a language file's strings must respect beyond their keys, checked when the files load
 * (languages.ts): every placeholder English places, and no other; a plural form that stands for
 * several counts places `{count}` (Arabic may say "two people" in words, French "one" is 0 and 1
 * and may not); example addresses at the reserved example.org; French no-break spaces before the
 * high punctuation. What only a native reader can judge is not here.
 */

const placeholders = (text: string): string[] => text.match(/\{\w+\}/g) ?? [];

/** The problems of one plain string against English's. */
export function stringProblems(key: string, value: string, reference: string): string[] {
  const own = placeholders(value);
  const english = placeholders(reference);
  const problems: string[] = [];
  if (own.some((name) => !english.includes(name)))
    problems.push(`"${key}" uses a placeholder English does not: ${english.join(' ') || 'none'}`);
  for (const name of english.filter((name) => !own.includes(name)))
    problems.push(`"${key}" drops ${name}`);
  return problems;
}

/** The counts a plural form is chosen for, sampled: 0-200 and a few large ones (French "many"). */
const SAMPLE = [...Array.from({ length: 201 }, (_, n) => n), 1000, 1_000_000, 2_000_000];

/** Which sampled counts each form of a plural is chosen for (`=0` takes 0 first). */
function countsByForm(forms: Record<string, string>, locale: string): Map<string, number[]> {
  const rules = new Intl.PluralRules(locale);
  const byForm = new Map<string, number[]>();
  for (const count of SAMPLE) {
    const form = count === 0 && '=0' in forms ? '=0' : rules.select(count);
    byForm.set(form, [...(byForm.get(form) ?? []), count]);
  }
  return byForm;
}

/** The problems of one plural's forms (already known to be the locale's), against English's. */
export function pluralProblems(
  key: string,
  forms: Record<string, string>,
  reference: Record<string, string>,
  locale: string,
): string[] {
  const allowed = placeholders(reference.other);
  const problems: string[] = [];
  const counts = countsByForm(forms, locale);
  for (const [form, text] of Object.entries(forms)) {
    const own = placeholders(text);
    if (own.some((name) => !allowed.includes(name)))
      problems.push(`"${key}" form "${form}" uses a placeholder English does not`);
    // One count may be said in words ("لم يوقّع أحد بعد"); several need the number itself.
    const chosenFor = counts.get(form) ?? [];
    if (allowed.includes('{count}') && !own.includes('{count}') && chosenFor.length !== 1) {
      const which = chosenFor.length ? `stands for ${chosenFor.slice(0, 3).join(', ')}` : 'is';
      problems.push(`"${key}" form "${form}" ${which} and drops {count}`);
    }
  }
  return problems;
}

const ADDRESS = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g;

/** Problems that hold for any string of the file: example addresses, French spacing. */
export function typographyProblems(key: string, text: string, locale: string): string[] {
  const problems: string[] = [];
  for (const [, domain] of text.matchAll(ADDRESS)) {
    // RFC 2606: a made-up address must not be someone's real domain (exemplo.org is).
    if (domain.toLowerCase() !== 'example.org')
      problems.push(`"${key}" gives an address at ${domain}: use the reserved example.org`);
  }
  // French sets : ; ! ? and the guillemets apart with a no-break space (U+00A0, or the narrow
  // U+202F), as it does digit groups, so no line starts with one of them or splits a number.
  if (/^fr\b/i.test(locale)) {
    if (/(?<![\u00a0\u202f])[:;!?»]|«(?![\u00a0\u202f])/.test(text))
      problems.push(
        `"${key}" needs a no-break space (U+00A0 or U+202F) before : ; ! ? » and after «`,
      );
    if (/\d \d{3}(?!\d)/.test(text))
      problems.push(`"${key}" needs a no-break space between digit groups`);
  }
  return problems;
}
