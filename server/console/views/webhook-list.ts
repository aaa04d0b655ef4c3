/**
 * `<console-webhook-list>`: the webhooks this key may see (all for an admin; a partner key's own,
 * which get only its partner's opt-ins), their state, their deliveries; add one (its secret is
 * shown once, to check each delivery's Petition-Signature), give one a new secret (shown once; the
 * old one stops signing at once, so it takes two clicks) or delete one.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { when } from '../format.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { field } from '../parts/field.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { shownOnce } from '../parts/shown-once.ts';
import '../parts/webhook-deliveries.ts';
import { ApiTask } from '../task.ts';
import type { ListOf, WebhookEvent, WebhookView } from '../types.ts';

/** The events a hook may ask for (the server's list; the type check fails if one is missing). */
const EVENTS = ['signature.created', 'signature.erased', 'campaign.updated'] as const;
const everyEvent: Exclude<WebhookEvent, (typeof EVENTS)[number]> extends never ? true : never =
  true;
void everyEvent;

type Made = WebhookView & { secret: string };

export class ConsoleWebhookList extends ConsoleElement {
  static override properties = { api: PROP, open: STATE, confirming: STATE, renewing: STATE };
  api!: AdminApi;
  /** The hook whose deliveries are open, and the one whose deletion waits for its second click. */
  private open: number | null = null;
  private confirming: number | null = null;
  /** The hook whose new secret waits for its second click. */
  private renewing: number | null = null;
  private readonly renewal = new ApiTask<Made>(this);
  private readonly list = new ApiTask<WebhookView[]>(this);
  private readonly make = new ApiTask<Made>(this);
  private readonly errors = new FormErrors(this);
  private readonly deletion = new ApiTask<unknown>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    return this.list.run(
      async (signal) => (await this.api.json<ListOf<WebhookView>>('/webhooks', { signal })).data,
    );
  }

  private async handleMake(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const json = {
      url: String(values.get('url') ?? '').trim(),
      events: values.getAll('events').map(String),
    };
    const made = await this.errors.submit(form, this.make, (signal) =>
      this.api.json<Made>('/webhooks', { method: 'POST', json, signal }),
    );
    if (!made) return;
    form.reset();
    void this.load();
  }

  private async handleRemove(id: number): Promise<void> {
    this.confirming = null;
    const path = `/webhooks/${segment(id)}`;
    if (await this.deletion.run((signal) => this.api.json(path, { method: 'DELETE', signal })))
      void this.load();
  }

  private async handleRenew(id: number): Promise<void> {
    this.renewing = null;
    const path = `/webhooks/${segment(id)}/secret`;
    await this.renewal.run((signal) => this.api.json<Made>(path, { method: 'POST', signal }));
  }

  private hook(hook: WebhookView) {
    const open = this.open === hook.id;
    const renewed = this.renewal.state === 'done' ? this.renewal.value : undefined;
    return html`<li class="card">
      <h2 class="hook-url">${hook.url}</h2>
      <p>
        ${hook.events.join(', ')}${hook.scope ? ` · partner ${hook.scope.partner}` : ''} · made
        ${when(hook.createdAt)} ·
        ${
          hook.disabledAt
            ? html`<strong class="problem-text"
              >disabled ${when(hook.disabledAt)}: ${hook.disabledReason}</strong
            >`
            : 'active'
        }
      </p>
      <button
        type="button"
        class="quiet"
        aria-expanded=${open ? 'true' : 'false'}
        @click=${() => (this.open = open ? null : hook.id)}
      >
        Deliveries
      </button>
      ${confirmAction({
        open: this.confirming === hook.id,
        ask: 'Delete…',
        subject: hook.url,
        confirm: 'Delete the webhook',
        onAsk: () => (this.confirming = hook.id),
        onConfirm: () => this.handleRemove(hook.id),
        onCancel: () => (this.confirming = null),
      })}
      ${confirmAction({
        open: this.renewing === hook.id,
        ask: 'New secret…',
        subject: hook.url,
        confirm: 'Replace the secret',
        onAsk: () => (this.renewing = hook.id),
        onConfirm: () => this.handleRenew(hook.id),
        onCancel: () => (this.renewing = null),
      })}
      ${
        renewed?.id === hook.id
          ? shownOnce(
              `The new signing secret of ${hook.url} (the old one no longer signs)`,
              `hook-secret-${hook.id}`,
              'New secret',
              renewed.secret,
            )
          : ''
      }
      ${
        open
          ? html`<console-webhook-deliveries
            .api=${this.api}
            hook=${hook.id}
          ></console-webhook-deliveries>`
          : ''
      }
    </li>`;
  }

  protected override render() {
    const hooks = this.list.value;
    const made = this.make.state === 'done' ? this.make.value : undefined;
    return html`<h1 tabindex="-1">Webhooks</h1>
      <p class="help">
        Each event is sent as a signed POST: check <code>Petition-Signature: t=…,v1=…</code>, the
        HMAC-SHA256 of <code>t.body</code> with the hook's secret.
      </p>
      ${hooks?.length === 0 ? html`<p>No webhooks yet.</p>` : ''}
      ${
        hooks?.length
          ? html`<ul class="hooks">
            ${hooks.map((hook) => this.hook(hook))}
          </ul>`
          : ''
      }
      ${this.list.status({ running: 'Loading webhooks…' })}
      ${this.deletion.status({ running: 'Deleting…', done: 'Deleted.' })}
      ${this.renewal.status({ running: 'Making a new secret…' })}
      <form class="card" novalidate @submit=${this.handleMake}>
        <h2>Add a webhook</h2>
        ${field(this.errors, {
          id: 'hook-url',
          name: 'url',
          label: 'URL (https, to a public address)',
          type: 'url',
          required: true,
          max: ADMIN_LIMITS.url,
          dir: 'ltr',
          more: { autocomplete: 'off' },
        })}
        <fieldset>
          <legend>Events</legend>
          ${EVENTS.map(
            (name) =>
              html`<label class="choice"
                ><input
                  type="checkbox"
                  name="events"
                  value=${name}
                  ?checked=${name === 'signature.created'}
                />
                ${name}</label
              >`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${this.make.state === 'running'}>Add the webhook</button>
        ${this.errors.summary()}
      </form>
      ${
        made
          ? shownOnce(`The signing secret of ${made.url}`, 'hook-secret', 'Secret', made.secret)
          : this.make.status({ running: 'Adding…' })
      }`;
  }
}

define('console-webhook-list', ConsoleWebhookList);
