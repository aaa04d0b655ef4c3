/**
 * Reading the interface texts the server sends with the campaign (server/i18n/): placeholders,
 * plurals by the language's own rules, and the reader's languages to ask for. The widget carries
 * no language of its own.
 */
import type { PluralForms } from '../server/contract/public.ts';

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The form of a plural for `count`: the exact one for zero when there is one, else the one
 * Intl.PluralRules chooses (a campaign may set a plain string).
 */
export function plural(forms: PluralForms | string, count: number, locale: string): string {
  if (typeof forms === 'string') return forms;
  if (count === 0 && forms['=0']) return forms['=0'];
  return forms[new Intl.PluralRules(locale).select(count)] ?? forms.other;
}

/**
 * The reader's languages, most wanted first, for `?lang=`: the widget's own `lang`, the page's
 * `<html lang>`, then the browser's. The server picks the first the campaign has (`fr-CA` -> `fr`).
 */
export function readerLanguages(own: string): string {
  return [
    ...new Set([own, document.documentElement.lang, ...navigator.languages].filter(Boolean)),
  ].join();
}
