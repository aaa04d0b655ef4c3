/**
 * `<console-campaign-overview>`: a campaign's statistics: signatures per day, by partner (by
 * name; a slug no partner has is marked), by city, the flagged pile (what is left to review, as
 * the list its link opens shows, apart from what a person kept flagged) and the opt-in rate, from
 * the stats route (counted signatures only).
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { count, partnerName, reasonWords } from '../format.ts';
import '../parts/bar-table.ts';
import '../parts/day-chart.ts';
import type { WrittenMail } from '../parts/dev-outbox.ts';
import { devOutbox } from '../parts/dev-outbox.ts';
import { routeHref } from '../router.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, CampaignStats, ListOf, PartnerStats, PartnerView } from '../types.ts';

export class ConsoleCampaignOverview extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly stats = new ApiTask<CampaignStats | PartnerStats>(this);
  /** The development outbox (a server without SMTP on loopback; 404, and nothing, elsewhere). */
  private readonly outbox = new ApiTask<WrittenMail[]>(this);
  private partners: PartnerView[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    const base = `/campaigns/${segment(this.campaign.slug)}`;
    void this.stats.run(async (signal) => {
      // A partner key reads its own counts only: no list of partners.
      const [stats, partners] = await Promise.all([
        this.api.json<CampaignStats | PartnerStats>(`${base}/stats`, { signal }),
        this.api.partner
          ? null
          : this.api.json<ListOf<PartnerView>>(`${base}/partners`, { signal }),
      ]);
      this.partners = partners?.data ?? [];
      return stats;
    });
    if (!this.api.partner)
      void this.outbox.run(
        async (signal) =>
          (await this.api.json<ListOf<WrittenMail>>('/mail/outbox', { signal })).data,
      );
  }

  /** What a partner key sees: the counts of the signatures its partner brought. */
  private renderPartner(stats: PartnerStats) {
    const share = (part: number) =>
      stats.signatures ? Math.round((part / stats.signatures) * 100) : 0;
    return html`<h2>Your signatures</h2>
      <ul class="figures">
        <li><strong>${count(stats.signatures)}</strong> counted signatures through your tag</li>
        <li><strong>${share(stats.partnerOptedIn)}%</strong> opted in to hear from you</li>
        <li><strong>${share(stats.optedIn)}%</strong> opted in to the campaign's organiser</li>
      </ul>
      <h3>Signatures per day</h3>
      <console-day-chart .days=${stats.byDay}></console-day-chart>`;
  }

  protected override render() {
    const stats = this.stats.value;
    if (!stats)
      return this.stats.status({
        running: 'Counting… (a large campaign takes a few seconds the first time)',
      });
    if (!('byPartner' in stats)) return this.renderPartner(stats);
    const flaggedHref = routeHref({ view: 'campaign', slug: this.campaign.slug, tab: 'flagged' });
    const reasons = stats.flaggedByReason.map(
      (row) => `${count(row.signatures)} ${reasonWords(row.reason)}`,
    );
    const kept = stats.flagged - stats.flaggedToReview;
    return html`<h2>Overview</h2>
      <ul class="figures">
        <li><strong>${count(stats.signatures)}</strong> counted signatures</li>
        <li><strong>${Math.round(stats.optInRate * 100)}%</strong> opted in to further contact</li>
        <li>
          <strong>${count(stats.flagged)}</strong> flagged, not counted:
          <a href=${flaggedHref}>${count(stats.flaggedToReview)} to review</a>, ${count(kept)} kept
          after review${reasons.length ? ` (${reasons.join(', ')})` : ''}
        </li>
        ${
          this.campaign.verification === 'email' || stats.pending || stats.confirmed
            ? html`<li>
                <strong>${count(stats.pending)}</strong> waiting for email confirmation,
                ${Math.round(stats.confirmationRate * 100)}% confirmed, ${count(stats.bounced)} bounced
              </li>`
            : ''
        }
      </ul>
      <h3>Signatures per day</h3>
      <console-day-chart .days=${stats.byDay}></console-day-chart>
      ${devOutbox(this.outbox.value)}
      <div class="columns">
        <console-bar-table
          caption="By partner"
          heading="Partner"
          .rows=${stats.byPartner.map((row) => ({
            label: partnerName(row.partner, this.partners),
            value: row.signatures,
          }))}
        ></console-bar-table>
        <console-bar-table
          caption="By city"
          heading="City"
          .rows=${stats.byCity.map((row) => ({
            label: row.country ? `${row.city} (${row.country})` : row.city,
            value: row.signatures,
          }))}
        ></console-bar-table>
      </div>`;
  }
}

define('console-campaign-overview', ConsoleCampaignOverview);
