/**
 * `<console-sign-in>`: paste an admin or partner key. The key is tried on the API (the campaign
 * list) before it is kept, so a wrong key is told at once, in the API's words.
 *
 * @event signed-in - `CustomEvent<SignedIn>`: the key the server accepted, and its API.
 */
import { html } from 'lit';
import { AdminApi } from '../api.ts';
import { ATTRIBUTE, ConsoleElement, define } from '../element.ts';
import { ApiTask } from '../task.ts';

/** The detail of `signed-in`. */
export interface SignedIn {
  key: string;
  api: AdminApi;
}

export class ConsoleSignIn extends ConsoleElement {
  static override properties = { notice: ATTRIBUTE };
  /** Why the console signed out by itself, if it did. */
  notice = '';
  private readonly check = new ApiTask<AdminApi>(this);

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const key = String(new FormData(event.target as HTMLFormElement).get('key') ?? '').trim();
    const api = await this.check.run((signal) => AdminApi.signIn(key, signal));
    if (api) this.dispatchEvent(new CustomEvent<SignedIn>('signed-in', { detail: { api, key } }));
  }

  protected override render() {
    const failed = this.check.state === 'failed';
    return html`<section class="sign-in">
      <h1 tabindex="-1">Sign in</h1>
      ${this.notice ? html`<p class="problem" role="alert">${this.notice}</p>` : ''}
      <form @submit=${this.handleSubmit}>
        <label for="key">Admin or partner key</label>
        <input
          id="key"
          name="key"
          type="password"
          required
          autocomplete="off"
          spellcheck="false"
          aria-describedby="key-help"
          aria-invalid=${failed ? 'true' : 'false'}
        />
        <p id="key-help" class="help">
          Paste a key from <code>npm run admin -- create-key</code> or your administrator. It is
          kept for this tab only and forgotten when you sign out or close the tab.
        </p>
        <button type="submit" ?disabled=${this.check.state === 'running'}>Sign in</button>
      </form>
      ${
        failed && this.check.error?.status === 401
          ? html`<div class="problem" role="alert">
            <p>
              This key was not accepted. Check that you pasted all of it and that it was not
              revoked.
            </p>
            <p>The server said: ${this.check.error.detail}</p>
          </div>`
          : this.check.status({ running: 'Checking the key…' })
      }
    </section>`;
  }
}

define('console-sign-in', ConsoleSignIn);
