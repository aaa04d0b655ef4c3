/**
 * A campaign's texts in one language as form fields, and back: the texts editor and the new
 * campaign form share them, so a field added to the texts is added to both.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { CampaignTexts } from '../types.ts';

type TextName = Exclude<keyof CampaignTexts, 'strings' | 'demands'>;
/** The single texts: name, label, and whether it is long (a textarea). */
const FIELDS: [TextName, string, boolean][] = [
  ['title', 'Title', false],
  ['description', 'Campaign text', true],
  ['callToAction', 'Call to action', false],
  ['letter', 'Letter', true],
  ['deliveryNote', 'Delivery note', true],
  ['privacyNote', 'Privacy note', true],
  ['privacyUrl', 'Privacy policy URL', false],
  ['optInLabel', 'Opt-in label', true],
  ['photoCredit', 'Photo credit (optional)', false],
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

/** The fields of the texts, filled with `texts`. */
export function textFields(texts: CampaignTexts): TemplateResult {
  return html`${FIELDS.map(([name, label, long]) => {
    const value = texts[name] ?? '';
    const id = `text-${name}`;
    return long
      ? html`<label for=${id}>${label}</label
            ><textarea id=${id} name=${name} rows="4" .value=${value}></textarea>`
      : html`<label for=${id}>${label}</label
            ><input
              id=${id}
              name=${name}
              .value=${value}
              type=${name === 'privacyUrl' ? 'url' : 'text'}
            />`;
  })}
    <label for="text-demands">Demands, one a line</label>
    <textarea
      id="text-demands"
      name="demands"
      rows="5"
      .value=${texts.demands.join('\n')}
    ></textarea>`;
}
