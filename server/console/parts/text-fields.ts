/**
 * A campaign's texts in one language as form fields, and back: the texts editor and the new
 * campaign form share them, so a field added to the texts is added to both. Each field is marked
 * with the language it is written in and its direction: a right-to-left language's texts are
 * typed right to left, the privacy address always left to right, the photo credit (a caption
 * that mixes scripts, "الصورة: Kellys Portillo/Getty Images") by its own content.
 */
import type { TemplateResult } from 'lit';
import { TEXT_LIMITS } from '../../contract/admin-limits.ts';
import type { CampaignTexts } from '../types.ts';
import { field } from './field.ts';
import type { FormErrors } from './form-errors.ts';

/** What an http(s) address field's pattern (`https?://.+`) asks for, as its title. */
export const HTTP_ADDRESS = 'an http or https address, such as https://example.org/privacy.';

type TextName = Exclude<keyof CampaignTexts, 'strings' | 'demands'>;
/** The single texts: name, label, and rows when it is long (a textarea). */
const FIELDS: [TextName, string, number?][] = [
  ['title', 'Title'],
  ['description', 'Campaign text', 6],
  ['callToAction', 'Call to action'],
  ['letter', 'Letter', 4],
  ['deliveryNote', 'Delivery note', 3],
  ['privacyNote', 'Privacy note', 3],
  ['privacyUrl', 'Privacy policy URL'],
  ['optInLabel', 'Opt-in label', 3],
  ['photoCredit', 'Photo credit (optional)'],
];

/** Texts with nothing in them. */
export const EMPTY_TEXTS: CampaignTexts = {
  title: '',
  description: '',
  callToAction: '',
  letter: '',
  demands: [],
  deliveryNote: '',
  privacyNote: '',
  privacyUrl: '',
  optInLabel: '',
};

/** The texts a form holds; `strings` (the widget's wording overrides) are kept as they were. */
export function textsOf(form: HTMLFormElement, strings?: CampaignTexts['strings']): CampaignTexts {
  const values = new FormData(form);
  const text = (name: string) => String(values.get(name) ?? '').trim();
  const texts = { ...EMPTY_TEXTS } as CampaignTexts & Record<string, unknown>;
  for (const [name] of FIELDS) texts[name] = text(name);
  texts.demands = text('demands')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (!texts.photoCredit) delete texts.photoCredit;
  if (strings) texts.strings = strings;
  return texts;
}

/** The fields of the texts, filled with `texts`, written in `lang` (direction `dir`). */
export function textFields(
  texts: CampaignTexts,
  errors: FormErrors,
  lang: string,
  dir: string,
): TemplateResult[] {
  const fields = FIELDS.map(([name, label, rows]) =>
    field(errors, {
      id: `text-${name}`,
      name,
      label,
      value: texts[name] ?? '',
      rows,
      required: name !== 'photoCredit',
      max: TEXT_LIMITS[name],
      lang,
      dir: name === 'privacyUrl' ? 'ltr' : name === 'photoCredit' ? 'auto' : dir,
      ...(name === 'privacyUrl'
        ? { type: 'url', more: { pattern: 'https?://.+', title: HTTP_ADDRESS } }
        : {}),
    }),
  );
  fields.push(
    field(errors, {
      id: 'text-demands',
      name: 'demands',
      label: 'Demands, one a line',
      value: texts.demands.join('\n'),
      rows: 5,
      lang,
      dir,
    }),
  );
  return fields;
}
