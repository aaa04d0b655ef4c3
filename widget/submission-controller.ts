/**
 * Sending a signature so that it is never lost and never counted twice.
 *
 * Before the first attempt, the exact body and a fresh Idempotency-Key are written to
 * localStorage. A network failure, a 5xx or a 429 keeps them and retries with the same key and
 * backoff; offline, it waits for the `online` event. A widget opened later finds the pending
 * signature and sends it. The server's replay of the key makes every retry count once. What is
 * stored is a supporter's personal data on the partner's origin: it is removed once the server
 * has answered, and dropped unsent when it is over a week old.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SignResult } from '../server/contract/public.ts';
import { HttpError, postSignature, randomKey } from './api.ts';

export type SubmissionState = 'idle' | 'sending' | 'retrying' | 'rateLimited' | 'offline';

interface Pending {
  key: string;
  body: string;
  /** When it was stored (ms since the epoch). */
  at: number;
}

/** A pending signature older than this (7 days) is dropped unsent. */
export const PENDING_TTL_MS = 6048e5;

/** What the host hears back. */
export interface SubmissionCallbacks {
  target: () => { api: string; slug: string } | null;
  onSigned: (result: SignResult, body: string) => void;
  onRejected: (error: HttpError) => void;
}

const MAX_DELAY = 30_000;

export class SubmissionController implements ReactiveController {
  state: SubmissionState = 'idle';
  readonly #host: ReactiveControllerHost;
  readonly #callbacks: SubmissionCallbacks;
  #attempt = 0;
  #timer = 0;
  #abort: AbortController | null = null;
  /** The pending signature when storage is refused: retries still run while the page is open. */
  #inMemory: Pending | null = null;
  readonly #onOnline = () => this.#resume();

  constructor(host: ReactiveControllerHost, callbacks: SubmissionCallbacks) {
    this.#host = host;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  #storageKey(): string | null {
    const target = this.#callbacks.target();
    return target && `petition-pending:${target.api}|${target.slug}`;
  }

  #read(): Pending | null {
    const key = this.#storageKey();
    try {
      const pending = key
        ? (JSON.parse(localStorage.getItem(key) ?? 'null') as Pending | null)
        : null;
      if (!pending || Date.now() - pending.at < PENDING_TTL_MS) return pending;
      localStorage.removeItem(key!);
      return null;
    } catch {
      return this.#inMemory;
    }
  }

  #write(pending: Pending | null): void {
    const key = this.#storageKey();
    this.#inMemory = pending;
    try {
      if (key && pending) localStorage.setItem(key, JSON.stringify(pending));
      else if (key) localStorage.removeItem(key);
    } catch {
      // Storage may be full or forbidden (private mode): the in-memory retry still runs.
    }
  }

  /** True when a signature from an earlier visit is waiting to be sent. */
  get hasPending(): boolean {
    return this.#read() !== null;
  }

  /** The body waiting to be sent, if any. */
  get pendingBody(): string | null {
    return this.#read()?.body ?? null;
  }

  /** Sends a new signature. */
  submit(body: object): void {
    if (this.state !== 'idle') return;
    this.#write({ key: randomKey(), body: JSON.stringify(body), at: Date.now() });
    this.#attempt = 0;
    this.#send();
  }

  /** Sends what an earlier visit left, if anything. */
  resumePending(): void {
    if (this.state === 'idle' && this.hasPending) this.#send();
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#set('idle');
  }

  #set(state: SubmissionState): void {
    this.state = state;
    this.#host.requestUpdate();
  }

  #resume(): void {
    if (this.state === 'offline' || this.state === 'retrying') {
      clearTimeout(this.#timer);
      this.#send();
    }
  }

  async #send(): Promise<void> {
    const pending = this.#read();
    const target = this.#callbacks.target();
    if (!pending || !target) return this.#set('idle');
    if (!navigator.onLine) return this.#set('offline');
    if (this.state === 'idle' || this.state === 'offline') this.#set('sending');
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const result = await postSignature(
        target.api,
        target.slug,
        pending.body,
        pending.key,
        abort.signal,
      );
      this.#write(null);
      this.#set('idle');
      this.#callbacks.onSigned(result, pending.body);
    } catch (error) {
      if (abort.signal.aborted) return;
      const retryable =
        !(error instanceof HttpError) || error.status >= 500 || error.status === 429;
      if (!retryable) {
        this.#write(null);
        this.#set('idle');
        this.#callbacks.onRejected(error as HttpError);
        return;
      }
      if (!navigator.onLine) return this.#set('offline');
      const wait =
        error instanceof HttpError && error.retryAfter
          ? error.retryAfter * 1000
          : Math.min(MAX_DELAY, 1000 * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
      this.#attempt++;
      this.#set(error instanceof HttpError && error.status === 429 ? 'rateLimited' : 'retrying');
      this.#timer = window.setTimeout(() => this.#send(), wait);
    }
  }
}
