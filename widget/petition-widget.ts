/**
 * `<petition-widget>`: the petition form, its live counter and its consent notice, in one element.
 *
 * @summary A petition a partner embeds with one script tag.
 * @event petition-signed - `CustomEvent<PetitionSignedDetail>`, bubbles and composed, after the
 *   server acknowledged a signature (or said this email had already signed).
 * @csspart base - the widget's box (at most 640 px wide; `max-width: none` lifts that);
 * @csspart form - the form; field - one label, input and error; input - an input;
 * @csspart button - buttons; counter - the count line; progress - the goal bar;
 * @csspart consent - the consent notice and opt-in; thanks - the thank-you panel; letter - the letter.
 * @cssproperty --petition-accent - buttons, the opt-in box, the goal bar (or the `accent` attribute).
 * @cssproperty --petition-focus - focus rings (default: the text colour, visible on any accent).
 * @cssproperty --petition-accent-text - text on the accent colour.
 * @cssproperty --petition-font - the font family.
 * @cssproperty --petition-font-size - base size.
 * @cssproperty --petition-radius - corner radius.
 * @cssproperty --petition-text - text.
 * @cssproperty --petition-muted - secondary text.
 * @cssproperty --petition-background - background.
 * @cssproperty --petition-surface - panels.
 * @cssproperty --petition-border - borders.
 * @cssproperty --petition-error - error text.
 */
import { html, LitElement } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { Counter, FieldName, RecentSigner, SignResult } from '../server/contract/public.ts';
import { REQUIRED_FIELDS } from '../server/contract/public.ts';
import type { CampaignAnswer, InterfaceStrings } from '../server/i18n/interface-strings.ts';
import type { HttpError } from './api.ts';
import { CampaignController } from './campaign-controller.ts';
import { CounterController } from './counter-controller.ts';
import type { FieldErrors } from './fields.ts';
import { attentionMessage, checkField, errorMessage, formErrors, serverErrors } from './fields.ts';
import { fitButtonText } from './contrast.ts';
import { formView, showSaved } from './form-view.ts';
import { letterView } from './letter-view.ts';
import { loadingView } from './loading-view.ts';
import { page } from './page.ts';
import { styles } from './petition-widget.styles.ts';
import { signatureBody } from './signature-body.ts';
import { rememberSigned, signedHere } from './signed-memory.ts';
import { readerLanguages } from './strings.ts';
import { SubmissionController } from './submission-controller.ts';
import { tallyView } from './tally-view.ts';
import { bringToView } from './bring-to-view.ts';
import type { ThanksChunk } from './thanks-loader.ts';
import { loadThanks } from './thanks-loader.ts';
import type { Signed } from './thanks-view.ts';

/** The detail of `petition-signed`. */
export interface PetitionSignedDetail {
  campaign: string;
  status: SignResult['status'];
  /**
   * The counter after signing. Its `goal` is the one that applies; `goalMode` is left out in frame
   * mode, where the host copies the numbers only (widget.js's brotli budget had no 22 B left).
   */
  counter: Omit<Counter, 'goalMode'> & Partial<Pick<Counter, 'goalMode'>>;
}

/** Where focus goes after the next render: the new view's heading, or the first field. */
type FocusTarget = 'h2' | '#firstName' | null;

/** The API origin of the script that defined the element: the default for `api`. */
let defaultApi = '';
export function setDefaultApi(origin: string): void {
  defaultApi ||= origin;
}

/** What the campaign's answer depends on: a change to any of them loads it again. */
const LOADED_FOR = ['api', 'campaign', 'locale', 'partner'];

export class PetitionWidget extends LitElement {
  static override styles = styles;
  // Declared here rather than by decorators: the same reactive properties, without the
  // decorator helper and its calls in the bundle. The fields below are assigned, not defined
  // (tsconfig: useDefineForClassFields false), so they go through Lit's accessors, not over them.
  static override properties: PropertyDeclarations = {
    campaign: { reflect: true },
    api: {},
    partner: {},
    theme: { reflect: true },
    accent: {},
    locale: { attribute: 'lang' },
    refresh: { type: Number },
    recent: { type: Boolean },
    signed: { state: true },
    errors: { state: true },
    message: { state: true },
  };

