/**
 * A card of the Counter and status tab that saves one part of the campaign by PATCH: the refusals
 * go on its fields, and the saved campaign goes up as `campaign-changed`, so the page's heading
 * and every card show it at once. The pages that may sign and the retention are such cards.
 */
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP } from '../element.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';
import { FormErrors } from './form-errors.ts';

export class CampaignCard extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  protected readonly save = new ApiTask<AdminCampaign>(this);
  protected readonly errors = new FormErrors(this);

  /** Sends `json` for `form`; tells the page when it was saved. */
  protected async patchCampaign(form: HTMLFormElement, json: Record<string, unknown>) {
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const saved = await this.errors.submit(form, this.save, (signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json, signal }),
    );
    if (saved)
      this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
  }
}
