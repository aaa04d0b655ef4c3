/**
 * `<console-flagged-list>`: the signatures the bot checks flagged (kept, not counted), with the
 * reason each was flagged. One click counts a real person (`PATCH /api/admin/signatures/{id}`
 * with `{flagged: false}`) or keeps it flagged after review (`{flagged: true}`: nothing counted,
 * audited as `keep`); both mark the row reviewed. The list shows what nobody has reviewed yet
 * (`reviewed=false`), so the pile shrinks as the review goes; reviewed rows can be shown too. A
 * person who already has a counted signature stays flagged: the API's 409 says so, and the
 * console shows it. Reasons are said in words; a reviewed row says what was decided and offers
 * only counting (keeping it flagged is already done). Rows an older version flagged
 * `rate_overflow` (its rate window was full, which says nothing of the signer) can be counted all
 * at once (POST .../flags/release), in two clicks.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { confirmAction } from '../parts/confirm-action.ts';
import { tableHead } from '../parts/table-head.ts';
import { count, partnerName, reasonWords, when } from '../format.ts';
import { ApiTask } from '../task.ts';
import type {
  AdminCampaign,
  AdminSignature,
  ListOf,
  PartnerView,
  SignaturePage,
} from '../types.ts';

/** What PATCH /api/admin/signatures/{id} answers. */
interface FlagAnswer {
  changed: boolean;
  counter: AdminCampaign['counter'] | null;
}

/** What POST /api/admin/campaigns/{slug}/flags/release answers. */
interface ReleaseAnswer {
  released: number;
  stillFlagged: number;
  counter: AdminCampaign['counter'] | null;
}

/** Rows shown at once: a review is done page by page. */
const PAGE = 100;

export class ConsoleFlaggedList extends ConsoleElement {
  static override properties = {
    api: PROP,
    campaign: PROP,
    decided: STATE,
    showReviewed: STATE,
    confirming: STATE,
  };
  api!: AdminApi;
  campaign!: AdminCampaign;
  /** What was decided, by id, shown in the row until the list is reloaded. */
  private decided = new Map<number, string>();
  /** Also list the rows already reviewed (kept flagged). */
  private showReviewed = false;
  private readonly list = new ApiTask<SignaturePage>(this);
  private partners: PartnerView[] = [];
  private readonly decide = new ApiTask<FlagAnswer>(this);
  /** Counting every rate_overflow row waits for its confirming click. */
  private confirming = false;
  private readonly release = new ApiTask<ReleaseAnswer>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private load() {
    this.decided = new Map();
    const reviewed = this.showReviewed ? '' : '&reviewed=false';
    const base = `/campaigns/${segment(this.campaign.slug)}`;
    const path = `${base}/signatures?flagged=true${reviewed}&limit=${PAGE}`;
    return this.list.run(async (signal) => {
      const [page, partners] = await Promise.all([
        this.api.json<SignaturePage>(path, { signal }),
        this.api.json<ListOf<PartnerView>>(`${base}/partners`, { signal }),
      ]);
      this.partners = partners.data;
      return page;
    });
  }

  private async handleDecide(row: AdminSignature, release: boolean): Promise<void> {
    // Keeping a flagged row flagged counts nothing (`changed: false`) but is audited as `keep`.
    const json = release
      ? { flagged: false, reason: 'Counted after review in the console' }
      : { flagged: true, reason: 'Kept flagged after review in the console' };
    const path = `/signatures/${segment(row.id)}`;
    const answer = await this.decide.run((signal) =>
      this.api.json<FlagAnswer>(path, { method: 'PATCH', json, signal }),
    );
    if (!answer) return;
    this.decided = new Map(this.decided).set(row.id, release ? 'Counted' : 'Kept flagged');
    if (answer.changed) this.announce(answer.counter);
  }

  /** The total moved: the page's heading shows the API's new counter. */
  private announce(counter: AdminCampaign['counter'] | null) {
    if (!counter) return;
    const detail = { ...this.campaign, counter };
    this.dispatchEvent(new CustomEvent('campaign-changed', { detail, bubbles: true }));
  }

