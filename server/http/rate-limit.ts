/**
 * Per-client rate limits in fixed windows, the UK Parliament petitions way: a burst window and a
 * sustained window flag further signatures as suspect (kept, not counted, same answer), and a
 * flood threshold answers 429.
 *
 * Clients are keyed by a hash of their address (an IPv6 /64: see network/ip-address.ts). The maps
 * are cleared as their windows roll over, and each holds at most `maxClients` keys: a flood of
 * distinct addresses within one window cannot grow memory without bound. Past the cap, a new
 * client takes the place of one seen least, as Redis's approximated LFU evicts: of a few clients
 * sampled at random, the one with the lowest count (exact LFU over a JavaScript Map or Set is
 * slow here: taking the oldest entry skips every one deleted before it, 360 us a check when
 * measured under a flood). A flood of one-off addresses so evicts its own kind: a heavy client
 * stays unless every client sampled has counted as many, and a new client is counted like any
 * other. (Before, a full window flagged every new client `rate_overflow` until it rolled over:
 * 100,000 distinct /64s in a minute flagged every new signer for the rest of the hour.) An
 * evicted client that comes back starts again at one: the error is a client counted low, never
 * a person flagged for someone else's flood.
 */

/** How many clients are sampled for the one to evict. */
const SAMPLE = 8;

/** One fixed window: each client's count, in slots so a random one can be sampled. */
class Window {
  readonly #length: number;
  #start = 0;
  #clients: string[] = [];
  #counts: number[] = [];
  #slotOf = new Map<string, number>();

  constructor(length: number) {
    this.#length = length;
  }

  get size(): number {
    return this.#clients.length;
  }

  /** When this window ends. */
  get end(): number {
    return this.#start + this.#length;
  }

  /** The client's count after this request. */
  hit(client: string, now: number, cap: number): number {
    const start = now - (now % this.#length);
    if (start !== this.#start) {
      this.#start = start;
      this.#clients = [];
      this.#counts = [];
      this.#slotOf = new Map();
    }
    let slot = this.#slotOf.get(client);
    if (slot !== undefined) return ++this.#counts[slot];
    if (this.#clients.length < cap) {
      slot = this.#clients.length;
      this.#clients.push(client);
      this.#counts.push(1);
    } else {
      slot = this.#leastSeen();
      this.#slotOf.delete(this.#clients[slot]);
      this.#clients[slot] = client;
      this.#counts[slot] = 1;
    }
    this.#slotOf.set(client, slot);
    return 1;
  }

  /** The slot of the least-seen of a few clients sampled (a client seen once ends the search). */
  #leastSeen(): number {
    const counts = this.#counts;
    let least = Math.floor(Math.random() * counts.length);
    for (let n = 1; n < SAMPLE && counts[least] > 1; n++) {
      const other = Math.floor(Math.random() * counts.length);
      if (counts[other] < counts[least]) least = other;
    }
    return least;
  }
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
  readonly #minute = new Window(60_000);
  readonly #hour = new Window(3_600_000);

  constructor(limits: RateLimits) {
    this.#limits = { maxClients: MAX_CLIENTS, ...limits };
  }

  /** How many clients the minute and hour windows hold now. */
  get size(): { minute: number; hour: number } {
    return { minute: this.#minute.size, hour: this.#hour.size };
  }

  /** Counts one request from `client` and says what to do with it. */
  check(client: string, now = Date.now()): RateVerdict {
    const cap = this.#limits.maxClients;
    const perMinute = this.#minute.hit(client, now, cap);
    const perHour = this.#hour.hit(client, now, cap);
    if (perMinute > this.#limits.flood) {
      return { kind: 'refuse', retryAfter: Math.ceil((this.#minute.end - now) / 1000) };
    }
    if (perMinute > this.#limits.burst) return { kind: 'flag', reason: 'rate_burst' };
    if (perHour > this.#limits.sustained) return { kind: 'flag', reason: 'rate_sustained' };
    return { kind: 'ok' };
  }
}
