/**
 * `<console-campaign-page>`: one campaign: its heading and total, the tabs of its views, and the
 * view the URL names. A view that changes the campaign sends `campaign-changed` with the API's
 * answer, so the heading's total moves at once.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ATTRIBUTE, ConsoleElement, PROP, define } from '../element.ts';
import { count } from '../format.ts';
import { CAMPAIGN_TABS, PARTNER_TABS, routeHref } from '../router.ts';
import type { CampaignTab } from '../router.ts';
import { RefreshController } from '../refresh.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';
import './campaign-overview.ts';
import './campaign-counter.ts';
import './campaign-texts.ts';
import './flagged-list.ts';
import './campaign-data.ts';
import './campaign-places.ts';
import './campaign-partners.ts';
import { erasureSoon } from './campaign-retention.ts';

export class ConsoleCampaignPage extends ConsoleElement {
  static override properties = { api: PROP, slug: ATTRIBUTE, tab: ATTRIBUTE };
  api!: AdminApi;
  slug = '';
  tab: CampaignTab = 'overview';
  private readonly campaign = new ApiTask<AdminCampaign>(this);

  constructor() {
    super();
    // The heading's total stays live; a refresh never replaces a campaign a view just changed.
    // The controller registers itself with this element (addController), which keeps it.
    new RefreshController(this, () => {
      if (this.campaign.state !== 'running') this.load();
    });
  }

  private load(): void {
    void this.campaign.run((signal) =>
      this.api.json<AdminCampaign>(`/campaigns/${segment(this.slug)}`, { signal }),
    );
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('slug') || changed.has('api')) this.load();
  }

  /** The tab last brought into sight in the tabs' row. */
  private scrolledTo = '';

  protected override updated(): void {
    // On a phone the tabs are one row that scrolls sideways (console.css): the current one in sight.
    const current = this.querySelector<HTMLElement>('nav.tabs [aria-current="page"]');
    const row = current?.parentElement;
    if (!current || !row || this.scrolledTo === this.shownTab) return;
    this.scrolledTo = this.shownTab;
    row.scrollLeft = current.offsetLeft - row.offsetLeft - 16;
  }

  private handleChanged(event: CustomEvent<AdminCampaign>): void {
    // A refresh begun before the change would bring back the campaign as it was.
    this.campaign.abort();
    this.campaign.value = event.detail;
    this.requestUpdate();
  }

  /** The tabs this key may open, with their labels. */
  private get tabs(): (readonly [CampaignTab, string])[] {
    if (!this.api.partner) return [...CAMPAIGN_TABS];
    return CAMPAIGN_TABS.filter(([name]) => PARTNER_TABS.includes(name)).map(([name, text]) =>
      name === 'data' ? ([name, 'Your supporters'] as const) : ([name, text] as const),
    );
  }

  /** The tab shown: the one asked for, if this key may open it. */
  private get shownTab(): CampaignTab {
    return this.tabs.some(([name]) => name === this.tab) ? this.tab : 'overview';
  }

  private view(campaign: AdminCampaign) {
    const { api } = this;
    switch (this.shownTab) {
      case 'counter':
        return html`<console-campaign-counter
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-counter>`;
      case 'texts':
        return html`<console-campaign-texts
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-texts>`;
      case 'flagged':
        return html`<console-flagged-list
          .api=${api}
          .campaign=${campaign}
        ></console-flagged-list>`;
      case 'partners':
        return html`<console-campaign-partners
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-partners>`;
      case 'places':
        return html`<console-campaign-places
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-places>`;
      case 'data':
        return html`<console-campaign-data
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-data>`;
      default:
        return html`<console-campaign-overview
          .api=${api}
          .campaign=${campaign}
        ></console-campaign-overview>`;
    }
  }

  protected override render() {
    const campaign = this.campaign.value?.slug === this.slug ? this.campaign.value : undefined;
    const title = campaign?.texts[campaign.defaultLang]?.title ?? this.slug;
    const tabs = this.tabs;
    const label = tabs.find(([name]) => name === this.shownTab)?.[1] ?? '';
    return html`<p class="crumbs"><a href=${routeHref({ view: 'campaigns' })}>Campaigns</a></p>
      <h1 tabindex="-1">${title}<span class="visually-hidden">: ${label}</span></h1>
      ${
        campaign
          ? html`<p class="summary">
              <span class="status status-${campaign.status}">${campaign.status}</span>
              <span><strong class="total">${count(campaign.counter.total)}</strong> total</span>
              <span
                >${count(campaign.counter.signatures)} signatures +
                ${count(campaign.counter.offset)} offset</span
              >
              ${this.api.partner ? html`<span>you: ${this.api.who.scope?.partner}</span>` : ''}
              ${campaign.goal !== null ? html`<span>goal ${count(campaign.goal)}</span>` : ''}
            </p>
            ${erasureSoon(campaign)}
            <nav class="tabs" aria-label="Campaign">
              ${tabs.map(
                ([name, text]) =>
                  html`<a
                    href=${routeHref({ view: 'campaign', slug: this.slug, tab: name })}
                    aria-current=${name === this.shownTab ? 'page' : 'false'}
                    >${text}</a
                  >`,
              )}
              <a href=${routeHref({ view: 'embed', slug: this.slug })}>Embed</a>
            </nav>
            <div @campaign-changed=${this.handleChanged}>${this.view(campaign)}</div>`
          : this.campaign.status({ running: 'Loading the campaign…' })
      }`;
  }
}

define('console-campaign-page', ConsoleCampaignPage);
