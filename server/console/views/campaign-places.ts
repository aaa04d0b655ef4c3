/**
 * `<console-campaign-places>`: where a campaign's signers are: a world map coloured by counted
 * signatures per country, and beside it the same counts as tables (countries named in the reader's
 * language, then cities), which a screen reader reads: the map is one labelled image.
 *
 * The map's module (places-map.ts: the shapes and d3-geo) is fetched when this view opens, by a
 * URL the bundler leaves alone: its dynamic-import helper alone cost the first load 770 B gzip.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, define } from '../element.ts';
import { count } from '../format.ts';
import '../parts/bar-table.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, CampaignStats } from '../types.ts';

type MapModule = typeof import('../places-map.ts');

export class ConsoleCampaignPlaces extends ConsoleElement {
  static override properties = { api: PROP, campaign: PROP };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private readonly stats = new ApiTask<[CampaignStats, MapModule]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const base = `/campaigns/${segment(this.campaign.slug)}`;
    const url = new URL(/* @vite-ignore */ 'places-map.js', import.meta.url).href;
    void this.stats.run((signal) =>
      Promise.all([
        this.api.json<CampaignStats>(`${base}/stats`, { signal }),
        import(/* @vite-ignore */ url) as Promise<MapModule>,
      ]),
    );
  }

  protected override render() {
    if (!this.stats.value) return this.stats.status({ running: 'Counting where signers are…' });
    const [stats, { worldMap }] = this.stats.value;
    const names = new Intl.DisplayNames([navigator.language, 'en'], { type: 'region' });
    const named = (code: string | null) =>
      code === null ? 'Not given' : /^[A-Z]{2}$/.test(code) ? (names.of(code) ?? code) : code;
    // Shaded against the largest country: signatures without one are not on the map.
    const counts = new Map<string, number>();
    for (const row of stats.byCountry) if (row.country) counts.set(row.country, row.signatures);
    const map = worldMap(counts, (code, shape, n) => `${code ? named(code) : shape}: ${count(n)}`);
    map.setAttribute('role', 'img');
    map.setAttribute(
      'aria-label',
      'World map of signatures by country; the table beside it lists them.',
    );
    const row = (label: string, value: number) => ({ label, value });
    return html`<h2>Where the signers are</h2>
      <p class="help">The public sees countries, and cities of 10 signers or more.</p>
      <div class="columns">
        <figure class="places-map">${map}</figure>
        <console-bar-table
          caption="By country"
          heading="Country"
          .rows=${stats.byCountry.map((c) => row(named(c.country), c.signatures))}
        ></console-bar-table>
      </div>
      <console-bar-table
        caption="By city"
        heading="City"
        .rows=${stats.byCity.map((c) => row(`${c.city} (${named(c.country)})`, c.signatures))}
      ></console-bar-table>`;
  }
}

define('console-campaign-places', ConsoleCampaignPlaces);
