/**
 * One labelled form control as every console form writes it: the label, the control (an input, a
 * textarea or a select), its help and, when it was refused, its problem (FormErrors), which marks
 * it `aria-invalid` and is named by its `aria-describedby` beside the help.
 */
import { html, noChange, nothing } from 'lit';
import type { ElementPart, TemplateResult } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import type { FormErrors } from './form-errors.ts';

/** Sets the attributes given (a value) and removes those left undefined. */
class Attributes extends Directive {
  render(_attributes: Record<string, string | undefined>) {
    return noChange;
  }

  override update(part: ElementPart, [attributes]: [Record<string, string | undefined>]) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined) part.element.removeAttribute(name);
      else part.element.setAttribute(name, value);
    }
    return noChange;
  }
}
const attributes = directive(Attributes);

/** What a field is. */
export interface Field {
  id: string;
  name: string;
  label: string | TemplateResult;
  value?: string;
  /** A textarea of this many rows; else a select of these [value, text] options; else an input. */
  rows?: number;
  options?: readonly (readonly [string, string])[];
  /** The input's type (text by default). */
  type?: string;
  help?: string | TemplateResult;
  required?: boolean;
  max?: number;
  /** Direction and language of what is typed in it (a campaign's text in Arabic: rtl, ar). */
  dir?: string;
  lang?: string;
  /** Any other attribute (min, step, inputmode, autocomplete, pattern and its title...). */
  more?: Record<string, string>;
}

/** The label, the control, its help and its problem. */
export function field(errors: FormErrors, spec: Field): TemplateResult {
  const { id, value = '' } = spec;
  const problem = errors.of(id);
  const describedBy = [spec.help && `${id}-help`, problem && `${id}-error`].filter(Boolean);
  const set = attributes({
    id,
    name: spec.name,
    required: spec.required ? '' : undefined,
    maxlength: spec.max?.toString(),
    dir: spec.dir,
    lang: spec.lang,
    'aria-invalid': problem ? 'true' : undefined,
    'aria-describedby': describedBy.join(' ') || undefined,
    ...spec.more,
  });
  const control = spec.rows
    ? html`<textarea ${set} rows=${spec.rows} .value=${value}></textarea>`
    : spec.options
      ? html`<select ${set} .value=${value}>
          ${spec.options.map(
            ([option, text]) =>
              html`<option value=${option} ?selected=${option === value}>${text}</option>`,
          )}
        </select>`
      : html`<input ${set} type=${spec.type ?? 'text'} .value=${value} />`;
  return html`<label for=${id}>${spec.label}</label>${control}
    ${spec.help ? html`<p id="${id}-help" class="help">${spec.help}</p>` : nothing}
    ${problem ? html`<p id="${id}-error" class="field-error">${problem}</p>` : nothing}`;
}
