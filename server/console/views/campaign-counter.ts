/**
 * `<console-campaign-counter>`: the public counter's parts an admin decides: the status, the goal,
 * the pages that may collect signatures (campaign-origins.ts) and the offset (only with a reason,
 * which the audit trail keeps), and that trail itself.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { CAMPAIGN_STATUSES } from '../../contract/public.ts';
import { ConsoleElement, PROP } from '../element.ts';
import { tableHead } from '../parts/table-head.ts';
import { count, when } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, AuditEntry, ListOf } from '../types.ts';
import './campaign-origins.ts';

const ACTIONS: Record<AuditEntry['action'], string> = {
  create: 'created',
  offset: 'offset changed',
  erasure: 'signature erased',
  flag: 'signature flagged',
  unflag: 'flagged signature counted',
  keep: 'kept flagged after review',
  partner_create: 'partner added',
  partner_update: 'partner changed',
  partner_delete: 'partner removed',
};

export class ConsoleCampaignCounter extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly audit = new ApiTask<AuditEntry[]>(this);
  private readonly save = new ApiTask<AdminCampaign>(this);
  /** Which form the last save came from, so its outcome shows beside it. */
  private saving = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAudit();
  }

  private loadAudit() {
    return this.audit.run(async (signal) => {
      const path = `/campaigns/${segment(this.campaign.slug)}/audit`;
      return (await this.api.json<ListOf<AuditEntry>>(path, { signal })).data;
    });
  }

  private async patch(form: string, body: Record<string, unknown>): Promise<void> {
    this.saving = form;
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const saved = await this.save.run((signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json: body, signal }),
    );
    if (!saved) return;
    this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
    void this.loadAudit();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    if (form.name === 'status') void this.patch('status', { status: text('status') });
    if (form.name === 'goal')
      void this.patch('goal', { goal: text('goal') === '' ? null : Number(text('goal')) });
    if (form.name === 'offset') {
      void this.patch('offset', {
        offset: Number(text('offset')),
        offsetReason: text('offsetReason'),
      });
    }
  }

  private outcome(form: string) {
    return this.saving === form ? this.save.status({ running: 'Saving…', done: 'Saved.' }) : '';
  }

  protected override render() {
    const { campaign } = this;
    const busy = this.save.state === 'running';
    return html`<h2>Counter and status</h2>
      <p>
        The public total is the counted signatures plus the offset:
        ${count(campaign.counter.signatures)} + ${count(campaign.offset)} =
        <strong>${count(campaign.counter.total)}</strong>.
      </p>
      <div class="columns">
        <form name="status" class="card" @submit=${this.handleSubmit}>
          <h3>Status</h3>
          <label for="status">Status</label>
          <select id="status" name="status" aria-describedby="status-help">
            ${CAMPAIGN_STATUSES.map(
              (status) => html`<option ?selected=${status === campaign.status}>${status}</option>`,
            )}
          </select>
          <p id="status-help" class="help">
            Only an open campaign takes signatures; a draft is hidden from the public.
          </p>
          <button type="submit" ?disabled=${busy}>Save status</button>
          ${this.outcome('status')}
        </form>
        <form name="goal" class="card" @submit=${this.handleSubmit}>
          <h3>Goal</h3>
          <label for="goal">Goal</label>
          <input
            id="goal"
            name="goal"
            type="number"
            min="1"
            step="1"
            inputmode="numeric"
            .value=${campaign.goal === null ? '' : String(campaign.goal)}
            aria-describedby="goal-help"
          />
          <p id="goal-help" class="help">
            Leave empty for no goal (the widget then draws no progress bar).
          </p>
          <button type="submit" ?disabled=${busy}>Save goal</button>
          ${this.outcome('goal')}
        </form>
        <console-campaign-origins .api=${this.api} .campaign=${campaign}></console-campaign-origins>
        <form name="offset" class="card" @submit=${this.handleSubmit}>
          <h3>Offset</h3>
          <label for="offset">Offset</label>
          <input
            id="offset"
            name="offset"
            type="number"
            min="0"
            step="1"
            inputmode="numeric"
            required
            .value=${String(campaign.offset)}
            aria-describedby="offset-help"
          />
          <label for="offset-reason">Reason for the change</label>
          <input
            id="offset-reason"
            name="offsetReason"
            required
            maxlength=${ADMIN_LIMITS.reason}
            aria-describedby="offset-help"
          />
          <p id="offset-help" class="help">
            Signatures gathered elsewhere (paper, another site). The counter is public: every change
            keeps its reason in the audit trail.
          </p>
          <button type="submit" ?disabled=${busy}>Change the offset</button>
          ${this.outcome('offset')}
        </form>
      </div>
      <h3>Audit trail</h3>
      ${
        this.audit.value?.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label="Audit trail">
            <table class="stack">
              ${tableHead(
                ['When (UTC)', 'What', 'Who', 'Before', 'After', 'Reason'],
                ['Before', 'After'],
              )}
              <tbody>
                ${[...this.audit.value].reverse().map(
                  (entry) =>
                    html`<tr>
                      <td data-label="When">${when(entry.at)}</td>
                      <td data-label="What">
                        ${ACTIONS[entry.action] ?? entry.action}
                        ${entry.signatureId === null ? '' : ` #${entry.signatureId}`}
                        ${entry.flag === null ? '' : ` (${entry.flag})`}
                      </td>
                      <td data-label="Who">
                        ${entry.keyId === null ? entry.actor : `${entry.actor} key #${entry.keyId}`}
                      </td>
                      <td data-label="Before" class="number">
                        ${entry.oldValue === null ? '–' : count(entry.oldValue)}
                      </td>
                      <td data-label="After" class="number">
                        ${entry.newValue === null ? '–' : count(entry.newValue)}
                      </td>
                      <td data-label="Reason">${entry.reason ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : ''
      }
      ${this.audit.value?.length === 0 ? html`<p>No change recorded yet.</p>` : ''}
      ${this.audit.status({ running: 'Loading the audit trail…' })}`;
  }
}

if (!customElements.get('console-campaign-counter'))
  customElements.define('console-campaign-counter', ConsoleCampaignCounter);
