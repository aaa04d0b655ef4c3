/**
 * `<console-campaign-partners>`: the partner organisations of a campaign: who they are, their
 * privacy policy and the opt-in text their box shows. Add one, remove one (the API audits both
 * and revokes a removed partner's keys). Keys for a partner are made in the keys view.
 */
import { html } from 'lit';
import { ADMIN_LIMITS } from '../../contract/admin-limits.ts';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { languageName } from '../format.ts';
import { tableHead } from '../parts/table-head.ts';
import { routeHref } from '../router.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, ListOf, PartnerView } from '../types.ts';

export class ConsoleCampaignPartners extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP, confirming: STATE };
  api!: AdminApi;
  campaign!: AdminCampaign;
  /** The partner whose removal waits for its confirming click. */
  private confirming = '';
  private readonly list = new ApiTask<PartnerView[]>(this);
  private readonly change = new ApiTask<unknown>(this);

  private get base(): string {
    return `/campaigns/${segment(this.campaign.slug)}/partners`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    return this.list.run(
      async (signal) => (await this.api.json<ListOf<PartnerView>>(this.base, { signal })).data,
    );
  }

  private async handleAdd(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? '').trim();
    const json = {
      slug: text('slug'),
      name: text('name'),
      privacyUrl: text('privacyUrl'),
      optInText: { [text('lang')]: text('optInText') },
    };
    const added = await this.change.run((signal) =>
      this.api.json(this.base, { method: 'POST', json, signal }),
    );
    if (!added) return;
    form.reset();
    void this.load();
  }

  private async handleRemove(slug: string): Promise<void> {
    this.confirming = '';
    const path = `${this.base}/${segment(slug)}`;
    if (await this.change.run((signal) => this.api.json(path, { method: 'DELETE', signal })))
      void this.load();
  }

  private actions(partner: PartnerView) {
    return confirmAction({
      open: this.confirming === partner.slug,
      ask: 'Remove…',
      subject: partner.name,
      confirm: 'Remove, and revoke its keys',
      onAsk: () => (this.confirming = partner.slug),
      onConfirm: () => this.handleRemove(partner.slug),
      onCancel: () => (this.confirming = ''),
    });
  }

  protected override render() {
    const partners = this.list.value;
    const languages = Object.keys(this.campaign.texts);
    return html`<h2>Partners</h2>
      <p class="help">
        A partner's tag carries <code>data-partner</code>: its signatures are counted for it and its
        own opt-in box is shown. Give a partner a key in
        <a href=${routeHref({ view: 'keys' })}>Keys</a>.
      </p>
      ${partners?.length === 0 ? html`<p>No partners yet.</p>` : ''}
      ${
        partners?.length
          ? html`<table class="stack">
            ${tableHead(['Partner', 'Privacy policy', 'Opt-in text', 'Remove'])}
            <tbody>
              ${partners.map(
                (partner) =>
                  html`<tr>
                    <th scope="row">${partner.name}<span class="slug">${partner.slug}</span></th>
                    <td data-label="Privacy policy">
                      <a href=${partner.privacyUrl} rel="noreferrer">${partner.privacyUrl}</a>
                    </td>
                    <td data-label="Opt-in text">
                      ${Object.entries(partner.optInText).map(
                        ([lang, text]) => html`<p><strong>${lang}</strong>: ${text}</p>`,
                      )}
                    </td>
                    <td class="actions">${this.actions(partner)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : ''
      }
      ${this.list.status({ running: 'Loading partners…' })}
      <form class="card" @submit=${this.handleAdd}>
        <h3>Add a partner</h3>
        <label for="partner-slug">Slug (what its tag sends as data-partner)</label>
        <input
          id="partner-slug"
          name="slug"
          required
          maxlength=${ADMIN_LIMITS.slug}
          autocomplete="off"
          aria-describedby="partner-slug-help"
        />
        <p id="partner-slug-help" class="help">
          Lower-case letters, digits and dashes, as in oxfam-canada.
        </p>
        <label for="partner-name">Name</label>
        <input id="partner-name" name="name" required maxlength=${ADMIN_LIMITS.partnerName} />
        <label for="partner-privacy">Privacy policy URL</label>
        <input id="partner-privacy" name="privacyUrl" type="url" required maxlength=${ADMIN_LIMITS.url} />
        <label for="partner-lang">Language of the opt-in text</label>
        <select id="partner-lang" name="lang">
          ${languages.map((lang) => html`<option value=${lang}>${languageName(lang)}</option>`)}
        </select>
        <label for="partner-opt-in">Opt-in text</label>
        <textarea
          id="partner-opt-in"
          name="optInText"
          required
          maxlength=${ADMIN_LIMITS.optInText}
          rows="3"
        ></textarea>
        <button type="submit" ?disabled=${this.change.state === 'running'}>Add the partner</button>
      </form>
      ${this.change.status({ running: 'Saving…', done: 'Saved.' })}`;
  }
}

if (!customElements.get('console-campaign-partners')) {
  customElements.define('console-campaign-partners', ConsoleCampaignPartners);
}
