/**
 * How a written mail leaves: over SMTP with nodemailer (PETITION_SMTP_URL), or, on a server that
 * only listens on loopback and has no SMTP server (`npm start` on one's own machine), as an .eml
 * file in the data folder (eml-files.ts), so a newcomer can sign and confirm without one.
 *
 * `smtp://` must upgrade with STARTTLS (nodemailer's requireTLS): a server that does not offer it
 * fails the send instead of carrying the mail, and its password, in clear. `smtps://` is TLS from
 * the first byte. Certificates are checked against the system's CAs and PETITION_SMTP_CA_FILE.
 * With PETITION_DKIM_KEY_FILE, every mail is DKIM-signed for PETITION_MAIL_FROM's domain.
 *
 * A failure is sorted here, once, for the worker: the recipient's server refusing the address or
 * the message for good (a 5xx to RCPT TO or DATA) is a bounce, never retried; anything else (a
 * 4xx, a dropped connection, a timeout, a refused login) is retried, since it says nothing about
 * the address.
 */
import fs from 'node:fs';
import { createTransport } from 'nodemailer';
import { isLoopbackHost } from '../network/ip-address.ts';
import type { Settings } from '../config/settings.ts';
import type { MailMessage } from './mail.ts';

/** Where mails go. */
export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  /** Sends one message; rejects with the transport's error (see sendFailure). */
  send(message: MailMessage, id: number): Promise<void>;
  close(): void;
}

/** How a send failed, as the worker acts on it. */
export interface SendFailure {
  /** The address or the message was refused for good: a bounce, not retried. */
  bounced: boolean;
  /** What the outbox records: an SMTP reply code and stage, or an error kind; never an address. */
  reason: string;
}

/** Sorts a transport's error (nodemailer's `code`, `responseCode` and `command`). */
export function sendFailure(error: unknown): SendFailure {
  const failure = error as { code?: string; responseCode?: number; command?: string };
  const stage = failure.command === 'RCPT TO' ? 'RCPT' : failure.command;
  const code = failure.responseCode;
  if (typeof code === 'number') {
    const bounced = code >= 500 && (stage === 'RCPT' || stage === 'DATA');
    return { bounced, reason: `SMTP ${code}${stage ? ` at ${stage}` : ''}` };
  }
  return { bounced: false, reason: failure.code ?? (error as Error).name ?? 'error' };
}

/** The address mails come from, and the name in it (`Name <address>`), from PETITION_MAIL_FROM. */
export function mailFrom(value: string): { name: string | null; address: string } {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!match) return { name: null, address: value.trim() };
  const name = match[1].replace(/^"(.*)"$/, '$1');
  return { name: name || null, address: match[2] };
}

/** The SMTP transport the settings describe (PETITION_SMTP_URL set). */
export function smtpTransport(settings: Settings): MailTransport {
  const url = new URL(settings.PETITION_SMTP_URL!);
  const secure = url.protocol === 'smtps:';
  const from = mailFrom(settings.PETITION_MAIL_FROM!);
  const timeout = settings.PETITION_MAIL_TIMEOUT_MS;
  const dkim = settings.PETITION_DKIM_KEY_FILE
    ? {
        domainName: from.address.slice(from.address.lastIndexOf('@') + 1),
        keySelector: settings.PETITION_DKIM_SELECTOR!,
        privateKey: fs.readFileSync(settings.PETITION_DKIM_KEY_FILE, 'utf8'),
      }
    : undefined;
  const transporter = createTransport({
    pool: true,
    maxConnections: 2,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    tls: {
      minVersion: 'TLSv1.2',
      ca: settings.PETITION_SMTP_CA_FILE
        ? fs.readFileSync(settings.PETITION_SMTP_CA_FILE, 'utf8')
        : undefined,
    },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dkim,
    // Never nodemailer's own logs: they would print addresses.
    logger: false,
  });
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail(nodemailerMessage(message, from.address));
    },
    close: () => transporter.close(),
  };
}

/** A message as nodemailer takes it. */
export function nodemailerMessage(message: MailMessage, fromAddress: string) {
  return {
    from: message.fromName ? { name: message.fromName, address: fromAddress } : fromAddress,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { 'Content-Language': message.lang, 'Auto-Submitted': 'auto-generated' },
    // The envelope's sender is ours alone: a bounce comes back to us, not to a name typed in.
    envelope: { from: fromAddress, to: message.to },
  };
}

/** Reads the DKIM key and the CA file now: a wrong path stops the server at start, in one line. */
export function checkMailFiles(settings: Settings): string | null {
  for (const name of ['PETITION_DKIM_KEY_FILE', 'PETITION_SMTP_CA_FILE'] as const) {
    const file = settings[name];
    if (!file) continue;
    try {
      fs.readFileSync(file);
    } catch (error) {
      return `Invalid setting ${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`;
    }
  }
  return null;
}

/**
 * How this server sends mail: over SMTP when set; as .eml files when it listens on loopback only
 * (a newcomer's `npm start`); not at all otherwise (a campaign asking for confirmation cannot open).
 */
export function mailMode(settings: Settings): 'smtp' | 'files' | 'none' {
  if (settings.PETITION_SMTP_URL) return 'smtp';
  return isLoopbackHost(settings.HOST) ? 'files' : 'none';
}
