/** A table's head row, so every table of the console heads its columns the same way. */
import { html } from 'lit';
import type { TemplateResult } from 'lit';

/** `<thead>` with a `th scope="col"` a column; the columns named in `numbers` align right. */
export function tableHead(
  columns: readonly (string | TemplateResult)[],
  numbers: readonly string[] = [],
): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((column) =>
        typeof column === 'string' && numbers.includes(column)
          ? html`<th scope="col" class="number">${column}</th>`
          : html`<th scope="col">${column}</th>`,
      )}
    </tr>
  </thead>`;
}
