/**
 * The background sender, the same on both engines and on every node. It claims, for each enabled
 * hook, the oldest pending delivery that is due (so a hook's events arrive in order), with a lease
 * (so no other node sends it meanwhile), POSTs it signed, and records the attempt: a 2xx is
 * delivered; a timeout, a network error or any other status is retried with exponential backoff
 * and jitter (sooner for a receiver that keeps timing out), and a delivery still failing after
 * the give-up time disables its hook with the reason. At most one request per hook is in flight,
 * a few hooks at once, earliest next attempt first and at most two of one owner's
 * (webhooks/webhook-limits.ts), so one partner's hanging receivers cannot starve the others.
 *
 * Signing never waits for it: the writers only add rows to the outbox and wake this worker (other
 * nodes find them on their next poll). Every timer callback catches its own errors (a locked,
 * closed or unreachable database is logged as a kind, never thrown), so a failing worker can
 * never take the server down. On stop, in-flight requests are aborted and left pending, their
 * leases let go: they go again from any node (at least once). A node that dies keeps its leases
 * until they expire (`leaseMs`), then another node sends what it was sending.
 */
import { randomUUID } from 'node:crypto';
import type { AddressPolicy } from '../network/internal-address.ts';
import type { DueDelivery, WebhookStorage } from '../storage/webhook-storage.ts';
import { signatureHeader } from './webhook-contract.ts';
import { IN_FLIGHT_PER_OWNER } from './webhook-limits.ts';
import { WebhookPoster } from './webhook-post.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';
import { coarseError } from './webhook-view.ts';

/** Timings, in milliseconds (settings PETITION_WEBHOOK_*; small in tests). */
export interface WorkerTimings {
  /** The first retry's delay; each next one doubles, up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  /** A delivery failing this long disables its hook (3 days). */
  giveUpMs: number;
  /** A receiver that has not answered in this long has failed (10 s). */
  timeoutMs: number;
  /** How often due deliveries are looked for (other nodes' events, retries). */
  pollMs: number;
}

/** What the worker signs with and where it may connect. */
export interface WorkerOptions {
  /** Opens each hook's sealed secret just before signing with it. */
  secrets: WebhookSecrets;
  /** PETITION_WEBHOOK_ALLOW_LOOPBACK: a host hook may reach loopback (tests); a partner's never. */
  allowLoopback: boolean;
  /** The sender (a stand-in resolver in tests). */
  poster?: WebhookPoster;
}

/** Hooks served at once. */
const PARALLEL = 8;

/** How long a claim holds a delivery: the timeout, and room to record the attempt. */
export const leaseMs = (timings: Pick<WorkerTimings, 'timeoutMs'>) => timings.timeoutMs + 5_000;

