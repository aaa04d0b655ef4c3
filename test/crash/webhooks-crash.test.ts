/**
 * At least once, through a crash: the production bundle (server/dist/main.js) is killed with
 * SIGKILL while webhook events are pending (one in flight to a receiver that does not answer, the
 * rest queued behind it). Restarted on the same database, it delivers every one: none lost,
 * repeats allowed, a repeat always under the same event id. Built by npm test before this runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from '../server/helpers.ts';
import { startReceiver, waitFor } from '../server/webhook-receiver.ts';

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