  private async handleRelease(): Promise<void> {
    this.confirming = false;
    const path = `/campaigns/${segment(this.campaign.slug)}/flags/release`;
    const json = { flag: 'rate_overflow', reason: 'Counted in bulk in the console' };
    const answer = await this.release.run((signal) =>
      this.api.json<ReleaseAnswer>(path, { method: 'POST', json, signal }),
    );
    if (!answer) return;
    if (answer.released) this.announce(answer.counter);
    void this.load();
  }

  /** The bulk release, offered while the list shows a rate_overflow row. */
  private releaseAll() {
    const done = this.release.value;
    const status = this.release.status({
      running: 'Counting…',
      done: done && `Counted ${count(done.released)}; ${count(done.stillFlagged)} already counted.`,
    });
    if (!this.list.value?.data.some((row) => row.flagged === 'rate_overflow')) return status;
    return html`<p class="help">rate_overflow: an older version's rate window was full.</p>
      ${confirmAction({
        open: this.confirming,
        ask: 'Count all rate_overflow…',
        subject: 'rows',
        confirm: 'Count them all',
        onAsk: () => (this.confirming = true),
        onConfirm: () => this.handleRelease(),
        onCancel: () => (this.confirming = false),
      })}
      ${status}`;
  }

  private row(row: AdminSignature) {
    const decided = this.decided.get(row.id);
    const name = `${row.firstName} ${row.lastName}`;
    return html`<tr>
      <th scope="row">${name}<span class="slug">${row.email}</span></th>
      <td data-label="City">${row.city}${row.country ? ` (${row.country})` : ''}</td>
      <td data-label="Signed (UTC)">${when(row.createdAt)}</td>
      <td data-label="Partner">${row.partner ? partnerName(row.partner, this.partners) : '–'}</td>
      <td data-label="Reason">${reasonWords(row.flagged ?? '')}</td>
      <td class="actions">
        ${
          row.reviewedAt && !decided
            ? html`<span class="decided"
                >${row.flagged === 'manual' ? 'Flagged by hand' : 'Kept flagged'}
                ${when(row.reviewedAt)}</span
              >`
            : ''
        }
        ${
          decided
            ? html`<span class="done">${decided}</span>`
            : html`<button
                type="button"
                @click=${() => this.handleDecide(row, true)}
                aria-label="Count ${name}"
                ?disabled=${this.decide.state === 'running'}
              >
                Count
              </button>
              ${
                row.reviewedAt
                  ? ''
                  : html`<button
                    type="button"
                    class="quiet"
                    @click=${() => this.handleDecide(row, false)}
                    aria-label="Keep flagged: ${name}"
                    ?disabled=${this.decide.state === 'running'}
                  >
                    Keep flagged
                  </button>`
              }`
        }
      </td>
    </tr>`;
  }

  protected override render() {
    const page = this.list.value;
    return html`<h2>Flagged signatures</h2>
      <p class="help">
        The bot checks keep these rows but do not count them. Count the real people; keep the rest
        flagged. Each decision is audited, and a decided row leaves this list.
      </p>
      <label class="choice">
        <input
          type="checkbox"
          .checked=${this.showReviewed}
          @change=${(event: Event) => {
            this.showReviewed = (event.target as HTMLInputElement).checked;
            void this.load();
          }}
        />
        Show rows already reviewed
      </label>
      ${this.releaseAll()}
      ${
        page && !page.data.length
          ? html`<p>
            ${
              this.showReviewed
                ? 'Nothing flagged: every signature is counted.'
                : 'Nothing left to review.'
            }
          </p>`
          : ''
      }
      ${
        page?.data.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label="Flagged signatures">
              <table class="flagged stack">
                ${tableHead(['Name', 'City', 'Signed (UTC)', 'Partner', 'Reason', 'Decision'])}
                <tbody>
                  ${page.data.map((row) => this.row(row))}
                </tbody>
              </table>
            </div>
            <p>
              ${count(page.data.length)}
              shown${
                page.nextCursor
                  ? html`; more after these.
                    <button type="button" class="quiet" @click=${this.load}>Reload</button>`
                  : ''
              }
            </p>`
          : ''
      }
      ${this.list.status({ running: 'Loading flagged signatures…' })}
      ${this.decide.status({ running: 'Saving the decision…' })}`;
  }
}

define('console-flagged-list', ConsoleFlaggedList);
