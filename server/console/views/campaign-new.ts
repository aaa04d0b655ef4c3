/**
 * `<console-campaign-new>`: a new campaign: its slug, its target, its default language and the
 * texts in that language (the API needs them). It starts as a draft, hidden from the public,
 * and opens on its page, where its status, goal, offset and other languages are set.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { ConsoleElement, PROP } from '../element.ts';
import { EMPTY_TEXTS, textFields, textsOf } from '../parts/text-fields.ts';
import { routeHref } from '../router.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';

export class ConsoleCampaignNew extends ConsoleElement {
  static override properties = { api: PROP };
  api!: AdminApi;
  private readonly create = new ApiTask<AdminCampaign>(this);

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const defaultLang = text('defaultLang');
    const json = {
      slug: text('slug'),
      target: text('target'),
      defaultLang,
      texts: { [defaultLang]: textsOf(form) },
    };
    const created = await this.create.run((signal) =>
      this.api.json<AdminCampaign>('/campaigns', { method: 'POST', json, signal }),
    );
    if (created)
      location.hash = routeHref({ view: 'campaign', slug: created.slug, tab: 'counter' });
  }

  protected override render() {
    return html`<p class="crumbs"><a href=${routeHref({ view: 'campaigns' })}>Campaigns</a></p>
      <h1 tabindex="-1">New campaign</h1>
      <form class="texts new-campaign" @submit=${this.handleSubmit}>
        <label for="new-slug"
          >Slug (its address: /api/campaigns/<em>slug</em>, data-campaign)</label
        >
        <input
          id="new-slug"
          name="slug"
          required
          maxlength=${ADMIN_LIMITS.slug}
          autocomplete="off"
          aria-describedby="new-slug-help"
        />
        <p id="new-slug-help" class="help">
          Lower-case letters, digits and dashes, as in clean-water-2027.
        </p>
        <label for="new-target">Target (who receives the signatures)</label>
        <input id="new-target" name="target" required maxlength=${ADMIN_LIMITS.target} />
        <label for="new-lang">Default language (a tag: en, fr, es…)</label>
        <input
          id="new-lang"
          name="defaultLang"
          required
          maxlength="20"
          value="en"
          autocomplete="off"
        />
        <h2>Texts in the default language</h2>
        ${textFields(EMPTY_TEXTS)}
        <div class="actions">
          <button type="submit" ?disabled=${this.create.state === 'running'}>
            Create the campaign (as a draft)
          </button>
        </div>
        ${this.create.status({ running: 'Creating…' })}
      </form>`;
  }
}

if (!customElements.get('console-campaign-new'))
  customElements.define('console-campaign-new', ConsoleCampaignNew);
