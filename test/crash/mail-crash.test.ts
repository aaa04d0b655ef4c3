/**
 * Nothing lost through a crash, on both engines: the production bundle (server/dist/main.js),
 * sending confirmation mails to a real SMTP server that answers 451 (try later) for now, is
 * killed with SIGKILL with 40 mails pending. Restarted on the same database, with the mail
 * server taking mail again, it sends all 40. And killed right after a signature's transaction
 * commits (before its answer, before any send), it sends that signature's mail once restarted:
 * the outbox row was in the same transaction. Built by npm test before this runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { StorageEngine } from '../../server/storage/storage.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { SERVER_BUNDLE, spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from '../server/helpers.ts';
import { linkIn, startSmtp } from '../server/smtp-receiver.ts';
import { ENGINES, freshPgDatabase } from '../server/storage-fixture.ts';
import { waitFor } from '../wait-for.ts';

const TOKEN = 'crash-mail-token-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** Where a server on this engine keeps its data (the same on the restart). */
async function database(engine: StorageEngine): Promise<Record<string, string>> {
  if (engine === 'sqlite') return { DATABASE_PATH: path.join(tempDir(), 'mail-crash.db') };
  return {
    DATABASE_URL: await freshPgDatabase(),
    PETITION_SECRET: 'crash-mail-secret-0123456789abcdef',
  };
}

function caller(server: ServerChild) {
  return (method: string, route: string, json: unknown) =>
    fetch(server.url + route, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(json),
    });
}

/** A server on a database of its own, mailing through `smtp`, retrying and polling fast. */
async function serverEnv(engine: StorageEngine, smtp: Record<string, string>) {
  return {
    ...(await database(engine)),
    ...smtp,
    PORT: '0',
    PETITION_ADMIN_TOKEN: TOKEN,
    PETITION_LOG: 'off',
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    PETITION_MAIL_RETRY_MS: '50',
    PETITION_MAIL_RETRY_MAX_MS: '200',
    PETITION_MAIL_POLL_MS: '25',
    // A mail on its way at the crash (or claimed by a dying process between its commit and the
    // kill: the signal is not instant) keeps its lease for 3 x this + 5 s, then goes again.
    PETITION_MAIL_TIMEOUT_MS: '2000',
  };
}

const body = (email: string) => ({ firstName: 'A', lastName: 'B', email, city: 'C', optIn: false });

for (const { engine, skip } of ENGINES) {
  describe(`confirmation mails through kill -9, on ${engine}`, { skip }, () => {
    it('sends all 40 mails pending at the crash after the restart', async () => {
      assert.ok(fs.existsSync(SERVER_BUNDLE), 'run npm run build first');
      const smtp = await startSmtp();
      cleanups.push(smtp.close);
      smtp.deferNext(1_000_000);
      const env = await serverEnv(engine, smtp.settings);
      let server = await spawnServer(env, { fixtures: false });
      const call = caller(server);
      const patched = await call('PATCH', '/api/admin/campaigns/el-salvador', {
        verification: 'email',
      });
      assert.equal(patched.status, 200);
      const emails = Array.from({ length: 40 }, (_, n) => `mail.${process.pid}.${n}@example.org`);
      const answers = await Promise.all(
        emails.map((email) => call('POST', '/api/campaigns/el-salvador/signatures', body(email))),
      );
      assert.ok(
        answers.every((answer) => answer.status === 200),
        'all acknowledged',
      );
      // Every mail tried and told to wait at least once: all 40 pending when the process dies.
      await waitFor(() => emails.every((email) => smtp.tries(email) > 0), 'a try of each mail');
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
      assert.equal(smtp.received.length, 0, 'nothing was delivered before the crash');

      smtp.deferNext(0);
      server = await spawnServer(env, { fixtures: false });
      try {
        await waitFor(
          () => emails.every((email) => smtp.to(email).length > 0),
          `all ${emails.length} mails after the restart`,
          30_000,
        );
        assert.deepEqual(new Set(smtp.received.map((r) => r.to)), new Set(emails), 'none lost');
        // Each still confirms: the link in the mail sent after the restart works.
        const link = linkIn(smtp.to(emails[0])[0].mail);
        assert.equal((await fetch(link, { method: 'POST' })).status, 200);
        console.log(
          `${emails.length} mails sent after kill -9 and restart; ${smtp.received.length - emails.length} repeats`,
        );
      } finally {
        await server.stop();
      }
    });

    it('sends the mail of a signature committed just before the crash, once restarted', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.close);
      const env = await serverEnv(engine, smtp.settings);
      let server = await spawnServer(env, { fixtures: false });
      const patched = await caller(server)('PATCH', '/api/admin/campaigns/el-salvador', {
        verification: 'email',
      });
      assert.equal(patched.status, 200);
      await server.stop();
      // The test-only fault (runtime/crash-point.ts): SIGKILL as soon as a signature batch has
      // committed, before its answer, before the worker could send anything.
      server = await spawnServer(
        { ...env, PETITION_TEST_CRASH_AT: 'signatures-committed' },
        { fixtures: false },
      );
      const email = `committed.${process.pid}@example.org`;
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      await caller(server)('POST', '/api/campaigns/el-salvador/signatures', body(email)).catch(
        () => 'cut off: the process died before it answered',
      );
      await exited;
      assert.equal(smtp.received.length, 0, 'killed before any send');
      server = await spawnServer(env, { fixtures: false });
      try {
        await waitFor(() => smtp.to(email).length > 0, 'the mail after the restart', 20_000);
      } finally {
        await server.stop();
      }
    });
  });
}
