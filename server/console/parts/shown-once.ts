/**
 * A secret the server shows only once (a new key, a webhook's signing secret), in a read-only
 * field that selects itself on focus, so it is copied whole, with a button that copies it.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { copyField } from './copy.ts';

/** What is shown: the sentence above, the field's id and label, the secret, the copy button. */
export function shownOnce(
  intro: string,
  id: string,
  label: string,
  secret: string,
  copy = `Copy the ${label.toLowerCase()}`,
): TemplateResult {
  const handleCopy = async (event: Event) => {
    const card = (event.target as HTMLElement).closest('.made')!;
    const said = await copyField(card.querySelector('input')!, 'hand it over safely');
    card.querySelector('.copied')!.textContent = said;
  };
  return html`<div class="card made" role="status">
    <p><strong>${intro}, shown this once:</strong> copy it now and hand it over safely.</p>
    <label for=${id}>${label}</label>
    <input
      id=${id}
      readonly
      .value=${secret}
      @focus=${(event: Event) => (event.target as HTMLInputElement).select()}
    />
    <button type="button" @click=${handleCopy}>${copy}</button>
    <p class="copied done"></p>
  </div>`;
}
