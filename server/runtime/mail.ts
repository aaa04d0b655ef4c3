/**
 * The mail side of a running server: what it checks before listening, and the worker and sweep it
 * runs once listening (wiring only; the parts are server/mail/ and the storage's outbox).
 *
 * A server that listens beyond loopback with no SMTP server cannot send a confirmation link: with
 * an open campaign asking for one, it refuses to start and names the setting, rather than take
 * signatures nobody can confirm. On loopback without SMTP (`npm start`), mails are .eml files in
 * the data folder, their links in the log.
 */
import type { Campaign } from '../campaigns/campaign.ts';
import { emlFiles, outboxDir } from '../mail/eml-files.ts';
import { mailRenderer } from '../mail/mail-render.ts';
import { MailWorker } from '../mail/mail-worker.ts';
import { checkMailFiles, mailFrom, mailMode, smtpTransport } from '../mail/transport.ts';
import { isLoopbackHost } from '../network/ip-address.ts';
import type { Storage } from '../storage/storage.ts';
import type { Settings } from '../config/settings.ts';
import { every } from './timers.ts';

/** How often the confirmation sweep (reminders, retention) runs. */
const SWEEP_MS = 5 * 60 * 1000;

/** Why this server must not start with these campaigns, in one line naming the setting; or null. */
export function mailProblem(settings: Settings, campaigns: readonly Campaign[]): string | null {
  const files = checkMailFiles(settings);
  if (files) return files;
  const verified = campaigns.find((c) => c.status === 'open' && c.verification === 'email');
  const exposed = !isLoopbackHost(settings.HOST);
  if (verified && mailMode(settings) === 'none') {
    return `PETITION_SMTP_URL is required: campaign ${verified.slug} asks supporters to confirm by email, and this server listens on ${settings.HOST}, beyond loopback (set PETITION_SMTP_URL and PETITION_MAIL_FROM, or close the campaign or set its verification to none).`;
  }
  if (verified && exposed && !settings.PETITION_PUBLIC_URL) {
    return `PETITION_PUBLIC_URL is required: campaign ${verified.slug} mails confirmation links, which must point where supporters reach this server (https://petitions.example.org).`;
  }
  return null;
}

/** Starts the mail worker and the confirmation sweep; returns how to stop them. */
export function startMail(
  storage: Pick<Storage, 'mails' | 'confirmations' | 'campaigns'>,
  settings: Settings,
  serverUrl: string,
  log: (line: Record<string, unknown>) => void,
): () => Promise<void> {
  const mode = mailMode(settings);
  const from = settings.PETITION_MAIL_FROM
    ? mailFrom(settings.PETITION_MAIL_FROM)
    : { name: null, address: 'petitions@localhost' };
  const transport =
    mode === 'smtp'
      ? smtpTransport(settings)
      : mode === 'files'
        ? emlFiles(outboxDir(settings), from.address, log)
        : null;
  const render = mailRenderer(storage.campaigns, {
    publicUrl: settings.PETITION_PUBLIC_URL ?? serverUrl,
    tokenDays: settings.PETITION_CONFIRM_LINK_DAYS,
    keepDays: settings.PETITION_CONFIRM_KEEP_DAYS,
    defaultSender: from.name ?? from.address,
  });
  const worker =
    transport &&
    new MailWorker(
      storage.mails,
      transport,
      render,
      {
        retryMs: settings.PETITION_MAIL_RETRY_MS,
        retryMaxMs: settings.PETITION_MAIL_RETRY_MAX_MS,
        giveUpMs: settings.PETITION_MAIL_GIVE_UP_MS,
        timeoutMs: settings.PETITION_MAIL_TIMEOUT_MS,
        pollMs: settings.PETITION_MAIL_POLL_MS,
      },
      log,
    );
  // Mails a previous run left pending (a crash, a restart) go out now.
  worker?.start();
  const times = {
    remindAfterMs: settings.PETITION_CONFIRM_REMIND_HOURS * 3_600_000,
    keepMs: settings.PETITION_CONFIRM_KEEP_DAYS * 86_400_000,
  };
  const stopSweep = every(
    SWEEP_MS,
    'confirmation-sweep',
    async () => {
      const { reminded, deleted } = await storage.confirmations.sweep(times);
      const removed = [...deleted.values()].reduce((sum, n) => sum + n, 0);
      if (reminded || removed)
        log({
          time: new Date().toISOString(),
          what: 'confirmation sweep',
          reminded,
          deleted: removed,
        });
    },
    log,
  );
  return async () => {
    stopSweep();
    // A send in flight ends within the transport's timeouts; its lease lets another node go on.
    await worker?.stop(settings.PETITION_SHUTDOWN_MS);
    transport?.close();
  };
}
