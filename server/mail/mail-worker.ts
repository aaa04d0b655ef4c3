/**
 * The background sender of the mail outbox, the same on both engines and on every node. It claims
 * due mails with a lease (so no other node sends them meanwhile), renders each with its kind's
 * renderer, hands it to the transport, and records how it went: sent; a 5xx to the address or
 * the message is a bounce, never retried; anything else (a 4xx, a dropped connection, a timeout)
 * is retried with exponential backoff and jitter, and given up after PETITION_MAIL_GIVE_UP_MS.
 *
 * Signing never waits for it: the writers only add rows to the outbox and wake this worker (other
 * nodes find them on their next poll). Every timer callback catches its own errors (a locked,
 * closed or unreachable database is logged as a kind, never thrown), so a failing worker cannot
 * take the server down, and nothing it logs holds an address. On stop, no new mail is claimed and
 * leases are let go; a mail on its way may arrive twice after a crash (at least once).
 */
import { randomUUID } from 'node:crypto';
import { backoff } from '../webhooks/webhook-worker.ts';
import type { DueMail, MailStorage } from '../storage/mail-storage.ts';
import type { MailMessage } from './mail.ts';
import type { MailTransport } from './transport.ts';
import { sendFailure } from './transport.ts';

/** Timings, in milliseconds (settings PETITION_MAIL_*; small in tests). */
export interface MailTimings {
  retryMs: number;
  retryMaxMs: number;
  giveUpMs: number;
  /** An SMTP exchange that has not ended in this long has failed (the transport's timeouts). */
  timeoutMs: number;
  pollMs: number;
}

/** Mails sent at once by one node. */
const PARALLEL = 4;

/** Renders a due mail; null when there is nothing left to send (its campaign is gone). */
export type RenderMail = (mail: DueMail) => MailMessage | null;

/** Sends the outbox. */
export class MailWorker {
  readonly #storage: MailStorage;
  readonly #transport: MailTransport;
  readonly #render: RenderMail;
  readonly #timings: MailTimings;
  readonly #log: (line: Record<string, unknown>) => void;
  readonly #owner = randomUUID();
  #sending = 0;
  #timer: NodeJS.Timeout | undefined;
  #woken = false;
  #ticking = false;
  #again = false;
  #stopped = true;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    storage: MailStorage,
    transport: MailTransport,
    render: RenderMail,
    timings: MailTimings,
    log: (line: Record<string, unknown>) => void,
  ) {
    this.#storage = storage;
    this.#transport = transport;
    this.#render = render;
    this.#timings = timings;
    this.#log = log;
    storage.onQueued(() => this.wake());
  }

  /** Starts polling (mails a previous run left pending go first). */
  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Looks for due mails on the next turn. */
  wake(): void {
    if (this.#stopped || this.#woken) return;
    this.#woken = true;
    setImmediate(() => {
      this.#woken = false;
      void this.#tick();
    });
  }

  /**
   * Stops claiming; waits for the sends in flight, at most `waitMs`: one still going then keeps its
   * lease, and the mail goes again once it expires (at least once).
   */
  async stop(waitMs = 5_000): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    await Promise.race([Promise.allSettled([...this.#inFlight]), late]);
    clearTimeout(timer);
    if (this.#inFlight.size) return;
    await this.#storage.release(this.#owner).catch((error) => this.#error(error));
  }

  #error(error: unknown): void {
    const failure = error as { name?: string; code?: string };
    this.#log({
      time: new Date().toISOString(),
      level: 'error',
      what: 'mail worker',
      error: failure.code ?? failure.name ?? 'error',
    });
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = true;
    try {
      const room = PARALLEL - this.#sending;
      if (room > 0) {
        const now = Date.now();
        // The lease outlives one SMTP exchange and its record: no other node takes it meanwhile.
        const lease = { owner: this.#owner, until: now + this.#timings.timeoutMs * 3 + 5_000 };
        for (const mail of await this.#storage.claim(now, room, lease)) {
          const sending = this.#send(mail);
          this.#inFlight.add(sending);
          void sending.finally(() => this.#inFlight.delete(sending));
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

  async #send(mail: DueMail): Promise<void> {
    this.#sending++;
    try {
      const message = this.#render(mail);
      if (!message) {
        await this.#storage.record(mail.id, this.#owner, { kind: 'failed', error: 'gone' });
        return;
      }
      let error: unknown = null;
      try {
        await this.#transport.send(message, mail.id);
      } catch (failure) {
        error = failure ?? new Error('send failed');
      }
      if (error === null) {
        await this.#storage.record(mail.id, this.#owner, { kind: 'sent' });
        return;
      }
      const { bounced, reason } = sendFailure(error);
      const now = Date.now();
      if (bounced) {
        await this.#storage.record(mail.id, this.#owner, { kind: 'bounced', error: reason }, now);
        return;
      }
      this.#log({
        time: new Date(now).toISOString(),
        level: 'warn',
        what: 'mail not sent',
        error: reason,
        mail: mail.id,
      });
      const since = mail.firstFailedAt ?? now;
      const outcome =
        now - since < this.#timings.giveUpMs
          ? {
              kind: 'retry' as const,
              error: reason,
              nextAt: now + backoff(mail.attempts + 1, this.#timings),
            }
          : { kind: 'failed' as const, error: reason };
      await this.#storage.record(mail.id, this.#owner, outcome, now);
    } catch (failure) {
      this.#error(failure);
    } finally {
      this.#sending--;
      this.wake();
    }
  }
}
