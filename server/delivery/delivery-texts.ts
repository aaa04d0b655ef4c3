/**
 * The texts of the delivery pack (and of the weekly report), one JSON file a language in
 * server/i18n/delivery/, checked at start (i18n/text-folder.ts). A pack is written in one of the
 * campaign's languages, its default unless asked for another: the letter, the labels around it,
 * the numbers and dates (Intl, in the file's locale: Arabic with its own digits) all in that one.
 */
import { fill, readTextFolder } from '../i18n/text-folder.ts';

type English = typeof import('../i18n/delivery/en.json');
/** The delivery texts of one language, keyed as English's. */
export type DeliveryTexts = { [K in keyof English]: string };

const TEXTS = readTextFolder<DeliveryTexts>('delivery', 'its delivery pack and weekly report');

/** The texts, and the locale's numbers and dates, in a language (English when it has none). */
export interface DeliveryWords {
  texts: DeliveryTexts;
  rtl: boolean;
  /** A whole number as the language writes it (digit groups, its digits). */
  number: (value: number) => string;
  /** A day as the language writes it, in UTC (days in the pack are UTC, as the statistics'). */
  date: (time: number) => string;
  /** A template with its placeholders filled; numbers given as numbers are formatted. */
  say: (template: string, values?: Record<string, string | number>) => string;
}

/** The delivery words in `lang`. */
export function deliveryWords(lang: string): DeliveryWords {
  const texts = TEXTS.get(lang);
  const numbers = new Intl.NumberFormat(texts.locale);
  const dates = new Intl.DateTimeFormat(texts.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const number = (value: number) => numbers.format(value);
  return {
    texts,
    rtl: texts.dir === 'rtl',
    number,
    date: (time) => dates.format(time),
    say: (template, values = {}) =>
      fill(
        template,
        Object.fromEntries(
          Object.entries(values).map(([key, value]) => [
            key,
            typeof value === 'number' ? number(value) : value,
          ]),
        ),
      ),
  };
}
