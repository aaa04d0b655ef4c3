/**
 * `<console-campaign-new>`: a new campaign: its slug, its target, its default language (one the
 * server speaks) and the texts in that language (the API needs them), typed in its direction. It
 * starts as a draft, hidden from the public, and opens on its page, where its status, goal,
 * offset and other languages are set.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi, ServerLanguage } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { languageName } from '../format.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { EMPTY_TEXTS, textFields, textsOf } from '../parts/text-fields.ts';
import { routeHref } from '../router.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';

export class ConsoleCampaignNew extends ConsoleElement {
  static override properties = { api: PROP, textLang: STATE };
  api!: AdminApi;
  /** The default language chosen: the texts below are typed in it. */
  private textLang = 'en';
  private readonly spoken = new ApiTask<ServerLanguage[]>(this);
  private readonly create = new ApiTask<AdminCampaign>(this);
  private readonly errors = new FormErrors(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.spoken.run(() => this.api.languages());
  }

  private handleChange(event: Event): void {
    const control = event.target as HTMLSelectElement;
    if (control.name === 'defaultLang') this.textLang = control.value;
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const json = {
      slug: text('slug'),
      target: text('target'),
      defaultLang: this.textLang,
      texts: { [this.textLang]: textsOf(form) },
    };
    const created = await this.errors.submit(form, this.create, (signal) =>
      this.api.json<AdminCampaign>('/campaigns', { method: 'POST', json, signal }),
    );
    if (created)
      location.hash = routeHref({ view: 'campaign', slug: created.slug, tab: 'counter' });
  }

  protected override render() {
    const spoken = this.spoken.value;
    const errors = this.errors;
    const dir = spoken?.find((language) => language.tag === this.textLang)?.dir ?? 'ltr';
    return html`<p class="crumbs"><a href=${routeHref({ view: 'campaigns' })}>Campaigns</a></p>
      <h1 tabindex="-1">New campaign</h1>
      ${
        spoken
          ? html`<form
            class="texts new-campaign"
            novalidate
            @submit=${this.handleSubmit}
            @change=${this.handleChange}
          >
            ${field(errors, {
              id: 'new-slug',
              name: 'slug',
              label: html`Slug (its address: /api/campaigns/<em>slug</em>, data-campaign)`,
              help: 'Lower-case letters, digits and dashes, as in clean-water-2027.',
              required: true,
              max: ADMIN_LIMITS.slug,
              more: { autocomplete: 'off' },
            })}
            ${field(errors, {
              id: 'new-target',
              name: 'target',
              label: 'Target (who receives the signatures)',
              required: true,
              max: ADMIN_LIMITS.target,
            })}
            ${field(errors, {
              id: 'new-lang',
              name: 'defaultLang',
              label: 'Default language',
              value: this.textLang,
              options: spoken.map(({ tag }) => [tag, languageName(tag)] as const),
              more: { autocomplete: 'off' },
            })}
            <h2>Texts in the default language</h2>
            ${textFields(EMPTY_TEXTS, errors, this.textLang, dir)}
            <div class="actions">
              <button type="submit" ?disabled=${this.create.state === 'running'}>
                Create the campaign (as a draft)
              </button>
            </div>
            ${errors.summary()} ${this.create.status({ running: 'Creating…' })}
          </form>`
          : this.spoken.status({ running: 'Loading the languages…' })
      }`;
  }
}

define('console-campaign-new', ConsoleCampaignNew);
