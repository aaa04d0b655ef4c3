/**
 * A real SMTP server on 127.0.0.1 for mail tests (smtp-server, from the nodemailer project): it
 * offers STARTTLS with a self-signed certificate made here with openssl (the server under test
 * trusts it through PETITION_SMTP_CA_FILE), refuses AUTH before TLS, takes one user, reads each
 * message with mailparser, and answers RCPT TO as it is told (a 451 for the next tries, a 550 for
 * an address). It can be shut and opened again on the same port (a mail server that is down).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { aptInstall } from '../debian.ts';
import { tempDir } from './helpers.ts';

export const SMTP_USER = 'petition';
export const SMTP_PASSWORD = 'smtp-password-0123';

/** A received message, with how it came (over TLS, by whom). */
export interface ReceivedMail {
  to: string;
  mail: ParsedMail;
  raw: string;
  secure: boolean;
  user: string | undefined;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl; its files. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const hasOpenssl = () => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!hasOpenssl()) aptInstall(['openssl']);
  const dir = tempDir();
  const key = path.join(dir, 'smtp.key');
  const cert = path.join(dir, 'smtp.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

/** Starts the server; `port` 0 picks a free one. */
export async function startSmtp(port = 0) {
  const tls = selfSignedCertificate();
  const received: ReceivedMail[] = [];
  /** RCPT TO attempts by address (every try, refused or not). */
  const tries = new Map<string, number>();
  let deferNext = 0;
  const refused = new Set<string>();
  const sockets = new Set<import('node:net').Socket>();
  const smtp = new SMTPServer({
    key: fs.readFileSync(tls.key),
    cert: fs.readFileSync(tls.cert),
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      tries.set(to, (tries.get(to) ?? 0) + 1);
      const fail = (code: number, message: string) =>
        callback(Object.assign(new Error(message), { responseCode: code }));
      if (refused.has(to)) return fail(550, 'No such user here');
      if (deferNext > 0) {
        deferNext--;
        return fail(451, 'Try again later');
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = await simpleParser(raw);
        for (const rcpt of session.envelope.rcptTo)
          received.push({
            to: rcpt.address.toLowerCase(),
            mail,
            raw,
            secure: session.secure,
            user: session.user as string | undefined,
          });
        callback();
      });
    },
  });
  // A client that dies mid-session (a server killed with SIGKILL) resets its socket: not our error.
  smtp.on('error', () => {});
  smtp.server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(at, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port));
    });
  const boundPort = await listen(port);
  return {
    port: boundPort,
    /** The settings that send here: STARTTLS, AUTH, our certificate trusted. */
    settings: {
      PETITION_SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${boundPort}`,
      PETITION_MAIL_FROM: 'Petitions <petitions@example.org>',
      PETITION_SMTP_CA_FILE: tls.cert,
    },
    received,
    /** Messages to an address. */
    to: (address: string) => received.filter((r) => r.to === address.toLowerCase()),
    tries: (address: string) => tries.get(address.toLowerCase()) ?? 0,
    /** The next `n` RCPT TO get 451 (a temporary failure). */
    deferNext: (n: number) => void (deferNext = n),
    /** RCPT TO for this address gets 550 (it does not exist). */
    refuse: (address: string) => void refused.add(address.toLowerCase()),
    /** Stops listening (connections refused) until `open`. */
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        smtp.server.close(() => resolve());
      }),
    open: () => listen(boundPort),
  };
}

/** The confirmation link a message carries (its text part). */
export function linkIn(mail: ParsedMail): string {
  const match = /https?:\/\/\S+\/confirm\/[\w-]{33}\?lang=[\w-]+/.exec(mail.text ?? '');
  if (!match) throw new Error('no confirmation link in the mail');
  return match[0];
}
