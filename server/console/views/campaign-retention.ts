/**
 * `<console-campaign-retention>`: how long the signers' personal data is kept after the campaign
 * closes (`retainDays`); then the server erases names, emails and cities, keeping the counts. The
 * card says when that is due or was done; the campaign page warns in the last 14 days.
 *
 * @event campaign-changed - `CustomEvent<AdminCampaign>`: the campaign as saved.
 */
import { html } from 'lit';
import { ADMIN_LIMITS, RETENTION_WARNING_DAYS } from '../../contract/admin-limits.ts';
import { define } from '../element.ts';
import { when } from '../format.ts';
import { CampaignCard } from '../parts/campaign-card.ts';
import { field } from '../parts/field.ts';
import type { AdminCampaign } from '../types.ts';

/** When the erasure is due (null: erased since closing, or no retention). */
function due(campaign: AdminCampaign): string | null {
  const { eraseAt, dataErasedAt, closedAt } = campaign;
  return dataErasedAt && closedAt && dataErasedAt >= closedAt ? null : eraseAt;
}

/** The campaign page's warning in the last RETENTION_WARNING_DAYS before the erasure, or ''. */
export function erasureSoon(campaign: AdminCampaign) {
  const at = due(campaign);
  if (!at || Date.parse(at) - Date.now() > RETENTION_WARNING_DAYS * 86_400_000) return '';
  return html`<p class="problem" role="status">
    Names, emails and cities will be erased on ${when(at)}: download what you deliver before.
  </p>`;
}

export class ConsoleCampaignRetention extends CampaignCard {
  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const days = String(new FormData(form).get('retainDays') ?? '').trim();
    void this.patchCampaign(form, { retainDays: days === '' ? null : Number(days) });
  }

  protected override render() {
    const { retainDays } = this.campaign;
    const at = due(this.campaign);
    return html`<form name="retention" class="card" novalidate @submit=${this.handleSubmit}>
      <h3>Retention</h3>
      ${field(this.errors, {
        id: 'retain-days',
        name: 'retainDays',
        label: 'Days kept after closing',
        type: 'number',
        value: retainDays === null ? '' : String(retainDays),
        help: `Then the server erases names, emails and cities; counts stay. Empty: no limit.${at ? ` Due ${when(at)}.` : ''}`,
        more: { min: '1', max: String(ADMIN_LIMITS.retainDays), step: '1', inputmode: 'numeric' },
      })}
      <button type="submit" ?disabled=${this.save.state === 'running'}>Save retention</button>
      ${this.errors.summary()} ${this.save.status({ running: 'Saving…', done: 'Saved.' })}
    </form>`;
  }
}

define('console-campaign-retention', ConsoleCampaignRetention);
