/**
 * `<console-campaign-partners>`: the partner organisations of a campaign: who they are, their
 * privacy policy and the opt-in text their box shows, in each language (shown in its direction).
 * Add one, change one, remove one (the API audits each and revokes a removed partner's keys).
 * Keys for a partner are made in the keys view.
 */
import { html } from 'lit';
import type { AdminApi, ServerLanguage } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import '../parts/partner-form.ts';
import { tableHead } from '../parts/table-head.ts';
import { routeHref } from '../router.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, ListOf, PartnerView } from '../types.ts';

export class ConsoleCampaignPartners extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP, confirming: STATE, editing: STATE };
  api!: AdminApi;
  campaign!: AdminCampaign;
  /** The partner whose removal waits for its confirming click, and the one being changed. */
  private confirming = '';
  private editing = '';
  private readonly list = new ApiTask<{ partners: PartnerView[]; spoken: ServerLanguage[] }>(this);
  private readonly removal = new ApiTask<unknown>(this);

  private get base(): string {
    return `/campaigns/${segment(this.campaign.slug)}/partners`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    return this.list.run(async (signal) => {
      const [answer, spoken] = await Promise.all([
        this.api.json<ListOf<PartnerView>>(this.base, { signal }),
        this.api.languages(),
      ]);
      return { partners: answer.data, spoken };
    });
  }

  private handleSaved(): void {
    this.editing = '';
    void this.load();
  }

  private async handleRemove(slug: string): Promise<void> {
    this.confirming = '';
    const path = `${this.base}/${segment(slug)}`;
    if (await this.removal.run((signal) => this.api.json(path, { method: 'DELETE', signal })))
      void this.load();
  }

  private actions(partner: PartnerView) {
    return html`<button
        type="button"
        class="quiet"
        aria-label="Edit ${partner.name}"
        @click=${() => (this.editing = partner.slug)}
      >
        Edit
      </button>
      ${confirmAction({
        open: this.confirming === partner.slug,
        ask: 'Remove…',
        subject: partner.name,
        confirm: 'Remove, and revoke its keys',
        onAsk: () => (this.confirming = partner.slug),
        onConfirm: () => this.handleRemove(partner.slug),
        onCancel: () => (this.confirming = ''),
      })}`;
  }

  protected override render() {
    const { partners = [], spoken = [] } = this.list.value ?? {};
    const { texts, defaultLang } = this.campaign;
    // The campaign's languages, its default first: a partner's box speaks these.
    const tags = [defaultLang, ...Object.keys(texts).filter((tag) => tag !== defaultLang)];
    const languages = tags.map(
      (tag) => spoken.find((each) => each.tag === tag) ?? { tag, dir: 'ltr' },
    );
    const dirOf = (tag: string) => spoken.find((each) => each.tag === tag)?.dir ?? 'auto';
    const editing = partners.find((partner) => partner.slug === this.editing) ?? null;
    return html`<h2>Partners</h2>
      <p class="help">
        A partner's tag carries <code>data-partner</code>: its signatures are counted for it and its
        own opt-in box is shown. Give a partner a key in
        <a href=${routeHref({ view: 'keys' })}>Keys</a>.
      </p>
      ${this.list.value && !partners.length ? html`<p>No partners yet.</p>` : ''}
      ${
        partners.length
          ? html`<table class="stack partners">
            ${tableHead(['Partner', 'Privacy policy', 'Opt-in text', 'Change'])}
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
                        ([tag, text]) =>
                          html`<p><strong>${tag}</strong>: <span lang=${tag} dir=${dirOf(tag)}>${text}</span></p>`,
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
      ${this.removal.status({ running: 'Removing…', done: 'Removed, and its keys revoked.' })}
      ${
        this.list.value
          ? html`<console-partner-form
            .api=${this.api}
            .base=${this.base}
            .partner=${editing}
            .languages=${languages}
            @partner-saved=${this.handleSaved}
            @partner-cancel=${() => (this.editing = '')}
          ></console-partner-form>`
          : ''
      }`;
  }
}

define('console-campaign-partners', ConsoleCampaignPartners);
