/**
 * A secret the server shows only once (a new key, a webhook's signing secret), in a read-only
 * field that selects itself on focus, so it is copied whole.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';

/** What is shown: the sentence above, the field's id and label, the secret. */
export function shownOnce(
  intro: string,
  id: string,
  label: string,
  secret: string,
): TemplateResult {
  return html`<div class="card made" role="status">
    <p><strong>${intro}, shown this once:</strong> copy it now and hand it over safely.</p>
    <label for=${id}>${label}</label>
    <input
      id=${id}
      readonly
      .value=${secret}
      @focus=${(event: Event) => (event.target as HTMLInputElement).select()}
    />
  </div>`;
}
