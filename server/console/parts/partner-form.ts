/**
 * `<console-partner-form>`: a partner of a campaign, added or changed: its slug (when added), its
 * name, its privacy policy and its opt-in text in each of the campaign's languages, each typed in
 * its language's direction. Changing one sends only what the API may change (PATCH: the texts are
 * replaced language by language, so a language it has a text in keeps one).
 *
 * @event partner-saved - `CustomEvent<PartnerView>`: the partner as the API saved it.
 * @event partner-cancel - the change was given up.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi, ServerLanguage } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { languageName } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { PartnerView } from '../types.ts';
import { field } from './field.ts';
import { FormErrors } from './form-errors.ts';
import { HTTP_ADDRESS } from './text-fields.ts';

export class ConsolePartnerForm extends ConsoleElement {
  static override properties = { api: PROP, base: PROP, partner: PROP, languages: PROP };
  api!: AdminApi;
  /** The partners' path of the campaign (/campaigns/{slug}/partners). */
  base = '';
  /** The partner to change; null to add one. */
  partner: PartnerView | null = null;
  /** The campaign's languages, the default first, with their direction. */
  languages: ServerLanguage[] = [];
  private readonly save = new ApiTask<PartnerView>(this);
  private readonly errors = new FormErrors(this);

  protected override willUpdate(changed: Map<string, unknown>): void {
    // Another partner (or none): the last one's problems are not this one's.
    if (changed.has('partner')) this.errors.clear();
  }

  protected override updated(changed: Map<string, unknown>): void {
    // Changing a partner starts at its name (the form is below the list).
    if (changed.has('partner') && this.partner)
      this.querySelector<HTMLElement>('#partner-edit-name')?.focus();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const texts = values.getAll('optInText').map((text) => String(text).trim());
    const optInText = Object.fromEntries(
      this.languages.map(({ tag }, index) => [tag, texts[index]]).filter(([, text]) => text),
    );
    const json = {
      ...(this.partner ? {} : { slug: String(values.get('slug')).trim() }),
      name: String(values.get('name')).trim(),
      privacyUrl: String(values.get('privacyUrl')).trim(),
      optInText,
    };
    const { partner } = this;
    const path = partner ? `${this.base}/${segment(partner.slug)}` : this.base;
    const method = partner ? 'PATCH' : 'POST';
    const saved = await this.errors.submit(form, this.save, (signal) =>
      this.api.json<PartnerView>(path, { method, json, signal }),
    );
    if (!saved) return;
    form.reset();
    this.dispatchEvent(new CustomEvent('partner-saved', { detail: saved, bubbles: true }));
  }

  protected override render() {
    const { partner, errors } = this;
    const id = partner ? 'partner-edit' : 'partner';
    const busy = this.save.state === 'running';
    return html`<form class="card ${id}" novalidate @submit=${this.handleSubmit}>
      <h3>${partner ? `Change ${partner.name}` : 'Add a partner'}</h3>
      ${
        partner
          ? ''
          : field(errors, {
              id: 'partner-slug',
              name: 'slug',
              label: 'Slug (what its tag sends as data-partner)',
              help: 'Lower-case letters, digits and dashes, as in oxfam-canada.',
              required: true,
              max: ADMIN_LIMITS.slug,
              more: { autocomplete: 'off' },
            })
      }
      ${field(errors, {
        id: `${id}-name`,
        name: 'name',
        label: 'Name',
        value: partner?.name,
        required: true,
        max: ADMIN_LIMITS.partnerName,
        dir: 'auto',
      })}
      ${field(errors, {
        id: `${id}-privacy`,
        name: 'privacyUrl',
        label: 'Privacy policy URL',
        value: partner?.privacyUrl,
        type: 'url',
        required: true,
        max: ADMIN_LIMITS.url,
        dir: 'ltr',
        more: { pattern: 'https?://.+', title: HTTP_ADDRESS },
      })}
      ${this.languages.map(({ tag, dir }, index) =>
        field(errors, {
          id: `${id}-opt-in-${tag}`,
          name: 'optInText',
          label: `Opt-in text in ${languageName(tag)}`,
          value: partner?.optInText[tag],
          rows: 3,
          // The API replaces texts language by language: one it has stays; a new partner needs one.
          required: partner ? !!partner.optInText[tag] : index === 0,
          max: ADMIN_LIMITS.optInText,
          lang: tag,
          dir,
        }),
      )}
      <button type="submit" ?disabled=${busy}>${partner ? 'Save the partner' : 'Add the partner'}</button>
      ${
        partner
          ? html`<button
            type="button"
            class="quiet"
            @click=${() => this.dispatchEvent(new Event('partner-cancel', { bubbles: true }))}
          >
            Cancel
          </button>`
          : ''
      }
      ${errors.summary()} ${this.save.status({ running: 'Saving…' })}
    </form>`;
  }
}

define('console-partner-form', ConsolePartnerForm);
