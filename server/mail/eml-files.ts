/**
 * The development outbox: on a server that listens on loopback only and has no SMTP server (the
 * `npm start` of a newcomer), each mail is written as an .eml file in `<data folder>/outbox/`,
 * with a small .json beside it (to, subject, link, time) for the console's development outbox,
 * and its confirmation link is printed in the log, so signing and confirming on the demo takes two
 * clicks and no mail server. Never used on a server that faces a network (runtime/mail.ts).
 *
 * The files are the messages as SMTP would carry them (nodemailer's stream transport builds
 * them), readable by the owner only, like the database beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Settings } from '../config/settings.ts';
import type { MailMessage } from './mail.ts';
import type { MailTransport } from './transport.ts';
import { nodemailerMessage } from './transport.ts';

/** Where the development outbox writes: `outbox/` beside the SQLite file (or ./data/outbox). */
export const outboxDir = (settings: Pick<Settings, 'DATABASE_PATH'>) =>
  path.join(path.dirname(path.resolve(settings.DATABASE_PATH)), 'outbox');

/** What the console lists of one written mail. */
export interface WrittenMail {
  id: number;
  file: string;
  to: string;
  subject: string;
  link: string | null;
  at: string;
}

/** How many written mails the console lists, newest first. */
const LISTED = 50;

/** Writes mails as files in `dir`; `log` gets one line a mail with its link (never the address). */
export function emlFiles(
  dir: string,
  fromAddress: string,
  log: (line: Record<string, unknown>) => void,
): MailTransport {
  const builder = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    async send(message: MailMessage, id: number) {
      const built = await builder.sendMail(nodemailerMessage(message, fromAddress));
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${String(id).padStart(8, '0')}.eml`);
      const at = new Date().toISOString();
      fs.writeFileSync(file, built.message as Buffer, { mode: 0o600 });
      const listed: WrittenMail = {
        id,
        file: path.basename(file),
        to: message.to,
        subject: message.subject,
        link: message.link ?? null,
        at,
      };
      fs.writeFileSync(file.replace(/\.eml$/, '.json'), JSON.stringify(listed), { mode: 0o600 });
      log({
        time: at,
        level: 'info',
        what: 'mail written (no SMTP server set)',
        file,
        link: message.link,
      });
    },
    close() {},
  };
}

/** The newest mails written in `dir`, newest first (none when the folder does not exist). */
export function writtenMails(dir: string): WrittenMail[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .slice(0, LISTED)
    .flatMap((name) => {
      try {
        return [JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as WrittenMail];
      } catch {
        return [];
      }
    });
}
