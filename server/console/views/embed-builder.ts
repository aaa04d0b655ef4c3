/**
 * `<console-embed-builder>`: campaign, language, partner (one of the campaign's: a typed slug
 * would count signatures for nobody and show no partner box), theme and accent colour in; the tag
 * to paste out, copied with one click, and the real widget beside it drawn with those choices.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ATTRIBUTE, ConsoleElement, PROP, STATE, define } from '../element.ts';
import { languageName } from '../format.ts';
import type { EmbedChoices } from '../parts/embed-tag.ts';
import { copyField } from '../parts/copy.ts';
import { embedTag } from '../parts/embed-tag.ts';
import '../parts/widget-preview.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, ListOf, PartnerView } from '../types.ts';

/** The widget's own accent, shown in the colour picker until one is chosen. */
const DEFAULT_ACCENT = '#0b57d0';

export class ConsoleEmbedBuilder extends ConsoleElement {
  static override properties = { api: PROP, slug: ATTRIBUTE, choices: STATE, copied: STATE };
  api!: AdminApi;
  /** The campaign chosen first (from a campaign's page), if any. */
  slug = '';
  private choices: EmbedChoices = {
    campaign: '',
    lang: '',
    partner: '',
    theme: 'light',
    accent: '',
  };
  private copied = '';
  private readonly campaigns = new ApiTask<AdminCampaign[]>(this);
  private readonly partners = new ApiTask<PartnerView[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.campaigns.run(async (signal) => {
      const list = await this.api.campaigns(signal);
      const chosen =
        list.find((campaign) => campaign.slug === this.slug) ??
        list.find((campaign) => campaign.status === 'open') ??
        list[0];
      // A partner's tag carries its own partner slug.
      const partner = this.api.who.scope?.partner ?? '';
      if (chosen) {
        this.choices = { ...this.choices, campaign: chosen.slug, partner };
        this.loadPartners(chosen.slug);
      }
      return list;
    });
  }

  /** The campaign's partners to choose from (a partner key's tag is its own: it reads no list). */
  private loadPartners(campaign: string): void {
    if (this.api.partner) return;
    const path = `/campaigns/${segment(campaign)}/partners`;
    void this.partners.run(
      async (signal) => (await this.api.json<ListOf<PartnerView>>(path, { signal })).data,
    );
  }

  private handleInput(event: Event): void {
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const accent = values.get('useAccent') === 'on' ? text('accent') : '';
    const campaign = text('campaign');
    const moved = campaign !== this.choices.campaign;
    if (moved) this.loadPartners(campaign);
    this.choices = {
      campaign,
      // Another campaign has other partners; a partner key's own is fixed.
      lang: moved ? '' : text('lang'),
      partner: this.api.who.scope?.partner ?? (moved ? '' : text('partner')),
      theme: text('theme') as EmbedChoices['theme'],
      accent,
    };
    this.copied = '';
  }

  private async handleCopy(): Promise<void> {
    const tag = this.querySelector<HTMLTextAreaElement>('#embed-tag')!;
    this.copied = await copyField(tag, 'paste it into the page where the petition should appear');
  }

  protected override render() {
    const list = this.campaigns.value ?? [];
    const { choices } = this;
    const tag = choices.campaign ? embedTag(location.origin, choices) : '';
    // The languages the chosen campaign has texts in.
    const chosen = list.find((campaign) => campaign.slug === choices.campaign);
    const languages = chosen ? Object.keys(chosen.texts) : [];
    const own = this.api.who.scope?.partner;
    const partners: [string, string][] = own
      ? [[own, own]]
      : [
          ['', 'None (your own page)'],
          ...(this.partners.value ?? []).map(({ slug, name }): [string, string] => [slug, name]),
        ];
    return html`<h1 tabindex="-1">Embed builder</h1>
      ${this.campaigns.status({ running: 'Loading campaigns…' })}
      <div class="editor">
        <form
          class="embed"
          @input=${this.handleInput}
          @change=${this.handleInput}
          @submit=${(event: Event) => event.preventDefault()}
        >
          <label for="embed-campaign">Campaign</label>
          <select id="embed-campaign" name="campaign">
            ${list.map(
              (campaign) =>
                html`<option value=${campaign.slug} ?selected=${campaign.slug === choices.campaign}>
                  ${campaign.slug} (${campaign.status})
                </option>`,
            )}
          </select>
          <label for="embed-lang">Language</label>
          <select id="embed-lang" name="lang" aria-describedby="embed-lang-help">
            <option value="">The page's language</option>
            ${languages.map(
              (lang) =>
                html`<option value=${lang} ?selected=${lang === choices.lang}>
                  ${languageName(lang)}
                </option>`,
            )}
          </select>
          <p id="embed-lang-help" class="help">
            Without one, the widget follows the page's &lt;html lang&gt;, then the browser's.
          </p>
          <label for="embed-partner">Partner</label>
          <select
            id="embed-partner"
            name="partner"
            aria-describedby="embed-partner-help"
            ?disabled=${this.api.partner}
          >
            ${partners.map(
              ([slug, name]) =>
                html`<option value=${slug} ?selected=${slug === choices.partner}>${name}</option>`,
            )}
          </select>
          <p id="embed-partner-help" class="help">
            Signatures through this tag are counted for this partner, and its own opt-in box is
            shown. Partners are added in a campaign's Partners tab.
          </p>
          <fieldset>
            <legend>Theme</legend>
            ${(['light', 'dark', 'auto'] as const).map(
              (theme) =>
                html`<label class="choice"
                  ><input
                    type="radio"
                    name="theme"
                    value=${theme}
                    ?checked=${theme === choices.theme}
                  />
                  ${theme}</label
                >`,
            )}
          </fieldset>
          <label class="choice"
            ><input type="checkbox" name="useAccent" ?checked=${!!choices.accent} /> Own accent
            colour</label
          >
          <label for="embed-accent">Accent colour</label>
          <input
            id="embed-accent"
            name="accent"
            type="color"
            value=${DEFAULT_ACCENT}
            aria-describedby="embed-accent-help"
          />
          <p id="embed-accent-help" class="help">
            Used when "Own accent colour" is ticked: buttons, the opt-in box, the goal bar.
          </p>
          <label for="embed-tag">The tag to paste</label>
          <textarea id="embed-tag" readonly rows="4" .value=${tag}></textarea>
          <div class="actions">
            <button type="button" @click=${this.handleCopy} ?disabled=${!tag}>Copy the tag</button>
          </div>
          <p role="status" class="done">${this.copied}</p>
        </form>
        <section class="preview" aria-label="Live preview">
          <h2>As a partner's page shows it</h2>
          ${
            choices.campaign
              ? html`<console-widget-preview
                inert
                campaign=${choices.campaign}
                language=${choices.lang}
                partner=${choices.partner}
                theme=${choices.theme}
                accent=${choices.accent}
              ></console-widget-preview>`
              : ''
          }
        </section>
      </div>`;
  }
}

define('console-embed-builder', ConsoleEmbedBuilder);
