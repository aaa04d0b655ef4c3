/**
 * `<console-key-list>`: the API keys: who holds each (its label), what it may see (everything,
 * or one partner of one campaign), when it was last used; make one (shown once, to copy) or
 * revoke one. Keys themselves are never listed: the server keeps only their hashes.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { partnerName, when } from '../format.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { shownOnce } from '../parts/shown-once.ts';
import { tableHead } from '../parts/table-head.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, AdminKeyInfo, ListOf, PartnerView } from '../types.ts';

type Made = AdminKeyInfo & { key: string };
/** What a revocation answers: the key's webhooks stopped with it. */
type Revoked = AdminKeyInfo & { disabledWebhooks: { id: number; url: string }[] };

export class ConsoleKeyList extends ConsoleElement {
  static override properties = { api: PROP, confirming: STATE, partnerKey: STATE };
  api!: AdminApi;
  /** The key whose revocation waits for its confirming click. */
  private confirming: number | null = null;
  private partnerKey = false;
  private readonly list = new ApiTask<{ keys: AdminKeyInfo[]; campaigns: AdminCampaign[] }>(this);
  private readonly make = new ApiTask<Made>(this);
  private readonly revoke = new ApiTask<Revoked>(this);
  private readonly errors = new FormErrors(this);
  /** Each campaign's partners, by campaign id, as they are needed (a key's scope, the form). */
  private readonly partners = new Map<number, PartnerView[]>();
  private readonly choices = new ApiTask<PartnerView[]>(this);

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
      const scoped = new Set(keys.data.map((key) => key.scope?.campaignId));
      await Promise.all(
        campaigns
          .filter((campaign) => scoped.has(campaign.id))
          .map((campaign) => this.partnersOf(campaign, signal)),
      );
      return { keys: keys.data, campaigns };
    });
  }

  private async partnersOf(campaign: AdminCampaign, signal?: AbortSignal) {
    const path = `/campaigns/${segment(campaign.slug)}/partners`;
    const { data } = await this.api.json<ListOf<PartnerView>>(path, { signal });
    this.partners.set(campaign.id, data);
    return data;
  }

  /** The partners a new key may be scoped to: the chosen campaign's. */
  private choose(slug: string): void {
    const campaign = this.list.value?.campaigns.find((each) => each.slug === slug);
    if (campaign) void this.choices.run((signal) => this.partnersOf(campaign, signal));
  }

  private async handleMake(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const json = this.partnerKey
      ? { label: text('label'), campaign: text('campaign'), partner: text('partner') }
      : { label: text('label') };
    const made = await this.errors.submit(form, this.make, (signal) =>
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
    if (
      await this.revoke.run((signal) => this.api.json<Revoked>(path, { method: 'DELETE', signal }))
    )
      void this.load();
  }

  /** The webhooks the last revocation stopped, said after its outcome. */
  private stoppedHooks(): string {
    const stopped = this.revoke.value?.disabledWebhooks ?? [];
    if (!stopped.length) return '';
    const urls = stopped.map((hook) => `#${hook.id} ${hook.url}`).join(', ');
    return ` Its webhooks stopped with it (reason: key revoked): ${urls}.`;
  }

  private scope(key: AdminKeyInfo, campaigns: AdminCampaign[]): string {
    if (!key.scope) return 'admin: everything';
    const { campaignId, partner } = key.scope;
    const slug =
      campaigns.find((campaign) => campaign.id === campaignId)?.slug ?? `campaign ${campaignId}`;
    return `${partnerName(partner, this.partners.get(campaignId) ?? [])} (${partner}), a partner of ${slug}`;
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
        done: `Revoked: the key no longer opens anything.${this.stoppedHooks()}`,
      })}
      <form class="card" novalidate @submit=${this.handleMake}>
        <h2>Make a key</h2>
        ${field(this.errors, {
          id: 'key-label',
          name: 'label',
          label: 'Label (who or what will use it)',
          required: true,
          max: ADMIN_LIMITS.keyLabel,
          more: { autocomplete: 'off' },
        })}
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
              @change=${() => {
                this.partnerKey = true;
                this.choose(campaigns[0]?.slug);
              }}
            />
            one partner of one campaign</label
          >
        </fieldset>
        ${
          this.partnerKey
            ? html`<div
              @change=${(event: Event) => {
                const control = event.target as HTMLSelectElement;
                if (control.name === 'campaign') this.choose(control.value);
              }}
            >
              ${field(this.errors, {
                id: 'key-campaign',
                name: 'campaign',
                label: 'Campaign',
                options: campaigns.map(({ slug }) => [slug, slug] as const),
              })}
              ${field(this.errors, {
                id: 'key-partner',
                name: 'partner',
                label: 'Partner',
                options: (this.choices.value ?? []).map(({ slug, name }) => [slug, name] as const),
                required: true,
                help: "One of the campaign's partners (added in its Partners tab).",
              })}
            </div>`
            : ''
        }
        <button type="submit" ?disabled=${this.make.state === 'running'}>Make the key</button>
        ${this.errors.summary()}
      </form>
      ${
        this.make.state === 'done' && this.make.value
          ? shownOnce(
              'The new key',
              'made-key',
              `Key for ${this.make.value.label}`,
              this.make.value.key,
              'Copy the key',
            )
          : this.make.status({ running: 'Making the key…' })
      }`;
  }
}

define('console-key-list', ConsoleKeyList);
