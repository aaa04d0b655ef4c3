/**
 * `<console-bar-table>`: a ranking (by partner, by city) as a table whose last column draws each
 * count as a bar. The bar is an SVG rectangle sized by attribute: a style attribute would need
 * 'unsafe-inline' in the console's CSP.
 */
import { html } from 'lit';
import { ATTRIBUTE, ConsoleElement, PROP, define } from '../element.ts';
import { tableHead } from './table-head.ts';
import { count } from '../format.ts';

/** One row of a ranking. */
export interface BarRow {
  label: string;
  value: number;
}

export class ConsoleBarTable extends ConsoleElement {
  static override properties = { caption: ATTRIBUTE, heading: ATTRIBUTE, rows: PROP };
  caption = '';
  heading = '';
  rows: BarRow[] = [];

  protected override render() {
    if (!this.rows.length) return html`<p>${this.caption}: none yet.</p>`;
    const most = Math.max(...this.rows.map((row) => row.value), 1);
    const total = this.rows.reduce((sum, row) => sum + row.value, 0);
    return html`<table class="bars">
      <caption>
        ${this.caption}
      </caption>
      ${tableHead(
        [this.heading, 'Signatures', 'Share', html`<span class="visually-hidden">Bar</span>`],
        ['Signatures', 'Share'],
      )}
      <tbody>
        ${this.rows.map(
          (row) =>
            html`<tr>
              <th scope="row">${row.label}</th>
              <td class="number">${count(row.value)}</td>
              <td class="number">${Math.round((row.value / total) * 100)}%</td>
              <td class="bar-cell">
                <svg aria-hidden="true" focusable="false" width="100%" height="12">
                  <rect class="bar" height="12" width="${(row.value / most) * 100}%"></rect>
                </svg>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

define('console-bar-table', ConsoleBarTable);
