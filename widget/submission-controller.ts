/**
 * Sending a signature so that it is never lost and never counted twice.
 *
 * The exact body and a fresh Idempotency-Key are held in memory for the first attempt. Only when
 * that attempt fails (a network failure, a 5xx or a 429, or no network at all) are they written to
 * localStorage, so a reload or a widget opened later still finds and sends them; the same key and
 * backoff are used for every retry, and offline it waits for the `online` event. The server's
 * replay of the key makes every retry count once. What is stored is a supporter's personal data
 * on the page's origin (the partner's, in script mode), which is why a signature that goes through
 * at once never touches storage; a stored one is removed once the server has answered, and dropped
 * unsent when it is over a week old.
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
  /** The signature being sent; written to storage only once an attempt failed. */
  #pending: Pending | null = null;
  /** The storage key of the campaign it is for. */
  #pendingFor = '';
  /** The pending signature is in storage (an attempt failed, or an earlier visit left it). */
  #stored = false;
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

  /** The signature being sent, else one an earlier visit left in storage (under a week old). */
  #read(): Pending | null {
    const key = this.#storageKey();
    if (this.#pending && this.#pendingFor === key) return this.#pending;
    // Another campaign's signature, still unanswered, waits in storage for its own widget.
    this.#store();
    this.#pending = null;
    try {
      const stored = key
        ? (JSON.parse(localStorage.getItem(key) ?? 'null') as Pending | null)
        : null;
      if (stored && Date.now() - stored.at < PENDING_TTL_MS) {
        this.#pendingFor = key!;
        this.#stored = true;
        return (this.#pending = stored);
      }
      if (stored) localStorage.removeItem(key!);
    } catch {
      // Storage refused (private mode, a sandboxed frame): nothing was left.
    }
    return null;
  }

  /** Keeps the pending signature for a later visit: only after an attempt failed. */
  #store(): void {
    try {
      if (this.#pending && !this.#stored) {
        localStorage.setItem(this.#pendingFor, JSON.stringify(this.#pending));
        this.#stored = true;
      }
    } catch {
      // Storage may be full or forbidden (private mode): the in-memory retry still runs.
    }
  }

  /**
   * The server answered `sent` (for the storage key `key`): forget it, and remove it from storage
   * if it is there (it is when an attempt failed, or when the widget turned to another campaign
   * while it was on its way).
   */
  #forget(sent: Pending, key: string): void {
    const current = this.#pending === sent;
    try {
      if (this.#stored || !current) localStorage.removeItem(key);
    } catch {
      // Forbidden storage holds nothing of ours.
    }
    if (current) {
      this.#pending = null;
      this.#stored = false;
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
    const key = this.#storageKey();
    if (this.state !== 'idle' || !key) return;
    this.#pending = { key: randomKey(), body: JSON.stringify(body), at: Date.now() };
    this.#pendingFor = key;
    this.#stored = false;
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
    // An attempt cut short has failed: the signature waits in storage for the next widget.
    if (this.state !== 'idle') this.#store();
    this.#abort?.abort();
    this.#set('idle');
  }

  #set(state: SubmissionState): void {
    this.state = state;
    this.#host.requestUpdate();
  }

  /** No network: an attempt that cannot even start has failed; the signature waits in storage. */
  #offline(): void {
    this.#store();
    this.#set('offline');
  }

  #resume(): void {
    if (this.state === 'offline' || this.state === 'retrying') {
      clearTimeout(this.#timer);
      this.#send();
    }
  }

  async #send(): Promise<void> {
    const pending = this.#read();
    const key = this.#pendingFor;
    const target = this.#callbacks.target();
    if (!pending || !target) return this.#set('idle');
    if (!navigator.onLine) return this.#offline();
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
      this.#forget(pending, key);
      this.#set('idle');
      this.#callbacks.onSigned(result, pending.body);
    } catch (error) {
      if (abort.signal.aborted) return;
      const retryable =
        !(error instanceof HttpError) || error.status >= 500 || error.status === 429;
      if (!retryable) {
        this.#forget(pending, key);
        this.#set('idle');
        this.#callbacks.onRejected(error as HttpError);
        return;
      }
      if (!navigator.onLine) return this.#offline();
      this.#store();
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
