/** What the confirmation tests share: a verified demo, the outbox, the link a mail carries. */
import assert from 'node:assert/strict';
import { elSalvador } from '../../demo/el-salvador.ts';
import type { TestApp } from './engine-app.ts';

/** The demo asking for email confirmation. */
export const VERIFIED = { ...elSalvador, verification: 'email' as const };

interface MailRow {
  id: number;
  kind: string;
  signature_id: number;
  recipient: string | null;
  payload: string | null;
  state: string;
}

/** The outbox, oldest first. */
export const mailsOf = (app: TestApp) =>
  app.query<MailRow>(
    'SELECT id, kind, signature_id, recipient, payload, state FROM mail_outbox ORDER BY id',
  );

/** The link token the newest mail to `email` carries. */
export async function tokenFor(app: TestApp, email: string): Promise<string> {
  const mails = (await mailsOf(app)).filter((mail) => mail.recipient === email && mail.payload);
  const token = JSON.parse(mails[mails.length - 1].payload!).token;
  assert.ok(token, `a link in the mail to ${email}`);
  return token;
}
