/**
 * The development outbox (`GET /api/admin/mail/outbox`): on a server with no SMTP server that
 * listens on loopback only, confirmation mails are .eml files in the data folder
 * (mail/eml-files.ts), and this lists the newest, with their links, so a newcomer signs on the
 * demo and confirms in two clicks from the console. Anywhere else there is no such outbox: 404.
 * Full admin keys only (partner-scope.ts lets a partner key reach none of this).
 */
import { Hono } from 'hono';
import type { Settings } from '../../config/settings.ts';
import { outboxDir, writtenMails } from '../../mail/eml-files.ts';
import { mailMode } from '../../mail/transport.ts';
import { ProblemError } from '../problem.ts';
import type { AdminEnv } from './admin-request.ts';

/** The development outbox route. */
export function adminMailRoutes(settings: Settings) {
  const app = new Hono<AdminEnv>();
  app.get('/mail/outbox', (c) => {
    if (mailMode(settings) !== 'files') {
      throw new ProblemError(
        404,
        'Mail goes to an SMTP server here: there is no development outbox.',
      );
    }
    return c.json({ data: writtenMails(outboxDir(settings)) });
  });
  return app;
}
