/**
 * `<console-campaign-list>`: every campaign the key may see, with its status and its total,
 * refreshed every 15 seconds while the page is visible (quietly: only a failure is said).
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { tableHead } from '../parts/table-head.ts';
import { count } from '../format.ts';
import { routeHref } from '../router.ts';
import { RefreshController } from '../refresh.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';

export class ConsoleCampaignList extends ConsoleElement {
  static override properties = { api: PROP };
  api!: AdminApi;
  private readonly list = new ApiTask<AdminCampaign[]>(this);

  constructor() {
    super();
    // The controller registers itself with this element (addController), which keeps it.
    new RefreshController(this, () => {
      if (this.list.state !== 'running') void this.load();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    return this.list.run((signal) => this.api.campaigns(signal));
  }

  protected override render() {
    const campaigns = this.list.value;
    return html`<h1 tabindex="-1">Campaigns</h1>
      ${this.api.partner ? '' : html`<p><a href=${routeHref({ view: 'new' })}>New campaign</a></p>`}
      ${campaigns?.length === 0 ? html`<p>No campaigns yet.</p>` : ''}
      ${
        campaigns?.length
          ? html`<table class="campaigns">
            <caption class="visually-hidden">
              Campaigns, their status and their totals (signatures + offset)
            </caption>
            ${tableHead(['Campaign', 'Status', 'Total', 'Goal'], ['Total', 'Goal'])}
            <tbody>
              ${campaigns.map(
                (campaign) =>
                  html`<tr>
                    <th scope="row">
                      <a
                        href=${routeHref({
                          view: 'campaign',
                          slug: campaign.slug,
                          tab: 'overview',
                        })}
                        >${campaign.texts[campaign.defaultLang]?.title ?? campaign.slug}</a
                      >
                      <span class="slug">${campaign.slug}</span>
                    </th>
                    <td>
                      <span class="status status-${campaign.status}">${campaign.status}</span>
                    </td>
                    <td class="number" data-total=${campaign.slug}>
                      ${count(campaign.counter.total)}
                    </td>
                    <td class="number">${campaign.goal === null ? '–' : count(campaign.goal)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : ''
      }
      ${this.list.status({ running: campaigns ? '' : 'Loading campaigns…' })}`;
  }
}

define('console-campaign-list', ConsoleCampaignList);
