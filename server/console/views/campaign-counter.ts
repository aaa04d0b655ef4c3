/**
 * `<console-campaign-counter>`: the public counter's parts an admin decides: the status, the goal
 * (campaign-goal.ts), the pages that may collect signatures (campaign-origins.ts), the retention
 * after closing (campaign-retention.ts) and the offset (only with a reason,
 * which the audit trail keeps; the field empties once saved, so the next change never reuses it
 * unseen), and that trail itself, as sentences.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { CAMPAIGN_STATUSES } from '../../contract/public.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { auditSentence } from '../parts/audit-sentence.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { count, when } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, AdminKeyInfo, AuditEntry, ListOf, PartnerView } from '../types.ts';
import './campaign-goal.ts';
import './campaign-origins.ts';
import './campaign-retention.ts';

/** The trail, and what its sentences name: keys by label, partners by name. */
interface Trail {
  entries: AuditEntry[];
  keys: AdminKeyInfo[];
  partners: PartnerView[];
}

export class ConsoleCampaignCounter extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly audit = new ApiTask<Trail>(this);
  private readonly save = new ApiTask<AdminCampaign>(this);
  private readonly errors = new FormErrors(this);
  /** Which form the last save came from, so its outcome shows beside it. */
  private saving = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAudit();
  }

  private loadAudit() {
    return this.audit.run(async (signal) => {
      const base = `/campaigns/${segment(this.campaign.slug)}`;
      const [entries, keys, partners] = await Promise.all(
        [`${base}/audit`, '/keys', `${base}/partners`].map((path) =>
          this.api.json<ListOf<never>>(path, { signal }).then((answer) => answer.data),
        ),
      );
      return { entries, keys, partners };
    });
  }

  private async patch(form: HTMLFormElement, body: Record<string, unknown>): Promise<void> {
    this.saving = form.name;
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const saved = await this.errors.submit(form, this.save, (signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json: body, signal }),
    );
    if (!saved) return;
    // The reason was this change's: the next change gives its own.
    const reason = form.elements.namedItem('offsetReason');
    if (reason instanceof HTMLInputElement) reason.value = '';
    this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
    void this.loadAudit();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    if (form.name === 'status') void this.patch(form, { status: text('status') });
    if (form.name === 'verification')
      void this.patch(form, {
        verification: text('verification'),
        senderName: text('senderName') || null,
      });
    if (form.name === 'offset') {
      void this.patch(form, {
        offset: Number(text('offset')),
        offsetReason: text('offsetReason'),
      });
    }
  }

  private outcome(form: string) {
    if (this.saving !== form) return '';
    return html`${this.errors.summary()} ${this.save.status({ running: 'Saving…', done: 'Saved.' })}`;
  }

  protected override render() {
    const { campaign, errors } = this;
    const busy = this.save.state === 'running';
    const trail = this.audit.value;
    const number = { min: '0', step: '1', inputmode: 'numeric' };
    return html`<h2>Counter and status</h2>
      <p>
        The public total is the counted signatures plus the offset:
        ${count(campaign.counter.signatures)} + ${count(campaign.offset)} =
        <strong>${count(campaign.counter.total)}</strong>.
      </p>
      <div class="columns">
        <form name="status" class="card" novalidate @submit=${this.handleSubmit}>
          <h3>Status</h3>
          ${field(errors, {
            id: 'status',
            name: 'status',
            label: 'Status',
            value: campaign.status,
            options: CAMPAIGN_STATUSES.map((status) => [status, status] as const),
            help: 'Only an open campaign takes signatures; a draft is hidden from the public.',
          })}
          <button type="submit" ?disabled=${busy}>Save status</button>
          ${this.outcome('status')}
        </form>
        <console-campaign-goal .api=${this.api} .campaign=${campaign}></console-campaign-goal>
        <console-campaign-origins .api=${this.api} .campaign=${campaign}></console-campaign-origins>
        <console-campaign-retention
          .api=${this.api}
          .campaign=${campaign}
        ></console-campaign-retention>
        <form name="verification" class="card" novalidate @submit=${this.handleSubmit}>
          <h3>Email confirmation</h3>
          ${field(errors, {
            id: 'verification',
            name: 'verification',
            label: 'Signatures count',
            value: campaign.verification,
            options: [
              ['email', 'once confirmed by email'],
              ['none', 'at once'],
            ],
            help: 'By a link mailed to the supporter.',
          })}
          ${field(errors, {
            id: 'sender-name',
            name: 'senderName',
            label: 'Mails come from',
            value: campaign.senderName ?? '',
            max: 100,
          })}
          <button type="submit" ?disabled=${busy}>Save</button>
          ${this.outcome('verification')}
        </form>
        <form name="offset" class="card" novalidate @submit=${this.handleSubmit}>
          <h3>Offset</h3>
          ${field(errors, {
            id: 'offset',
            name: 'offset',
            label: 'Offset',
            type: 'number',
            value: String(campaign.offset),
            required: true,
            more: number,
          })}
          ${field(errors, {
            id: 'offset-reason',
            name: 'offsetReason',
            label: 'Reason for the change',
            required: true,
            max: ADMIN_LIMITS.reason,
            help: 'Signatures gathered elsewhere (paper, another site). The counter is public: every change keeps its reason in the audit trail.',
          })}
          <button type="submit" ?disabled=${busy}>Change the offset</button>
          ${this.outcome('offset')}
        </form>
      </div>
      <h3 id="audit-title">Audit trail</h3>
      ${
        trail?.entries.length
          ? html`<ol class="audit" aria-labelledby="audit-title" reversed>
            ${[...trail.entries].reverse().map(
              (entry) =>
                html`<li>
                  <time datetime=${entry.at}>${when(entry.at)}</time>
                  ${auditSentence(entry, trail.keys, trail.partners)}
                </li>`,
            )}
          </ol>`
          : ''
      }
      ${trail?.entries.length === 0 ? html`<p>No change recorded yet.</p>` : ''}
      ${this.audit.status({ running: 'Loading the audit trail…' })}`;
  }
}

define('console-campaign-counter', ConsoleCampaignCounter);
