/**
 * `<console-erasure-search>`: answers an erasure request. The email goes in a POST body (the
 * search route), never in a URL, where proxies and histories would keep it. Each row found can be
 * erased, after a second, explicit click; the API audits the erasure without naming the person.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { tableHead } from '../parts/table-head.ts';
import { when } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, AdminSignature, ListOf } from '../types.ts';

export class ConsoleErasureSearch extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP, confirming: STATE, erased: STATE };
  api!: AdminApi;
  campaign!: AdminCampaign;
  /** The row whose erasure waits for its confirming click. */
  private confirming: number | null = null;
  private erased = new Set<number>();
  private readonly search = new ApiTask<AdminSignature[]>(this);
  private readonly errors = new FormErrors(this);
  private readonly erase = new ApiTask<{ counter: AdminCampaign['counter'] | null }>(this);

  private async handleSearch(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = String(new FormData(form).get('email') ?? '').trim();
    this.confirming = null;
    this.erased = new Set();
    const path = `/campaigns/${segment(this.campaign.slug)}/signatures/search`;
    await this.errors.submit(form, this.search, async (signal) => {
      return (
        await this.api.json<ListOf<AdminSignature>>(path, {
          method: 'POST',
          json: { email },
          signal,
        })
      ).data;
    });
  }

  private async handleErase(id: number): Promise<void> {
    type Erased = { counter: AdminCampaign['counter'] | null };
    const erased = await this.erase.run((signal) =>
      this.api.json<Erased>(`/signatures/${segment(id)}`, { method: 'DELETE', signal }),
    );
    this.confirming = null;
    if (!erased) return;
    this.erased = new Set(this.erased).add(id);
    if (erased.counter) {
      const detail = { ...this.campaign, counter: erased.counter };
      this.dispatchEvent(new CustomEvent('campaign-changed', { detail, bubbles: true }));
    }
  }

  private actions(row: AdminSignature) {
    if (this.erased.has(row.id)) return html`<span class="done">Erased</span>`;
    return confirmAction({
      open: this.confirming === row.id,
      ask: 'Erase…',
      subject: `${row.firstName} ${row.lastName}`,
      confirm: 'Erase for good',
      onAsk: () => (this.confirming = row.id),
      onConfirm: () => this.handleErase(row.id),
      onCancel: () => (this.confirming = null),
    });
  }

  protected override render() {
    const rows = this.search.value;
    return html`<h3>Erasure request</h3>
      <form class="inline" novalidate @submit=${this.handleSearch}>
        ${field(this.errors, {
          id: 'erasure-email',
          name: 'email',
          label: 'Email of the person',
          type: 'email',
          required: true,
          dir: 'ltr',
          more: { autocomplete: 'off' },
        })}
        <button type="submit" ?disabled=${this.search.state === 'running'}>
          Find their signatures
        </button>
        ${this.errors.summary()}
      </form>
      ${this.search.status({ running: 'Searching…' })}
      ${
        rows?.length === 0
          ? html`<p role="status">No signature with this email in this campaign.</p>`
          : ''
      }
      ${
        rows?.length
          ? html`<table>
            <caption>
              Signatures with this email
            </caption>
            ${tableHead(['Name', 'City', 'Signed (UTC)', 'Erase'])}
            <tbody>
              ${rows.map(
                (row) =>
                  html`<tr>
                    <th scope="row">${row.firstName} ${row.lastName}</th>
                    <td>${row.city}</td>
                    <td>${when(row.createdAt)}</td>
                    <td class="actions">${this.actions(row)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : ''
      }
      ${this.erase.status({
        running: 'Erasing…',
        done: 'Erased: the row, its idempotency records and its count are gone.',
      })}`;
  }
}

define('console-erasure-search', ConsoleErasureSearch);