  /** The campaign's slug. */
  campaign = '';
  /** The API origin; defaults to the origin the widget script came from. */
  api = '';
  /** The partner organisation: attribution, and its own opt-in when the campaign knows it. */
  partner = '';
  /** `light`, `dark` or `auto`. */
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** An accent colour, `#rgb` or `#rrggbb` (the tag's `data-accent`); anything else is ignored. */
  accent = '';
  /** The language (`fr`, `pt-BR`...); else the page's `<html lang>`, else the browser's. */
  locale = '';
  /** Seconds between counter refreshes while the widget is visible. */
  refresh = 15;
  /**
   * Show who just signed, with their consent, under the counter (the tag's `data-recent`), and
   * offer the box to be among them. Drawn by the second chunk, refreshed as the counter is.
   */
  recent = false;

  /** The signing the thank-you is about; null: the form. */
  private signed: Signed | null = null;
  private errors: FieldErrors = {};
  private message = '';
  /** widget.js's second chunk, the thank-you, once loaded (thanks-loader.ts). */
  #thanks: ThanksChunk | null = null;
  /** The recent signatures as last read, and the stop of their refresh (recent-view.ts). */
  #recentList: RecentSigner[] = [];
  #stopRecent: (() => void) | null = null;
  #freshRecent = false;

  readonly #loader = new CampaignController(
    this,
    () => ({
      api: this.api || defaultApi,
      slug: this.campaign,
      languages: this.languages,
      partner: this.partner,
    }),
    (data) => this.#handleLoaded(data),
  );
  readonly #counter = new CounterController(
    this,
    () => this.#target(),
    () => Math.max(0.1, this.refresh) * 1000,
  );
  readonly #submission = new SubmissionController(this, {
    target: () => this.#target(),
    onSigned: (result, body) => this.#handleSigned(result, body),
    onRejected: (error) => this.#handleRejected(error),
  });
  /** Set when the supporter's own action changed the view: focus goes there (see updated). */
  #focusNext: FocusTarget = null;
  /** The signature being sent was saved on an earlier visit. */
  #resumed = false;
  /** The form is to show the saved signature being sent (see updated). */
  #showSaved = false;
  /** A too-weak button contrast was reported once already. */
  #warnedContrast = false;

  #target() {
    return this.campaign ? { api: this.api || defaultApi, slug: this.campaign } : null;
  }

  /** The reader's languages, for the server to choose from (it answers with the one it used). */
  private get languages(): string {
    return readerLanguages(this.locale);
  }

  /** The interface texts, in the language of the answer (only read once there is one). */
  private get strings(): InterfaceStrings {
    return this.data!.strings;
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Lit's change map, not a key of our own: the first update has every property in it.
    if (LOADED_FOR.some((name) => changed.has(name))) this.#loader.request();
    // Set through the CSSOM, which a partner's strict CSP allows (it blocks <style> and style="").
    if (changed.has('accent') && /^#(?:[\da-f]{3}){1,2}$/i.test(this.accent))
      this.style.setProperty('--petition-accent', this.accent);
  }

  /**
   * What needs the rendered DOM: focus, the button's contrast, a saved signature's values; and,
   * once something is drawn, the second chunk.
   */
  protected override updated(): void {
    const focus = this.#focusNext && this.renderRoot.querySelector<HTMLElement>(this.#focusNext);
    this.#focusNext = null;
    if (focus) bringToView(focus);
    const root = this.renderRoot.querySelector<HTMLElement>('.root');
    if (root) this.#warnedContrast = fitButtonText(this, root, this.#warnedContrast);
    if (this.data && !this.#thanks) this.#loadThanks();
    const target = this.#target();
    if (this.#thanks && this.recent && target && !this.#stopRecent) {
      const url = `${target.api}/api/campaigns/${encodeURIComponent(target.slug)}/recent`;
      const fresh = this.#freshRecent;
      this.#freshRecent = false;
      this.#stopRecent = this.#thanks.watchRecent(
        url,
        Math.max(0.1, this.refresh),
        fresh,
        (list) => {
          this.#recentList = list;
          this.requestUpdate();
        },
      );
    }
    const form = this.#showSaved && this.renderRoot.querySelector('form');
    if (form) {
      this.#showSaved = false;
      showSaved(form, this.#submission.pendingBody);
    }
  }

  /**
   * The thank-you's chunk (loaded once for the page); its styles join the shadow root's. A
   * thank-you drawn without it (thanksFallback) is drawn again with it, its focus kept.
   */
  #loadThanks(): void {
    loadThanks(this.api || defaultApi).then(
      (chunk) => {
        if (this.#thanks) return;
        this.#thanks = chunk;
        const root = this.renderRoot as ShadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, chunk.sheet];
        if (root.activeElement?.localName === 'h2') this.#focusNext = 'h2';
        this.requestUpdate();
      },
      () => {},
    );
  }

  /** The campaign's answer: its counter, and the view a returning supporter gets. */
  #handleLoaded(data: CampaignAnswer): void {
    this.#counter.set(data.counter);
    this.signed = signedHere(this.campaign) ? { view: 'remembered', name: '', email: '' } : null;
    this.#resumed = this.#submission.hasPending;
    this.#submission.resumePending();
    if (this.#resumed) this.#showSaved = true;
  }

  /** The campaign's answer, once there is one. */
  private get data(): CampaignAnswer | null {
    return this.#loader.data;
  }

  /** The console's live preview sets it to show texts not saved yet (console/parts/widget-preview.ts). */
  private set data(answer: CampaignAnswer | null) {
    this.#loader.data = answer;
    this.requestUpdate();
  }

  #fields(): FieldName[] {
    return [...REQUIRED_FIELDS, ...(this.data?.fields ?? [])];
  }

  async #showErrors(errors: FieldErrors): Promise<void> {
    this.#setErrors(errors);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }

  /** Shows these errors, and says how many fields need attention (in words, not in colour). */
  #setErrors(errors: FieldErrors): void {
    this.errors = errors;
    this.message = attentionMessage(errors, this.strings);
  }

  /**
   * Once errors show, a field is checked again as it changes (an error it had goes as soon as it
   * is fixed) and when it is left (an error it now has shows), not only at the next submit.
   */
  #handleFieldChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    const name = input.name as FieldName;
    if (
      !this.message ||
      !this.#fields().includes(name) ||
      (event.type === 'input' && !this.errors[name])
    )
      return;
    const code = checkField(name, input.value.trim());
    const { [name]: _old, ...others } = this.errors;
    this.#setErrors(code ? { ...others, [name]: errorMessage(name, code, this.strings) } : others);
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.#submission.state !== 'idle' || !this.data) return;
    const values = new FormData(event.target as HTMLFormElement);
    const errors = formErrors(values, this.#fields(), this.strings);
    if (Object.keys(errors).length) return void this.#showErrors(errors);
    this.errors = {};
    this.message = '';
    this.#submission.submit(signatureBody(values, this.#fields(), this.data, this.partner));
  }

  #handleSigned(result: SignResult, body: string): void {
    // The list is read again at once, past any cache: a supporter who asked to be in it sees it.
    this.#stopRecent?.();
    this.#stopRecent = null;
    this.#freshRecent = true;
    const signed = JSON.parse(body) as { firstName: string; email: string };
    // Waiting for its confirmation, a signature is not remembered as made on this device.
    if (result.status !== 'check_email') rememberSigned(this.campaign);
    this.signed = {
      view:
        result.status === 'check_email'
          ? 'confirm'
          : result.status === 'signed'
            ? 'thanks'
            : 'already',
      name: signed.firstName,
      email: signed.email,
    };
    this.message = '';
    this.#resumed = false;
    this.#focusNext = 'h2';
    this.#counter.set(result.counter);
    this.dispatchEvent(
      new CustomEvent<PetitionSignedDetail>('petition-signed', {
        detail: { campaign: this.campaign, status: result.status, counter: result.counter },
        bubbles: true,
        composed: true,
      }),
    );
  }

  #handleRejected(error: HttpError): void {
    const t = this.strings;
    if (error.status === 422 && error.problem?.errors) {
      // The server's errors go on the same fields, in the same words, as the browser's checks.
      const errors = serverErrors(error.problem.errors, this.#fields(), t);
      if (Object.keys(errors).length) return void this.#showErrors(errors);
    }
    this.#resumed = false;
    if (error.status === 409 && this.data) {
      this.#loader.data = { ...this.data, status: 'closed' };
      this.requestUpdate();
      this.#focusNext = 'h2';
    } else this.message = t.failed;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopRecent?.();
    this.#stopRecent = null;
  }

  /** The counter, and under it the recent signatures when the tag asks for them. */
  #tally(t: InterfaceStrings) {
    const chunk = this.recent && this.#thanks;
    return html`${tallyView(t, this.#counter.counter)}${chunk ? chunk.recentView({ html }, t, this.#recentList) : ''}`;
  }

  #signAnother(): void {
    this.signed = null;
    this.#focusNext = '#firstName';
  }

  /** The thank-you: the chunk's, or until it is there (or if it cannot be had) its heading. */
  #thanksView(t: InterfaceStrings, signed: Signed, title: string) {
    const target = this.#target()!;
    return this.#thanks
      ? this.#thanks.thanksView({ html }, t, {
          signed,
          ...target,
          lang: this.data!.lang,
          title,
          source: page.source,
          update: () => this.requestUpdate(),
          onSignAnother: () => this.#signAnother(),
        })
      : html`<div class="thanks" part="thanks"><h2 tabindex="-1">${t.thankYou}</h2></div>`;
  }

  override render() {
    if (!this.data)
      return loadingView(this.#loader.failed, this.#submission.hasPending, () =>
        this.#loader.load(),
      );
    const t = this.strings;
    const { status, texts } = this.data;
    // One language for the whole widget: the server chose the campaign's texts and the
    // interface's together. The heading asks for a signature only where one can be given.
    return html`<div class="root" part="base" lang=${this.data.lang} dir=${t.dir}>
      ${
        status !== 'open'
          ? html`<div class="thanks closed" part="thanks">
              <h2 tabindex="-1">${t.closed}</h2>
              <p>${t.thankYou}</p>
            </div>
            ${tallyView(t, this.#counter.counter)}${letterView(t, texts)}`
          : !this.signed
            ? html`<h2>${t.heading}</h2>
              ${this.#tally(t)}
              <p>${texts.callToAction}</p>
              ${letterView(t, texts)}${formView(t, {
                texts,
                partner: this.data.partner,
                fields: this.#fields(),
                errors: this.errors,
                state: this.#submission.state,
                resumed: this.#resumed,
                message: this.message,
                recent: this.recent,
                onSubmit: (event) => this.#handleSubmit(event),
                onFieldChange: (event) => this.#handleFieldChange(event),
              })}`
            : html`${this.#thanksView(t, this.signed, texts.title)}${this.#tally(t)}`
      }
    </div>`;
  }
}

/** Registers the element once, however many copies of the script run on the page. */
export function definePetitionWidget(): void {
  if (!customElements.get('petition-widget'))
    customElements.define('petition-widget', PetitionWidget);
}

declare global {
  interface HTMLElementTagNameMap {
    'petition-widget': PetitionWidget;
  }
  interface GlobalEventHandlersEventMap {
    'petition-signed': CustomEvent<PetitionSignedDetail>;
  }
}
