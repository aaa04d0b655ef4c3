/**
 * Per-client rate limits in fixed windows, the UK Parliament petitions way: a burst window and a
 * sustained window flag further signatures as suspect (kept, not counted, same answer), and a
 * flood threshold answers 429.
 *
 * Clients are keyed by a hash of their address (an IPv6 /64: see network/ip-address.ts). The maps
 * are cleared as their windows roll over, and each holds at most `maxClients` keys: a flood of
 * distinct addresses within one window cannot grow memory without bound. Past the cap, clients
 * already counted are limited as before, and a client the window has no room for is flagged
 * (`rate_overflow`): kept for an admin to review, never refused, and no count is evicted, so a
 * flood cannot wash a heavy client's count away.
 */

interface Window {
  readonly length: number;
  start: number;
  counts: Map<string, number>;
}

function makeWindow(length: number): Window {
  return { length, start: 0, counts: new Map() };
}

/** The client's count after this request, or null when the window is full and it is new. */
function hit(window: Window, key: string, now: number, cap: number): number | null {
  const start = now - (now % window.length);
  if (start !== window.start) {
    window.start = start;
    window.counts = new Map();
  }
  const previous = window.counts.get(key);
  if (previous === undefined && window.counts.size >= cap) return null;
  const next = (previous ?? 0) + 1;
  window.counts.set(key, next);
  return next;
}

/** The verdict on one request. */
export type RateVerdict =
  | { kind: 'ok' }
  | { kind: 'flag'; reason: string }
  | { kind: 'refuse'; retryAfter: number };

/** Limits: signatures per minute and per hour before flagging, requests per minute before 429. */
export interface RateLimits {
  burst: number;
  sustained: number;
  flood: number;
  /** The most clients a window tracks (100,000: some 10 MB for both windows). */
  maxClients?: number;
}

/** The default cap on clients a window tracks. */
export const MAX_CLIENTS = 100_000;

/** A rate limiter for one kind of request. */
export class RateLimiter {
  readonly #limits: Required<RateLimits>;
  readonly #minute = makeWindow(60_000);
  readonly #hour = makeWindow(3_600_000);

  constructor(limits: RateLimits) {
    this.#limits = { maxClients: MAX_CLIENTS, ...limits };
  }

  /** How many clients the minute and hour windows hold now. */
  get size(): { minute: number; hour: number } {
    return { minute: this.#minute.counts.size, hour: this.#hour.counts.size };
  }

  /** Counts one request from `client` and says what to do with it. */
  check(client: string, now = Date.now()): RateVerdict {
    const cap = this.#limits.maxClients;
    const perMinute = hit(this.#minute, client, now, cap);
    const perHour = hit(this.#hour, client, now, cap);
    if (perMinute !== null && perMinute > this.#limits.flood) {
      return { kind: 'refuse', retryAfter: Math.ceil((this.#minute.start + 60_000 - now) / 1000) };
    }
    if (perMinute === null || perHour === null) return { kind: 'flag', reason: 'rate_overflow' };
    if (perMinute > this.#limits.burst) return { kind: 'flag', reason: 'rate_burst' };
    if (perHour > this.#limits.sustained) return { kind: 'flag', reason: 'rate_sustained' };
    return { kind: 'ok' };
  }
}