/** The delay before try `attempt + 1`: doubling from retryMs, capped, with up to half of it as jitter. */
export function backoff(
  attempt: number,
  timings: Pick<WorkerTimings, 'retryMs' | 'retryMaxMs'>,
  random = Math.random(),
): number {
  const full = Math.min(timings.retryMaxMs, timings.retryMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(full / 2 + (random * full) / 2);
}

/**
 * The delay before the next try after a failed one. A timeout held a sending slot for the whole
 * timeout (a refused connection or an answer costs milliseconds), so a receiver that keeps timing
 * out backs off twice as fast: each timeout counts as two tries, and the delay reaches its cap
 * after about half as many of them.
 */
export function retryDelay(
  attempt: number,
  error: string,
  timings: Pick<WorkerTimings, 'retryMs' | 'retryMaxMs'>,
  random = Math.random(),
): number {
  return backoff(error === 'timeout' ? 2 * attempt : attempt, timings, random);
}

/** An error as the attempt log shows it: its code or kind, never a body or personal data. */
function describe(error: unknown): string {
  const failure = error as {
    name?: string;
    code?: string;
    cause?: { code?: string; name?: string };
  };
  if (failure.name === 'AbortError' || failure.name === 'TimeoutError') return 'timeout';
  return failure.cause?.code ?? failure.cause?.name ?? failure.code ?? failure.name ?? 'error';
}

/** Sends the outbox. */
export class WebhookWorker {
  readonly #storage: WebhookStorage;
  readonly #timings: WorkerTimings;
  readonly #log: (line: Record<string, unknown>) => void;
  readonly #secrets: WebhookSecrets;
  readonly #allowLoopback: boolean;
  readonly #poster: WebhookPoster;
  /** This worker's name on its leases. */
  readonly #owner = randomUUID();
  /** The deliveries this worker is sending (their hooks' heads, leased to it). */
  readonly #sending = new Set<number>();
  readonly #controllers = new Set<AbortController>();
  #timer: NodeJS.Timeout | undefined;
  #woken = false;
  #ticking = false;
  #again = false;
  #stopped = true;

  constructor(
    storage: WebhookStorage,
    timings: WorkerTimings,
    log: (line: Record<string, unknown>) => void,
    options: WorkerOptions,
  ) {
    this.#storage = storage;
    this.#timings = timings;
    this.#log = log;
    this.#secrets = options.secrets;
    this.#allowLoopback = options.allowLoopback;
    this.#poster = options.poster ?? new WebhookPoster();
    storage.onQueued(() => this.wake());
  }

  /** Starts polling (pending deliveries left by a previous run go first). */
  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Looks for due deliveries on the next turn (new events were queued, or one just finished). */
  wake(): void {
    if (this.#stopped || this.#woken) return;
    this.#woken = true;
    setImmediate(() => {
      this.#woken = false;
      void this.#tick();
    });
  }

  /** Stops: no new sends; in-flight ones are aborted, stay pending, and their leases go. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const controller of this.#controllers) controller.abort();
    this.#poster.close();
    await this.#storage.release(this.#owner).catch((error) => this.#error(error));
  }

  #error(error: unknown): void {
    this.#log({
      time: new Date().toISOString(),
      level: 'error',
      what: 'webhook worker',
      error: describe(error),
    });
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    // One claim at a time: a wake during one makes another right after it.
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = true;
    try {
      const room = PARALLEL - this.#sending.size;
      if (room > 0) {
        const now = Date.now();
        const lease = { owner: this.#owner, until: now + leaseMs(this.#timings) };
        const due = await this.#storage.claim(now, room, lease, IN_FLIGHT_PER_OWNER);
        for (const delivery of due) {
          if (this.#stopped) break;
          void this.#send(delivery);
        }
      }
    } catch (error) {
      this.#error(error);
    } finally {
      this.#ticking = false;
    }
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), this.#timings.pollMs);
    this.#timer.unref();
    if (this.#again) {
      this.#again = false;
      this.wake();
    }
  }

  /** Loopback only for a host-wide hook, and only with the test setting. */
  #policy(delivery: DueDelivery): AddressPolicy {
    return { loopback: this.#allowLoopback && delivery.partner === null };
  }

  async #send(delivery: DueDelivery): Promise<void> {
    this.#sending.add(delivery.id);
    const controller = new AbortController();
    this.#controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.#timings.timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const time = Math.floor(Date.now() / 1000);
      // Opened here, for this signature only (a secret that does not open fails the attempt).
      const secret = this.#secrets.open(delivery.sealedSecret);
      status = await this.#poster.post({
        url: delivery.url,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'petition-webhooks/1',
          'Petition-Signature': signatureHeader(secret, time, delivery.body),
        },
        body: delivery.body,
        policy: this.#policy(delivery),
        signal: controller.signal,
      });
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (failure) {
      error = describe(failure);
    } finally {
      clearTimeout(timeout);
      this.#controllers.delete(controller);
    }
    try {
      // Stopped meanwhile: the database may be closed; the row stays pending for the next run.
      if (this.#stopped) return;
      const ms = Math.round(performance.now() - started);
      if (error === null) {
        await this.#storage.record(delivery.id, this.#owner, { ok: true, status: status!, ms });
        return;
      }
      const now = Date.now();
      const since = delivery.firstFailedAt ?? now;
      const failed = { ok: false as const, status, error, ms };
      if (now - since < this.#timings.giveUpMs) {
        const nextAt = now + retryDelay(delivery.attempts + 1, error, this.#timings);
        await this.#storage.record(delivery.id, this.#owner, { ...failed, nextAt }, now);
        return;
      }
      await this.#storage.record(delivery.id, this.#owner, { ...failed, nextAt: null }, now);
      // A partner reads its hook's reason: the coarse kind of error, as in its delivery log.
      const last = delivery.partner === null ? error : coarseError(error);
      const reason = `Deliveries failing since ${new Date(since).toISOString()}; last: ${last}. Fix the receiver, then resend the failed delivery.`;
      await this.#storage.disable(delivery.webhookId, reason, now);
    } catch (failure) {
      this.#error(failure);
    } finally {
      this.#sending.delete(delivery.id);
      // The hook's next event (or a retry) may be due at once.
      this.wake();
    }
  }
}
