/**
 * `<console-webhook-deliveries>`: one hook's recent deliveries (newest first) with their last
 * attempt, and the resend of one that failed or still waits (which also re-enables a hook the
 * worker disabled: resending says the receiver is fixed).
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { when } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { DeliveryView } from '../types.ts';
import { tableHead } from './table-head.ts';

export class ConsoleWebhookDeliveries extends ConsoleElement {
  static override properties = { api: PROP, hook: { type: Number } };
  api!: AdminApi;
  hook = 0;
  private readonly list = new ApiTask<DeliveryView[]>(this);
  private readonly resend = new ApiTask<unknown>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    const path = `/webhooks/${segment(this.hook)}/deliveries`;
    return this.list.run(
      async (signal) => (await this.api.json<{ data: DeliveryView[] }>(path, { signal })).data,
    );
  }

  private async handleResend(delivery: DeliveryView): Promise<void> {
    const path = `/webhooks/${segment(this.hook)}/deliveries/${segment(delivery.id)}/resend`;
    if (await this.resend.run((signal) => this.api.json(path, { method: 'POST', signal })))
      void this.load();
  }

  private lastAttempt(delivery: DeliveryView): string {
    const last = delivery.attempts[0];
    if (!last) return 'not tried yet';
    const answer = last.status === null ? (last.error ?? 'no answer') : `HTTP ${last.status}`;
    return `${answer} at ${when(last.at)} (${delivery.attempts.length} tried)`;
  }

  protected override render() {
    const deliveries = this.list.value;
    return html`${deliveries?.length === 0 ? html`<p>No deliveries yet.</p>` : ''}
    ${
      deliveries?.length
        ? html`<table class="stack">
          <caption>
            Recent deliveries
          </caption>
          ${tableHead(['Event', 'State', 'Last attempt', 'Made (UTC)', 'Resend'])}
          <tbody>
            ${deliveries.map(
              (delivery) =>
                html`<tr>
                  <th scope="row">
                    ${delivery.event}<span class="slug">${delivery.eventId}</span>
                  </th>
                  <td data-label="State">${delivery.state}</td>
                  <td data-label="Last attempt">${this.lastAttempt(delivery)}</td>
                  <td data-label="Made">${when(delivery.createdAt)}</td>
                  <td class="actions">
                    ${
                      delivery.state === 'failed' || delivery.state === 'pending'
                        ? html`<button
                          type="button"
                          class="quiet"
                          aria-label="Resend ${delivery.event} #${delivery.id}"
                          @click=${() => this.handleResend(delivery)}
                        >
                          Resend
                        </button>`
                        : ''
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`
        : ''
    }
    ${this.list.status({ running: 'Loading deliveries…' })}
    ${this.resend.status({ running: 'Queueing…', done: 'Queued: the worker sends it now.' })}`;
  }
}

define('console-webhook-deliveries', ConsoleWebhookDeliveries);
