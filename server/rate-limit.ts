/**
 * Per-client rate limits in fixed windows, the UK Parliament petitions way: a burst window and a
 * sustained window flag further signatures as suspect (kept, not counted, same answer), and a
 * flood threshold answers 429.
 *
 * Clients are keyed by a hash of their IP; the maps are cleared as their windows roll over, so
 * memory stays bounded by the number of clients seen in one window.
 */

interface Window {
  readonly length: number;
  start: number;
  counts: Map<string, number>;
}

function makeWindow(length: number): Window {
  return { length, start: 0, counts: new Map() };
}

function hit(window: Window, key: string, now: number): number {
  const start = now - (now % window.length);
  if (start !== window.start) {
    window.start = start;
    window.counts = new Map();
  }
  const next = (window.counts.get(key) ?? 0) + 1;
  window.counts.set(key, next);
  return next;
}

/** The verdict on one request. */
export type RateVerdict = { kind: 'ok' } | { kind: 'flag'; reason: string } | { kind: 'refuse'; retryAfter: number };

/** Limits: signatures per minute and per hour before flagging, requests per minute before 429. */
export interface RateLimits {
  burst: number;
  sustained: number;
  flood: number;
}

/** A rate limiter for one kind of request. */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #minute = makeWindow(60_000);
  readonly #hour = makeWindow(3_600_000);

  constructor(limits: RateLimits) {
    this.#limits = limits;
  }

  /** Counts one request from `client` and says what to do with it. */
  check(client: string, now = Date.now()): RateVerdict {
    const perMinute = hit(this.#minute, client, now);
    const perHour = hit(this.#hour, client, now);
    if (perMinute > this.#limits.flood) {
      return { kind: 'refuse', retryAfter: Math.ceil((this.#minute.start + 60_000 - now) / 1000) };
    }
    if (perMinute > this.#limits.burst) return { kind: 'flag', reason: 'rate_burst' };
    if (perHour > this.#limits.sustained) return { kind: 'flag', reason: 'rate_sustained' };
    return { kind: 'ok' };
  }
}
