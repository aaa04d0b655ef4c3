/**
 * The background sender. It takes, for each enabled hook, the oldest pending delivery that is
 * due (so a hook's events arrive in order), POSTs it signed, and records the attempt: a 2xx is
 * delivered; a timeout, a network error or any other status is retried with exponential backoff
 * and jitter, and a delivery still failing after the give-up time disables its hook with the
 * reason. At most one request per hook is in flight, and a few hooks at once.
 *
 * Signing never waits for it: the writer only adds rows to the outbox and wakes this worker.
 * Every timer callback catches its own errors (a locked or closed database is logged as a kind,
 * never thrown), so a failing worker can never take the server down. On stop, in-flight requests
 * are aborted and left pending: they go again after the restart (at least once).
 */
import type { WebhookDeliveries, DueDelivery } from './webhook-deliveries.ts';
import { signatureHeader } from './webhook-contract.ts';
import type { WebhookStore } from './webhook-store.ts';

/** Timings, in milliseconds (settings PETITION_WEBHOOK_*; small in tests). */
export interface WorkerTimings {
  /** The first retry's delay; each next one doubles, up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  /** A delivery failing this long disables its hook (3 days). */
  giveUpMs: number;
  /** A receiver that has not answered in this long has failed (10 s). */
  timeoutMs: number;
  /** How often due retries are looked for. */
  pollMs: number;
}

/** Hooks served at once. */
const PARALLEL = 8;

/** The delay before try `attempt + 1`: doubling from retryMs, capped, with up to half of it as jitter. */
export function backoff(
  attempt: number,
  timings: Pick<WorkerTimings, 'retryMs' | 'retryMaxMs'>,
  random = Math.random(),
): number {
  const full = Math.min(timings.retryMaxMs, timings.retryMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(full / 2 + (random * full) / 2);
}

/** An error as the attempt log shows it: its code or kind, never a body or personal data. */
function describe(error: unknown): string {
  const failure = error as { name?: string; cause?: { code?: string; name?: string } };
  if (failure.name === 'AbortError' || failure.name === 'TimeoutError') return 'timeout';
  return failure.cause?.code ?? failure.cause?.name ?? failure.name ?? 'error';
}

/** Sends the outbox. */
export class WebhookWorker {
  readonly #deliveries: WebhookDeliveries;
  readonly #hooks: WebhookStore;
  readonly #timings: WorkerTimings;
  readonly #log: (line: Record<string, unknown>) => void;
  readonly #busy = new Set<number>();
  readonly #controllers = new Set<AbortController>();
  #timer: NodeJS.Timeout | undefined;
  #woken = false;
  #stopped = true;

  constructor(
    deliveries: WebhookDeliveries,
    hooks: WebhookStore,
    timings: WorkerTimings,
    log: (line: Record<string, unknown>) => void,
  ) {
    this.#deliveries = deliveries;
    this.#hooks = hooks;
    this.#timings = timings;
    this.#log = log;
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
      this.#tick();
    });
  }

  /** Stops: no new sends; in-flight ones are aborted and stay pending for the next run. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const controller of this.#controllers) controller.abort();
  }

  #tick(): void {
    if (this.#stopped) return;
    try {
      const room = PARALLEL - this.#busy.size;
      if (room > 0) {
        const due = this.#deliveries.due(Date.now(), PARALLEL + this.#busy.size);
        for (const delivery of due
          .filter((next) => !this.#busy.has(next.webhookId))
          .slice(0, room)) {
          void this.#send(delivery);
        }
      }
    } catch (error) {
      this.#log({
        time: new Date().toISOString(),
        level: 'error',
        what: 'webhook worker',
        error: describe(error),
      });
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), this.#timings.pollMs);
    this.#timer.unref();
  }

  async #send(delivery: DueDelivery): Promise<void> {
    this.#busy.add(delivery.webhookId);
    const controller = new AbortController();
    this.#controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.#timings.timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const time = Math.floor(Date.now() / 1000);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'petition-webhooks/1',
          'Petition-Signature': signatureHeader(delivery.secret, time, delivery.body),
        },
        body: delivery.body,
        signal: controller.signal,
        // A redirect is not a delivery: the receiver's URL is the one the admin gave.
        redirect: 'manual',
      });
      status = response.status;
      await response.body?.cancel();
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
      if (error === null) return this.#deliveries.markDelivered(delivery.id, status!, ms);
      const now = Date.now();
      const since = delivery.firstFailedAt ?? now;
      if (now - since < this.#timings.giveUpMs) {
        const nextAt = now + backoff(delivery.attempts + 1, this.#timings);
        return this.#deliveries.markFailed(delivery.id, status, error, ms, nextAt, now);
      }
      this.#deliveries.markFailed(delivery.id, status, error, ms, null, now);
      const reason = `Deliveries failing since ${new Date(since).toISOString()}; last: ${error}. Fix the receiver, then resend the failed delivery.`;
      this.#hooks.disable(delivery.webhookId, reason, now);
    } catch (failure) {
      this.#log({
        time: new Date().toISOString(),
        level: 'error',
        what: 'webhook worker',
        error: describe(failure),
      });
    } finally {
      this.#busy.delete(delivery.webhookId);
      // The hook's next event (or a retry) may be due at once.
      this.wake();
    }
  }
}
