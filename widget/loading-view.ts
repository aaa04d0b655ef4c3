/**
 * Before the campaign's answer there are no words: the loading state is a spinner, and the one
 * line the widget keeps for an API it cannot reach at all is short and English.
 */
import { html } from 'lit/html.js';

export function loadingView(failed: boolean, saved: boolean, onRetry: () => void) {
  return html`<div class="root" part="base" aria-busy=${failed ? 'false' : 'true'}>
    ${
      failed
        ? html`<p role="alert" lang="en">
          The petition could not be loaded.${saved ? ' Your signature is still saved on this device.' : ''}
          <button part="button" type="button" @click=${onRetry}>Try again</button>
        </p>`
        : html`<span class="spinner" aria-hidden="true"></span>`
    }
  </div>`;
}
