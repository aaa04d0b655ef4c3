/**
 * `<console-campaign-origins>`: the pages that may collect a campaign's signatures (its
 * `allowedOrigins`), one origin a line. The API's empty list means any page, which reads as "none"
 * to anyone who has not read the docs, so the help says which it is now.
 *
 * @event campaign-changed - `CustomEvent<AdminCampaign>`: the campaign as saved.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP } from '../element.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign } from '../types.ts';

export class ConsoleCampaignOrigins extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly save = new ApiTask<AdminCampaign>(this);

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const lines = String(new FormData(event.target as HTMLFormElement).get('origins') ?? '');
    const allowedOrigins = lines.split(/\s+/).filter(Boolean);
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const saved = await this.save.run((signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json: { allowedOrigins }, signal }),
    );
    if (saved)
      this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
  }

  protected override render() {
    const origins = this.campaign.allowedOrigins;
    return html`<form name="origins" class="card" @submit=${this.handleSubmit}>
      <h3>Pages that may collect signatures</h3>
      <label for="origins">Origins, one a line</label>
      <textarea
        id="origins"
        name="origins"
        rows="3"
        spellcheck="false"
        aria-describedby="origins-help"
        .value=${origins.join('\n')}
      ></textarea>
      <p id="origins-help" class="help">
        ${origins.length ? 'Only these: a widget on any other page cannot sign.' : 'Empty: any page may.'}
        An origin looks like https://www.example.org.
      </p>
      <button type="submit" ?disabled=${this.save.state === 'running'}>Save pages</button>
      ${this.save.status({ running: 'Saving…', done: 'Saved.' })}
    </form>`;
  }
}

if (!customElements.get('console-campaign-origins'))
  customElements.define('console-campaign-origins', ConsoleCampaignOrigins);
