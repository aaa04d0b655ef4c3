/**
 * One owner cannot starve everyone's deliveries (issue 20, item 3), on both engines with the real
 * server and its worker: hooks are capped per key (a partner key 5, an admin key 20), one owner's
 * 40 hooks to a receiver that never answers hold at most two of the sender's slots while another
 * owner's hook gets every event within seconds, and a receiver that keeps timing out backs off
 * twice as fast as one that refuses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HOOKS_PER_ADMIN_KEY,
  HOOKS_PER_PARTNER_KEY,
} from '../../server/webhooks/webhook-limits.ts';
import { backoff, retryDelay } from '../../server/webhooks/webhook-worker.ts';
import { OXFAM } from './partner-fixture.ts';
import { ENGINES } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { insertHook, startReceiver, webhookServer } from './webhook-server.ts';

describe('webhook retries', () => {
  it('back off twice as fast from a receiver that keeps timing out', () => {
    const timings = { retryMs: 10_000, retryMaxMs: 3_600_000 };
    assert.deepEqual(
      [1, 2, 3].map((attempt) => retryDelay(attempt, 'timeout', timings, 1)),
      [20_000, 80_000, 320_000],
    );
    assert.deepEqual(
      [1, 2, 3].map((attempt) => retryDelay(attempt, 'ECONNREFUSED', timings, 1)),
      [1, 2, 3].map((attempt) => backoff(attempt, timings, 1)),
    );
    const triesToCap = (error: string) => {
      let attempt = 1;
      while (retryDelay(attempt, error, timings, 1) < timings.retryMaxMs) attempt++;
      return attempt;
    };
    assert.equal(triesToCap('timeout'), 5);
    assert.equal(triesToCap('HTTP 503'), 10);
  });
});

for (const { engine, skip } of ENGINES) {
  describe(`webhook fairness on ${engine}`, { skip }, () => {
    it(`caps hooks per key: ${HOOKS_PER_PARTNER_KEY} for a partner key, ${HOOKS_PER_ADMIN_KEY} for an admin key`, async () => {
      const { call } = await webhookServer(engine);
      assert.equal(
        (await call('POST', '/api/admin/campaigns/el-salvador/partners', OXFAM)).status,
        201,
      );
      const keyOf = async (json: Record<string, string>) =>
        (await call('POST', '/api/admin/keys', json)).body.key as string;
      const partner = await keyOf({ label: 'oxfam', partner: 'oxfam', campaign: 'el-salvador' });
      const admin = await keyOf({ label: 'crm' });
      const hook = (key: string, n: number) =>
        call(
          'POST',
          '/api/admin/webhooks',
          { url: `https://crm.example.org/hook/${n}`, events: ['signature.created'] },
          key,
        );
      for (const [key, cap] of [
        [partner, HOOKS_PER_PARTNER_KEY],
        [admin, HOOKS_PER_ADMIN_KEY],
      ] as const) {
        const made: number[] = [];
        for (let n = 0; n < cap; n++) {
          const answer = await hook(key, n);
          assert.equal(answer.status, 201);
          made.push(answer.body.id);
        }
        const refused = await hook(key, cap);
        assert.equal(refused.status, 409);
        assert.match(refused.body.detail ?? refused.body.title, new RegExp(`${cap} webhooks`));
        assert.equal(
          (await call('DELETE', `/api/admin/webhooks/${made[0]}`, undefined, key)).status,
          200,
        );
        assert.equal((await hook(key, cap)).status, 201, 'room again once one is removed');
      }
      // Another key has its own room.
      assert.equal((await hook(await keyOf({ label: 'mailing' }), 0)).status, 201);
    });

    it("one owner's 40 hooks to a receiver that never answers do not hold back another owner's hook", async (t) => {
      const { call, sign, sql } = await webhookServer(engine, {
        PETITION_WEBHOOK_TIMEOUT_MS: 1000,
      });
      const hanging = await startReceiver();
      hanging.hang(true);
      const { id: keyId } = (await call('POST', '/api/admin/keys', { label: 'flood' })).body;
      // 40 hooks of one key, as an older version let a key make (one made 2,000 in 14 s).
      for (let n = 0; n < 40; n++) {
        await insertHook(sql, { url: hanging.url, events: ['signature.created'], keyId });
      }
      const other = await startReceiver();
      const made = await call('POST', '/api/admin/webhooks', {
        url: other.url,
        events: ['signature.created'],
      });
      assert.equal(made.status, 201);
      const emails: string[] = [];
      const started = Date.now();
      for (let n = 0; n < 5; n++) emails.push(await sign());
      // About 0.4 s here at load 27; 5.4 s when one owner may hold all eight slots; never (10 s
      // and more) when claims went by id, as before.
      await waitFor(() => other.firsts().length === 5, "the other owner's five events", 4000);
      t.diagnostic(`the other owner's five events in ${Date.now() - started} ms`);
      assert.deepEqual(
        other.firsts().map((r) => r.event.data.signature.email),
        emails,
        'in order',
      );
      assert.ok(hanging.requests() >= 1, 'the hanging receiver was tried');
      assert.ok(
        hanging.mostOpen() <= 2,
        `at most 2 of one owner's deliveries at once, saw ${hanging.mostOpen()}`,
      );
    });
  });
}
