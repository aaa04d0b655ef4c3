/**
 * `<petition-console>`: the admin console at /admin. Signs in with a pasted key (kept for this tab
 * only), then shows the view the URL's hash names. Every view talks to the public admin API
 * through one AdminApi; a 401 from any of them signs out and says why. Leaving a view or signing
 * out while changes are unsaved (unsaved.ts) asks first, in a modal dialog.
 */
import { html } from 'lit';
import { AdminApi } from './api.ts';
import type { ApiError } from './api.ts';
import { ConsoleElement, STATE, define } from './element.ts';
import { parseRoute, routeHref } from './router.ts';
import type { Route } from './router.ts';
import { forgetKey, loadKey, saveKey } from './session.ts';
import { ApiTask, UNAUTHORIZED } from './task.ts';
import { discardAll, unsaved } from './unsaved.ts';
import type { SignedIn } from './views/sign-in.ts';
import './views/sign-in.ts';
import './views/campaign-list.ts';
import './views/campaign-page.ts';
import './views/embed-builder.ts';
import './views/key-list.ts';
import './views/campaign-new.ts';
import './views/webhook-list.ts';

export class PetitionConsole extends ConsoleElement {
  static override properties = {
    api: STATE,
    route: STATE,
    signedOutBecause: STATE,
    leaving: STATE,
  };
  private api: AdminApi | null = null;
  private route: Route = parseRoute(location.hash);
  /** Why the console signed out by itself, shown on the sign-in form. */
  private signedOutBecause = '';
  /** Signing in again with the key this tab kept, after a reload. */
  private readonly restore = new ApiTask<AdminApi>(this);
  private routeChanged = false;
  /** What waits for the answer to "leave without saving?": going elsewhere, or signing out. */
  private leaving: (() => void) | null = null;

  private readonly handleHashChange = (event: HashChangeEvent) => {
    if (unsaved().length) {
      // Back where the changes are (replaceState fires no hashchange), then ask.
      history.replaceState(history.state, '', event.oldURL);
      this.leaving = () => location.assign(event.newURL);
      return;
    }
    this.route = parseRoute(location.hash);
    this.routeChanged = true;
  };

  /** Does `go` now, or once the person agreed to lose what is unsaved. */
  private leave(go: () => void): void {
    if (unsaved().length) this.leaving = go;
    else go();
  }

  private handleLeave(): void {
    const go = this.leaving;
    discardAll();
    this.leaving = null;
    go?.();
  }

  private readonly handleUnauthorized = (event: Event) => {
    // The sign-in form's own check says so itself.
    if (!this.api) return;
    const error = (event as CustomEvent<ApiError>).detail;
    this.signOut(`Signed out: the server no longer accepts this key (${error.detail})`);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    const key = loadKey();
    if (key) void this.resume(key);
    addEventListener('hashchange', this.handleHashChange);
    this.addEventListener(UNAUTHORIZED, this.handleUnauthorized);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.handleHashChange);
    this.removeEventListener(UNAUTHORIZED, this.handleUnauthorized);
  }

  protected override updated(): void {
    const dialog = this.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    // A new view: focus its heading, so keyboard and screen reader users start there.
    if (!this.routeChanged) return;
    this.routeChanged = false;
    this.querySelector<HTMLElement>('main h1')?.focus();
  }

  private async resume(key: string): Promise<void> {
    const api = await this.restore.run((signal) => AdminApi.signIn(key, signal));
    const error = this.restore.error;
    if (api) this.api = api;
    else if (error?.status === 401) this.signOut(`Signed out: ${error.detail}`);
    // Any other failure (the server unreachable) keeps the key: signing in again will work.
    else if (error) this.signedOutBecause = error.detail;
    this.routeChanged = true;
  }

  private handleSignedIn(event: CustomEvent<SignedIn>): void {
    saveKey(event.detail.key);
    this.signedOutBecause = '';
    this.api = event.detail.api;
    this.routeChanged = true;
  }

  private signOut(because = ''): void {
    forgetKey();
    this.api = null;
    this.signedOutBecause = because;
    this.routeChanged = true;
  }

  private handleSkip(event: Event): void {
    event.preventDefault();
    this.querySelector<HTMLElement>('main')?.focus();
  }

  private view() {
    const { api, route } = this;
    if (!api && this.restore.state === 'running')
      return this.restore.status({ running: 'Signing in…' });
    if (!api)
      return html`<console-sign-in
        .notice=${this.signedOutBecause}
        @signed-in=${this.handleSignedIn}
      ></console-sign-in>`;
    if (route.view === 'campaign') {
      return html`<console-campaign-page
        .api=${api}
        .slug=${route.slug}
        .tab=${route.tab}
      ></console-campaign-page>`;
    }
    if (route.view === 'embed')
      return html`<console-embed-builder .api=${api} .slug=${route.slug}></console-embed-builder>`;
    if (route.view === 'webhooks')
      return html`<console-webhook-list .api=${api}></console-webhook-list>`;
    if (route.view === 'new' && !api.partner) {
      return html`<console-campaign-new .api=${api}></console-campaign-new>`;
    }
    if (route.view === 'keys' && !api.partner)
      return html`<console-key-list .api=${api}></console-key-list>`;
    return html`<console-campaign-list .api=${api}></console-campaign-list>`;
  }

  protected override render() {
    const current = (view: Route['view']) => (this.route.view === view ? 'page' : 'false');
    return html`
      <header class="bar">
        <a class="skip" href="#/" @click=${this.handleSkip}>Skip to content</a>
        <span class="brand">Petition console</span>
        ${
          this.api
            ? html`<nav aria-label="Console">
                <a href=${routeHref({ view: 'campaigns' })} aria-current=${current('campaigns')}
                  >Campaigns</a
                >
                <a href=${routeHref({ view: 'embed', slug: '' })} aria-current=${current('embed')}
                  >Embed builder</a
                >
                ${
                  this.api.partner
                    ? ''
                    : html`<a href=${routeHref({ view: 'keys' })} aria-current=${current('keys')}
                      >Keys</a
                    >`
                }
                <a href=${routeHref({ view: 'webhooks' })} aria-current=${current('webhooks')}
                  >Webhooks</a
                >
              </nav>
              <button
                type="button"
                class="quiet"
                @click=${() => this.leave(() => this.signOut())}
              >
                Sign out
              </button>`
            : ''
        }
      </header>
      <main id="main" tabindex="-1">${this.view()}</main>
      ${
        this.leaving
          ? html`<dialog aria-labelledby="leave-title" @close=${() => (this.leaving = null)}>
            <h2 id="leave-title">Leave without saving?</h2>
            <p>Unsaved changes: ${unsaved().join('; ')}. Leaving loses them.</p>
            <button type="button" class="quiet" @click=${() => this.querySelector('dialog')?.close()}>
              Stay
            </button>
            <button type="button" class="danger" @click=${this.handleLeave}>Leave and discard</button>
          </dialog>`
          : ''
      }
    `;
  }
}

define('petition-console', PetitionConsole);

declare global {
  interface HTMLElementTagNameMap {
    'petition-console': PetitionConsole;
  }
}
