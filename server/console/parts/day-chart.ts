/**
 * `<console-day-chart>`: signatures per day as bars, in SVG drawn here.
 *
 * Why no charting library: one bar a day on a shared scale is a few dozen lines of SVG, while the
 * small libraries (uPlot ~20 KB gzip, Chart.js ~70 KB) would outweigh the whole console, bring
 * canvas (which a screen reader cannot read) and need their own CSP exceptions. The bars stretch
 * with the page (preserveAspectRatio="none"), so the labels live in HTML around the SVG, where
 * they keep their shape; the numbers are also in a table for screen readers.
 */
import { html, svg } from 'lit';
import { ConsoleElement, PROP, define } from '../element.ts';
import { tableHead } from './table-head.ts';
import { count } from '../format.ts';
import type { CampaignStats } from '../types.ts';

const DAY_MS = 86_400_000;
const WIDTH = 1000;
const HEIGHT = 300;
/** The widest a bar is drawn (a 30th of the chart): a few days never fill it with slabs. */
const MOST_BAR = WIDTH / 30;

/** One day's count, as the stats route gives it. */
export type DayCount = CampaignStats['byDay'][number];

/** Every day from the first to the last, those without signatures at zero. */
export function everyDay(days: readonly DayCount[]): DayCount[] {
  if (!days.length) return [];
  const known = new Map(days.map((entry) => [entry.day, entry]));
  const first = Date.parse(days[0].day);
  const last = Date.parse(days[days.length - 1].day);
  const all: DayCount[] = [];
  for (let time = first; time <= last; time += DAY_MS) {
    const day = new Date(time).toISOString().slice(0, 10);
    all.push(known.get(day) ?? { day, signatures: 0, pending: 0 });
  }
  return all;
}

export class ConsoleDayChart extends ConsoleElement {
  static override properties = { days: PROP };
  /** The days with signatures, oldest first (as the stats route gives them). */
  days: DayCount[] = [];

  protected override render() {
    const days = everyDay(this.days);
    if (!days.length) return html`<p>No counted signatures yet.</p>`;
    // A day's bar: its counted signatures, and above them (paler) those still waiting for their
    // email confirmation, if any.
    const all = (entry: DayCount) => entry.signatures + (entry.pending ?? 0);
    const peak = days.reduce((best, entry) => (all(entry) > all(best) ? entry : best));
    const step = WIDTH / days.length;
    // A gap between bars while there is room for one; each bar in the middle of its day.
    const bar = Math.min(step > 4 ? step * 0.8 : step, MOST_BAR);
    const first = days[0].day;
    const last = days[days.length - 1].day;
    const span = first === last ? `on ${first}` : `from ${first} to ${last}`;
    const summary = `Signatures per day ${span}: the most, ${count(peak.signatures)}, on ${peak.day}.`;
    return html`<figure class="day-chart">
      <figcaption id="day-chart-caption">${summary}</figcaption>
      <div class="chart-frame">
        <span class="axis-top" aria-hidden="true">${count(all(peak))}</span>
        <svg
          viewBox="0 0 ${WIDTH} ${HEIGHT}"
          preserveAspectRatio="none"
          role="img"
          aria-labelledby="day-chart-caption"
        >
          <line class="grid" x1="0" y1="0.5" x2=${WIDTH} y2="0.5"></line>
          <line class="grid" x1="0" y1=${HEIGHT / 2} x2=${WIDTH} y2=${HEIGHT / 2}></line>
          ${days.map((entry, index) => {
            const height = (entry.signatures / all(peak)) * HEIGHT;
            const waiting = ((entry.pending ?? 0) / all(peak)) * HEIGHT;
            const x = (index + 0.5) * step - bar / 2;
            return svg`<rect class="bar" x=${x} y=${HEIGHT - height}
              width=${bar} height=${height}><title>${entry.day}: ${count(entry.signatures)}</title></rect>${
                waiting
                  ? svg`<rect class="bar pending" x=${x} y=${HEIGHT - height - waiting} width=${bar}
                      height=${waiting}><title>${entry.day}: ${count(entry.pending)} waiting for confirmation</title></rect>`
                  : ''
              }`;
          })}
        </svg>
        ${
          first === last
            ? html`<span class="axis-one" aria-hidden="true">${first}</span>`
            : html`<span class="axis-left" aria-hidden="true">${first}</span>
              <span class="axis-right" aria-hidden="true">${last}</span>`
        }
      </div>
      <details>
        <summary>The numbers, day by day</summary>
        <table>
          ${tableHead(['Day', 'Signatures'], ['Signatures'])}
          <tbody>
            ${days.map(
              (entry) =>
                html`<tr>
                  <td>${entry.day}</td>
                  <td class="number">${count(entry.signatures)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }
}

define('console-day-chart', ConsoleDayChart);
