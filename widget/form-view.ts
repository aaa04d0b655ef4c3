/**
 * The form: the fields, the honeypot, the consent notice with the opt-in, the button and the
 * status line. A signature on its way is the one the supporter sent: while it waits, the fields
 * are read-only with a line saying why, so a correction is never silently left out.
 */
import { html, nothing } from 'lit/html.js';
import type { CampaignTexts, FieldName, PartnerOptIn } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { FIELD_LIMITS } from '../server/contract/public.ts';
import type { FieldErrors } from './fields.ts';
import { AUTOCOMPLETE } from './fields.ts';
import { page } from './page.ts';
import { fill } from './strings.ts';
import type { SubmissionState } from './submission-controller.ts';

export interface FormContext {
  texts: Omit<CampaignTexts, 'strings'>;
  /** A known partner's own opt-in, drawn under the host's. */
  partner: PartnerOptIn | undefined;
  fields: FieldName[];
  errors: FieldErrors;
  state: SubmissionState;
  /** The signature being sent was saved on an earlier visit. */
  resumed: boolean;
  message: string;
  /** The tag asks for the recent signatures (data-recent): offer the box to be among them. */
  recent: boolean;
  onSubmit: (event: SubmitEvent) => void;
  onFieldChange: (event: Event) => void;
}

export function formView(t: InterfaceStrings, context: FormContext) {
  const { texts, state, resumed } = context;
  const pending = state !== 'idle';
  const waiting = state === 'offline' || state === 'retrying' || state === 'rateLimited';
  const status = waiting ? t[state] : state === 'sending' && resumed ? t.resuming : context.message;
  return html`<form
    part="form"
    novalidate
    @submit=${context.onSubmit}
    @input=${context.onFieldChange}
    @focusout=${context.onFieldChange}
    aria-describedby="consent"
  >
    ${pending && (waiting || resumed) ? html`<p class="notice wide" id="locked">${t.locked}</p>` : nothing}
    ${context.fields.map((name) => fieldView(t, name, context, pending))}
    <div class="honeypot" aria-hidden="true">
      <label>Website <input type="text" name="website" tabindex="-1" autocomplete="off" /></label>
    </div>
    <div class="consent wide" part="consent" id="consent">
      <label class="check">
        <input type="checkbox" name="optIn" ?disabled=${pending} />
        <span>${texts.optInLabel}</span>
      </label>
      ${
        context.recent
          ? html`<label class="check">
              <input type="checkbox" name="showInRecent" ?disabled=${pending} />
              <span>${t.showInRecent}</span>
            </label>`
          : nothing
      }
      ${partnerOptInView(context.partner, pending)}
      <p>${texts.deliveryNote}</p>
      <p><a href=${texts.privacyUrl} target="_blank" rel="noopener">${texts.privacyNote}</a></p>
      ${
        context.partner
          ? html`<p id="partner-sharing">
            ${fill(t.partnerSharing, { partner: context.partner.name })}
            ${page.framed ? nothing : t.pageCanSee}
            <a href=${context.partner.privacyUrl} target="_blank" rel="noopener"
              >${fill(t.partnerPrivacy, { partner: context.partner.name })}</a
            >
          </p>`
          : nothing
      }
      ${page.framed ? html`<p>${t.pageCannotSee}</p>` : nothing}
    </div>
    <button part="button" class="wide" type="submit" aria-disabled=${pending ? 'true' : 'false'}>
      ${waiting ? t.waiting : pending ? html`<span class="spinner" aria-hidden="true"></span>${t.sending}` : t.submit}
    </button>
    <p class="status wide ${waiting || resumed ? 'notice' : 'alert'}" role="status">${status}</p>
  </form>`;
}

/**
 * The partner's own opt-in, under the host's: a separate box, never ticked in advance, in the
 * partner's words (which may be in another language than the form when it wrote no other:
 * `dir="auto"` then lays an English sentence out left to right inside an Arabic form).
 */
function partnerOptInView(partner: PartnerOptIn | undefined, locked: boolean) {
  if (!partner) return nothing;
  return html`<label class="check">
    <input type="checkbox" name="partnerOptIn" aria-describedby="partner-sharing" ?disabled=${locked} />
    <span lang=${partner.lang} dir="auto">${partner.text}</span>
  </label>`;
}

function fieldView(
  t: InterfaceStrings,
  name: FieldName,
  { fields, errors }: FormContext,
  locked: boolean,
) {
  const error = errors[name];
  // An address reads left to right in every language: in an Arabic form too.
  const email = name === 'email';
  // Email has a row of its own; the other fields go two by two, the odd one out on its own row.
  const wide = email || (fields.length % 2 === 0 && fields[fields.length - 1] === name);
  return html`<div class="field ${wide ? 'wide' : ''}" part="field">
    <label for=${name}>${t[name]}</label>
    <input
      part="input"
      id=${name}
      name=${name}
      type=${email ? 'email' : 'text'}
      dir=${email ? 'ltr' : nothing}
      inputmode=${email ? 'email' : 'text'}
      autocomplete=${AUTOCOMPLETE[name]}
      maxlength=${FIELD_LIMITS[name]}
      spellcheck=${email ? 'false' : 'true'}
      autocapitalize=${email ? 'off' : 'words'}
      ?readonly=${locked}
      required
      aria-required="true"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${name}-error` : locked ? 'locked' : nothing}
    />
    ${error ? html`<p class="error" id="${name}-error">${error}</p>` : nothing}
  </div>`;
}

/** Shows a signature saved on an earlier visit, which is being sent, in the (read-only) form. */
export function showSaved(form: HTMLFormElement, body: string | null): void {
  const saved = JSON.parse(body ?? '{}') as Record<string, unknown>;
  for (const input of form.querySelectorAll('input')) {
    if (input.type === 'checkbox') input.checked = saved[input.name] === true;
    else input.value = String(saved[input.name] ?? '');
  }
}
