/**
 * `<console-key-list>`: the API keys: who holds each (its label), what it may see (everything,
 * or one partner of one campaign), when it was last used; make one (shown once, to copy) or
 * revoke one. Keys themselves are never listed: the server keeps only their hashes.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { when } from '../format.ts';
import { shownOnce } from '../parts/shown-once.ts';
import { tableHead } from '../parts/table-head.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, AdminKeyInfo, ListOf } from '../types.ts';

type Made = AdminKeyInfo & { key: string };

export class ConsoleKeyList extends ConsoleElement {
  static override properties = { api: PROP, confirming: STATE, partnerKey: STATE };
  api!: AdminApi;
  /** The key whose revocation waits for its confirming click. */
  private confirming: number | null = null;
  private partnerKey = false;
  private readonly list = new ApiTask<{ keys: AdminKeyInfo[]; campaigns: AdminCampaign[] }>(this);
  private readonly make = new ApiTask<Made>(this);
  private readonly revoke = new ApiTask<unknown>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    return this.list.run(async (signal) => {
      const [keys, campaigns] = await Promise.all([
        this.api.json<ListOf<AdminKeyInfo>>('/keys', { signal }),
        this.api.campaigns(signal),
      ]);
      return { keys: keys.data, campaigns };
    });
  }

  private async handleMake(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const json = this.partnerKey
      ? { label: text('label'), campaign: text('campaign'), partner: text('partner') }
      : { label: text('label') };
    const made = await this.make.run((signal) =>
      this.api.json<Made>('/keys', { method: 'POST', json, signal }),
    );
    if (!made) return;
    form.reset();
    this.partnerKey = false;
    void this.load();
  }

  private async handleRevoke(id: number): Promise<void> {
    this.confirming = null;
    const path = `/keys/${segment(id)}`;
    if (await this.revoke.run((signal) => this.api.json(path, { method: 'DELETE', signal })))
      void this.load();
  }

  private scope(key: AdminKeyInfo, campaigns: AdminCampaign[]): string {
    if (!key.scope) return 'admin: everything';
    const slug =
      campaigns.find((campaign) => campaign.id === key.scope?.campaignId)?.slug ??
      `campaign ${key.scope.campaignId}`;
    return `partner ${key.scope.partner} of ${slug}`;
  }

  private actions(key: AdminKeyInfo) {
    if (key.revokedAt) return html`revoked ${when(key.revokedAt)}`;
    return confirmAction({
      open: this.confirming === key.id,
      ask: 'Revoke…',
      subject: key.label,
      confirm: 'Revoke for good',
      onAsk: () => (this.confirming = key.id),
      onConfirm: () => this.handleRevoke(key.id),
      onCancel: () => (this.confirming = null),
    });
  }

  protected override render() {
    const { keys, campaigns } = this.list.value ?? { keys: [], campaigns: [] };
    return html`<h1 tabindex="-1">Keys</h1>
      ${this.list.status({ running: 'Loading keys…' })}
      ${this.list.value && !keys.length ? html`<p>No keys made yet.</p>` : ''}
      ${
        keys.length
          ? html`<table class="stack">
            ${tableHead(['Label', 'May see', 'Made (UTC)', 'Last used (UTC)', 'Revoke'])}
            <tbody>
              ${keys.map(
                (key) =>
                  html`<tr>
                    <th scope="row">${key.label}<span class="slug">#${key.id}</span></th>
                    <td data-label="May see">${this.scope(key, campaigns)}</td>
                    <td data-label="Made">${when(key.createdAt)}</td>
                    <td data-label="Last used">
                      ${key.lastUsedAt ? when(key.lastUsedAt) : 'never'}
                    </td>
                    <td class="actions">${this.actions(key)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : ''
      }
      ${this.revoke.status({
        running: 'Revoking…',
        done: 'Revoked: the key no longer opens anything.',
      })}
      <form class="card" @submit=${this.handleMake}>
        <h2>Make a key</h2>
        <label for="key-label">Who or what will use it</label>
        <input id="key-label" name="label" required maxlength=${ADMIN_LIMITS.keyLabel} autocomplete="off" />
        <fieldset>
          <legend>It may see</legend>
          <label class="choice"
            ><input
              type="radio"
              name="kind"
              value="admin"
              ?checked=${!this.partnerKey}
              @change=${() => (this.partnerKey = false)}
            />
            everything (an admin key)</label
          >
          <label class="choice"
            ><input
              type="radio"
              name="kind"
              value="partner"
              ?checked=${this.partnerKey}
              @change=${() => (this.partnerKey = true)}
            />
            one partner of one campaign</label
          >
        </fieldset>
        ${
          this.partnerKey
            ? html`<label for="key-campaign">Campaign</label>
              <select id="key-campaign" name="campaign">
                ${campaigns.map(
                  (campaign) => html`<option value=${campaign.slug}>${campaign.slug}</option>`,
                )}
              </select>
              <label for="key-partner">Partner (its slug)</label>
              <input id="key-partner" name="partner" required maxlength=${ADMIN_LIMITS.slug} autocomplete="off" />`
            : ''
        }
        <button type="submit" ?disabled=${this.make.state === 'running'}>Make the key</button>
      </form>
      ${
        this.make.state === 'done' && this.make.value
          ? shownOnce(
              'The new key',
              'made-key',
              `Key for ${this.make.value.label}`,
              this.make.value.key,
            )
          : this.make.status({ running: 'Making the key…' })
      }`;
  }
}

if (!customElements.get('console-key-list'))
  customElements.define('console-key-list', ConsoleKeyList);
