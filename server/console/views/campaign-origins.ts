/**
 * `<console-campaign-origins>`: the pages that may collect a campaign's signatures (its
 * `allowedOrigins`), one origin a line. The API's empty list means any page, which reads as "none"
 * to anyone who has not read the docs, so the help says which it is now.
 *
 * @event campaign-changed - `CustomEvent<AdminCampaign>`: the campaign as saved.
 */
import { html } from 'lit';
import { define } from '../element.ts';
import { CampaignCard } from '../parts/campaign-card.ts';
import { field } from '../parts/field.ts';

export class ConsoleCampaignOrigins extends CampaignCard {
  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const lines = String(new FormData(form).get('allowedOrigins') ?? '');
    void this.patchCampaign(form, { allowedOrigins: lines.split(/\s+/).filter(Boolean) });
  }

  protected override render() {
    const origins = this.campaign.allowedOrigins;
    return html`<form name="origins" class="card" novalidate @submit=${this.handleSubmit}>
      <h3>Pages that may collect signatures</h3>
      ${field(this.errors, {
        id: 'origins',
        name: 'allowedOrigins',
        label: 'Origins, one a line',
        rows: 3,
        value: origins.join('\n'),
        dir: 'ltr',
        help: `${origins.length ? 'Only these: a widget on any other page cannot sign.' : 'Empty: any page may.'} An origin looks like https://www.example.org.`,
        more: { spellcheck: 'false' },
      })}
      <button type="submit" ?disabled=${this.save.state === 'running'}>Save pages</button>
      ${this.errors.summary()} ${this.save.status({ running: 'Saving…', done: 'Saved.' })}
    </form>`;
  }
}

define('console-campaign-origins', ConsoleCampaignOrigins);
