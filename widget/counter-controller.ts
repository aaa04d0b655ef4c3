/**
 * The live counter. While the widget is on screen and the tab is visible, it asks the server
 * every few seconds with `If-None-Match`: an unchanged count costs a 304 with no body, and the
 * answer is cacheable, so a CDN can absorb a viral day. (Server-sent events would hold one open
 * connection per reader on a small server, the way the 2019 UK petitions outage began.) Each poll
 * has its own AbortController; a stale answer is dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Counter } from '../server/contract/public.ts';
import { fetchCounter } from './api.ts';

/** Where the counter comes from. */
export interface CounterSource {
  api: string;
  slug: string;
}

export class CounterController implements ReactiveController {
  counter: Counter | null = null;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #source: () => CounterSource | null;
  readonly #interval: () => number;
  #etag: string | null = null;
  #timer = 0;
  #abort: AbortController | null = null;
  #onScreen = true;
  #observer: IntersectionObserver | null = null;
  readonly #onVisibility = () => this.#schedule();

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    source: () => CounterSource | null,
    interval: () => number = () => 15_000,
  ) {
    this.#host = host;
    this.#source = source;
    this.#interval = interval;
    host.addController(this);
  }

  /** Takes a counter from another answer (the campaign, a signature) and restarts the wait. */
  set(counter: Counter): void {
    this.counter = counter;
    this.#etag = null;
    this.#host.requestUpdate();
    this.#schedule();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#observer = new IntersectionObserver((entries) => {
      this.#onScreen = entries.some((entry) => entry.isIntersecting);
      this.#schedule();
    });
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#observer?.disconnect();
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.counter || document.hidden || !this.#onScreen || !this.#host.isConnected) return;
    this.#timer = window.setTimeout(() => this.#poll(), this.#interval());
  }

  async #poll(): Promise<void> {
    const source = this.#source();
    if (!source) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const fresh = await fetchCounter(source.api, source.slug, this.#etag, abort.signal);
      if (abort.signal.aborted) return;
      if (fresh) {
        this.counter = fresh.counter;
        this.#etag = fresh.etag;
        this.#host.requestUpdate();
      }
    } catch {
      // A missed poll is harmless: the next one tries again.
    }
    if (!abort.signal.aborted) this.#schedule();
  }
}
