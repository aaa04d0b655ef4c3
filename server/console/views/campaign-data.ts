/**
 * `<console-campaign-data>`: the two exports and the erasure search of a campaign.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import '../parts/export-download.ts';
import type { AdminCampaign } from '../types.ts';
import './erasure-search.ts';

export class ConsoleCampaignData extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;

  /** A partner key exports the supporters its partner brought who opted in to it; nothing else. */
  private renderPartner(base: string) {
    return html`<h2>Your supporters</h2>
      <p class="help">
        The people who signed through your tag and opted in to hear from you, with what they
        consented to and when.
      </p>
      <console-export-download
        .api=${this.api}
        path="${base}/signatures.csv"
        label="Download your supporters (CSV)"
      ></console-export-download>`;
  }

  protected override render() {
    const base = `/campaigns/${segment(this.campaign.slug)}`;
    if (this.api.partner) return this.renderPartner(base);
    return html`<h2>Exports and erasure</h2>
      <div class="columns">
        <section class="card" aria-labelledby="export-full">
          <h3 id="export-full">Everything</h3>
          <p class="help">
            Every signature with every column, flagged ones included: personal data, keep it safe.
          </p>
          <console-export-download
            .api=${this.api}
            path="${base}/signatures.csv"
            label="Download the full CSV"
          ></console-export-download>
        </section>
        <section class="card" aria-labelledby="export-delivery">
          <h3 id="export-delivery">For delivery</h3>
          <p class="help">Only name and city of counted signatures: what the target receives.</p>
          <console-export-download
            .api=${this.api}
            path="${base}/delivery.csv"
            label="Download the delivery CSV"
          ></console-export-download>
          <console-export-download
            .api=${this.api}
            path="${base}/delivery.pdf"
            label="Download the delivery pack (PDF)"
          ></console-export-download>

        </section>
      </div>
      <console-erasure-search
        .api=${this.api}
        .campaign=${this.campaign}
      ></console-erasure-search>`;
  }
}

define('console-campaign-data', ConsoleCampaignData);
