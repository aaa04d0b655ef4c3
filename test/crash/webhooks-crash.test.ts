/**
 * At least once, through a crash: the production bundle (server/dist/main.js) is killed with
 * SIGKILL while webhook events are pending (one in flight to a receiver that does not answer, the
 * rest queued behind it). Restarted on the same database, it delivers every one: none lost,
 * repeats allowed, a repeat always under the same event id. And on both engines, killed right
 * after a signature's transaction commits (before its answer and before any send), it sends that
 * signature's event once restarted: the outbox row was in the same transaction. Built by npm test
 * before this runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { StorageEngine } from '../../server/storage/storage.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from '../server/helpers.ts';
import { ENGINES, freshPgDatabase } from '../server/storage-fixture.ts';
import { startReceiver } from '../server/webhook-receiver.ts';
import { waitFor } from '../wait-for.ts';

const BUNDLE = path.resolve(import.meta.dirname, '../../server/dist/main.js');
const TOKEN = 'crash-webhook-token-0123456789';

describe('webhooks through kill -9', () => {
  it('delivers every pending event after a restart, none lost, each under one event id', async () => {
    assert.ok(fs.existsSync(BUNDLE), 'run npm run build first');
    const env = {
      PORT: '0',
      DATABASE_PATH: path.join(tempDir(), 'crash-hooks.db'),
      PETITION_ADMIN_TOKEN: TOKEN,
      PETITION_SEED: 'on',
      PETITION_LOG: 'off',
      PETITION_BOT_CHECKS: 'off',
      PETITION_RATE_LIMIT: 'off',
      PETITION_WEBHOOK_RETRY_MS: '50',
      PETITION_WEBHOOK_RETRY_MAX_MS: '200',
      PETITION_WEBHOOK_POLL_MS: '25',
      PETITION_WEBHOOK_TIMEOUT_MS: '5000',
      PETITION_WEBHOOK_ALLOW_LOOPBACK: '1',
    };
    const receiver = await startReceiver();
    receiver.hang(true);
    let server = await spawnServer(env);
    const call = (method: string, route: string, json: unknown, key?: string) =>
      fetch(server.url + route, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify(json),
      });
    const hook = await call(
      'POST',
      '/api/admin/webhooks',
      { url: receiver.url, events: ['signature.created'] },
      TOKEN,
    );
    assert.equal(hook.status, 201);
    const emails = Array.from({ length: 40 }, (_, n) => `crash.${process.pid}.${n}@example.org`);
    const answers = await Promise.all(
      emails.map((email) =>
        call('POST', '/api/campaigns/el-salvador/signatures', {
          firstName: 'A',
          lastName: 'B',
          email,
          city: 'C',
          optIn: false,
        }),
      ),
    );
    assert.ok(
      answers.every((answer) => answer.status === 201),
      'all acknowledged',
    );
    // The first delivery is in flight (the receiver holds it); the other 39 wait behind it.
    await waitFor(() => receiver.requests() > 0, 'a request in flight');
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    assert.equal(receiver.firsts().length, 0, 'nothing was answered before the crash');

    receiver.hang(false);
    server = await spawnServer(env);
    try {
      await waitFor(
        () => receiver.firsts().length === emails.length,
        `all ${emails.length} events after the restart`,
        20_000,
      );
      const firsts = receiver.firsts();
      assert.deepEqual(
        new Set(firsts.map((r) => r.event.data.signature.email)),
        new Set(emails),
        'none lost',
      );
      const ids = firsts.map((r) => r.event.data.signature.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
        'in order',
      );
      // A repeat (allowed) carries the same event id as the first, for the same signature.
      const byEvent = new Map(firsts.map((r) => [r.event.id, r.event.data.signature.id]));
      for (const repeat of receiver.received)
        assert.equal(byEvent.get(repeat.event.id), repeat.event.data.signature.id);
      console.log(
        `${firsts.length} events delivered after kill -9 and restart; ${receiver.received.length - firsts.length} repeats`,
      );
    } finally {
      await server.stop();
      await receiver.close();
    }
  });
});

/** Where a server on this engine keeps its data (the same on the restart). */
async function database(engine: StorageEngine): Promise<Record<string, string>> {
  if (engine === 'sqlite') return { DATABASE_PATH: path.join(tempDir(), 'committed.db') };
  return {
    DATABASE_URL: await freshPgDatabase(),
    PETITION_SECRET: 'crash-webhook-secret-0123456789abcdef',
  };
}

for (const { engine, skip } of ENGINES) {
  describe(`webhooks through kill -9 right after the commit, on ${engine}`, { skip }, () => {
    it('sends the event of a signature committed just before the crash, once restarted', async () => {
      assert.ok(fs.existsSync(BUNDLE), 'run npm run build first');
      const env = {
        ...(await database(engine)),
        PORT: '0',
        PETITION_ADMIN_TOKEN: TOKEN,
        PETITION_SEED: 'on',
        PETITION_LOG: 'off',
        PETITION_BOT_CHECKS: 'off',
        PETITION_RATE_LIMIT: 'off',
        PETITION_WEBHOOK_POLL_MS: '25',
        PETITION_WEBHOOK_ALLOW_LOOPBACK: '1',
      };
      const receiver = await startReceiver();
      // The test-only fault (config/crash-point.ts): SIGKILL as soon as a signature batch has
      // committed, before its answer, before the worker could send anything.
      let server = await spawnServer(
        { ...env, PETITION_TEST_CRASH_AT: 'signatures-committed' },
        { fixtures: false },
      );
      try {
        const hook = await fetch(`${server.url}/api/admin/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url, events: ['signature.created'] }),
        });
        assert.equal(hook.status, 201);
        const email = `committed.${process.pid}@example.org`;
        const died = new Promise((resolve) =>
          server.child.once('exit', (_, signal) => resolve(signal)),
        );
        const answer = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: 'A', lastName: 'B', email, city: 'C', optIn: false }),
        }).catch((error: Error) => error);
        assert.ok(answer instanceof Error, 'no answer: the server died first');
        assert.equal(await died, 'SIGKILL');
        assert.equal(receiver.requests(), 0, 'nothing was sent before the crash');

        server = await spawnServer(env, { fixtures: false });
        await waitFor(() => receiver.firsts().length === 1, 'the event after the restart', 15_000);
        assert.equal(receiver.received[0].event.data.signature.email, email);
        // The signature itself was committed, and is counted.
        const counter = await (
          await fetch(`${server.url}/api/campaigns/el-salvador/counter`)
        ).json();
        assert.equal(counter.signatures, 1);
      } finally {
        await server.stop();
        await receiver.close();
      }
    });
  });
}
